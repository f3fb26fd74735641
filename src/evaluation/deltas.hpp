// Running totals of the tallies per local day (issue 7, deliverable 7): how a case's tallies change
// over the evaluation instant T. A case's tallies change only at its events and where a deadline
// it is running against passes (handling, overall), so the whole function of T is a short list of
// changes, each "from this instant on, this counter of this unit for this day moves by n". Summed
// over cases and stored, the figures of any whole-day period at any midnight T are a sum over the
// stored rows: the same tallies the fold counts, so they must agree with a recompute.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "calendar/work_calendar.hpp"
#include "core/result.hpp"
#include "evaluation/case_at.hpp"
#include "evaluation/tallies.hpp"
#include "workflow/case_record.hpp"

namespace ug::evaluation {

// Days since 1970-01-01 in the calendar's local time.
std::int32_t local_day(std::int64_t at_ms, int utc_offset_minutes);

struct TallyDelta {
  Scope scope = Scope::overall;
  std::uint8_t counter = 0;
  std::string unit;
  std::int32_t day = 0;  // the local day of the tally's instant: the periods that count it
  // The local day of (the change's instant − 1 ms): the change counts for every T at or after the
  // midnight that ends this day, and for no earlier midnight.
  std::int32_t effective_day = 0;
  std::int64_t n = 0;
  auto operator<=>(const TallyDelta&) const = default;
};

// The changes of one case's tallies over every instant from its report on, as if no event came
// after the last of `events` (a deadline still ahead passes); sorted, no zeros. `report_of` finds a
// merge target's report (漏报).
Result<std::vector<TallyDelta>> tally_deltas(std::span<const workflow::CaseEvent> events,
                                             const calendar::WorkCalendar& calendar, const AfterHandlingLimits& limits,
                                             const std::function<const ReportOf*(const std::string&)>& report_of);

// `after` − `before` (both as tally_deltas gives them), zeros dropped: what a new event changes.
std::vector<TallyDelta> difference(std::span<const TallyDelta> after, std::span<const TallyDelta> before);

}  // namespace ug::evaluation
