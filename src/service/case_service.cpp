// CaseService: validation of what callers send, the workflow table's decision, the event with the
// limits and deadlines it starts, the projection and schedule, and one transaction per change.
#include "service/case_service.hpp"

#include "workflow/supervision.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>

#include "catalog/routing.hpp"
#include "core/text.hpp"
#include "service/attachment_service.hpp"
#include "service/audit_log.hpp"
#include "service/secrets.hpp"
#include "service/webhook_service.hpp"

namespace ug::service {
namespace {

using workflow::Action;
using workflow::Effect;
using workflow::Field;
using workflow::State;
namespace payload = workflow::payload;

constexpr std::size_t kTrackingCodeLength = 10;
// The channel recorded on an action by staff signed in or using a token without a channel of its
// own; a system's token and the public routes record theirs.
constexpr std::string_view kStaffChannel = "staff";

Error invalid_point() { return invalid("lon", "case.point_out_of_range"); }

// The point of an intake or a `place`, and the grid and divisions found there, into the payload
// (decimal degrees with 9 decimals: the nanodegrees exactly).
void append_attachments(std::vector<std::pair<std::string, std::string>>& pl, const std::vector<std::string>& ids) {
  if (ids.empty()) return;
  std::string joined;
  for (const auto& id : ids) joined += (joined.empty() ? "" : ",") + id;
  pl.emplace_back(payload::attachments, joined);
}

std::optional<geo::LonLat> point_of(const workflow::CaseProjection& p) {
  if (!p.located()) return std::nullopt;
  return geo::to_degrees({*p.lon_nano, *p.lat_nano});
}

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

std::string describe_difference(const workflow::CaseProjection& stored, const workflow::CaseProjection& folded) {
  std::vector<std::string> fields;
  const auto check = [&](bool same, std::string_view name) {
    if (!same) fields.emplace_back(name);
  };
  check(stored.version == folded.version, "version");
  check(stored.state == folded.state, "state");
  check(stored.channel == folded.channel, "channel");
  check(stored.category_code == folded.category_code, "category");
  check(stored.urgency == folded.urgency, "urgency");
  check(stored.department_id == folded.department_id, "department");
  check(stored.pending == folded.pending, "pending");
  check(stored.rework_count == folded.rework_count && stored.reopen_count == folded.reopen_count &&
            stored.return_count == folded.return_count && stored.dispatch_count == folded.dispatch_count,
        "counts");
  check(stored.stage_clock == folded.stage_clock, "stage_clock");
  check(stored.handling_clock == folded.handling_clock, "handling_clock");
  check(stored.created_at_ms == folded.created_at_ms && stored.updated_at_ms == folded.updated_at_ms &&
            stored.closed_at_ms == folded.closed_at_ms,
        "times");
  if (fields.empty()) fields.emplace_back("other fields");
  std::string out;
  for (const auto& f : fields) out += (out.empty() ? "" : ", ") + f;
  return out;
}

// "My queue" from the workflow table: the states in which the caller's roles move a case on, and
// the requests they decide. Actions open in many states (merge, void requests,
// callbacks, reopening, a department's own requests, placing on the map) do not put a case in
// anyone's queue.
void fill_queue(const access::Principal& caller, storage::CaseScope& scope) {
  static constexpr std::array kNotQueued = {Action::merge,           Action::request_void,   Action::callback,
                                            Action::reopen,          Action::request_return, Action::request_extension,
                                            Action::request_suspend, Action::place};
  scope.queue_states.clear();
  scope.queue_pending = 0;
  for (const auto& t : workflow::transitions()) {
    if (!t.from || !access::can(caller, t.permission) ||
        std::find(kNotQueued.begin(), kNotQueued.end(), t.action) != kNotQueued.end()) {
      continue;
    }
    if (std::find(t.guards.begin(), t.guards.end(), workflow::Guard::pending) != t.guards.end()) {
      scope.queue_pending |= t.pending_kind;
      continue;
    }
    const std::string state(workflow::to_string(*t.from));
    if (std::find(scope.queue_states.begin(), scope.queue_states.end(), state) == scope.queue_states.end()) {
      scope.queue_states.push_back(state);
    }
  }
}

}  // namespace

evaluation::AfterHandlingLimits after_handling_limits(const CaseSettings& settings) {
  evaluation::AfterHandlingLimits out;
  if (const auto check = settings.stage_limits.find(workflow::Stage::check); check != settings.stage_limits.end()) {
    out.check = check->second;
  }
  if (const auto close = settings.stage_limits.find(workflow::Stage::close); close != settings.stage_limits.end()) {
    out.close = close->second;
  }
  return out;
}

Result<void> check_text_size(std::string_view field, const std::string& text, std::size_t max_bytes) {
  if (text.size() > max_bytes) {
    return fail(invalid(std::string(field), "field.too_long").with("max_bytes", static_cast<std::int64_t>(max_bytes)));
  }
  return {};
}

std::string local_day(std::int64_t at_ms, int utc_offset_minutes) {
  using namespace std::chrono;
  const auto local = sys_seconds{seconds{at_ms / 1000 + utc_offset_minutes * 60}};
  const year_month_day ymd{floor<days>(local)};
  return fmt::format("{:04}{:02}{:02}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                     static_cast<unsigned>(ymd.day()));
}

void append_place_payload(std::vector<std::pair<std::string, std::string>>& pl, geo::LonLat point,
                          const std::optional<GridPlace>& place) {
  const auto nano = geo::to_nano(point);
  pl.emplace_back(payload::lon, format_fixed(nano->x, 9));
  pl.emplace_back(payload::lat, format_fixed(nano->y, 9));
  if (!place) return;
  pl.emplace_back(payload::grid, place->code);
  if (place->community) pl.emplace_back(payload::community, place->community->code);
  if (place->street) pl.emplace_back(payload::street, place->street->code);
  if (place->district) pl.emplace_back(payload::district, place->district->code);
}

std::string CaseService::channel_of(const access::Principal& caller) {
  if (!caller.channel.empty()) return caller.channel;
  const auto has = [&](access::Role r) {
    return std::find(caller.roles.begin(), caller.roles.end(), r) != caller.roles.end();
  };
  if (has(access::Role::integration)) return "external_api";
  if (has(access::Role::supervisor)) return "supervisor";
  if (has(access::Role::operator_)) return "hotline_12319";
  if (has(access::Role::leader)) return "leader_assigned";
  if (has(access::Role::citizen)) return "citizen_web";
  return "import";
}

access::Principal CaseService::public_reporter(const std::string& address) {
  access::Principal p;
  p.username = "public";
  p.roles = {access::Role::citizen};
  p.channel = "citizen_web";
  p.address = address;
  return p;
}

// A search text that looks like a number or code is first looked up as one (indexed equalities:
// case number, tracking code, phone …); only when that finds nothing is it searched as words (a scan
// of the description and address), so "G104" still finds a road number written in an address.
template <class Read, class Empty>
auto as_code_then_words(storage::CaseQuery& query, Read read, Empty empty) -> decltype(read()) {
  query.scope.text_as_code = storage::is_search_code(query.filter.text);
  auto found = read();
  if (!query.scope.text_as_code || !found || !empty(*found)) return found;
  query.scope.text_as_code = false;
  return read();
}

bool CaseService::visible(const access::Principal& caller, const workflow::CaseProjection& p) const {
  if (!access::can(caller, access::Permission::view_case)) return false;
  // Until it is placed, a case has no region: the centre must reach it whatever its scope, or an
  // address-only hotline report would sit unseen with its deadline running.
  if (p.grid_code.empty() && access::works_in_centre(caller)) return true;
  return access::sees_region(caller, p.grid_code) &&
         (caller.department_scopes.empty() || access::sees_department(caller, p.department_id));
}

bool CaseService::reported_by(const access::Principal& caller, const workflow::CaseProjection& p) {
  return caller.user_id != 0 && p.reporter_user_id == caller.user_id;
}

storage::CaseQuery CaseService::scoped(const access::Principal& caller, storage::CaseFilter filter) const {
  storage::CaseQuery query{std::move(filter), {}};
  auto& scope = query.scope;
  if (access::can(caller, access::Permission::view_case)) {
    scope.regions = caller.region_scopes;
    scope.departments = caller.department_scopes;
  }  // else nothing but their own reports
  scope.unplaced = access::works_in_centre(caller);
  // A search by tracking code, external reference or phone is for those who may see contacts.
  scope.text_in_contacts = access::can(caller, access::Permission::view_reporter_contact);
  // Reporters also see their own reports, except in "my queue", which is work to do in one's scope.
  // Leaving the clause out there also keeps the queue on its index: OR-ed with the scope it made a
  // department's queue read every open case (67 ms at 10,000,000 cases: bench/case_queue.sh).
  if (caller.user_id != 0 && !query.filter.queue) scope.reporter_user_id = caller.user_id;
  if (query.filter.queue) fill_queue(caller, scope);
  scope.now_ms = settings_.clock();
  return query;
}

Result<storage::CaseRow> CaseService::finish_row(const workflow::CaseProjection& projection) const {
  UG_TRY_ASSIGN(auto schedule, workflow::schedule_of(projection, *calendar_.current(), calendar_.thresholds()));
  return storage::CaseRow{projection, schedule};
}

std::vector<std::pair<std::string, std::string>> CaseService::stage_payload(State to, std::int64_t at_ms) const {
  const auto stage = workflow::stage_of(to);
  const auto limit = settings_.stage_limits.find(stage);
  if (limit == settings_.stage_limits.end()) return {};
  const auto work = calendar_.current();
  const auto due = work->due(at_ms / 1000, limit->second.value, limit->second.unit);
  std::vector<std::pair<std::string, std::string>> out = {
      {std::string(payload::stage_limit), calendar::format_limit(limit->second)}};
  if (due) {
    out.emplace_back(payload::stage_due, calendar::format_iso8601(due->at, work->config().utc_offset_minutes));
  }
  return out;
}

CaseView CaseService::view_of(const access::Principal& caller, storage::CaseRow row, std::int64_t now_ms) const {
  CaseView view;
  const auto& p = row.projection;
  const auto work = calendar_.current();
  if (const auto clock = workflow::current_clock(p)) {
    if (auto r = calendar::read_clock(*work, *clock, now_ms / 1000, calendar_.thresholds())) view.stage_reading = *r;
  }
  if (p.handling_clock && (p.state == State::dispatched || p.state == State::handling || p.state == State::suspended)) {
    if (auto r = calendar::read_clock(*work, *p.handling_clock, now_ms / 1000, calendar_.thresholds())) {
      view.handling_reading = *r;
    }
  }
  const workflow::CaseFacts facts{p.state, p.channel, p.pending, !p.satisfaction.empty()};
  view.allowed_actions = workflow::allowed_actions(facts, caller);
  view.action_fields = workflow::action_fields(facts, caller, settings_.extra_required);
  view.row = std::move(row);
  return view;
}

Result<CaseOutcome> CaseService::commit(const IdempotentRequest* idempotency,
                                        const std::function<Result<CaseView>(storage::Transaction&)>& change) {
  if (idempotency != nullptr) {
    UG_TRY_ASSIGN(auto earlier, db_.read([&](storage::Transaction& tx) {
      return tx.idempotency().find(idempotency->scope, idempotency->key);
    }));
    if (earlier) {
      if (earlier->request_fingerprint != idempotency->fingerprint) {
        return fail(invalid("Idempotency-Key", "case.idempotency_key_reused"));
      }
      return CaseOutcome{std::nullopt, *earlier};
    }
  }
  auto done = db_.write([&](storage::Transaction& tx) -> Result<CaseView> {
    auto view = change(tx);
    if (!view) return view;
    if (idempotency != nullptr) {
      UG_TRY(tx.idempotency().insert({idempotency->scope, idempotency->key, idempotency->fingerprint,
                                      idempotency->status, idempotency->render(*view), settings_.clock()}));
    }
    return view;
  });
  if (done) {
    if (feed_ != nullptr && !done->events.empty()) {
      const auto& e = done->events.back();
      feed_->publish(
          {e.log_id, "case", done->row.projection, std::string(workflow::to_string(e.action)), {}, {}, e.at_ms});
    }
    return CaseOutcome{std::move(*done), std::nullopt};
  }
  if (idempotency != nullptr && done.error().code == ErrorCode::conflict) {
    // A concurrent request with the same key committed first: answer as it did.
    auto earlier =
        db_.read([&](storage::Transaction& tx) { return tx.idempotency().find(idempotency->scope, idempotency->key); });
    if (earlier && *earlier && (*earlier)->request_fingerprint == idempotency->fingerprint) {
      return CaseOutcome{std::nullopt, **earlier};
    }
  }
  return tl::unexpected(done.error());
}

Result<CaseOutcome> CaseService::intake(const access::Principal& caller, const IntakeRequest& request,
                                        const IdempotentRequest* idempotency) {
  // Values first: each failure names its field.
  const auto description = std::string(trim_blanks(request.description));
  // Line breaks and ideographic spaces (U+3000) alone describe nothing either (issue 19).
  const auto blank = [](std::string_view text) {
    constexpr std::string_view ideographic_space = "\xE3\x80\x80";
    while (!text.empty()) {
      if (text.starts_with(ideographic_space)) {
        text.remove_prefix(ideographic_space.size());
      } else if (std::isspace(static_cast<unsigned char>(text.front())) != 0) {
        text.remove_prefix(1);
      } else {
        return false;
      }
    }
    return true;
  };
  if (blank(description)) return fail(invalid("description", "case.description_blank"));
  UG_TRY(check_text_size("description", description));
  UG_TRY(check_text_size("address", request.address, TextLimits::address));
  UG_TRY(check_text_size("reporter_name", request.reporter_name, TextLimits::name));
  UG_TRY(check_text_size("external_ref", request.external_ref, TextLimits::external_ref));
  UG_TRY(check_text_size("comment", request.comment));
  if (!request.reporter_phone.empty() &&
      (request.reporter_phone.size() > TextLimits::phone ||
       !std::all_of(request.reporter_phone.begin(), request.reporter_phone.end(),
                    [](char c) { return (c >= '0' && c <= '9') || c == '+' || c == '-' || c == ' '; }))) {
    return fail(invalid("reporter_phone", "case.reporter_phone_format"));
  }
  UG_TRY(catalog::urgency_named(request.urgency));
  if (!request.category.empty() && !is_digits(request.category, 5)) {
    return fail(invalid("category", "case.category_code_format"));
  }
  if (request.point && !geo::to_nano(*request.point)) return fail(invalid_point());
  const std::string channel = channel_of(caller);
  const auto action = request.self_handled ? Action::self_handle : Action::report;
  workflow::ActionInput present;
  if (!trim_blanks(request.comment).empty()) present.present.push_back(Field::comment);
  if (!request.attachments.empty()) present.present.push_back(Field::after_photos);
  UG_TRY_ASSIGN(auto row,
                workflow::decide({std::nullopt, channel, 0}, action, caller, present, settings_.extra_required));

  const auto now_ms = settings_.clock();
  const auto day = local_day(now_ms, settings_.utc_offset_minutes);
  auto outcome = commit(idempotency, [&](storage::Transaction& tx) -> Result<CaseView> {
    auto& cases = tx.cases();
    if (!request.external_ref.empty()) {
      UG_TRY_ASSIGN(auto existing, cases.id_by_external_ref(channel, request.external_ref));
      if (existing) return fail(Error(ErrorCode::conflict, "case.external_ref_reported").with("case", *existing));
    }
    std::optional<geo::LonLat> point = request.point;
    if (!request.component_id.empty()) {
      UG_TRY_ASSIGN(auto component, tx.components().find(request.component_id));
      if (!component) {
        return fail(invalid("component_id", "case.component_unknown").with("component", request.component_id));
      }
      if (!point) point = geo::to_degrees({component->lon_nano, component->lat_nano});
    }
    if (!point && trim_blanks(request.address).empty()) {
      return fail(invalid("lon", "case.location_required"));
    }
    const auto place = point ? grids_.locate(*point) : std::nullopt;  // located once, used below
    if (request.self_handled) {
      // 自处理 acts on the case: anyone may report anywhere, but handle only where they work.
      if (!access::sees_region(caller, place ? place->code : std::string())) {
        return fail(
            Error(ErrorCode::forbidden, "case.self_handle_out_of_scope").with("field", std::string("self_handled")));
      }
    }
    if (!request.category.empty()) {
      UG_TRY_ASSIGN(auto category, tx.categories().find("matter", request.category));
      if (!category || !category->enabled) {
        return fail(invalid("category", "case.category_unknown_or_disabled").with("category", request.category));
      }
    }
    UG_TRY_ASSIGN(auto number, cases.next_numbers(day));
    if (number > 999'999) return fail(ErrorCode::unavailable, "case.numbers_exhausted");

    workflow::CaseEvent event;
    event.case_id = day + fmt::format("{:06}", number);
    event.sequence = 1;
    event.action = action;
    event.actor = caller.username;
    if (caller.user_id != 0) event.actor_user_id = caller.user_id;
    event.role = access::acting_role(caller, row->permission);
    event.channel = channel;
    event.at_ms = now_ms;
    event.to = row->to;
    auto& pl = event.payload;
    pl.emplace_back(payload::description, description);
    if (!request.category.empty()) pl.emplace_back(payload::category, request.category);
    if (!request.component_id.empty()) pl.emplace_back(payload::component, request.component_id);
    pl.emplace_back(payload::urgency, request.urgency);
    if (point) append_place_payload(pl, *point, place);
    if (!request.address.empty()) pl.emplace_back(payload::address, std::string(trim_blanks(request.address)));
    if (!request.external_ref.empty()) pl.emplace_back(payload::external_ref, request.external_ref);
    if (workflow::is_public_channel(channel)) pl.emplace_back(payload::tracking_code, random_code(kTrackingCodeLength));
    if (!request.comment.empty()) pl.emplace_back(payload::comment, request.comment);
    append_attachments(pl, request.attachments);
    for (auto& kv : stage_payload(event.to, now_ms)) pl.push_back(std::move(kv));

    UG_TRY_ASSIGN(auto projection, workflow::apply_event(std::nullopt, event));
    UG_TRY_ASSIGN(auto case_row, finish_row(projection));
    UG_TRY(cases.insert(case_row));
    UG_TRY(cases.append_event(event));
    UG_TRY(totals_.record(tx, {}, std::span<const workflow::CaseEvent>(&event, 1)));
    UG_TRY(bind_attachments(tx, caller, request.attachments, event.case_id, workflow::photo_role(*row), event.sequence,
                            settings_.attachments_per_action));
    UG_TRY(WebhookService::enqueue_case_event(tx, case_row.projection, event, settings_.utc_offset_minutes));
    if (!request.reporter_name.empty() || !request.reporter_phone.empty()) {
      UG_TRY(cases.set_reporter(event.case_id, request.reporter_name, request.reporter_phone));
    }
    auto view = view_of(caller, std::move(case_row), now_ms);
    view.events = {event};
    UG_TRY(fill_attachments(tx, view));
    view.reporter = access::contact_for(caller, {request.reporter_name, request.reporter_phone});
    if (!request.category.empty()) {
      // The category was checked above; the table is the routing service's cached one.
      auto routing = routing_.suggest_at(tx, request.category, place,
                                         catalog::parse_urgency(request.urgency).value_or(catalog::Urgency::normal));
      if (routing) view.routing = std::move(*routing);
    }
    // Duplicate suggestions, from what the caller may see, are part of the answer the key stores:
    // a replay answers exactly as the first time.
    if (point) {
      UG_TRY_ASSIGN(auto found, duplicates_in(tx, caller, *point, request.category));
      for (auto& d : found) {
        if (d.id != event.case_id) view.duplicates.push_back(std::move(d));
      }
    }
    return view;
  });
  return outcome;
}

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

Result<CaseView> CaseService::get(const access::Principal& caller, const std::string& id) {
  const auto now_ms = settings_.clock();
  return db_.read([&](storage::Transaction& tx) -> Result<CaseView> {
    UG_TRY_ASSIGN(auto found, tx.cases().find(id));
    if (!found || !visible(caller, found->projection)) return fail(ErrorCode::not_found, {});
    UG_TRY_ASSIGN(auto events, tx.cases().events(id));
    UG_TRY_ASSIGN(auto contact, tx.cases().reporter(id));
    UG_TRY_ASSIGN(auto merged, tx.cases().merged_count(id));
    UG_TRY_ASSIGN(auto notices, tx.processes().count_by_case(workflow::supervision::process, {id}));
    auto view = view_of(caller, std::move(*found), now_ms);
    view.events = std::move(events);
    view.supervision_notices = notices[id];
    if (contact) view.reporter = access::contact_for(caller, {contact->first, contact->second});
    view.merged_reports = merged;
    UG_TRY(fill_attachments(tx, view));
    const auto& p = view.row.projection;
    if (p.state == State::pending_dispatch && !p.category_code.empty() &&
        access::can(caller, access::Permission::case_dispatch)) {
      auto routing = routing_.suggest(tx, p.category_code, point_of(p),
                                      catalog::parse_urgency(p.urgency).value_or(catalog::Urgency::normal));
      if (routing) view.routing = std::move(*routing);
    }
    return view;
  });
}

Result<std::vector<workflow::CaseEvent>> CaseService::events(const access::Principal& caller, const std::string& id) {
  return db_.read([&](storage::Transaction& tx) -> Result<std::vector<workflow::CaseEvent>> {
    UG_TRY_ASSIGN(auto found, tx.cases().find(id));
    if (!found || !visible(caller, found->projection)) return fail(ErrorCode::not_found, {});
    return tx.cases().events(id);
  });
}

Result<std::vector<CaseView>> CaseService::list(const access::Principal& caller, storage::CaseFilter filter) {
  auto query = scoped(caller, std::move(filter));
  UG_TRY(audit_contact_search(caller, query));
  return db_.read([&](storage::Transaction& tx) -> Result<std::vector<CaseView>> {
    UG_TRY_ASSIGN(auto rows, as_code_then_words(
                                 query, [&] { return tx.cases().list(query); },
                                 [](const std::vector<storage::CaseRow>& r) { return r.empty(); }));
    std::vector<std::string> ids;
    for (const auto& row : rows) ids.push_back(row.projection.id);
    UG_TRY_ASSIGN(auto notices, tx.processes().count_by_case(workflow::supervision::process, ids));
    std::vector<CaseView> out;
    out.reserve(rows.size());
    for (auto& row : rows) {
      UG_TRY_ASSIGN(auto contact, tx.cases().reporter(row.projection.id));
      const auto notice_count = notices.find(row.projection.id);
      const bool in_scope = visible(caller, row.projection);
      out.push_back(view_of(caller, std::move(row), query.scope.now_ms));
      if (!in_scope) {  // one's own report elsewhere: its status only
        out.back().allowed_actions.clear();
        out.back().action_fields.clear();
      }
      if (contact) out.back().reporter = access::contact_for(caller, {contact->first, contact->second});
      if (notice_count != notices.end()) out.back().supervision_notices = notice_count->second;
    }
    return out;
  });
}

Result<void> CaseService::audit_contact_search(const access::Principal& caller, const storage::CaseQuery& query) {
  if (!query.scope.text_in_contacts) return {};
  const auto digits = storage::phone_search_digits(query.filter.text);
  if (digits.empty()) return {};
  // Looking a person up by their number is recorded: who searched which number (as the log shows
  // numbers, masked), and when.
  const auto shown = digits.size() == 4 ? "****" + digits : access::mask_phone(digits);
  return db_.write(
      [&](storage::Transaction& tx) { return append_audit(tx, caller, "case.search_phone", shown, "ok", "{}"); });
}

Result<std::vector<storage::StateCount>> CaseService::counts(const access::Principal& caller,
                                                             storage::CaseFilter filter) {
  auto query = scoped(caller, std::move(filter));
  return db_.read([&](storage::Transaction& tx) {
    return as_code_then_words(
        query, [&] { return tx.cases().count_by_state(query); },
        [](const std::vector<storage::StateCount>& c) { return c.empty(); });
  });
}

Result<std::vector<storage::GroupCount>> CaseService::counts_by(const access::Principal& caller,
                                                                storage::CaseFilter filter, storage::CaseGroup group) {
  auto query = scoped(caller, std::move(filter));
  return db_.read([&](storage::Transaction& tx) {
    return as_code_then_words(
        query, [&] { return tx.cases().count_by(query, group, settings_.utc_offset_minutes); },
        [](const std::vector<storage::GroupCount>& c) { return c.empty(); });
  });
}

Result<std::vector<DuplicateCandidate>> CaseService::duplicates(const access::Principal& caller, geo::LonLat point,
                                                                const std::string& category) {
  if (!category.empty() && !is_digits(category, 5)) return fail(invalid("category", "case.category_code_format"));
  return db_.read([&](storage::Transaction& tx) { return duplicates_in(tx, caller, point, category); });
}

Result<std::vector<DuplicateCandidate>> CaseService::duplicates_in(storage::Transaction& tx,
                                                                   const access::Principal& caller, geo::LonLat point,
                                                                   const std::string& category) const {
  double radius = settings_.duplicate_radius_m;
  if (const auto r = settings_.duplicate_radius_by_category.find(category);
      r != settings_.duplicate_radius_by_category.end()) {
    radius = r->second;
  }
  const auto box = geo::box_around(point, radius);
  if (!box) return fail(invalid_point());
  const auto since = settings_.clock() - std::int64_t{settings_.duplicate_window_hours} * 3'600'000;
  // Every grid a point of the box can lie in, and "" for cases reported outside all grids.
  std::vector<std::string> grid_codes = {""};
  if (const auto snapshot = grids_.snapshot()) {
    for (const auto i : snapshot->index().meeting(*box)) grid_codes.push_back(snapshot->index().grids()[i].code);
  }
  UG_TRY_ASSIGN(auto rows,
                tx.cases().open_in_box(box->min.x, box->min.y, box->max.x, box->max.y, grid_codes, since, category));
  std::vector<DuplicateCandidate> out;
  for (const auto& row : rows) {
    const auto& p = row.projection;
    if (!visible(caller, p)) continue;
    const double d = geo::distance_metres(point, geo::to_degrees({*p.lon_nano, *p.lat_nano}));
    if (d > radius) continue;
    out.push_back(
        {p.id, std::string(workflow::to_string(p.state)), p.category_code, p.description, d, p.created_at_ms});
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.distance_m != b.distance_m ? a.distance_m < b.distance_m : a.id > b.id;
  });
  return out;
}

Result<Ledger> CaseService::ledger(const access::Principal& caller, Action action, std::optional<std::int64_t> from_ms,
                                   std::optional<std::int64_t> to_ms, int limit) {
  UG_TRY(access::require(caller, access::Permission::view_case));
  const auto scope = scoped(caller, {});
  const auto now_ms = scope.scope.now_ms;
  constexpr std::int64_t kDefaultDays = 30;
  UG_TRY_ASSIGN(auto entries, db_.read([&](storage::Transaction& tx) {
    return tx.cases().ledger_events(action, from_ms.value_or(now_ms - kDefaultDays * 86'400'000),
                                    to_ms.value_or(now_ms + 1), scope, limit);
  }));
  return Ledger{std::move(entries)};
}

Result<PublicCaseView> CaseService::public_view(const std::string& tracking_code) {
  return db_.read([&](storage::Transaction& tx) -> Result<PublicCaseView> {
    UG_TRY_ASSIGN(auto found, tx.cases().find_by_tracking_code(tracking_code));
    if (!found) return fail(ErrorCode::not_found, "case.tracking_code_unknown");
    UG_TRY_ASSIGN(auto events, tx.cases().events(found->projection.id));
    auto view = public_view_of(found->projection, events);
    UG_TRY_ASSIGN(auto photos, tx.attachments().of_case(found->projection.id));
    for (const auto& a : photos) view.attachments.emplace_back(a.id, a.role);
    return view;
  });
}

Result<PublicCaseView> CaseService::report_status(const access::Principal& caller, const std::string& id) {
  return db_.read([&](storage::Transaction& tx) -> Result<PublicCaseView> {
    UG_TRY_ASSIGN(auto found, tx.cases().find(id));
    if (!found || !(visible(caller, found->projection) || reported_by(caller, found->projection))) {
      return fail(ErrorCode::not_found, {});
    }
    UG_TRY_ASSIGN(auto events, tx.cases().events(id));
    auto view = public_view_of(found->projection, events);
    view.can_rate = false;              // rating is the tracking page's, by its code
    if (!view.tracking_code.empty()) {  // the public copies are reached through the tracking code
      UG_TRY_ASSIGN(auto photos, tx.attachments().of_case(id));
      for (const auto& a : photos) view.attachments.emplace_back(a.id, a.role);
    }
    return view;
  });
}

Result<std::string> CaseService::id_by_tracking_code(const std::string& tracking_code) {
  UG_TRY_ASSIGN(auto found,
                db_.read([&](storage::Transaction& tx) { return tx.cases().find_by_tracking_code(tracking_code); }));
  if (!found) return fail(ErrorCode::not_found, "case.tracking_code_unknown");
  return found->projection.id;
}

Result<bool> CaseService::can_see(const access::Principal& caller, const std::string& id) {
  UG_TRY_ASSIGN(auto found, db_.read([&](storage::Transaction& tx) { return tx.cases().find(id); }));
  return found && visible(caller, found->projection);
}

Result<void> CaseService::fill_attachments(storage::Transaction& tx, CaseView& view) const {
  UG_TRY_ASSIGN(auto photos, tx.attachments().of_case(view.row.projection.id));
  view.attachments = std::move(photos);
  return {};
}

PublicCaseView CaseService::public_view_of(const workflow::CaseProjection& p,
                                           const std::vector<workflow::CaseEvent>& events) {
  PublicCaseView view;
  view.tracking_code = p.tracking_code;
  view.state = std::string(workflow::to_string(p.state));
  view.category_code = p.category_code;
  view.created_at_ms = p.created_at_ms;
  view.updated_at_ms = p.updated_at_ms;
  view.satisfaction = p.satisfaction;
  for (const auto& e : events) {
    if (e.from != std::optional<State>(e.to) || e.action == Action::callback) {
      view.steps.emplace_back(workflow::to_string(e.action), e.at_ms);
    }
  }
  // The table decides, as for a callback by staff: closed, a public channel, not yet rated.
  const auto allowed =
      workflow::allowed_actions({p.state, p.channel, p.pending, !p.satisfaction.empty()}, public_reporter({}));
  view.can_rate = std::find(allowed.begin(), allowed.end(), Action::callback) != allowed.end();
  return view;
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

Result<std::int64_t> CaseService::recompute_open_schedules() {
  UG_TRY_ASSIGN(auto ids, db_.read([](storage::Transaction& tx) { return tx.cases().open_ids(); }));
  std::int64_t changed = 0;
  constexpr std::size_t kBatch = 500;
  for (std::size_t i = 0; i < ids.size(); i += kBatch) {
    UG_TRY_ASSIGN(auto batch, db_.write([&](storage::Transaction& tx) -> Result<std::int64_t> {
      std::int64_t n = 0;
      for (std::size_t j = i; j < std::min(ids.size(), i + kBatch); ++j) {
        UG_TRY_ASSIGN(auto row, tx.cases().find(ids[j]));
        if (!row) continue;
        UG_TRY_ASSIGN(auto schedule,
                      workflow::schedule_of(row->projection, *calendar_.current(), calendar_.thresholds()));
        if (schedule == row->schedule) continue;
        UG_TRY(tx.cases().update_schedule(ids[j], schedule));
        ++n;
      }
      return n;
    }));
    changed += batch;
  }
  return changed;
}

Result<RebuildReport> CaseService::rebuild(bool repair) {
  RebuildReport report;
  std::string after;
  constexpr int kBatch = 500;
  while (true) {
    struct Checked {
      std::vector<std::string> ids;
      std::vector<storage::CaseRow> fixes;
    };
    UG_TRY_ASSIGN(auto checked, db_.read([&](storage::Transaction& tx) -> Result<Checked> {
      Checked out;
      UG_TRY_ASSIGN(auto ids, tx.cases().ids_after(after, kBatch));
      out.ids = std::move(ids);
      for (const auto& id : out.ids) {
        UG_TRY_ASSIGN(auto stored, tx.cases().find(id));
        UG_TRY_ASSIGN(auto events, tx.cases().events(id));
        auto folded = workflow::project(events);
        if (!folded) {
          report.differences.push_back(id + ": " + folded.error().public_message());
          continue;
        }
        UG_TRY_ASSIGN(auto row, finish_row(*folded));
        if (!stored || !(*stored == row)) {
          report.differences.push_back(id + ": " +
                                       (!stored ? std::string("row missing")
                                                : (stored->projection == row.projection
                                                       ? std::string("schedule")
                                                       : describe_difference(stored->projection, row.projection))));
          if (stored) out.fixes.push_back(std::move(row));
        }
      }
      return out;
    }));
    report.cases += static_cast<std::int64_t>(checked.ids.size());
    if (repair && !checked.fixes.empty()) {
      UG_TRY_ASSIGN(auto written, db_.write([&](storage::Transaction& tx) -> Result<std::int64_t> {
        std::int64_t n = 0;
        for (const auto& fix : checked.fixes) {
          UG_TRY_ASSIGN(auto current, tx.cases().find(fix.projection.id));
          if (!current) continue;
          UG_TRY_ASSIGN(auto ok, tx.cases().update(fix, current->projection.version));
          n += ok ? 1 : 0;
        }
        return n;
      }));
      report.repaired += written;
    }
    if (checked.ids.size() < static_cast<std::size_t>(kBatch)) break;
    after = checked.ids.back();
  }
  return report;
}

}  // namespace ug::service
