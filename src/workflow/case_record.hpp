// A case as its events leave it (DOMAIN.md §4): the projection the case row stores, the pure fold
// that computes it from the case's events, and the schedule (deadlines and light instants) that
// follows from the projection's clocks and the work calendar. The row is only a cache of these —
// `urbangrid cases rebuild` recomputes every row from its events and reports any difference.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "calendar/limit_clock.hpp"
#include "core/result.hpp"
#include "workflow/workflow.hpp"

namespace ug::workflow {

// Payload keys the fold reads (the service writes them; every other key is kept for the record).
namespace payload {
inline constexpr std::string_view description = "description", category = "category", component = "component",
                                  urgency = "urgency", lon = "lon", lat = "lat", address = "address", grid = "grid",
                                  community = "community", street = "street", district = "district",
                                  external_ref = "external_ref", tracking_code = "tracking_code",
                                  department = "department", suggested_department = "suggested_department",
                                  stage_limit = "stage_limit", stage_due = "stage_due",
                                  handling_limit = "handling_limit", handling_due = "handling_due",
                                  extension = "extension", merge_target = "merge_target", satisfaction = "satisfaction",
                                  comment = "comment", reason = "reason", attachments = "attachments", rule = "rule";
}  // namespace payload

// One appended event. `payload` holds the action's fields as flat key → text pairs, in the order
// the service wrote them.
struct CaseEvent {
  std::int64_t log_id = 0;  // position in the deployment's event log, set when stored
  std::string case_id;
  std::int64_t sequence = 0;  // 1, 2, … per case
  Action action = Action::report;
  std::string actor;
  std::optional<std::int64_t> actor_user_id;
  std::string role;     // the role the actor acted in
  std::string channel;  // intake: the case's channel; later: the actor's token or public channel, or "staff"
  std::int64_t at_ms = 0;
  std::optional<State> from;  // nullopt for intake
  State to = State::reported;
  std::vector<std::pair<std::string, std::string>> payload;

  const std::string* field(std::string_view name) const;
};

// The clock of the stage the case is in (accept, verify, register, dispatch, sign, check, close):
// it starts when the case enters the stage; its limit is recorded in that event.
struct StageClock {
  Stage stage = Stage::none;
  std::int64_t started_at_ms = 0;
  calendar::TimeLimit limit;
  bool operator==(const StageClock&) const = default;
};

struct CaseProjection {
  std::string id;            // the case number
  std::int64_t version = 0;  // events applied
  State state = State::reported;
  std::string channel;
  std::string tracking_code;  // public channels: what the reporter follows the case by
  std::string description;
  std::string category_code;  // matter category
  std::string component_id;
  std::string urgency = "normal";
  std::optional<std::int64_t> lon_nano, lat_nano;
  std::string address;
  std::string grid_code, community_code, street_code, district_code;
  std::string external_ref;
  std::optional<std::int64_t> reporter_user_id;
  std::string suggested_department_id;  // the routing suggestion at the last register/dispatch
  std::string department_id;            // the department the case is dispatched to
  std::uint8_t pending = 0;             // Pending bits
  std::string requested_extension;      // "2 working_days" while an extension request waits
  std::int64_t rework_count = 0, reopen_count = 0, return_count = 0, dispatch_count = 0;
  std::string merged_into;
  std::string satisfaction;
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
  std::optional<std::int64_t> closed_at_ms;
  std::optional<StageClock> stage_clock;
  std::optional<calendar::LimitClock> handling_clock;  // from dispatch; in seconds

  // Placed on the map: a point was given (an address alone waits for an operator to place it).
  bool located() const { return lon_nano.has_value(); }
  bool operator==(const CaseProjection&) const = default;
};

// The projection after `event`, given the one before it (nullopt before the intake event).
// validation_failed when the event does not follow: wrong sequence, a from-state that is not the
// current state, no table row for it, or a recorded limit or coordinate that does not read.
Result<CaseProjection> apply_event(const std::optional<CaseProjection>& before, const CaseEvent& event);
// The same fold step in place, for long folds that should not copy the projection at every event;
// after an error `projection` is unspecified.
Result<void> advance(std::optional<CaseProjection>& projection, const CaseEvent& event);
// The whole fold.
Result<CaseProjection> project(const std::vector<CaseEvent>& events);

// The clock that decides the case's light now: the stage clock, or the handling clock while the
// case is being handled. nullopt in a state without a running limit (terminal, suspended).
std::optional<calendar::LimitClock> current_clock(const CaseProjection& p);

// Deadlines of the projection under a calendar: the instants the current stage's light turns
// yellow and red and its deadline, and the handling deadline while the handling clock runs. They do
// not depend on "now", so they are stored and queues filter on them.
struct CaseSchedule {
  std::optional<std::int64_t> due_at_ms, yellow_at_ms, red_at_ms;
  std::optional<std::int64_t> handling_due_at_ms;
  bool provisional = false;  // a deadline rests on a year whose national calendar is not loaded
  bool operator==(const CaseSchedule&) const = default;
};
Result<CaseSchedule> schedule_of(const CaseProjection& p, const calendar::WorkCalendar& calendar,
                                 calendar::LightThresholds thresholds);

}  // namespace ug::workflow
