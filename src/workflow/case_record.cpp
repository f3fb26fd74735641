// The projection fold: each event must be a row of the transition table from the current state;
// the clocks follow the table's HandlingClock effects and the limits recorded in the events.
#include "workflow/case_record.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace ug::workflow {
namespace {

constexpr int kNanoDecimals = 9;  // coordinates are recorded as decimal degrees with 9 decimals

calendar::UnixSeconds seconds(std::int64_t ms) { return ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000); }

}  // namespace

const std::string* CaseEvent::field(std::string_view name) const {
  for (const auto& [key, value] : payload) {
    if (key == name) return &value;
  }
  return nullptr;
}

Result<void> advance(std::optional<CaseProjection>& projection, const CaseEvent& event) {
  const bool first = !projection.has_value();
  const auto bad = [&](MessageKey why) {
    return Error(ErrorCode::validation_failed, why).with("case", event.case_id).with("sequence", event.sequence);
  };
  if (event.sequence != (first ? 1 : projection->version + 1)) return fail(bad("case_record.sequence_gap"));
  if (event.from != (first ? std::nullopt : std::optional<State>(projection->state))) {
    return fail(bad("case_record.wrong_from_state"));
  }
  const auto matches = [&](const Transition& t) {
    return t.from == event.from && t.action == event.action && t.to == event.to;
  };
  const auto rows = is_legacy(event.action) ? legacy_transitions() : transitions();
  const auto row = std::find_if(rows.begin(), rows.end(), matches);
  if (row == rows.end()) return fail(bad("case_record.transition_unknown"));
  // A case's channel is one the platform knows (DOMAIN.md §4): an event log that names another
  // (once the simulator's "camera_ai") would show a raw code wherever the channel is named.
  if (first && !is_channel(event.channel)) {
    return fail(bad("case_record.channel_unknown").with("channel", event.channel));
  }

  const auto text = [&](std::string_view key) -> std::string {
    const auto* v = event.field(key);
    return v != nullptr ? *v : std::string();
  };
  const auto limit = [&](std::string_view key) -> Result<std::optional<calendar::TimeLimit>> {
    const auto* v = event.field(key);
    if (v == nullptr) return std::optional<calendar::TimeLimit>{};
    const auto parsed = calendar::parse_limit(*v);
    if (!parsed) return fail(bad("case_record.limit_malformed").with("limit", *v));
    return parsed;
  };

  if (first) projection.emplace();
  CaseProjection& p = *projection;
  // The place of an intake or a later `place`: the point and the grid and divisions found there.
  const auto read_place = [&]() -> Result<void> {
    const auto* lon = event.field(payload::lon);
    const auto* lat = event.field(payload::lat);
    if ((lon == nullptr) != (lat == nullptr)) return fail(bad("case_record.coordinates_unpaired"));
    if (lon != nullptr) {
      p.lon_nano = parse_fixed(*lon, kNanoDecimals);
      p.lat_nano = parse_fixed(*lat, kNanoDecimals);
      if (!p.lon_nano || !p.lat_nano) return fail(bad("case_record.coordinates_malformed"));
    }
    p.grid_code = text(payload::grid);
    p.community_code = text(payload::community);
    p.street_code = text(payload::street);
    p.district_code = text(payload::district);
    return {};
  };
  if (first) {
    p.id = event.case_id;
    p.channel = event.channel;
    p.created_at_ms = event.at_ms;
    p.reporter_user_id = event.actor_user_id;
    p.tracking_code = text(payload::tracking_code);
    p.description = text(payload::description);
    p.category_code = text(payload::category);
    p.component_id = text(payload::component);
    if (const auto* u = event.field(payload::urgency)) p.urgency = *u;
    UG_TRY(read_place());
    p.address = text(payload::address);
    p.external_ref = text(payload::external_ref);
  }
  const State previous = p.state;
  p.version = event.sequence;
  p.state = event.to;
  p.updated_at_ms = event.at_ms;
  p.pending = pending_after(*row, p.pending);

  // The stage clock restarts whenever the case enters another stage with a limit of its own.
  const Stage stage = stage_of(event.to);
  const bool new_stage = first || stage_of(previous) != stage;
  if (stage == Stage::none || stage == Stage::handling) {
    p.stage_clock.reset();
  } else if (new_stage) {
    UG_TRY_ASSIGN(const auto stage_limit, limit(payload::stage_limit));
    if (stage_limit) {
      p.stage_clock = StageClock{stage, event.at_ms, *stage_limit};
    } else {
      p.stage_clock.reset();
    }
  }

  const auto at = seconds(event.at_ms);
  const auto open_suspension = [&] {
    return p.handling_clock && !p.handling_clock->suspensions.empty() && !p.handling_clock->suspensions.back().until;
  };
  switch (row->handling) {
    case HandlingClock::start: {
      UG_TRY_ASSIGN(const auto handling, limit(payload::handling_limit));
      if (!handling) return fail(bad("case_record.handling_limit_missing"));
      p.handling_clock = calendar::LimitClock{at, *handling, {}, {}};
      break;
    }
    case HandlingClock::pause:
    case HandlingClock::stop:
      if (p.handling_clock && !open_suspension()) p.handling_clock->suspensions.push_back({at, std::nullopt});
      break;
    case HandlingClock::resume:
      if (open_suspension()) p.handling_clock->suspensions.back().until = at;
      break;
    case HandlingClock::extend: {
      const auto* granted = event.field(payload::extension);
      const auto amount = calendar::parse_limit(granted != nullptr ? *granted : p.requested_extension);
      if (!amount) return fail(bad("case_record.extension_missing"));
      if (p.handling_clock) p.handling_clock->extensions.push_back(*amount);
      break;
    }
    case HandlingClock::restart: {
      // Rework: a fresh handling limit when the event records one, else the stopped clock goes on.
      UG_TRY_ASSIGN(const auto handling, limit(payload::handling_limit));
      if (handling) {
        p.handling_clock = calendar::LimitClock{at, *handling, {}, {}};
      } else if (open_suspension()) {
        p.handling_clock->suspensions.back().until = at;
      }
      break;
    }
    case HandlingClock::unchanged:
      break;
  }

  switch (event.action) {
    case Action::register_:
      if (const auto* c = event.field(payload::category)) p.category_code = *c;
      if (const auto* u = event.field(payload::urgency)) p.urgency = *u;
      p.suggested_department_id = text(payload::suggested_department);
      break;
    case Action::dispatch:
      p.department_id = text(payload::department);
      p.suggested_department_id = text(payload::suggested_department);
      ++p.dispatch_count;
      break;
    case Action::request_extension:
      p.requested_extension = text(payload::extension);
      break;
    case Action::approve_return:
      p.department_id.clear();
      ++p.return_count;
      break;
    case Action::merge:
      p.merged_into = text(payload::merge_target);
      break;
    case Action::check_fail:
      ++p.rework_count;
      break;
    case Action::reopen:
      ++p.reopen_count;
      p.closed_at_ms.reset();
      p.satisfaction.clear();
      break;
    case Action::callback:
      p.satisfaction = text(payload::satisfaction);
      break;
    case Action::place:
      if (event.field(payload::lon) == nullptr) return fail(bad("case_record.place_coordinates_missing"));
      UG_TRY(read_place());
      break;
    default:
      break;
  }
  if ((p.pending & bits(Pending::extension)) == 0) p.requested_extension.clear();
  if (is_terminal(p.state) && !is_terminal(previous)) p.closed_at_ms = event.at_ms;
  if (is_terminal(p.state)) p.handling_clock.reset();
  return {};
}

