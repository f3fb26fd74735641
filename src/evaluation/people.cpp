// Counting the people's indicators: stage tasks by who ended them, reports by who made them.
#include "evaluation/people.hpp"

#include <string_view>

namespace ug::evaluation {
namespace {

using workflow::Action;
using workflow::Stage;

// A stage task `role` ended within the period.
bool ended_as(const CaseAt::StageTask& task, Stage stage, std::string_view role, const Period& period) {
  return task.stage == stage && task.done_as == role && period.holds(task.done_at_ms);
}

bool in_grids(const std::string& grid_code, const std::vector<std::string>& prefixes) {
  if (grid_code.empty()) return false;
  for (const auto& prefix : prefixes) {
    if (prefix == "*" || grid_code.starts_with(prefix)) return true;
  }
  return false;
}

}  // namespace

std::map<std::string, SupervisorFigures> supervisor_figures(
    std::span<const CaseAt> cases, const Period& period, const std::map<std::string, std::vector<std::string>>& grids) {
  std::map<std::string, SupervisorFigures> out;
  for (const auto& [name, prefixes] : grids) out[name];
  for (const auto& c : cases) {
    if (c.channel == "supervisor" && !c.reporter.empty() && period.holds(c.reported_at_ms)) {
      auto& f = out[c.reporter];
      ++f.reported;
      if (c.registered_at_ms) ++f.valid_reports;
    }
    for (const auto& task : c.stage_tasks) {
      if (ended_as(task, Stage::verify, "supervisor", period)) {
        auto& f = out[task.done_by];
        ++f.verifications;
        if (task.on_time()) ++f.verified_on_time;
      } else if (ended_as(task, Stage::check, "supervisor", period)) {
        auto& f = out[task.done_by];
        ++f.checks;
        if (task.on_time()) ++f.checked_on_time;
      }
    }
    if (missed_by_patrol(c, period)) {
      for (const auto& [name, prefixes] : grids) {
        if (in_grids(c.grid_code, prefixes)) ++out[name].missed_by_patrol;
      }
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

std::map<std::string, OperatorFigures> operator_figures(std::span<const CaseAt> cases, const Period& period) {
  std::map<std::string, OperatorFigures> out;
  for (const auto& c : cases) {
    for (const auto& task : c.stage_tasks) {
      if (!ended_as(task, Stage::accept, "operator", period)) continue;
      auto& f = out[task.done_by];
      ++f.accepted;
      if (task.on_time()) ++f.accepted_on_time;
    }
  }
  for (auto& [name, f] : out) f.on_time_accept_rate = {f.accepted_on_time, f.accepted};
  return out;
}

std::map<std::string, ShiftLeaderFigures> shift_leader_figures(std::span<const CaseAt> cases, const Period& period) {
  std::map<std::string, ShiftLeaderFigures> out;
  for (const auto& c : cases) {
    if (!c.registered_by.empty() && period.holds(c.registered_at_ms)) {
      auto& f = out[c.registered_by];
      ++f.registered;
      if (c.voided) ++f.voided;
    }
    for (const auto& task : c.stage_tasks) {
      if (ended_as(task, Stage::register_, "shift_leader", period)) {
        auto& f = out[task.done_by];
        ++f.register_decisions;
        if (task.on_time()) ++f.decided_on_time;
      } else if (ended_as(task, Stage::close, "shift_leader", period) && task.done_with == Action::close) {
        auto& f = out[task.done_by];
        ++f.closes;
        if (task.on_time()) ++f.closed_on_time;
      }
    }
  }
  for (auto& [name, f] : out) {
    f.accurate_register_rate = {f.registered - f.voided, f.registered};
    f.on_time_register_rate = {f.decided_on_time, f.register_decisions};
    f.on_time_close_rate = {f.closed_on_time, f.closes};
  }
  return out;
}

std::map<std::string, DispatcherFigures> dispatcher_figures(std::span<const CaseAt> cases, const Period& period) {
  std::map<std::string, DispatcherFigures> out;
  for (const auto& c : cases) {
    for (const auto& d : c.dispatches) {
      if (!period.holds(d.at_ms)) continue;
      auto& f = out[d.actor];
      ++f.dispatched;
      if (d.returned()) ++f.returned;
    }
    for (const auto& task : c.stage_tasks) {
      if (!ended_as(task, Stage::dispatch, "dispatcher", period)) continue;
      auto& f = out[task.done_by];
      ++f.dispatch_decisions;
      if (task.on_time()) ++f.dispatched_on_time;
    }
  }
  for (auto& [name, f] : out) {
    f.accurate_dispatch_rate = {f.dispatched - f.returned, f.dispatched};
    f.on_time_dispatch_rate = {f.dispatched_on_time, f.dispatch_decisions};
  }
  return out;
}

}  // namespace ug::evaluation
