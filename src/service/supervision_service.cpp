// The 督办 use cases on the process engine (see supervision_service.hpp).
#include "service/supervision_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "calendar/time_limit.hpp"
#include "core/text.hpp"

namespace ug::service {
namespace {

namespace sv = workflow::supervision;
using workflow::ProcessEvent;
using workflow::ProcessItem;

constexpr std::string_view kSystemActor = "system";

const workflow::ProcessDefinition& definition() { return workflow::supervision_process(); }

// The guards of the 督办 table, as facts of a notice, its case and the caller.
workflow::GuardCheck guards_for(const access::Principal* caller, const ProcessItem* item,
                                const workflow::CaseProjection& case_row, std::int64_t now_ms) {
  return [=, &case_row](std::string_view guard) {
    if (guard == sv::case_open) return !workflow::is_terminal(case_row.state);
    if (guard == sv::supervised_unit) return caller != nullptr && item != nullptr && answers_for(*caller, item->unit);
    if (guard == sv::past_due) return item != nullptr && item->due_at_ms && now_ms >= *item->due_at_ms;
    return false;
  };
}

Result<calendar::TimeLimit> reply_limit_of(const std::string& text, calendar::TimeLimit configured) {
  if (trim_blanks(text).empty()) return configured;
  const auto limit = calendar::parse_limit(trim_blanks(text));
  if (!limit || !calendar::is_working(limit->unit) || limit->value <= 0) {
    return fail(invalid("reply_limit", "supervision.reply_limit_value"));
  }
  return *limit;
}

Result<sv::Level> level_of(std::string_view text) {
  const auto level = sv::parse_level(trim_blanks(text));
  if (!level) return fail(invalid("level", "supervision.level_value"));
  return *level;
}

Error stale(std::int64_t version, std::int64_t requested) {
  return Error(ErrorCode::conflict, "process.version_stale")
      .with("version", version)
      .with("requested_version", requested);
}

}  // namespace

bool answers_for(const access::Principal& caller, std::string_view unit) {
  if (unit.empty()) {
    return std::find(caller.roles.begin(), caller.roles.end(), access::Role::shift_leader) != caller.roles.end();
  }
  return caller.org_unit_id == unit || std::find(caller.department_scopes.begin(), caller.department_scopes.end(),
                                                 unit) != caller.department_scopes.end();
}

Result<std::string> SupervisionService::next_id(storage::Transaction& tx, std::int64_t at_ms) const {
  const auto year = local_day(at_ms, settings_.utc_offset_minutes).substr(0, 4);
  UG_TRY_ASSIGN(const auto n, tx.processes().next_number(sv::process, year));
  return fmt::format("DB{}-{:05}", year, n);
}

Result<ProcessItem> SupervisionService::open_notice(storage::Transaction& tx, const workflow::ProcessRow& row,
                                                    const workflow::CaseProjection& case_row, ProcessEvent event,
                                                    const sv::Level& level, calendar::TimeLimit limit) {
  UG_TRY_ASSIGN(event.item_id, next_id(tx, event.at_ms));
  event.process = std::string(sv::process);
  event.sequence = 1;
  event.action = std::string(row.action);
  event.from.clear();
  event.to = std::string(row.to);
  auto& pl = event.payload;
  pl.insert(pl.begin(), {{std::string(workflow::item_key::case_id), case_row.id},
                         {std::string(workflow::item_key::unit), case_row.department_id},
                         {std::string(workflow::item_key::level), std::string(level.code)}});
  const auto work = calendar_.current();
  UG_TRY_ASSIGN(const auto due, work->due(event.at_ms / 1000, limit.value, limit.unit));
  pl.emplace_back(sv::limit, calendar::format_limit(limit));
  pl.emplace_back(workflow::item_key::due_at, std::to_string(due.at * 1000));
  UG_TRY_ASSIGN(auto item, workflow::fold_event(definition(), std::nullopt, event));
  UG_TRY(tx.processes().insert(item));
  UG_TRY(tx.processes().append_event(event));
  return item;
}

NoticeView SupervisionService::view_of(const access::Principal& caller, ProcessItem item,
                                       const workflow::CaseProjection* case_row, std::int64_t now_ms) const {
  NoticeView view;
  if (case_row != nullptr) {
    view.case_state = std::string(workflow::to_string(case_row->state));
    view.forms =
        workflow::allowed_forms(definition(), item.state, caller, guards_for(&caller, &item, *case_row, now_ms));
  }
  if (item.open && item.due_at_ms) {
    const auto limit = item.field(sv::limit) != nullptr ? calendar::parse_limit(*item.field(sv::limit)) : std::nullopt;
    if (limit) {
      auto reading = calendar::read_clock(*calendar_.current(), {item.opened_at_ms / 1000, *limit, {}, {}},
                                          now_ms / 1000, settings_.thresholds);
      if (reading) view.reply_clock = *reading;
    }
  }
  view.item = std::move(item);
  return view;
}

Result<std::vector<NoticeView>> SupervisionService::views(storage::Transaction& tx, const access::Principal& caller,
                                                          std::vector<ProcessItem> items, std::int64_t now_ms) const {
  std::map<std::string, std::optional<workflow::CaseProjection>> cases;
  std::vector<NoticeView> out;
  out.reserve(items.size());
  for (auto& item : items) {
    auto [at, fresh] = cases.try_emplace(item.case_id);
    if (fresh) {
      UG_TRY_ASSIGN(auto row, tx.cases().find(item.case_id));
      if (row) at->second = std::move(row->projection);
    }
    const auto& case_row = at->second;
    if (!case_row || !cases_.may_see(caller, *case_row)) continue;
    out.push_back(view_of(caller, std::move(item), &*case_row, now_ms));
  }
  return out;
}

Result<ProcessItem> SupervisionService::issue_in(storage::Transaction& tx, const access::Principal& caller,
                                                 const workflow::CaseProjection& case_row, const NoticeRequest& request,
                                                 std::int64_t at_ms) {
  UG_TRY(check_text_size("comment", request.comment));
  UG_TRY_ASSIGN(const auto level, level_of(request.level));
  UG_TRY_ASSIGN(const auto limit, reply_limit_of(request.reply_limit, settings_.reply_limit));
  std::vector<std::string> present;
  if (!trim_blanks(request.comment).empty()) present.emplace_back(sv::comment);
  UG_TRY_ASSIGN(const auto* row, workflow::decide(definition(), "", sv::issue, caller, present,
                                                  guards_for(&caller, nullptr, case_row, at_ms)));
  ProcessEvent event;
  event.actor = caller.username;
  if (caller.user_id != 0) event.actor_user_id = caller.user_id;
  event.role = access::acting_role(caller, access::Permission::case_supervise);
  event.at_ms = at_ms;
  event.payload.emplace_back(sv::comment, request.comment);
  return open_notice(tx, *row, case_row, std::move(event), level, limit);
}

Result<NoticeView> SupervisionService::issue(const access::Principal& caller, const NoticeRequest& request) {
  UG_TRY(access::require(caller, access::Permission::case_supervise));
  const auto now_ms = settings_.clock();
  return db_.write([&](storage::Transaction& tx) -> Result<NoticeView> {
    UG_TRY_ASSIGN(auto found, tx.cases().find(request.case_id));
    if (!found || !cases_.may_see(caller, found->projection)) return fail(ErrorCode::not_found, {});
    UG_TRY_ASSIGN(auto item, issue_in(tx, caller, found->projection, request, now_ms));
    return view_of(caller, std::move(item), &found->projection, now_ms);
  });
}

Result<ProcessItem> SupervisionService::act_in(storage::Transaction& tx, const access::Principal& caller,
                                               const ProcessItem& before, const workflow::CaseProjection& case_row,
                                               std::string_view action, const NoticeActionRequest& request,
                                               std::int64_t at_ms) {
  UG_TRY(check_text_size("reply", request.reply));
  UG_TRY(check_text_size("reason", request.reason));
  std::vector<std::string> present;
  if (!trim_blanks(request.reply).empty()) present.emplace_back(sv::reply_text);
  if (!trim_blanks(request.reason).empty()) present.emplace_back(sv::reason);
  UG_TRY_ASSIGN(const auto* row, workflow::decide(definition(), before.state, action, caller, present,
                                                  guards_for(&caller, &before, case_row, at_ms)));
  ProcessEvent event = next_event(before, *row, caller.username, access::acting_role(caller, *row->permission), at_ms);
  if (caller.user_id != 0) event.actor_user_id = caller.user_id;
  if (!request.reply.empty()) event.payload.emplace_back(sv::reply_text, request.reply);
  if (!request.reason.empty()) event.payload.emplace_back(sv::reason, request.reason);
  return record(tx, before, event);
}

Result<NoticeView> SupervisionService::act(const access::Principal& caller, const std::string& id,
                                           std::string_view action, const NoticeActionRequest& request) {
  // Who may never take the action learns that first, nothing of the notice.
  const auto permission = workflow::permission_of(definition(), action);
  if (!permission) {
    return fail(
        Error(ErrorCode::illegal_transition, "process.action_not_allowed_new").with("action", std::string(action)));
  }
  UG_TRY(access::require(caller, *permission));
  const auto now_ms = settings_.clock();
  return db_.write([&](storage::Transaction& tx) -> Result<NoticeView> {
    UG_TRY_ASSIGN(auto found, tx.processes().find(id));
    if (!found || found->process != sv::process) return fail(ErrorCode::not_found, {});
    UG_TRY_ASSIGN(auto case_found, tx.cases().find(found->case_id));
    if (!case_found || !cases_.may_see(caller, case_found->projection)) return fail(ErrorCode::not_found, {});
    if (request.version != found->version) return fail(stale(found->version, request.version));
    UG_TRY_ASSIGN(auto item, act_in(tx, caller, *found, case_found->projection, action, request, now_ms));
    return view_of(caller, std::move(item), &case_found->projection, now_ms);
  });
}

ProcessEvent SupervisionService::next_event(const ProcessItem& before, const workflow::ProcessRow& row,
                                            std::string actor, std::string role, std::int64_t at_ms) {
  return ProcessEvent{.process = before.process,
                      .item_id = before.id,
                      .sequence = before.version + 1,
                      .action = std::string(row.action),
                      .actor = std::move(actor),
                      .actor_user_id = std::nullopt,
                      .role = std::move(role),
                      .at_ms = std::max(at_ms, before.updated_at_ms),
                      .from = before.state,
                      .to = std::string(row.to),
                      .payload = {}};
}

Result<ProcessItem> SupervisionService::record(storage::Transaction& tx, const ProcessItem& before,
                                               const ProcessEvent& event) {
  UG_TRY_ASSIGN(auto item, workflow::fold_event(definition(), before, event));
  UG_TRY_ASSIGN(const bool updated, tx.processes().update(item, before.version));
  if (!updated) return fail(stale(before.version + 1, before.version));
  UG_TRY(tx.processes().append_event(event));
  return item;
}

Result<NoticeView> SupervisionService::get(const access::Principal& caller, const std::string& id) {
  UG_TRY(access::require(caller, access::Permission::view_case));
  const auto now_ms = settings_.clock();
  return db_.read([&](storage::Transaction& tx) -> Result<NoticeView> {
    UG_TRY_ASSIGN(auto found, tx.processes().find(id));
    if (!found || found->process != sv::process) return fail(ErrorCode::not_found, {});
    std::vector<ProcessItem> one;
    one.push_back(std::move(*found));
    UG_TRY_ASSIGN(auto seen, views(tx, caller, std::move(one), now_ms));
    if (seen.empty()) return fail(ErrorCode::not_found, {});
    UG_TRY_ASSIGN(seen.front().events, tx.processes().events(id));
    return std::move(seen.front());
  });
}

Result<NoticeLedger> SupervisionService::ledger(const access::Principal& caller, const NoticeFilter& filter) {
  UG_TRY(access::require(caller, access::Permission::view_case));
  const auto scope = cases_.scoped(caller, {});
  const auto now_ms = scope.scope.now_ms;
  storage::ProcessFilter f{.process = std::string(sv::process),
                           .states = filter.states,
                           .levels = filter.levels,
                           .units = {},
                           .case_id = filter.case_id,
                           .open = filter.overdue ? std::optional(true) : filter.open,
                           .due_before_ms = filter.overdue ? std::optional(now_ms) : std::nullopt,
                           .opened_from_ms = std::nullopt,
                           .opened_to_ms = std::nullopt,
                           .limit = filter.limit};
  return db_.read([&](storage::Transaction& tx) -> Result<NoticeLedger> {
    NoticeLedger out;
    UG_TRY_ASSIGN(auto items, tx.processes().list(f, &scope));
    UG_TRY_ASSIGN(out.notices, views(tx, caller, std::move(items), now_ms));
    UG_TRY_ASSIGN(out.counts, tx.processes().count_states(f, &scope));
    return out;
  });
}

Result<std::optional<ProcessItem>> SupervisionService::escalate_in(storage::Transaction& tx, const ProcessItem& before,
                                                                   const workflow::CaseProjection& case_row,
                                                                   std::int64_t at_ms) {
  const auto holds = guards_for(nullptr, &before, case_row, at_ms);
  const auto* row = workflow::system_row(definition(), before.state, sv::escalate, holds);
  if (row == nullptr) return std::optional<ProcessItem>{};
  std::optional<ProcessItem> next;
  const auto* reissue = workflow::system_row(definition(), "", sv::reissue, holds);
  if (reissue != nullptr && !workflow::is_terminal(case_row.state)) {
    const auto level = sv::next_level(sv::parse_level(before.level).value_or(sv::levels().front()));
    const auto* limit_text = before.field(sv::limit);
    const auto limit = limit_text != nullptr ? calendar::parse_limit(*limit_text) : std::nullopt;
    ProcessEvent event;
    event.actor = event.role = std::string(kSystemActor);
    event.at_ms = std::max(at_ms, before.updated_at_ms);
    event.payload.emplace_back(sv::comment, fmt::format("{} 逾期未回复，升级督办", before.id));
    event.payload.emplace_back(sv::escalated_from, before.id);
    UG_TRY_ASSIGN(next,
                  open_notice(tx, *reissue, case_row, std::move(event), level, limit.value_or(settings_.reply_limit)));
  }
  auto event = next_event(before, *row, std::string(kSystemActor), std::string(kSystemActor), at_ms);
  if (next) event.payload.emplace_back(sv::escalated_to, next->id);
  UG_TRY(record(tx, before, event));
  return next;
}

Result<int> SupervisionService::escalate_due() {
  const auto now_ms = settings_.clock();
  constexpr int kBatch = 100;
  return db_.write([&](storage::Transaction& tx) -> Result<int> {
    storage::ProcessFilter due{.process = std::string(sv::process),
                               .states = {std::string(sv::issued)},
                               .levels = {},
                               .units = {},
                               .case_id = {},
                               .open = true,
                               .due_before_ms = now_ms + 1,
                               .opened_from_ms = std::nullopt,
                               .opened_to_ms = std::nullopt,
                               .limit = kBatch};
    UG_TRY_ASSIGN(auto late, tx.processes().list(due, nullptr));
    int escalated = 0;
    for (const auto& before : late) {
      UG_TRY_ASSIGN(auto case_found, tx.cases().find(before.case_id));
      if (!case_found) continue;
      UG_TRY(escalate_in(tx, before, case_found->projection, now_ms));
      ++escalated;
    }
    return escalated;
  });
}

}  // namespace ug::service
