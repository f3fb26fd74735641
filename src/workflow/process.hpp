// The process engine (issue 21 §2): a kind of work is declared as one table — its states, actions,
// fields, guards and transitions, each row naming the permission, the required fields and the
// effects the service carries out — and this file decides an action against the table, lists what a
// caller may do next with each action's form, folds an item's append-only events into its row, and
// writes the process's documentation page. The 督办 notice runs on it (supervision.cpp), as will
// inspections and rectification notices; the case loop keeps its typed table (workflow.cpp) and is
// described to the engine by case_process() for its page, its listing and its rebuild.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "access/principal.hpp"
#include "core/result.hpp"

namespace ug::workflow {

struct ProcessState {
  std::string_view code, zh, en;
  bool open = true;             // still waiting for someone
  std::string_view limit = {};  // what time limit runs in it (the doc page), "" none
};

// An action's or a field's name in the API and its labels.
struct ProcessWord {
  std::string_view code, zh, en;
};

struct ProcessGuard {
  std::string_view code, zh;  // the condition, as the doc page states it
  // When a row fails only on this guard: the refusal (else 409 with the allowed actions).
  std::optional<ErrorCode> refusal = std::nullopt;
  MessageKey refusal_message = {};
};

struct ProcessRow {
  std::string_view from;  // "": the action makes a new item
  std::string_view action;
  std::string_view to;
  // nullopt: taken only by the system (a sweep, a migration), never by a caller.
  std::optional<access::Permission> permission = std::nullopt;
  std::vector<std::string_view> guards = {};
  std::vector<std::string_view> required = {};
  std::vector<std::string_view> optional = {};
  std::vector<std::string_view> effects = {};  // what the service does beyond recording the event
  std::string_view note = {};                  // zh-CN, on the doc page
};

struct ProcessDefinition {
  std::string_view code, zh, en;
  std::string_view source;   // the file that declares it
  std::string_view summary;  // the doc page's opening paragraph
  std::vector<ProcessState> states;
  std::vector<ProcessWord> actions;
  std::vector<ProcessWord> fields;
  std::vector<ProcessGuard> guards;
  std::vector<ProcessWord> effects;
  std::vector<ProcessRow> rows;

  const ProcessState* state(std::string_view state_code) const;
  const ProcessWord* action(std::string_view action_code) const;
  bool has_effect(const ProcessRow& row, std::string_view effect) const;
};

// Every process of the platform, the case loop first.
std::span<const ProcessDefinition* const> processes();
const ProcessDefinition* find_process(std::string_view code);
// The case loop's typed table, described in the engine's words.
const ProcessDefinition& case_process();

// Whether a named guard holds for the item at hand (the service knows its facts).
using GuardCheck = std::function<bool(std::string_view guard)>;

// The row a caller's action takes from `state` ("" for a new item), or: illegal_transition (409,
// details state and allowed_actions) when no row exists or a guard fails (a guard with a refusal of
// its own answers with that); forbidden (403) without the row's permission; validation_failed (422,
// details missing) when a required field is absent. System rows are never a caller's.
Result<const ProcessRow*> decide(const ProcessDefinition& process, std::string_view state, std::string_view action,
                                 const access::Principal& caller, std::span<const std::string> present,
                                 const GuardCheck& holds);
// The system's row for `action` from `state` (nullptr when there is none or a guard fails).
const ProcessRow* system_row(const ProcessDefinition& process, std::string_view state, std::string_view action,
                             const GuardCheck& holds);
// The permission a caller's action needs in any state (nullopt: unknown or the system's).
std::optional<access::Permission> permission_of(const ProcessDefinition& process, std::string_view action);
// Each action the caller may take now with its form, in table order.
struct ProcessForm {
  std::string_view action;
  std::vector<std::string_view> required, optional;
};
std::vector<ProcessForm> allowed_forms(const ProcessDefinition& process, std::string_view state,
                                       const access::Principal& caller, const GuardCheck& holds);

// One appended event of a process item; payload holds its fields as flat key → text pairs.
struct ProcessEvent {
  std::string process;
  std::string item_id;
  std::int64_t sequence = 0;  // 1, 2, … per item
  std::string action;
  std::string actor;
  std::optional<std::int64_t> actor_user_id;
  std::string role;
  std::int64_t at_ms = 0;
  std::string from;  // "" for the event that made the item
  std::string to;
  std::vector<std::pair<std::string, std::string>> payload;

  const std::string* field(std::string_view name) const;
};

// Payload keys the fold files into the item's own columns; every other key lands in `fields`.
namespace item_key {
inline constexpr std::string_view case_id = "case", unit = "unit", level = "level", due_at = "due_at";
}

// An item as its events leave it: the row stored for listing and filtering, a cache of the events.
struct ProcessItem {
  std::string process;
  std::string id;
  std::string case_id;  // the case it concerns, "" none
  std::string state;
  bool open = true;
  std::int64_t version = 0;  // events applied
  std::string unit;          // who must act next (an org unit id; "" the centre)
  std::string level;
  std::optional<std::int64_t> due_at_ms;  // the latest deadline set (kept when closed: was it met?)
  std::int64_t opened_at_ms = 0, updated_at_ms = 0;
  std::optional<std::int64_t> closed_at_ms;
  std::map<std::string, std::string> fields;  // the latest value of every other payload key

  const std::string* field(std::string_view name) const;
  bool operator==(const ProcessItem&) const = default;
};

// The item after `event` (nullopt before the first). validation_failed when the event does not
// follow: wrong sequence or process, a from-state that is not the current one, no row for it, a
// deadline that is not a number.
Result<ProcessItem> fold_event(const ProcessDefinition& process, const std::optional<ProcessItem>& before,
                               const ProcessEvent& event);
Result<ProcessItem> fold(const ProcessDefinition& process, std::span<const ProcessEvent> events);

// The process's page (docs/processes/<code>.md): states, fields, guards, effects, the table and a
// Mermaid diagram, generated so the page and the code cannot disagree.
std::string process_documentation(const ProcessDefinition& process);
// docs/workflow.md: the list of processes with a line on each and the link to its page.
std::string processes_index();

}  // namespace ug::workflow
