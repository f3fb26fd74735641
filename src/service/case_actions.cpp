// An action on a case: checked by the workflow table, its effect carried out, recorded as an event.
#include "service/case_service.hpp"

#include <algorithm>

#include "core/text.hpp"
#include "service/attachment_service.hpp"
#include "service/case_parts.hpp"
#include "service/webhook_service.hpp"

namespace ug::service {
namespace {

using workflow::Effect;

// The channel recorded on an action by staff signed in or using a token without a channel of its
// own; a system's token and the public routes record theirs.
constexpr std::string_view kStaffChannel = "staff";

// An extension asked for or granted: a positive amount of the handling limit's kind of time.
Result<calendar::TimeLimit> parse_extension(const std::string& text, const workflow::CaseProjection& p) {
  const auto amount = calendar::parse_limit(text);
  if (!amount || amount->value <= 0) {
    return fail(invalid("extension", "case.extension_format"));
  }
  if (p.handling_clock && calendar::is_working(amount->unit) != calendar::is_working(p.handling_clock->limit.unit)) {
    return fail(invalid("extension", "case.extension_unit_kind"));
  }
  return *amount;
}

}  // namespace

Result<CaseOutcome> CaseService::act(const access::Principal& caller, const std::string& id, Action action,
                                     const ActionRequest& request, const IdempotentRequest* idempotency) {
  return act_as(caller, id, action, request, idempotency, true);
}

Result<CaseOutcome> CaseService::act_as(const access::Principal& caller, const std::string& id, Action action,
                                        const ActionRequest& request, const IdempotentRequest* idempotency,
                                        bool scoped) {
  for (const auto& [field, text] : std::initializer_list<std::pair<std::string_view, const std::string*>>{
           {"comment", &request.comment}, {"reason", &request.reason}}) {
    UG_TRY(check_text_size(field, *text));
  }
  workflow::ActionInput present;
  const auto mark = [&](Field f, const std::string& value) {
    if (!trim_blanks(value).empty()) present.present.push_back(f);
  };
  mark(Field::comment, request.comment);
  mark(Field::reason, request.reason);
  mark(Field::category, request.category);
  mark(Field::urgency, request.urgency);
  mark(Field::department, request.department);
  mark(Field::extension, request.extension);
  mark(Field::merge_target, request.merge_target);
  mark(Field::satisfaction, request.satisfaction);
  if (!request.attachments.empty()) present.present.push_back(Field::after_photos);
  if (request.point) {
    if (!geo::to_nano(*request.point)) return fail(invalid_point());
    present.present.push_back(Field::location);
  }

  // Who may never take the action learns that first: nothing of the case, its existence, version
  // or state, comes into the answer.
  UG_TRY(access::require(caller, workflow::permission_of(action)));
  const auto now_ms = settings_.clock();
  return commit(idempotency, [&](storage::Transaction& tx) -> Result<CaseView> {
    auto& cases = tx.cases();
    UG_TRY_ASSIGN(auto found, cases.find(id));
    if (!found || (scoped && !visible(caller, found->projection))) return fail(ErrorCode::not_found, {});
    auto& before = found->projection;
    const workflow::CaseFacts facts{before.state, before.channel, before.pending, !before.satisfaction.empty()};
    const auto refuse = [&](Error e) {
      std::vector<std::string> allowed;
      for (const auto a : workflow::allowed_actions(facts, caller)) allowed.emplace_back(workflow::to_string(a));
      e.details.erase(std::remove_if(e.details.begin(), e.details.end(),
                                     [](const auto& d) { return d.first == "state" || d.first == "allowed_actions"; }),
                      e.details.end());
      e.with("state", std::string(workflow::to_string(before.state)))
          .with("version", before.version)
          .with("allowed_actions", allowed);
      return fail(std::move(e));
    };
    if (request.version != before.version) {
      // refuse() adds the current version as detail `version`.
      return refuse(Error(ErrorCode::conflict, "case.version_stale").with("requested_version", request.version));
    }
    auto decided = workflow::decide(facts, action, caller, present, settings_.extra_required);
    if (!decided) {
      const auto code = decided.error().code;
      if (code == ErrorCode::illegal_transition || code == ErrorCode::conflict) return refuse(decided.error());
      return tl::unexpected(decided.error());
    }
    const workflow::Transition& t = **decided;

    workflow::CaseEvent event;
    event.case_id = before.id;
    event.sequence = before.version + 1;
    event.action = action;
    event.actor = caller.username;
    if (caller.user_id != 0) event.actor_user_id = caller.user_id;
    event.role = access::acting_role(caller, t.permission);
    event.channel = caller.channel.empty() ? std::string(kStaffChannel) : caller.channel;
    event.at_ms = std::max(now_ms, before.updated_at_ms);
    event.from = before.state;
    event.to = t.to;
    auto& pl = event.payload;
    if (!request.comment.empty()) pl.emplace_back(payload::comment, request.comment);
    if (!request.reason.empty()) pl.emplace_back(payload::reason, request.reason);
    append_attachments(pl, request.attachments);

    std::string category = before.category_code;
    std::string urgency = before.urgency;
    const auto routing_now = [&]() -> Result<RoutingSuggestion> {
      return routing_.suggest(tx, category, point_of(before),
                              catalog::parse_urgency(urgency).value_or(catalog::Urgency::normal));
    };
    const auto handling_payload = [&](calendar::TimeLimit limit) {
      pl.emplace_back(payload::handling_limit, calendar::format_limit(limit));
      const auto work = calendar_.current();
      if (const auto due = work->due(event.at_ms / 1000, limit.value, limit.unit)) {
        pl.emplace_back(payload::handling_due, calendar::format_iso8601(due->at, work->config().utc_offset_minutes));
      }
    };

    switch (t.effect) {
      case Effect::categorise: {
        if (!is_digits(request.category, 5)) return fail(invalid("category", "case.category_code_format"));
        UG_TRY(catalog::urgency_named(request.urgency));
        category = request.category;
        urgency = request.urgency;
        UG_TRY_ASSIGN(auto routing, routing_now());  // also checks the category
        pl.emplace_back(payload::category, category);
        pl.emplace_back(payload::urgency, urgency);
        pl.emplace_back(payload::suggested_department, routing.decision.department_id);
        break;
      }
      case Effect::dispatch_to_unit: {
        if (category.empty()) return fail(invalid("category", "case.dispatch_without_category"));
        UG_TRY_ASSIGN(auto units, tx.org_units().all());
        const auto unit = std::find_if(units.begin(), units.end(), [&](const auto& u) {
          return u.id == request.department && u.active && (u.kind == "department" || u.kind == "street_office");
        });
        if (unit == units.end()) {
          return fail(invalid("department", "case.department_not_dispatchable").with("department", request.department));
        }
        UG_TRY_ASSIGN(auto routing, routing_now());
        pl.emplace_back(payload::department, request.department);
        pl.emplace_back(payload::suggested_department, routing.decision.department_id);
        pl.emplace_back(payload::rule, routing.decision.rule ? std::to_string(routing.decision.rule->id) : "fallback");
        handling_payload(routing.decision.limit);
        break;
      }
      case Effect::extension_amount:  // a request names it; an approval may grant another amount
        if (!request.extension.empty()) {
          UG_TRY_ASSIGN(const auto amount, parse_extension(request.extension, before));
          pl.emplace_back(payload::extension, calendar::format_limit(amount));
        }
        break;
      case Effect::merge_into_target: {
        if (request.merge_target == before.id) return fail(invalid("merge_target", "case.merge_into_itself"));
        UG_TRY_ASSIGN(auto target, cases.find(request.merge_target));
        if (!target || !visible(caller, target->projection)) {
          return fail(invalid("merge_target", "case.merge_target_unknown").with("merge_target", request.merge_target));
        }
        if (workflow::is_terminal(target->projection.state)) {
          return fail(invalid("merge_target", "case.merge_target_closed"));
        }
        pl.emplace_back(payload::merge_target, request.merge_target);
        break;
      }
      case Effect::place_on_map:
        append_place_payload(pl, *request.point, grids_.locate(*request.point));
        break;
      case Effect::restart_handling_limit:
        if (settings_.rework_restarts_handling) {
          UG_TRY_ASSIGN(auto routing, routing_now());
          handling_payload(routing.decision.limit);
        }
        break;
      case Effect::record_satisfaction: {
        const auto satisfaction = workflow::parse_satisfaction(request.satisfaction);
        if (!satisfaction) return fail(invalid("satisfaction", "case.satisfaction_value"));
        pl.emplace_back(payload::satisfaction, std::string(*satisfaction));
        break;
      }
      case Effect::none:
        break;
    }
    if (workflow::stage_of(t.to) != workflow::stage_of(before.state)) {
      for (auto& kv : stage_payload(t.to, event.at_ms)) pl.push_back(std::move(kv));
    }

    UG_TRY_ASSIGN(auto projection, workflow::apply_event(before, event));
    UG_TRY_ASSIGN(auto row, finish_row(projection));
    UG_TRY_ASSIGN(auto updated, cases.update(row, before.version));
    if (!updated) return refuse(Error(ErrorCode::conflict, "case.updated_concurrently"));
    UG_TRY(cases.append_event(event));
    UG_TRY_ASSIGN(auto history, cases.events(event.case_id));
    const std::span<const workflow::CaseEvent> after(history);
    UG_TRY(totals_.record(tx, after.first(after.size() - 1), after));
    UG_TRY(bind_attachments(tx, caller, request.attachments, event.case_id, workflow::photo_role(t), event.sequence,
                            settings_.attachments_per_action));
    UG_TRY(WebhookService::enqueue_case_event(tx, row.projection, event, settings_.utc_offset_minutes));
    auto view = view_of(caller, std::move(row), now_ms);
    view.events = {event};
    UG_TRY(fill_attachments(tx, view));
    return view;
  });
}

Result<PublicCaseView> CaseService::public_rate(const std::string& tracking_code, const std::string& satisfaction,
                                                const std::string& comment, const std::string& address) {
  UG_TRY_ASSIGN(auto found,
                db_.read([&](storage::Transaction& tx) { return tx.cases().find_by_tracking_code(tracking_code); }));
  if (!found) return fail(ErrorCode::not_found, "case.tracking_code_unknown");
  ActionRequest request;
  request.version = found->projection.version;
  request.satisfaction = satisfaction;
  request.comment = comment;
  UG_TRY(act_as(public_reporter(address), found->projection.id, Action::callback, request, nullptr, false));
  return public_view(tracking_code);
}

}  // namespace ug::service
