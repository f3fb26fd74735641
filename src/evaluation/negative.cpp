// Finding the negative-list entries in each case at T.
#include "evaluation/negative.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <tuple>

namespace ug::evaluation {
namespace {

struct KindName {
  NegativeKind kind;
  std::string_view id, zh;
};
constexpr std::array<KindName, 5> kNames = {{{NegativeKind::not_signed_in_time, "not_signed_in_time", "应办不办"},
                                             {NegativeKind::pushed_around, "pushed_around", "推诿扯皮"},
                                             {NegativeKind::overdue_handling, "overdue_handling", "超期办理"},
                                             {NegativeKind::unsatisfied, "unsatisfied", "群众不满意"},
                                             {NegativeKind::supervision_overdue, "supervision_overdue", "督办超期"}}};
constexpr std::array<NegativeKind, 5> kKinds = {NegativeKind::not_signed_in_time, NegativeKind::pushed_around,
                                                NegativeKind::overdue_handling, NegativeKind::unsatisfied,
                                                NegativeKind::supervision_overdue};

bool before(const NegativeEntry& a, const NegativeEntry& b) {
  return std::tie(a.department, a.kind, a.at_ms, a.case_id) < std::tie(b.department, b.kind, b.at_ms, b.case_id);
}

}  // namespace

std::span<const NegativeKind> negative_kinds() { return kKinds; }
std::string_view to_string(NegativeKind kind) { return kNames[static_cast<std::size_t>(kind)].id; }
std::string_view zh_name(NegativeKind kind) { return kNames[static_cast<std::size_t>(kind)].zh; }

std::optional<NegativeKind> parse_negative_kind(std::string_view text) {
  for (const auto& k : kNames) {
    if (k.id == text) return k.kind;
  }
  return std::nullopt;
}

std::vector<NegativeEntry> negative_list(std::span<const CaseAt> cases, const Period& period, std::int64_t at_ms) {
  std::vector<NegativeEntry> out;
  const auto arose = [&](std::int64_t when) { return when <= at_ms && period.holds(when); };
  for (const auto& c : cases) {
    for (const auto& task : c.stage_tasks) {
      if (task.stage != workflow::Stage::sign || task.department.empty()) continue;
      const bool late = task.done_at_ms ? *task.done_at_ms > task.due_at_ms : task.due_at_ms <= at_ms;
      if (late && arose(task.due_at_ms)) {
        out.push_back({task.department, NegativeKind::not_signed_in_time, c.id, task.due_at_ms});
      }
    }
    std::vector<const CaseAt::Dispatch*> returned;
    for (const auto& d : c.dispatches) {
      if (d.returned()) returned.push_back(&d);
    }
    if (returned.size() >= 2 && arose(*returned[1]->returned_at_ms)) {
      std::set<std::string> departments;
      for (const auto* d : returned) departments.insert(d->department);
      for (const auto& department : departments) {
        out.push_back({department, NegativeKind::pushed_around, c.id, *returned[1]->returned_at_ms});
      }
    }
    if (!c.department.empty() && c.handling_due_ms && arose(*c.handling_due_ms)) {
      const bool handled_in_time = c.handled_at_ms && *c.handled_at_ms <= *c.handling_due_ms;
      if (!handled_in_time) out.push_back({c.department, NegativeKind::overdue_handling, c.id, *c.handling_due_ms});
    }
    if (!c.department.empty()) {
      for (const auto& callback : c.callbacks) {
        if (callback.satisfaction == "不满意" && arose(callback.at_ms)) {
          out.push_back({c.department, NegativeKind::unsatisfied, c.id, callback.at_ms});
        }
      }
    }
  }
  std::sort(out.begin(), out.end(), before);
  return out;
}

std::vector<NegativeEntry> overdue_notices(std::span<const NoticeAt> notices, const Period& period,
                                           std::int64_t at_ms) {
  std::vector<NegativeEntry> out;
  for (const auto& n : notices) {
    if (n.department.empty() || n.due_at_ms >= at_ms || !period.holds(n.due_at_ms)) continue;
    if (n.answered_at_ms && *n.answered_at_ms <= n.due_at_ms) continue;
    out.push_back({n.department, NegativeKind::supervision_overdue, n.case_id, n.due_at_ms});
  }
  std::sort(out.begin(), out.end(), before);
  return out;
}

}  // namespace ug::evaluation
