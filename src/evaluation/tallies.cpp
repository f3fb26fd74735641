// The tallies of one case at an instant, and the region and department figures made from them.
#include "evaluation/tallies.hpp"

#include <algorithm>

#include "workflow/workflow.hpp"

namespace ug::evaluation {
namespace {

using workflow::Action;
using workflow::Stage;

const std::string& region_code(const CaseAt& c, RegionLevel level) {
  switch (level) {
    case RegionLevel::district:
      return c.district_code;
    case RegionLevel::street:
      return c.street_code;
    case RegionLevel::community:
      return c.community_code;
    case RegionLevel::grid:
      break;
  }
  return c.grid_code;
}

std::optional<std::uint8_t> channel_counter(std::string_view channel) {
  const auto all = workflow::channels();
  const auto found = std::find(all.begin(), all.end(), channel);
  if (found == all.end()) return std::nullopt;
  return static_cast<std::uint8_t>(counter::by_channel + (found - all.begin()));
}

bool is_satisfied(const CaseAt::Callback& callback) {
  return callback.satisfaction == "满意" || callback.satisfaction == "基本满意";
}

class Emitter {
 public:
  Emitter(const CaseAt& c, std::int64_t at_ms, std::vector<Tally>& out) : c_(c), at_ms_(at_ms), out_(out) {}

  void all() {
    regions();
    department();
    people();
    if (c_.provisional) emit(Scope::overall, counter::provisional, {}, c_.reported_at_ms);
  }

 private:
  void emit(Scope scope, std::uint8_t counter, std::string_view unit, std::int64_t at) {
    out_.push_back({scope, counter, unit, at});
  }

  void regions() {
    using namespace counter;
    const auto is_public = workflow::is_public_channel(c_.channel);
    const auto by_channel = channel_counter(c_.channel);
    for (const auto level : {RegionLevel::district, RegionLevel::street, RegionLevel::community, RegionLevel::grid}) {
      const auto& code = region_code(c_, level);
      if (code.empty()) continue;
      const auto scope = region_scope(level);
      // 漏报 counts by the verification, whenever the report was made.
      if (is_public && c_.verified_at_ms && !c_.patrol_found_first) {
        emit(scope, missed_by_patrol, code, *c_.verified_at_ms);
      }
      if (c_.registered_at_ms) {
        const auto at = *c_.registered_at_ms;
        emit(scope, registered, code, at);
        if (c_.closed_at_ms && *c_.closed_at_ms <= at_ms_) {
          emit(scope, closed, code, at);
          emit(scope, due_to_close, code, at);
          if (!c_.overall_due_ms || *c_.closed_at_ms <= *c_.overall_due_ms) emit(scope, closed_on_time, code, at);
        } else if (c_.open && c_.overall_due_ms && *c_.overall_due_ms <= at_ms_) {
          emit(scope, due_to_close, code, at);
        }
      }
      for (const auto& callback : c_.callbacks) {
        emit(scope, callbacks, code, callback.at_ms);
        if (is_satisfied(callback)) emit(scope, satisfied, code, callback.at_ms);
      }
      emit(scope, reported, code, c_.reported_at_ms);
      if (by_channel) emit(scope, *by_channel, code, c_.reported_at_ms);
      if (c_.channel == "supervisor") emit(scope, supervisor_reports, code, c_.reported_at_ms);
      if (is_public) emit(scope, public_reports, code, c_.reported_at_ms);
    }
  }

  void department() {
    using namespace counter;
    const auto& unit = c_.department;
    if (!unit.empty()) {
      for (const auto& callback : c_.callbacks) {
        emit(Scope::department, department_callbacks, unit, callback.at_ms);
        if (is_satisfied(callback)) emit(Scope::department, department_satisfied, unit, callback.at_ms);
      }
    }
    if (!c_.registered_at_ms) return;
    const auto at = *c_.registered_at_ms;
    for (const auto& d : c_.returned_by) emit(Scope::department, returned, d, at);
    if (unit.empty()) return;
    emit(Scope::department, assigned, unit, at);
    if (c_.handled_at_ms && *c_.handled_at_ms <= at_ms_) {
      emit(Scope::department, handled, unit, at);
      emit(Scope::department, due_to_handle, unit, at);
      const bool on_time = !c_.handling_due_ms || *c_.handled_at_ms <= *c_.handling_due_ms;
      emit(Scope::department, on_time ? handled_on_time : handled_late, unit, at);
      if (c_.rework_count > 0) emit(Scope::department, reworked, unit, at);
    } else if (c_.open && c_.handling_due_ms && *c_.handling_due_ms <= at_ms_) {
      emit(Scope::department, due_to_handle, unit, at);
      emit(Scope::department, overdue_unhandled, unit, at);
    }
  }

  // A stage task `role` ended: counted in `decisions` (and `on_time`) of `scope` by its end.
  void task(const CaseAt::StageTask& t, Scope scope, std::uint8_t decisions, std::uint8_t on_time) {
    emit(scope, decisions, t.done_by, *t.done_at_ms);
    if (t.on_time()) emit(scope, on_time, t.done_by, *t.done_at_ms);
  }

