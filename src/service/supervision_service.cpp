// The 督办 use cases on the process engine (see supervision_service.hpp).
#include "service/supervision_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include <spdlog/spdlog.h>

#include "calendar/time_limit.hpp"
#include "core/text.hpp"

namespace ug::service {
namespace {

namespace sv = workflow::supervision;
using workflow::ProcessEvent;
using workflow::ProcessItem;

constexpr std::string_view kSystemActor = "system";

const workflow::ProcessDefinition& definition() { return workflow::supervision_process(); }

// The guards of the 督办 table, as facts of a notice, its case and the caller. The supervised
// unit follows the case: its department now, or the centre without one.
struct NoticeFacts {
  const access::Principal* caller = nullptr;  // none: the system
  const ProcessItem* item = nullptr;          // none: a new notice
  const workflow::CaseProjection* case_row = nullptr;
  std::int64_t now_ms = 0;
  bool case_has_open_notice = false;
};
workflow::GuardCheck guards_for(NoticeFacts f) {
  return [f](std::string_view guard) {
    const bool ended = workflow::is_terminal(f.case_row->state);
    if (guard == sv::case_open) return !ended;
    if (guard == sv::case_ended) return ended;
    if (guard == sv::no_open_notice) return !f.case_has_open_notice;
    if (guard == sv::supervised_unit) return f.caller != nullptr && answers_for(*f.caller, f.case_row->department_id);
    if (guard == sv::not_supervised_unit) {
      return f.caller != nullptr && !answers_for(*f.caller, f.case_row->department_id);
    }
    if (guard == sv::past_due) return f.item != nullptr && f.item->due_at_ms && f.now_ms > *f.item->due_at_ms;
    return false;
  };
}

Result<calendar::TimeLimit> reply_limit_of(const std::string& text, calendar::TimeLimit configured) {
  if (trim_blanks(text).empty()) return configured;
  const auto limit = calendar::parse_limit(trim_blanks(text));
  const auto most = [](calendar::Unit unit) -> std::int64_t {
    constexpr std::int64_t days = sv::kMaxReplyWorkingDays;
    return unit == calendar::Unit::working_days    ? days
           : unit == calendar::Unit::working_hours ? days * 24
                                                   : days * 24 * 60;
  };
  if (!limit || !calendar::is_working(limit->unit) || limit->value <= 0 || limit->value > most(limit->unit)) {
    return fail(invalid("reply_limit", "supervision.reply_limit_value"));
  }
  return *limit;
}

Result<sv::Level> level_of(std::string_view text) {
  const auto level = sv::parse_level(trim_blanks(text));
  if (!level) return fail(invalid("level", "supervision.level_value"));
  return *level;
}

Error stale(const ProcessItem& item, std::int64_t requested) {
  return Error(ErrorCode::conflict, "process.version_stale")
      .with("version", item.version)
      .with("requested_version", requested)
      .with("state", item.state);
}

// Whether the case has a notice waiting for a reply.
Result<bool> has_open_notice(storage::Transaction& tx, const std::string& case_id) {
  storage::ProcessFilter open;
  open.process = std::string(sv::process);
  open.case_id = case_id;
  open.open = true;
  open.limit = 1;
  UG_TRY_ASSIGN(auto found, tx.processes().list(open, nullptr));
  return !found.empty();
}

// The unit responsible now, recorded with every event of a notice.
std::pair<std::string, std::string> unit_now(const workflow::CaseProjection& case_row) {
  return {std::string(workflow::item_key::unit), case_row.department_id};
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
    view.forms = workflow::allowed_forms(definition(), item.state, caller,
                                         guards_for({&caller, &item, case_row, now_ms, item.open}));
  }
  if (item.open && item.due_at_ms) {
    const auto limit = item.field(sv::limit) != nullptr ? calendar::parse_limit(*item.field(sv::limit)) : std::nullopt;
    if (limit) {
      auto reading = calendar::read_clock(*calendar_.current(), {item.opened_at_ms / 1000, *limit, {}, {}},
                                          now_ms / 1000, settings_.thresholds);
      if (reading) view.reply_clock = *reading;
    }
  }
  view.late = sv::late(item, now_ms);
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
  UG_TRY_ASSIGN(const bool waiting, has_open_notice(tx, case_row.id));
  UG_TRY_ASSIGN(const auto* row, workflow::decide(definition(), "", sv::issue, caller, present,
                                                  guards_for({&caller, nullptr, &case_row, at_ms, waiting})));
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
                                                  guards_for({&caller, &before, &case_row, at_ms, true})));
  // Only what the row takes is recorded: a withdrawal carries no reply, a reply no reason.
  for (const auto& field : present) {
    const auto takes = [&](const std::vector<std::string_view>& fields) {
      return std::find(fields.begin(), fields.end(), field) != fields.end();
    };
    if (!takes(row->required) && !takes(row->optional)) {
      return fail(invalid(field, "supervision.field_not_taken").with("action", std::string(action)));
    }
  }
  ProcessEvent event = next_event(before, *row, caller.username, access::acting_role(caller, *row->permission), at_ms);
  if (caller.user_id != 0) event.actor_user_id = caller.user_id;
  event.payload.push_back(unit_now(case_row));
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
    if (request.version != found->version) return fail(stale(*found, request.version));
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
  if (!updated) return fail(stale(before, before.version));
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
  // The notices of the cases the caller may see (may_see): their own reports elsewhere are not theirs
  // to follow up, so the reporter's clause of a queue's scope is left out.
  auto scope = cases_.scoped(caller, {});
  scope.scope.reporter_user_id.reset();
  const auto now_ms = scope.scope.now_ms;
  storage::ProcessFilter f;
  f.process = std::string(sv::process);
  f.states = filter.states;
  f.levels = filter.levels;
  f.case_id = filter.case_id;
  f.open = filter.overdue ? std::optional(true) : filter.open;
  f.due_before_ms = filter.overdue ? std::optional(now_ms) : std::nullopt;
  f.limit = filter.limit;
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
  const auto holds = guards_for({nullptr, &before, &case_row, at_ms, true});
  const auto* row = workflow::system_row(definition(), before.state, sv::escalate, holds);
  if (row == nullptr) row = workflow::system_row(definition(), before.state, sv::lapse, holds);
  if (row == nullptr) return std::optional<ProcessItem>{};
  // The escalation ends this notice before the next one opens: the case then has none waiting.
  auto event = next_event(before, *row, std::string(kSystemActor), std::string(kSystemActor), at_ms);
  event.payload.push_back(unit_now(case_row));
  std::optional<ProcessItem> next;
  const auto* reissue = workflow::system_row(definition(), "", sv::reissue, holds);
  if (definition().has_effect(*row, sv::escalate_next) && reissue != nullptr) {
    const auto level = sv::next_level(sv::parse_level(before.level).value_or(sv::levels().front()));
    const auto* limit_text = before.field(sv::limit);
    const auto limit = limit_text != nullptr ? calendar::parse_limit(*limit_text) : std::nullopt;
    const auto* asked = before.field(sv::comment);
    ProcessEvent opening;
    opening.actor = opening.role = std::string(kSystemActor);
    opening.at_ms = event.at_ms;
    opening.payload.emplace_back(
        sv::comment, fmt::format("{} 逾期未回复，升级督办：{}", before.id, asked != nullptr ? *asked : std::string()));
    opening.payload.emplace_back(sv::escalated_from, before.id);
    UG_TRY_ASSIGN(
        next, open_notice(tx, *reissue, case_row, std::move(opening), level, limit.value_or(settings_.reply_limit)));
    event.payload.emplace_back(sv::escalated_to, next->id);
  }
  UG_TRY(record(tx, before, event));
  return next;
}