Result<CaseProjection> apply_event(const std::optional<CaseProjection>& before, const CaseEvent& event) {
  std::optional<CaseProjection> after = before;
  UG_TRY(advance(after, event));
  return std::move(*after);
}

Result<CaseProjection> project(const std::vector<CaseEvent>& events) {
  if (events.empty()) return fail(ErrorCode::validation_failed, "case_record.no_events");
  std::optional<CaseProjection> p;
  for (const auto& e : events) UG_TRY(advance(p, e));
  return std::move(*p);
}

std::optional<calendar::LimitClock> current_clock(const CaseProjection& p) {
  if (p.stage_clock) {
    return calendar::LimitClock{seconds(p.stage_clock->started_at_ms), p.stage_clock->limit, {}, {}};
  }
  if (p.state == State::handling && p.handling_clock) return p.handling_clock;
  return std::nullopt;
}

Result<CaseSchedule> schedule_of(const CaseProjection& p, const calendar::WorkCalendar& calendar,
                                 calendar::LightThresholds thresholds) {
  CaseSchedule s;
  if (const auto clock = current_clock(p)) {
    UG_TRY_ASSIGN(const auto reading, calendar::read_clock(calendar, *clock, clock->start, thresholds));
    const auto ms = [](const std::optional<calendar::UnixSeconds>& at) {
      return at ? std::optional<std::int64_t>(*at * 1000) : std::nullopt;
    };
    s.due_at_ms = ms(reading.due);
    s.yellow_at_ms = ms(reading.yellow_at);
    s.red_at_ms = ms(reading.red_at);
    s.provisional = reading.provisional;
  }
  if (p.handling_clock && (p.state == State::dispatched || p.state == State::handling)) {
    UG_TRY_ASSIGN(const auto reading,
                  calendar::read_clock(calendar, *p.handling_clock, p.handling_clock->start, thresholds));
    if (reading.due) s.handling_due_at_ms = *reading.due * 1000;
    s.provisional = s.provisional || reading.provisional;
  }
  return s;
}

}  // namespace ug::workflow
