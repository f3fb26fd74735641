// A case as the events leave it (DOMAIN.md §4): the projection the case row stores, and the pure
// fold that computes it from the case's events. The row is only a cache of this fold — `urbangrid
// cases rebuild` recomputes every row from its events and reports any difference.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "workflow/workflow.hpp"

namespace ug::workflow {

// One appended event. `payload` holds the action's fields as flat key → value text.
struct CaseEvent {
  std::string case_id;
  std::int64_t sequence = 0;  // 1, 2, … per case
  Action action = Action::report;
  std::string actor;
  std::optional<std::int64_t> actor_user_id;
  std::string role;     // the role the actor acted in
  std::string channel;  // intake: the case's channel; later: the actor's
  std::int64_t at_ms = 0;
  std::optional<State> from;  // nullopt for intake
  State to = State::reported;
  std::vector<std::pair<std::string, std::string>> payload;

  const std::string* field(std::string_view name) const;
};

struct CaseProjection {
  std::string id;
  std::int64_t version = 0;  // events applied
  State state = State::reported;
  std::string channel;
  std::string description;
  std::string category_code;
  std::string urgency = "normal";
  std::string department_id;
  std::uint8_t pending = 0;
  std::int64_t rework_count = 0;
  std::int64_t reopen_count = 0;
  std::int64_t supervision_count = 0;
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;

  bool operator==(const CaseProjection&) const = default;
};

// The projection after `event`, given the one before it (nullopt before the intake event).
// validation_failed when the event does not follow: wrong sequence, a from-state that is not the
// current state, or no table row for it.
Result<CaseProjection> apply_event(const std::optional<CaseProjection>& before, const CaseEvent& event);
// The whole fold.
Result<CaseProjection> project(const std::vector<CaseEvent>& events);

}  // namespace ug::workflow
