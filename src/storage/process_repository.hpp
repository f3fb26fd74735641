// What the process engine's services may ask of storage: the append-only events of every process
// but the case loop (which has its own tables) and the items they fold into, listed by process,
// state, level, unit and case within a caller's case scope, with per-process yearly numbers.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "storage/case_repositories.hpp"
#include "workflow/process.hpp"

namespace ug::storage {

struct ProcessFilter {
  std::string process;
  std::vector<std::string> states;  // any of; empty: every state
  std::vector<std::string> levels;
  std::string case_id;
  std::optional<bool> open;
  std::optional<std::int64_t> due_from_ms, due_before_ms;  // a deadline in [from, before)
  int limit = 200;
  bool soonest_due_first = false;  // else newest first
};

struct ProcessStateCount {
  std::string state;
  std::int64_t count = 0;
};

class ProcessRepository {
 public:
  virtual ~ProcessRepository() = default;
  // The next number of `process` in `period` (1, 2, …), counted in the same transaction.
  virtual Result<std::int64_t> next_number(std::string_view process, std::string_view period) = 0;
  virtual Result<void> insert(const workflow::ProcessItem& item) = 0;
  // False when the stored version is not `expected_version` (changed meanwhile).
  virtual Result<bool> update(const workflow::ProcessItem& item, std::int64_t expected_version) = 0;
  // Writes the row as folded (rebuild repair), whatever its version.
  virtual Result<void> replace(const workflow::ProcessItem& item) = 0;
  virtual Result<void> append_event(const workflow::ProcessEvent& event) = 0;
  virtual Result<std::optional<workflow::ProcessItem>> find(std::string_view id) = 0;
  virtual Result<std::vector<workflow::ProcessEvent>> events(std::string_view id) = 0;
  // Items matching the filter whose case lies in the scope (nullptr: any case), newest first.
  virtual Result<std::vector<workflow::ProcessItem>> list(const ProcessFilter& filter, const CaseQuery* scope) = 0;
  // The same items counted by state (the filter's states and limit ignored).
  virtual Result<std::vector<ProcessStateCount>> count_states(const ProcessFilter& filter, const CaseQuery* scope) = 0;
  // How many items of `process` each of the cases has.
  virtual Result<std::map<std::string, std::int64_t>> count_by_case(std::string_view process,
                                                                    const std::vector<std::string>& case_ids) = 0;
  // Item ids of `process` in order after `after_id` ("" from the start), at most `limit`; events of
  // items that have no row are found by orphan_ids.
  virtual Result<std::vector<std::string>> ids_after(std::string_view process, std::string_view after_id,
                                                     int limit) = 0;
  virtual Result<std::vector<std::string>> orphan_ids(std::string_view process) = 0;
};

}  // namespace ug::storage
