// What one case adds to the figures at an instant T, as a list of tallies: "one more for this
// counter of this unit, counted in the period that holds this instant". Every indicator of
// DOMAIN.md §7 is a count of such tallies or a ratio of two, so the figures of any period are the
// sum of the tallies whose instant falls in it. The fold over cases (indicators.cpp, people.cpp)
// and the stored per-day running totals (deltas.hpp) both count these same tallies, which is what
// makes the incremental figures and a recompute from raw events agree.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "evaluation/case_at.hpp"
#include "evaluation/indicators.hpp"

namespace ug::evaluation {

// Who a tally counts for. Regions are tallied at every level at once.
enum class Scope : std::uint8_t {
  district,
  street,
  community,
  grid,
  department,
  supervisor,
  operator_,
  shift_leader,
  dispatcher,
  overall,  // the whole deployment: whether a figure rests on a provisional deadline
};
inline constexpr std::size_t kScopes = 10;
Scope region_scope(RegionLevel level);

// Counters of each scope; a unit's figures are these counts (the rates are ratios of them).
namespace counter {
enum Region : std::uint8_t {
  reported,
  supervisor_reports,
  public_reports,
  missed_by_patrol,
  registered,
  closed,
  due_to_close,
  closed_on_time,
  satisfied,
  callbacks,
  by_channel,  // + the channel's position in workflow::channels()
};
enum Department : std::uint8_t {
  assigned,  // the cohort's cases last dispatched to it (so a department with only young cases is listed)
  due_to_handle,
  handled,
  handled_on_time,
  handled_late,
  overdue_unhandled,
  reworked,
  returned,
  department_satisfied,
  department_callbacks,
};
enum Supervisor : std::uint8_t {
  supervisor_reported,
  valid_reports,
  verifications,
  verified_on_time,
  checks,
  checked_on_time
};
enum Operator : std::uint8_t { accepted, accepted_on_time };
enum ShiftLeader : std::uint8_t {
  leader_registered,
  voided,
  register_decisions,
  decided_on_time,
  closes,
  leader_closed_on_time
};
enum Dispatcher : std::uint8_t { dispatched, dispatch_returned, dispatch_decisions, dispatched_on_time };
enum Overall : std::uint8_t { provisional };
}  // namespace counter
std::size_t counters_of(Scope scope);
// Whether a unit's counters hold anything (a unit with nothing counted is not listed).
bool any_counted(const std::vector<std::int64_t>& counters);

struct Tally {
  Scope scope = Scope::overall;
  std::uint8_t counter = 0;
  std::string_view unit;   // points into the CaseAt tallied
  std::int64_t at_ms = 0;  // the instant whose period counts it (report, registration, callback, …)
};
// Every tally of `c` evaluated at T = `at_ms`, whatever its period, appended to `out`. Each counts one.
void tally(const CaseAt& c, std::int64_t at_ms, std::vector<Tally>& out);

// Summed tallies: per scope, per unit, one number per counter.
class Counts {
 public:
  using Units = std::map<std::string, std::vector<std::int64_t>, std::less<>>;
  void add(Scope scope, std::string_view unit, std::uint8_t counter, std::int64_t n);
  const Units& of(Scope scope) const { return units_[static_cast<std::size_t>(scope)]; }

 private:
  std::array<Units, kScopes> units_;
};
// The tallies of `cases` at T that fall in `period`.
Counts count(std::span<const CaseAt> cases, const Period& period, std::int64_t at_ms);

// Figures from counts (the rates set from their counters); units with nothing counted are left out.
std::map<std::string, RegionFigures> region_figures(const Counts& counts, RegionLevel level);
std::map<std::string, DepartmentFigures> department_figures(const Counts& counts);
bool is_provisional(const Counts& counts);

}  // namespace ug::evaluation
