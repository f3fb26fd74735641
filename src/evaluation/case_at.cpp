// The fold of one case's events up to an instant, with the facts evaluation counts.
#include "evaluation/case_at.hpp"

namespace ug::evaluation {
namespace {

using workflow::Action;

Result<std::optional<std::int64_t>> handling_due(const workflow::CaseProjection& p,
                                                 const calendar::WorkCalendar& calendar, bool& provisional) {
  UG_TRY_ASSIGN(const auto schedule, workflow::schedule_of(p, calendar, {}));
  provisional = provisional || schedule.provisional;
  return schedule.handling_due_at_ms;
}

Result<std::int64_t> add_limit(std::int64_t from_ms, calendar::TimeLimit limit, const calendar::WorkCalendar& calendar,
                               bool& provisional) {
  UG_TRY_ASSIGN(const auto due, calendar.due(from_ms / 1000, limit.value, limit.unit));
  provisional = provisional || due.provisional;
  return due.at * 1000;
}

// The stage task `clock` opened, with its deadline under the calendar.
Result<CaseAt::StageTask> stage_task(const workflow::StageClock& clock, const calendar::WorkCalendar& calendar,
                                     bool& provisional) {
  UG_TRY_ASSIGN(const auto due, add_limit(clock.started_at_ms, clock.limit, calendar, provisional));
  CaseAt::StageTask task;
  task.stage = clock.stage;
  task.started_at_ms = clock.started_at_ms;
  task.due_at_ms = due;
  return task;
}

}  // namespace

Result<void> CaseFold::add(const workflow::CaseEvent& e) {
  auto& out = folded_;
  if (!now_) {
    reporter_ = e.actor;
    reporter_role_ = e.role;
  }
  // What the step changes that this fold reads: the stage clock, and the department a return
  // leaves (copied only for a return).
  const std::optional<workflow::StageClock> clock_before = now_ ? now_->stage_clock : std::nullopt;
  const std::string returned_from = e.action == Action::approve_return && now_ ? now_->department_id : std::string();
  if (e.action == Action::finish) before_finish_ = now_;  // the case as the finish found it
  UG_TRY(workflow::advance(now_, e));
  // A stage clock that this event stopped or replaced ends the running task; a new one opens one.
  const auto& clock_after = now_->stage_clock;
  if (clock_before != clock_after) {
    if (clock_before && !out.stage_tasks.empty()) {
      auto& done = out.stage_tasks.back();
      done.done_at_ms = e.at_ms;
      done.done_by = e.actor;
      done.done_as = e.role;
      done.done_with = e.action;
    }
    if (clock_after) {
      UG_TRY_ASSIGN(auto task, stage_task(*clock_after, calendar_, out.provisional));
      task.department = now_->department_id;
      out.stage_tasks.push_back(std::move(task));
    }
  }
  switch (e.action) {
    case Action::register_:
      if (!out.registered_at_ms) out.registered_at_ms = e.at_ms;
      if (out.registered_by.empty()) out.registered_by = e.actor;
      break;
    case Action::self_handle:
      out.registered_at_ms = e.at_ms;
      break;
    case Action::dispatch:
      out.dispatched_at_ms = e.at_ms;
      out.dispatches.push_back({e.at_ms, e.actor, now_->department_id, std::nullopt});
      break;
    case Action::approve_return:
      out.returned_by.push_back(returned_from);
      if (!out.dispatches.empty()) out.dispatches.back().returned_at_ms = e.at_ms;
      break;
    case Action::finish:
      out.handled_at_ms = e.at_ms;
      break;
    case Action::verify_ok:
      out.verified_at_ms = e.at_ms;
      break;
    case Action::callback:
      if (const auto* said = e.field(workflow::payload::satisfaction)) out.callbacks.push_back({e.at_ms, *said});
      break;
    case Action::check_fail:
      out.handled_at_ms.reset();
      before_finish_.reset();
      ++out.rework_count;
      break;
    default:
      break;
  }
  return {};
}

Result<CaseAt> CaseFold::case_now() const {
  if (!now_) return fail(ErrorCode::not_found, "evaluation_rules.case_not_yet_reported");
  CaseAt out = folded_;
  const auto& p = *now_;
  out.id = p.id;
  out.channel = p.channel;
  out.category_code = p.category_code;
  out.grid_code = p.grid_code;
  out.community_code = p.community_code;
  out.street_code = p.street_code;
  out.district_code = p.district_code;
  out.reported_at_ms = p.created_at_ms;
  out.reporter = reporter_;
  out.reporter_role = reporter_role_;
  out.voided = p.state == workflow::State::void_;
  out.merged_into = p.merged_into;
  // Only a close closes: void, merged, rejected and invalid cases end without being closed (结案).
  if (p.state == workflow::State::closed) out.closed_at_ms = p.closed_at_ms;
  out.open = !workflow::is_terminal(p.state);
  out.department = p.department_id;  // the fold clears it when a return is approved

  UG_TRY_ASSIGN(out.handling_due_ms, handling_due(before_finish_ ? *before_finish_ : p, calendar_, out.provisional));
  if (out.handling_due_ms) {
    UG_TRY_ASSIGN(const auto checked, add_limit(*out.handling_due_ms, limits_.check, calendar_, out.provisional));
    UG_TRY_ASSIGN(out.overall_due_ms, add_limit(checked, limits_.close, calendar_, out.provisional));
  }
  return out;
}

Result<CaseAt> case_at(std::span<const workflow::CaseEvent> events, std::int64_t at_ms,
                       const calendar::WorkCalendar& calendar, const AfterHandlingLimits& limits) {
  if (events.empty() || events.front().at_ms > at_ms) {
    return fail(ErrorCode::not_found, "evaluation_rules.case_not_yet_reported");
  }
  CaseFold fold(calendar, limits);
  for (const auto& e : events) {
    if (e.at_ms > at_ms) break;
    UG_TRY(fold.add(e));
  }
  return fold.case_now();
}

void link_merges(std::span<CaseAt> cases, const std::function<const ReportOf*(const std::string& id)>& report_of) {
  for (auto& c : cases) {
    if (c.merged_into.empty()) continue;
    const auto* target = report_of(c.merged_into);
    c.patrol_found_first =
        target != nullptr && target->channel == "supervisor" && target->reported_at_ms < c.reported_at_ms;
  }
}

}  // namespace ug::evaluation
