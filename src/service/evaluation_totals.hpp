// Evaluation's running totals kept as events arrive (issue 7, deliverable 7): every case event
// adds, in its own transaction, the change it makes to the per-day totals (evaluation/deltas.hpp);
// bulk writers add whole histories; `urbangrid evaluate --recompute` rebuilds them from the events.
// The totals hold only while the calendar and the check and close limits they were computed under
// are in force (their basis); otherwise evaluation folds the events until they are recomputed.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>

#include "evaluation/case_at.hpp"
#include "evaluation/catalogue.hpp"
#include "evaluation/tallies.hpp"
#include "service/calendar_service.hpp"
#include "storage/database.hpp"

namespace ug::service {

class EvaluationTotals {
 public:
  EvaluationTotals(CalendarService& calendar, evaluation::AfterHandlingLimits limits)
      : calendar_(calendar), limits_(limits) {}

  // The calendar (every day's status and work periods) and limits, as a short fingerprint.
  std::string basis();
  // Whether the stored totals were computed under basis(); a new database's are (it has no case).
  Result<bool> current(storage::Transaction& tx);

  // One case's history went from `before` to `after` (one event more), in that event's transaction.
  Result<void> record(storage::Transaction& tx, std::span<const workflow::CaseEvent> before,
                      std::span<const workflow::CaseEvent> after);
  // Bulk writers: the totals of whole new histories (case after case, each in sequence order),
  // computed outside any transaction — `report_of` finds merge targets' reports — then added in the
  // transaction that writes the histories.
  using Records = std::vector<storage::EvaluationTotalRecord>;
  Result<Records> deltas_of(std::span<const workflow::CaseEvent> events,
                            const std::function<const evaluation::ReportOf*(const std::string&)>& report_of);
  Result<void> add(storage::Transaction& tx, const Records& records);

  struct Recomputed {
    std::int64_t cases = 0;
    std::int64_t rows = 0;  // stored totals
    double seconds = 0;
  };
  // Clears and rebuilds every total from the stored events, in one transaction.
  Result<Recomputed> recompute(storage::Database& db);

  // Whether the totals hold the figures of regions at `level` (district and street: yes).
  static bool keeps(evaluation::RegionLevel level);
  // The counts `kinds` read (regions at `level`, which keeps()) of the whole local days
  // [from_day, to_day) at the midnight beginning `at_day`.
  static Result<evaluation::Counts> counts(storage::Transaction& tx, std::span<const evaluation::Kind> kinds,
                                           evaluation::RegionLevel level, std::int32_t from_day, std::int32_t to_day,
                                           std::int32_t at_day);

 private:
  // Whether the totals stored are kept up (setting the basis of a new database); locks the basis.
  Result<bool> adding(storage::Transaction& tx);

  CalendarService& calendar_;
  evaluation::AfterHandlingLimits limits_;
  std::mutex basis_mutex_;                                  // request threads share the cached basis
  std::shared_ptr<const calendar::WorkCalendar> basis_of_;  // the calendar `basis_` was computed for
  std::string basis_;
};

}  // namespace ug::service
