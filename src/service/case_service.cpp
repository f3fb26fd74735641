// CaseService's shared half: who sees what (visibility, the scope of queues), the row and view of a
// case, the stage payload, and one transaction per change with its idempotency key. Its parts:
// case_intake.cpp (new cases), case_actions.cpp (actions), case_queries.cpp (reading) and
// case_maintenance.cpp (recomputing and rebuilding rows).
#include "service/case_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "core/text.hpp"
#include "service/case_parts.hpp"

namespace ug::service {
namespace {

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
  if (gazetteer_ != nullptr && p.located()) {
    view.place = gazetteer_->name_of(caller, geo::to_degrees({*p.lon_nano, *p.lat_nano})).label;
  }
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

}  // namespace ug::service
