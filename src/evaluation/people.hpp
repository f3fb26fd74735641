// The people's indicators of DOMAIN.md §7: supervisors (监督员), operators (受理员), shift leaders
// (值班长) and dispatchers (派遣员), each scored by what they recorded in the period, in the role
// they acted in. A stage is on time when the event that ended it came no later than the deadline of
// the stage clock it ended (DOMAIN.md §5: accept 10 min, verify 60, register 30, dispatch 30, check
// 120, close 30 by default) — the same deadline the case's traffic light showed.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "evaluation/indicators.hpp"
#include "evaluation/tallies.hpp"

namespace ug::evaluation {

struct SupervisorFigures {
  std::int64_t reported = 0;          // 上报数: their reports made in the period
  std::int64_t valid_reports = 0;     // 有效上报数: of those, registered by T (a self-handled one counts)
  Rate valid_report_rate;             // 有效上报率 = valid / reported
  std::int64_t missed_by_patrol = 0;  // 漏报数 in their grids
  Rate missed_rate;                   // 漏报率 = missed / (valid + missed)
  std::int64_t verifications = 0;     // 核实数: verify tasks they ended in the period
  std::int64_t verified_on_time = 0;
  Rate on_time_verify_rate;  // 按时核实率
  std::int64_t checks = 0;   // 核查数: check tasks they ended in the period
  std::int64_t checked_on_time = 0;
  Rate on_time_check_rate;  // 按时核查率
  bool operator==(const SupervisorFigures&) const = default;
};
// `grids` gives each supervisor's responsibility grids as code prefixes (their region scopes); a
// supervisor listed there is scored even without a report. Keyed by username.
std::map<std::string, SupervisorFigures> supervisor_figures(
    std::span<const CaseAt> cases, const Period& period, const std::map<std::string, std::vector<std::string>>& grids);
// From counts: 漏报 from the unit grids' tallies within each supervisor's prefixes.
std::map<std::string, SupervisorFigures> supervisor_figures(
    const Counts& counts, const std::map<std::string, std::vector<std::string>>& grids);

struct OperatorFigures {
  std::int64_t accepted = 0;  // 受理数: reports they took out of 待受理 (accept, verify request, reject, merge)
  std::int64_t accepted_on_time = 0;
  Rate on_time_accept_rate;  // 按时受理率
  bool operator==(const OperatorFigures&) const = default;
};
std::map<std::string, OperatorFigures> operator_figures(std::span<const CaseAt> cases, const Period& period);
std::map<std::string, OperatorFigures> operator_figures(const Counts& counts);

struct ShiftLeaderFigures {
  std::int64_t registered = 0;          // 立案数: cases they registered in the period
  std::int64_t voided = 0;              // 作废数: of those, void at T
  Rate accurate_register_rate;          // 准确立案率 = (registered − voided) / registered
  std::int64_t register_decisions = 0;  // 立案审核数: register stages they ended (register or decline)
  std::int64_t decided_on_time = 0;
  Rate on_time_register_rate;  // 按时立案率
  std::int64_t closes = 0;     // 结案数: close stages they ended by closing
  std::int64_t closed_on_time = 0;
  Rate on_time_close_rate;  // 按时结案率 (the close stage)
  bool operator==(const ShiftLeaderFigures&) const = default;
};
std::map<std::string, ShiftLeaderFigures> shift_leader_figures(std::span<const CaseAt> cases, const Period& period);
std::map<std::string, ShiftLeaderFigures> shift_leader_figures(const Counts& counts);

struct DispatcherFigures {
  std::int64_t dispatched = 0;          // 派遣数: their dispatches in the period
  std::int64_t returned = 0;            // 回退数: of those, returned by T
  Rate accurate_dispatch_rate;          // 准确派遣率 = (dispatched − returned) / dispatched
  std::int64_t dispatch_decisions = 0;  // dispatch stages they ended
  std::int64_t dispatched_on_time = 0;
  Rate on_time_dispatch_rate;  // 按时派遣率
  bool operator==(const DispatcherFigures&) const = default;
};
std::map<std::string, DispatcherFigures> dispatcher_figures(std::span<const CaseAt> cases, const Period& period);
std::map<std::string, DispatcherFigures> dispatcher_figures(const Counts& counts);

}  // namespace ug::evaluation
