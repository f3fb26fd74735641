// The projection fold: each event must be a row of the transition table from the current state.
#include "workflow/case_record.hpp"

#include <algorithm>

namespace ug::workflow {

const std::string* CaseEvent::field(std::string_view name) const {
  for (const auto& [key, value] : payload) {
    if (key == name) return &value;
  }
  return nullptr;
}

Result<CaseProjection> apply_event(const std::optional<CaseProjection>& before, const CaseEvent& event) {
  const auto bad = [&](std::string why) {
    return fail(Error(ErrorCode::validation_failed, "事件与案件状态不符：" + why)
                    .with("case", event.case_id)
                    .with("sequence", event.sequence));
  };
  if (event.sequence != (before ? before->version + 1 : 1)) return bad("序号不连续");
  if (event.from != (before ? std::optional<State>(before->state) : std::nullopt)) return bad("起始状态不对");
  const auto rows = transitions();
  const auto row = std::find_if(rows.begin(), rows.end(), [&](const Transition& t) {
    return t.from == event.from && t.action == event.action && t.to == event.to;
  });
  if (row == rows.end()) return bad("转换表中没有这一步");

  CaseProjection p = before.value_or(CaseProjection{});
  if (!before) {
    p.id = event.case_id;
    p.channel = event.channel;
    p.created_at_ms = event.at_ms;
    if (const auto* d = event.field("description")) p.description = *d;
    if (const auto* c = event.field("category")) p.category_code = *c;
    if (const auto* u = event.field("urgency")) p.urgency = *u;
  }
  p.version = event.sequence;
  p.state = event.to;
  p.updated_at_ms = event.at_ms;
  p.pending = pending_after(*row, p.pending);
  switch (event.action) {
    case Action::register_:
      if (const auto* c = event.field("category")) p.category_code = *c;
      if (const auto* u = event.field("urgency")) p.urgency = *u;
      break;
    case Action::dispatch:
      if (const auto* d = event.field("department")) p.department_id = *d;
      break;
    case Action::approve_return:
      p.department_id.clear();
      break;
    case Action::check_fail:
      ++p.rework_count;
      break;
    case Action::reopen:
      ++p.reopen_count;
      break;
    case Action::supervise:
      ++p.supervision_count;
      break;
    default:
      break;
  }
  return p;
}

Result<CaseProjection> project(const std::vector<CaseEvent>& events) {
  if (events.empty()) return fail(ErrorCode::validation_failed, "案件没有事件");
  std::optional<CaseProjection> p;
  for (const auto& e : events) {
    auto next = apply_event(p, e);
    if (!next) return tl::unexpected(next.error());
    p = std::move(*next);
  }
  return *p;
}

}  // namespace ug::workflow
