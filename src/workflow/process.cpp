// Deciding actions against a process table and folding an item's events (see process.hpp).
#include "workflow/process.hpp"

#include <algorithm>

#include "core/text.hpp"
#include "workflow/supervision.hpp"

namespace ug::workflow {
namespace {

bool guards_hold(const ProcessRow& row, const GuardCheck& holds) {
  return std::all_of(row.guards.begin(), row.guards.end(), [&](std::string_view g) { return holds(g); });
}

bool caller_may(const ProcessRow& row, const access::Principal& caller) {
  return row.permission && access::can(caller, *row.permission);
}

Error not_in_order(MessageKey message) { return Error(ErrorCode::validation_failed, message); }

}  // namespace

const ProcessState* ProcessDefinition::state(std::string_view state_code) const {
  const auto it =
      std::find_if(states.begin(), states.end(), [&](const ProcessState& s) { return s.code == state_code; });
  return it == states.end() ? nullptr : &*it;
}

const ProcessWord* ProcessDefinition::action(std::string_view action_code) const {
  const auto it =
      std::find_if(actions.begin(), actions.end(), [&](const ProcessWord& a) { return a.code == action_code; });
  return it == actions.end() ? nullptr : &*it;
}

bool ProcessDefinition::has_effect(const ProcessRow& row, std::string_view effect) const {
  return std::find(row.effects.begin(), row.effects.end(), effect) != row.effects.end();
}

std::span<const ProcessDefinition* const> processes() {
  static const std::array<const ProcessDefinition*, 2> all = {&case_process(), &supervision_process()};
  return all;
}

const ProcessDefinition* find_process(std::string_view code) {
  for (const auto* p : processes()) {
    if (p->code == code) return p;
  }
  return nullptr;
}

Result<const ProcessRow*> decide(const ProcessDefinition& process, std::string_view state, std::string_view action,
                                 const access::Principal& caller, std::span<const std::string> present,
                                 const GuardCheck& holds) {
  const ProcessRow* found = nullptr;
  for (const auto& row : process.rows) {
    if (row.from == state && row.action == action && row.permission && guards_hold(row, holds)) {
      found = &row;
      break;
    }
  }
  if (found == nullptr) {
    for (const auto& row : process.rows) {
      if (row.from != state || row.action != action || !row.permission) continue;
      for (const auto g : row.guards) {
        if (holds(g)) continue;
        const auto guard = std::find_if(process.guards.begin(), process.guards.end(),
                                        [&](const ProcessGuard& pg) { return pg.code == g; });
        if (guard != process.guards.end() && guard->refusal) {
          return fail(Error(*guard->refusal, guard->refusal_message));
        }
        break;
      }
    }
    std::vector<std::string> allowed;
    for (const auto& form : allowed_forms(process, state, caller, holds)) allowed.emplace_back(form.action);
    auto error = Error(ErrorCode::illegal_transition, state.empty() ? MessageKey("process.action_not_allowed_new")
                                                                    : MessageKey("process.action_not_allowed"));
    if (const auto* s = process.state(state)) error.with_word("state_name", s->zh, s->en);
    error.with("state", std::string(state)).with("allowed_actions", allowed).with("action", std::string(action));
    return fail(std::move(error));
  }
  UG_TRY(access::require(caller, *found->permission));
  std::vector<std::string> missing;
  for (const auto f : found->required) {
    if (std::find(present.begin(), present.end(), f) == present.end()) missing.emplace_back(f);
  }
  if (!missing.empty()) {
    return fail(Error(ErrorCode::validation_failed, "workflow.required_missing").with("missing", missing));
  }
  return found;
}

const ProcessRow* system_row(const ProcessDefinition& process, std::string_view state, std::string_view action,
                             const GuardCheck& holds) {
  for (const auto& row : process.rows) {
    if (row.from == state && row.action == action && !row.permission && guards_hold(row, holds)) return &row;
  }
  return nullptr;
}

std::optional<access::Permission> permission_of(const ProcessDefinition& process, std::string_view action) {
  for (const auto& row : process.rows) {
    if (row.action == action && row.permission) return row.permission;
  }
  return std::nullopt;
}

std::vector<ProcessForm> allowed_forms(const ProcessDefinition& process, std::string_view state,
                                       const access::Principal& caller, const GuardCheck& holds) {
  std::vector<ProcessForm> out;
  for (const auto& row : process.rows) {
    if (row.from != state || !caller_may(row, caller) || !guards_hold(row, holds)) continue;
    if (std::any_of(out.begin(), out.end(), [&](const ProcessForm& f) { return f.action == row.action; })) continue;
    out.push_back({.action = row.action, .required = row.required, .optional = row.optional});
  }
  return out;
}

const std::string* ProcessEvent::field(std::string_view name) const {
  for (const auto& [key, value] : payload) {
    if (key == name) return &value;
  }
  return nullptr;
}

const std::string* ProcessItem::field(std::string_view name) const {
  const auto it = fields.find(std::string(name));
  return it == fields.end() ? nullptr : &it->second;
}

Result<ProcessItem> fold_event(const ProcessDefinition& process, const std::optional<ProcessItem>& before,
                               const ProcessEvent& event) {
  const bool first = !before.has_value();
  if (event.process != process.code) return fail(not_in_order("process_record.process_mismatch"));
  if (!first && event.item_id != before->id) return fail(not_in_order("process_record.item_mismatch"));
  if (event.sequence != (first ? 1 : before->version + 1)) return fail(not_in_order("process_record.sequence_gap"));
  if (event.from != (first ? std::string() : before->state))
    return fail(not_in_order("process_record.wrong_from_state"));
  const auto row = std::find_if(process.rows.begin(), process.rows.end(), [&](const ProcessRow& r) {
    return r.from == event.from && r.action == event.action && r.to == event.to;
  });
  if (row == process.rows.end()) return fail(not_in_order("process_record.transition_unknown"));
  const auto* to = process.state(event.to);
  if (to == nullptr) return fail(not_in_order("process_record.transition_unknown"));

  ProcessItem item = first ? ProcessItem{} : *before;
  if (first) {
    item.process = event.process;
    item.id = event.item_id;
    item.opened_at_ms = event.at_ms;
  }
  item.version = event.sequence;
  item.state = event.to;
  item.open = to->open;
  item.updated_at_ms = event.at_ms;
  if (!to->open && (first || process.state(before->state)->open)) item.closed_at_ms = event.at_ms;
  if (to->open) item.closed_at_ms.reset();
  for (const auto& [key, value] : event.payload) {
    if (key == item_key::case_id) {
      if (first) item.case_id = value;
    } else if (key == item_key::unit) {
      item.unit = value;
    } else if (key == item_key::level) {
      item.level = value;
    } else if (key == item_key::due_at) {
      if (value.empty()) {  // the state entered has no deadline
        item.due_at_ms.reset();
        continue;
      }
      const auto due = parse_int64(value);
      if (!due) return fail(not_in_order("process_record.due_malformed"));
      item.due_at_ms = *due;
    } else {
      item.fields[key] = value;
    }
  }
  return item;
}

Result<ProcessItem> fold(const ProcessDefinition& process, std::span<const ProcessEvent> events) {
  std::optional<ProcessItem> item;
  for (const auto& event : events) {
    UG_TRY_ASSIGN(auto next, fold_event(process, item, event));
    item = std::move(next);
  }
  if (!item) return fail(not_in_order("process_record.no_events"));
  return std::move(*item);
}

}  // namespace ug::workflow