Result<int> SupervisionService::escalate_due() {
  const auto now_ms = settings_.clock();
  constexpr int kBatch = 100;
  storage::ProcessFilter due;
  due.process = std::string(sv::process);
  due.states = {std::string(sv::issued)};
  due.open = true;
  due.due_before_ms = now_ms;
  due.limit = kBatch;
  due.soonest_due_first = true;
  UG_TRY_ASSIGN(auto late, db_.read([&](storage::Transaction& tx) { return tx.processes().list(due, nullptr); }));
  // One transaction per notice: one that cannot be escalated (another server did it, a reply came
  // first, its deadline is beyond the calendar) holds up no other.
  int escalated = 0;
  for (const auto& candidate : late) {
    auto done = db_.write([&](storage::Transaction& tx) -> Result<bool> {
      UG_TRY_ASSIGN(auto current, tx.processes().find(candidate.id));
      if (!current || current->version != candidate.version) return false;  // changed meanwhile
      UG_TRY_ASSIGN(auto case_found, tx.cases().find(current->case_id));
      if (!case_found) return false;
      UG_TRY(escalate_in(tx, *current, case_found->projection, now_ms));
      return true;
    });
    if (!done) {
      spdlog::warn("督办 {} could not be escalated: {} {}", candidate.id, done.error().public_message(),
                   done.error().internal);
    } else if (*done) {
      ++escalated;
    }
  }
  return escalated;
}

}  // namespace ug::service
