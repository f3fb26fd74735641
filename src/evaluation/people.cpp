// The people's figures: their tallies summed (tallies.cpp says who is credited with what), and
// 漏报 gathered from the unit grids each supervisor is responsible for.
#include "evaluation/people.hpp"

#include <string_view>

namespace ug::evaluation {
namespace {

// The people's tallies compare nothing with T (the cases were folded to it), so any instant does.
constexpr std::int64_t kAnyInstant = 0;

bool in_grids(const std::string& grid_code, const std::vector<std::string>& prefixes) {
  if (grid_code.empty()) return false;
  for (const auto& prefix : prefixes) {
    if (prefix == "*" || grid_code.starts_with(prefix)) return true;
  }
  return false;
}

}  // namespace

std::map<std::string, SupervisorFigures> supervisor_figures(
    const Counts& counts, const std::map<std::string, std::vector<std::string>>& grids) {
  using namespace counter;
  std::map<std::string, SupervisorFigures> out;
  for (const auto& [name, prefixes] : grids) out[name];
  for (const auto& [name, n] : counts.of(Scope::supervisor)) {
    if (!any_counted(n)) continue;
    auto& f = out[name];
    f.reported = n[supervisor_reported];
    f.valid_reports = n[valid_reports];
    f.verifications = n[verifications];
    f.verified_on_time = n[verified_on_time];
    f.checks = n[checks];
    f.checked_on_time = n[checked_on_time];
  }
  for (const auto& [grid, n] : counts.of(Scope::grid)) {
    if (n[missed_by_patrol] == 0) continue;
    for (const auto& [name, prefixes] : grids) {
      if (in_grids(grid, prefixes)) out[name].missed_by_patrol += n[missed_by_patrol];
    }
  }
  for (auto& [name, f] : out) {
    f.valid_report_rate = {f.valid_reports, f.reported};
    f.missed_rate = {f.missed_by_patrol, f.valid_reports + f.missed_by_patrol};
    f.on_time_verify_rate = {f.verified_on_time, f.verifications};
    f.on_time_check_rate = {f.checked_on_time, f.checks};
  }
  return out;
}

std::map<std::string, OperatorFigures> operator_figures(const Counts& counts) {
  std::map<std::string, OperatorFigures> out;
  for (const auto& [name, n] : counts.of(Scope::operator_)) {
    if (!any_counted(n)) continue;
    auto& f = out[name];
    f.accepted = n[counter::accepted];
    f.accepted_on_time = n[counter::accepted_on_time];
    f.on_time_accept_rate = {f.accepted_on_time, f.accepted};
  }
  return out;
}

std::map<std::string, ShiftLeaderFigures> shift_leader_figures(const Counts& counts) {
  using namespace counter;
  std::map<std::string, ShiftLeaderFigures> out;
  for (const auto& [name, n] : counts.of(Scope::shift_leader)) {
    if (!any_counted(n)) continue;
    auto& f = out[name];
    f.registered = n[leader_registered];
    f.voided = n[voided];
    f.register_decisions = n[register_decisions];
    f.decided_on_time = n[decided_on_time];
    f.closes = n[closes];
    f.closed_on_time = n[leader_closed_on_time];
    f.accurate_register_rate = {f.registered - f.voided, f.registered};
    f.on_time_register_rate = {f.decided_on_time, f.register_decisions};
    f.on_time_close_rate = {f.closed_on_time, f.closes};
  }
  return out;
}

std::map<std::string, DispatcherFigures> dispatcher_figures(const Counts& counts) {
  using namespace counter;
  std::map<std::string, DispatcherFigures> out;
  for (const auto& [name, n] : counts.of(Scope::dispatcher)) {
    if (!any_counted(n)) continue;
    auto& f = out[name];
    f.dispatched = n[dispatched];
    f.returned = n[dispatch_returned];
    f.dispatch_decisions = n[dispatch_decisions];
    f.dispatched_on_time = n[dispatched_on_time];
    f.accurate_dispatch_rate = {f.dispatched - f.returned, f.dispatched};
    f.on_time_dispatch_rate = {f.dispatched_on_time, f.dispatch_decisions};
  }
  return out;
}

std::map<std::string, SupervisorFigures> supervisor_figures(
    std::span<const CaseAt> cases, const Period& period, const std::map<std::string, std::vector<std::string>>& grids) {
  return supervisor_figures(count(cases, period, kAnyInstant), grids);
}
std::map<std::string, OperatorFigures> operator_figures(std::span<const CaseAt> cases, const Period& period) {
  return operator_figures(count(cases, period, kAnyInstant));
}
std::map<std::string, ShiftLeaderFigures> shift_leader_figures(std::span<const CaseAt> cases, const Period& period) {
  return shift_leader_figures(count(cases, period, kAnyInstant));
}
std::map<std::string, DispatcherFigures> dispatcher_figures(std::span<const CaseAt> cases, const Period& period) {
  return dispatcher_figures(count(cases, period, kAnyInstant));
}

}  // namespace ug::evaluation
