// The 督办 notice as a process of its own (DOMAIN.md §9): issued on a case by a leader or a shift
// leader with a level (一般 / 重点 / 挂牌) and a reply deadline in working time; the supervised unit —
// the department of the case's last dispatch, or the centre's shift leader before any dispatch —
// replies; a notice not answered in time is escalated by the system into a notice of the next level
// (a late 挂牌 repeats 挂牌) and counts on the negative list as 督办超期. One table, on the engine.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "workflow/process.hpp"

namespace ug::workflow {

const ProcessDefinition& supervision_process();

namespace supervision {
inline constexpr std::string_view process = "supervision";
// States.
inline constexpr std::string_view issued = "issued", replied = "replied", overdue = "overdue", withdrawn = "withdrawn",
                                  lapsed = "lapsed", archived = "archived";
// Actions.
inline constexpr std::string_view issue = "issue", reply = "reply", withdraw = "withdraw", escalate = "escalate",
                                  reissue = "reissue", lapse = "lapse", archive = "archive";
// Fields a caller sends.
inline constexpr std::string_view comment = "comment", reply_text = "reply", reason = "reason", level = "level",
                                  reply_limit = "reply_limit";
// Payload keys beyond the fields (the item's own columns are item_key::*).
inline constexpr std::string_view limit = "limit", escalated_to = "escalated_to", escalated_from = "escalated_from";
// Guards.
inline constexpr std::string_view case_open = "case_open", case_ended = "case_ended", no_open_notice = "no_open_notice",
                                  supervised_unit = "supervised_unit", not_supervised_unit = "not_supervised_unit",
                                  past_due = "past_due";
// Effects.
inline constexpr std::string_view unit_of_case = "unit_of_case", reply_deadline = "reply_deadline",
                                  escalate_next = "escalate_next";

struct Level {
  std::string_view code, zh, en;
};
std::span<const Level> levels();  // 一般, 重点, 挂牌
// The level given by its code or its zh word ("" is 一般); nullopt for anything else.
std::optional<Level> parse_level(std::string_view text);
// The level a late notice escalates to: the next one, 挂牌 stays 挂牌.
Level next_level(const Level& current);
// Whether a notice was not answered by its deadline: replied or withdrawn after it, escalated, or
// still waiting after it at `now_ms`. Lapsed and archived notices never are. The negative list's
// 督办超期 (evaluation/negative.hpp) and the sweep's past_due read the deadline the same way: an
// answer at the deadline itself is in time.
bool late(const ProcessItem& notice, std::int64_t now_ms);

// The longest reply limit a notice may be given: a notice is about days, not months.
inline constexpr std::int64_t kMaxReplyWorkingDays = 30;
}  // namespace supervision

}  // namespace ug::workflow
