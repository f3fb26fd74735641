// The negative list (负面清单, DOMAIN.md §7): entries against departments for not signing in time
// (应办不办), cases passed back and forth (推诿扯皮: two or more approved returns), overdue handling
// (超期办理), unsatisfied callbacks (群众不满意) and 督办 notices not answered in time (督办超期,
// DOMAIN.md §9), each dated by the instant it arose — the missed deadline, the second return, the
// callback — and listed when that instant falls in the period.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "evaluation/indicators.hpp"

namespace ug::evaluation {

enum class NegativeKind { not_signed_in_time, pushed_around, overdue_handling, unsatisfied, supervision_overdue };
std::span<const NegativeKind> negative_kinds();
std::string_view to_string(NegativeKind kind);
std::string_view zh_name(NegativeKind kind);
std::optional<NegativeKind> parse_negative_kind(std::string_view text);

struct NegativeEntry {
  std::string department;
  NegativeKind kind = NegativeKind::overdue_handling;
  std::string case_id;
  std::int64_t at_ms = 0;  // when it arose
  bool operator==(const NegativeEntry&) const = default;
};

// By department, kind, instant and case. A sign stage is late when whatever ended it came after its
// deadline, or nothing had by T; handling is overdue when the case's department had not handled it
// by the handling deadline in force (finished late, or not at all by T).
std::vector<NegativeEntry> negative_list(std::span<const CaseAt> cases, const Period& period, std::int64_t at_ms);

// A 督办 notice as the negative list reads it.
struct NoticeAt {
  std::string department;  // the supervised unit ("" the centre: not a department, never listed)
  std::string case_id;
  std::int64_t due_at_ms = 0;
  std::optional<std::int64_t> answered_at_ms;  // replied or withdrawn (it stopped waiting then)
};
// 督办超期: a notice not answered by its deadline, dated at the deadline; sorted like negative_list.
std::vector<NegativeEntry> overdue_notices(std::span<const NoticeAt> notices, const Period& period, std::int64_t at_ms);

}  // namespace ug::evaluation