  void people() {
    using namespace counter;
    if (c_.channel == "supervisor" && !c_.reporter.empty()) {
      emit(Scope::supervisor, supervisor_reported, c_.reporter, c_.reported_at_ms);
      if (c_.registered_at_ms) emit(Scope::supervisor, valid_reports, c_.reporter, c_.reported_at_ms);
    }
    if (!c_.registered_by.empty() && c_.registered_at_ms) {
      emit(Scope::shift_leader, leader_registered, c_.registered_by, *c_.registered_at_ms);
      if (c_.voided) emit(Scope::shift_leader, voided, c_.registered_by, *c_.registered_at_ms);
    }
    for (const auto& d : c_.dispatches) {
      emit(Scope::dispatcher, dispatched, d.actor, d.at_ms);
      if (d.returned()) emit(Scope::dispatcher, dispatch_returned, d.actor, d.at_ms);
    }
    for (const auto& t : c_.stage_tasks) {
      if (!t.done_at_ms) continue;
      const auto as = [&](Stage stage, std::string_view role) { return t.stage == stage && t.done_as == role; };
      if (as(Stage::verify, "supervisor")) {
        task(t, Scope::supervisor, verifications, verified_on_time);
      } else if (as(Stage::check, "supervisor")) {
        task(t, Scope::supervisor, checks, checked_on_time);
      } else if (as(Stage::accept, "operator")) {
        task(t, Scope::operator_, accepted, accepted_on_time);
      } else if (as(Stage::register_, "shift_leader")) {
        task(t, Scope::shift_leader, register_decisions, decided_on_time);
      } else if (as(Stage::close, "shift_leader") && t.done_with == Action::close) {
        task(t, Scope::shift_leader, closes, leader_closed_on_time);
      } else if (as(Stage::dispatch, "dispatcher")) {
        task(t, Scope::dispatcher, dispatch_decisions, dispatched_on_time);
      }
    }
  }

  const CaseAt& c_;
  std::int64_t at_ms_;
  std::vector<Tally>& out_;
};

}  // namespace

Scope region_scope(RegionLevel level) { return static_cast<Scope>(static_cast<std::uint8_t>(level)); }

std::size_t counters_of(Scope scope) {
  switch (scope) {
    case Scope::district:
    case Scope::street:
    case Scope::community:
    case Scope::grid:
      return counter::by_channel + workflow::channels().size();
    case Scope::department:
      return counter::department_callbacks + 1;
    case Scope::supervisor:
      return counter::checked_on_time + 1;
    case Scope::operator_:
      return counter::accepted_on_time + 1;
    case Scope::shift_leader:
      return counter::leader_closed_on_time + 1;
    case Scope::dispatcher:
      return counter::dispatched_on_time + 1;
    case Scope::overall:
      break;
  }
  return counter::provisional + 1;
}

bool any_counted(const std::vector<std::int64_t>& counters) {
  return std::any_of(counters.begin(), counters.end(), [](std::int64_t v) { return v != 0; });
}

void tally(const CaseAt& c, std::int64_t at_ms, std::vector<Tally>& out) { Emitter(c, at_ms, out).all(); }

void Counts::add(Scope scope, std::string_view unit, std::uint8_t counter, std::int64_t n) {
  auto& units = units_[static_cast<std::size_t>(scope)];
  auto found = units.find(unit);
  if (found == units.end())
    found = units.emplace(std::string(unit), std::vector<std::int64_t>(counters_of(scope))).first;
  found->second[counter] += n;
}

Counts count(std::span<const CaseAt> cases, const Period& period, std::int64_t at_ms) {
  Counts out;
  std::vector<Tally> tallies;
  for (const auto& c : cases) {
    tallies.clear();
    tally(c, at_ms, tallies);
    for (const auto& t : tallies) {
      if (t.at_ms >= period.from_ms && t.at_ms < period.to_ms) out.add(t.scope, t.unit, t.counter, 1);
    }
  }
  return out;
}

std::map<std::string, RegionFigures> region_figures(const Counts& counts, RegionLevel level) {
  using namespace counter;
  std::map<std::string, RegionFigures> out;
  const auto channels = workflow::channels();
  for (const auto& [code, n] : counts.of(region_scope(level))) {
    if (n[reported] == 0 && n[registered] == 0 && n[missed_by_patrol] == 0 && n[callbacks] == 0) continue;
    auto& f = out[code];
    f.reported = n[reported];
    for (std::size_t i = 0; i < channels.size(); ++i) {
      if (n[by_channel + i] > 0) f.reported_by_channel.emplace(channels[i], n[by_channel + i]);
    }
    f.supervisor_reports = n[supervisor_reports];
    f.public_reports = n[public_reports];
    f.missed_by_patrol = n[missed_by_patrol];
    auto& c = f.closure;
    c.registered = n[registered];
    c.closed = n[closed];
    c.due_to_close = n[due_to_close];
    c.closed_on_time = n[closed_on_time];
    c.close_rate = {c.closed, c.due_to_close};
    c.on_time_close_rate = {c.closed_on_time, c.due_to_close};
    f.satisfaction = {n[satisfied], n[callbacks]};
  }
  return out;
}

std::map<std::string, DepartmentFigures> department_figures(const Counts& counts) {
  using namespace counter;
  std::map<std::string, DepartmentFigures> out;
  for (const auto& [unit, n] : counts.of(Scope::department)) {
    if (!any_counted(n)) continue;
    auto& f = out[unit];
    f.due_to_handle = n[due_to_handle];
    f.handled = n[handled];
    f.handled_on_time = n[handled_on_time];
    f.handled_late = n[handled_late];
    f.overdue_unhandled = n[overdue_unhandled];
    f.reworked = n[reworked];
    f.returned = n[returned];
    f.handle_rate = {f.handled, f.due_to_handle};
    f.on_time_handle_rate = {f.handled_on_time, f.due_to_handle};
    f.rework_rate = {f.reworked, f.handled};
    f.satisfaction = {n[department_satisfied], n[department_callbacks]};
  }
  return out;
}

bool is_provisional(const Counts& counts) {
  const auto& all = counts.of(Scope::overall);
  return std::any_of(all.begin(), all.end(), [](const auto& u) { return u.second[counter::provisional] > 0; });
}

}  // namespace ug::evaluation
