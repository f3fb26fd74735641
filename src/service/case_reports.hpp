// The report of a case (channel and instant) by id, for 漏报: whether a merged public report had
// been found first by the patrol depends on the report it was merged into. Cases already read are
// noted as they go by; any other is read once from the transaction. Shared by the evaluation fold
// and the running totals.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>

#include "core/result.hpp"
#include "evaluation/case_at.hpp"
#include "storage/database.hpp"

namespace ug::service {

class CaseReports {
 public:
  explicit CaseReports(storage::Transaction& tx) : tx_(tx) {}
  // `first` is a case's first event (its report).
  void note(const workflow::CaseEvent& first) {
    known_.emplace(first.case_id, evaluation::ReportOf{first.channel, first.at_ms});
  }
  // nullptr for a case that does not exist, or when reading failed (then status() says why).
  const evaluation::ReportOf* find(const std::string& id) {
    if (const auto found = known_.find(id); found != known_.end()) return &found->second;
    auto events = tx_.cases().events(id);
    if (!events) {
      error_ = events.error();
      return nullptr;
    }
    if (events->empty()) return nullptr;
    return &known_.emplace(id, evaluation::ReportOf{events->front().channel, events->front().at_ms}).first->second;
  }
  Result<void> status() const {
    if (error_) return tl::unexpected(*error_);
    return {};
  }

 private:
  storage::Transaction& tx_;
  std::unordered_map<std::string, evaluation::ReportOf> known_;
  std::optional<Error> error_;
};

}  // namespace ug::service
