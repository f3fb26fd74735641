// The 督办 process table (see supervision.hpp).
#include "workflow/supervision.hpp"

#include <array>

namespace ug::workflow {

namespace supervision {
namespace {
constexpr std::array<Level, 3> kLevels = {{
    {.code = "normal", .zh = "一般", .en = "Normal"},
    {.code = "important", .zh = "重点", .en = "Important"},
    {.code = "listed", .zh = "挂牌", .en = "Listed"},
}};
}  // namespace

std::span<const Level> levels() { return kLevels; }

std::optional<Level> parse_level(std::string_view text) {
  if (text.empty()) return kLevels[0];
  for (const auto& l : kLevels) {
    if (text == l.code || text == l.zh) return l;
  }
  return std::nullopt;
}

bool late(const ProcessItem& n, std::int64_t now_ms) {
  if (!n.due_at_ms) return false;
  if (n.state == issued) return now_ms > *n.due_at_ms;
  if (n.state == overdue) return true;
  if (n.state == replied || n.state == withdrawn) return n.closed_at_ms && *n.closed_at_ms > *n.due_at_ms;
  return false;
}

Level next_level(const Level& current) {
  for (std::size_t i = 0; i + 1 < kLevels.size(); ++i) {
    if (kLevels[i].code == current.code) return kLevels[i + 1];
  }
  return kLevels.back();
}
}  // namespace supervision

const ProcessDefinition& supervision_process() {
  using P = access::Permission;
  namespace s = supervision;
  // clang-format off
  static const ProcessDefinition definition{
      .code = s::process, .zh = "督办", .en = "Supervision notice",
      .source = "src/workflow/supervision.cpp",
      .summary =
          "A supervision notice (督办, DOMAIN.md §9) is issued on an open case by a leader or a shift leader, "
          "with a level and a reply deadline in working time (by default one working day; the issuer may give "
          "another working-time limit of up to 30 working days). A case has at most one notice waiting for a "
          "reply. The supervised unit is the department of the case's last dispatch, or the centre's shift leader "
          "before any dispatch (or after an approved return): it follows the case, and every event records it. "
          "It replies; it may not withdraw its own notice. A notice still waiting after its deadline is escalated "
          "by the server's sweep: it becomes `overdue` and, while the case is open, a notice of the next level is "
          "issued (a late 挂牌 repeats 挂牌); a notice whose case ended meanwhile lapses. A notice answered after "
          "its deadline or not at all (escalated, or withdrawn after it) is a 督办超期 entry on the negative list, "
          "against the unit responsible at that time. Notices recorded as case events before migration 0021 "
          "were moved here as `archived`.",
      .states = {
          {.code = s::issued, .zh = "待回复", .en = "Awaiting reply", .open = true, .limit = "reply deadline (working time)"},
          {.code = s::replied, .zh = "已回复", .en = "Replied", .open = false},
          {.code = s::overdue, .zh = "已超期", .en = "Overdue (escalated)", .open = false},
          {.code = s::withdrawn, .zh = "已撤销", .en = "Withdrawn", .open = false},
          {.code = s::lapsed, .zh = "已失效", .en = "Lapsed (the case ended)", .open = false},
          {.code = s::archived, .zh = "已归档", .en = "Archived", .open = false},
      },
      .actions = {
          {.code = s::issue, .zh = "发出督办", .en = "Issue"},
          {.code = s::reply, .zh = "回复督办", .en = "Reply"},
          {.code = s::withdraw, .zh = "撤销督办", .en = "Withdraw"},
          {.code = s::escalate, .zh = "超期升级", .en = "Escalate"},
          {.code = s::reissue, .zh = "升级督办", .en = "Reissue at the next level"},
          {.code = s::lapse, .zh = "失效", .en = "Lapse"},
          {.code = s::archive, .zh = "迁移归档", .en = "Archive (migrated)"},
      },
      .fields = {
          {.code = s::comment, .zh = "督办意见", .en = "What is asked"},
          {.code = s::reply_text, .zh = "回复内容", .en = "The reply"},
          {.code = s::level, .zh = "督办级别：一般、重点、挂牌", .en = "Level: normal, important, listed"},
          {.code = s::reply_limit, .zh = "回复期限（工作时间，如 4 working_hours）", .en = "Reply limit in working time"},
          {.code = s::reason, .zh = "撤销理由", .en = "Why it is withdrawn"},
      },
      .guards = {
          {.code = s::case_open, .zh = "案件未结案（在闭环中）", .refusal = ErrorCode::conflict, .refusal_message = "supervision.case_closed"},
          {.code = s::case_ended, .zh = "案件已结束（结案、作废、合并等）"},
          {.code = s::no_open_notice, .zh = "案件没有待回复的督办", .refusal = ErrorCode::conflict, .refusal_message = "supervision.already_open"},
          {.code = s::supervised_unit, .zh = "调用者属于被督办单位（案件当前的部门；无部门时：中心值班长）", .refusal = ErrorCode::forbidden, .refusal_message = "supervision.not_your_unit"},
          {.code = s::not_supervised_unit, .zh = "调用者不是被督办单位", .refusal = ErrorCode::forbidden, .refusal_message = "supervision.own_notice"},
          {.code = s::past_due, .zh = "回复期限已过（晚于期限时刻）"},
      },
      .effects = {
          {.code = s::unit_of_case, .zh = "记下被督办单位：案件当前的部门，无部门时为中心", .en = "The unit: the case's department now"},
          {.code = s::reply_deadline, .zh = "按工作日历算出回复期限", .en = "The reply deadline under the work calendar"},
          {.code = s::escalate_next, .zh = "发出下一级督办（挂牌仍为挂牌），督办意见沿用并注明升级", .en = "A notice of the next level"},
      },
      .rows = {
          {.from = "", .action = s::issue, .to = s::issued, .permission = P::case_supervise, .guards = {s::case_open, s::no_open_notice}, .required = {s::comment}, .optional = {s::level, s::reply_limit}, .effects = {s::unit_of_case, s::reply_deadline}, .note = "发出督办：状态为待回复，回复期限起算"},
          {.from = "", .action = s::reissue, .to = s::issued, .guards = {s::case_open}, .effects = {s::unit_of_case, s::reply_deadline}, .note = "系统：超期未回复的督办升级后，案件仍在闭环中时发出下一级督办"},
          {.from = "", .action = s::archive, .to = s::archived, .note = "迁移：0021 之前记作案件事件的督办"},
          {.from = s::issued, .action = s::reply, .to = s::replied, .permission = P::supervision_reply, .guards = {s::supervised_unit}, .required = {s::reply_text}, .effects = {s::unit_of_case}, .note = "被督办单位回复；期限后回复仍记入负面清单「督办超期」"},
          {.from = s::issued, .action = s::withdraw, .to = s::withdrawn, .permission = P::case_supervise, .guards = {s::not_supervised_unit}, .required = {s::reason}, .effects = {s::unit_of_case}, .note = "撤销督办（被督办单位不能撤销自己的督办）；期限后撤销仍记入「督办超期」"},
          {.from = s::issued, .action = s::escalate, .to = s::overdue, .guards = {s::past_due, s::case_open}, .effects = {s::unit_of_case, s::escalate_next}, .note = "系统：期限已过仍未回复，升级督办并记入负面清单「督办超期」"},
          {.from = s::issued, .action = s::lapse, .to = s::lapsed, .guards = {s::past_due, s::case_ended}, .effects = {s::unit_of_case}, .note = "系统：期限已过时案件已结束，督办失效，不计入负面清单"},
      },
  };
  // clang-format on
  return definition;
}

}  // namespace ug::workflow
