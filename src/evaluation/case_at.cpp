// The fold of one case's events up to an instant, with the facts evaluation counts.
#include "evaluation/case_at.hpp"

namespace ug::evaluation {
namespace {

using workflow::Action;

Result<std::optional<std::int64_t>> handling_due(const workflow::CaseProjection& p,
                                                 const calendar::WorkCalendar& calendar, bool& provisional) {
  auto schedule = workflow::schedule_of(p, calendar, {});
  if (!schedule) return tl::unexpected(schedule.error());
  provisional = provisional || schedule->provisional;
  return schedule->handling_due_at_ms;
}

Result<std::int64_t> add_limit(std::int64_t from_ms, calendar::TimeLimit limit, const calendar::WorkCalendar& calendar,
                               bool& provisional) {
  auto due = calendar.due(from_ms / 1000, limit.value, limit.unit);
  if (!due) return tl::unexpected(due.error());
  provisional = provisional || due->provisional;
  return due->at * 1000;
}

}  // namespace

Result<CaseAt> case_at(std::span<const workflow::CaseEvent> events, std::int64_t at_ms,
                       const calendar::WorkCalendar& calendar, const AfterHandlingLimits& limits) {
  if (events.empty() || events.front().at_ms > at_ms) return fail(ErrorCode::not_found, "该时点案件尚未上报");
  CaseAt out;
  std::optional<workflow::CaseProjection> now;
  std::optional<workflow::CaseProjection> before_finish;  // the case as the counted finish found it
  for (const auto& e : events) {
    if (e.at_ms > at_ms) break;
    auto next = workflow::apply_event(now, e);
    if (!next) return tl::unexpected(next.error());
    switch (e.action) {
      case Action::register_:
        if (!out.registered_at_ms) out.registered_at_ms = e.at_ms;
        break;
      case Action::self_handle:
        out.registered_at_ms = e.at_ms;
        break;
      case Action::dispatch:
        out.dispatched_at_ms = e.at_ms;
        break;
      case Action::approve_return:
        out.returned_by.push_back(now->department_id);
        break;
      case Action::finish:
        out.handled_at_ms = e.at_ms;
        before_finish = now;
        break;
      case Action::verify_ok:
        out.verified_at_ms = e.at_ms;
        break;
      case Action::callback:
        if (const auto* said = e.field(workflow::payload::satisfaction)) out.callbacks.push_back({e.at_ms, *said});
        break;
      case Action::check_fail:
        out.handled_at_ms.reset();
        before_finish.reset();
        ++out.rework_count;
        break;
      default:
        break;
    }
    now = std::move(*next);
  }
  const auto& p = *now;
  out.id = p.id;
  out.channel = p.channel;
  out.category_code = p.category_code;
  out.grid_code = p.grid_code;
  out.community_code = p.community_code;
  out.street_code = p.street_code;
  out.district_code = p.district_code;
  out.reported_at_ms = p.created_at_ms;
  out.reporter = events.front().actor;
  out.merged_into = p.merged_into;
  out.closed_at_ms = p.closed_at_ms;
  out.open = !workflow::is_terminal(p.state);
  out.department = p.department_id;  // the fold clears it when a return is approved

  auto due = handling_due(before_finish ? *before_finish : p, calendar, out.provisional);
  if (!due) return tl::unexpected(due.error());
  out.handling_due_ms = *due;
  if (out.handling_due_ms) {
    auto checked = add_limit(*out.handling_due_ms, limits.check, calendar, out.provisional);
    if (!checked) return tl::unexpected(checked.error());
    auto closed = add_limit(*checked, limits.close, calendar, out.provisional);
    if (!closed) return tl::unexpected(closed.error());
    out.overall_due_ms = *closed;
  }
  return out;
}

}  // namespace ug::evaluation
