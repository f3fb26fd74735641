// The closed loop of a case (DOMAIN.md §4) as one explicit transition table: for each state and
// action the next state, the permission (from the access table), the guards, the required fields,
// the effect on pending requests and on the handling clock. Stage clocks follow the state (the
// stage a state belongs to). Everything that decides whether an action may happen lives here; the
// lifecycle service only loads the case, asks `decide`, and records the event.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "access/principal.hpp"
#include "core/result.hpp"

namespace ug::workflow {

enum class State : std::uint8_t {
  reported,          // 待受理
  verifying,         // 待核实
  pending_register,  // 待立案
  pending_dispatch,  // 待派遣
  dispatched,        // 待签收
  handling,          // 处置中
  suspended,         // 挂账
  handled,           // 待核查
  checking,          // 核查中
  pending_close,     // 待结案
  closed,            // 已结案
  invalid,           // 不予受理
  rejected,          // 不予立案
  void_,             // 作废 ("void")
  merged,            // 已合并
};
inline constexpr std::size_t kStateCount = 15;

enum class Action : std::uint8_t {
  report,  // intake: a new case (not in the table's states)
  self_handle,
  accept,
  request_verify,
  verify_ok,
  verify_not_found,
  reject,
  merge,
  register_,  // "register"
  decline_register,
  dispatch,
  sign,
  request_return,
  approve_return,
  deny_return,
  request_extension,
  approve_extension,
  deny_extension,
  request_suspend,
  approve_suspend,
  deny_suspend,
  resume,
  finish,
  request_check,
  check_pass,
  check_fail,
  close,
  request_void,
  approve_void,
  deny_void,
  reopen,
  supervise,  // legacy: 督办 is its own process since migration 0021; stored events still fold
  callback,
  place,  // put an address-only case on the map (no state change)
};
inline constexpr std::size_t kActionCount = 34;

// The stage whose time limit runs in a state (DOMAIN.md §5); handling has the rule's limit.
enum class Stage : std::uint8_t { none, accept, verify, register_, dispatch, sign, handling, check, close };

// Requests waiting for a decision (bits; a row's pending_kind may name several).
enum class Pending : std::uint8_t { none = 0, return_ = 1, extension = 2, suspend = 4, void_ = 8 };
inline constexpr std::uint8_t bits(Pending p) { return static_cast<std::uint8_t>(p); }

enum class Guard : std::uint8_t {
  supervisor_channel,      // reported by a supervisor on patrol
  not_supervisor_channel,  // any other channel
  not_public_channel,      // public reports are verified on site before registration
  public_channel,          // only public reports get a satisfaction callback
  no_pending,              // the request's kind is not already waiting
  pending,                 // the decision's request kind is waiting
  not_rated,               // no satisfaction recorded yet (a case is called back once)
};

enum class Field : std::uint8_t {
  comment,       // free text: what was found, done or decided
  reason,        // why (reject, decline, return, suspend, void, check fail, reopen)
  category,      // matter category (register)
  urgency,       // normal | urgent | critical (register)
  department,    // the responsible unit (dispatch)
  extension,     // amount and unit of time asked for (request_extension)
  merge_target,  // the open case it merges into
  satisfaction,  // 满意 | 基本满意 | 不满意 (callback)
  after_photos,  // attachment ids of the result (finish, the check)
  location,      // a point (place)
  photos,        // attachment ids of what was found (verify)
};
inline constexpr std::size_t kFieldCount = 11;
// A field's name in the API and its label in each language (the web UI's action dialog reads them).
struct FieldInfo {
  Field field;
  std::string_view code, zh, en;
};
std::span<const FieldInfo> field_infos();  // in the order of enum Field

// What an action does beyond moving the state and recording its fields, carried out by the case
// service with the transaction at hand. The row names it, so no per-action switch decides it.
enum class Effect : std::uint8_t {
  none,
  categorise,              // category and urgency set, the routing suggestion recorded
  dispatch_to_unit,        // the department must be dispatchable; the handling limit starts
  extension_amount,        // the amount of time asked for or granted
  merge_into_target,       // the target must be another open case in scope
  place_on_map,            // the point's grid and divisions
  restart_handling_limit,  // rework gets a fresh handling limit (when configured)
  record_satisfaction,     // the callback's level
};

// What a transition does to the handling clock (the stage clocks follow the states).
enum class HandlingClock : std::uint8_t { unchanged, start, pause, resume, extend, restart, stop };

struct Transition {
  std::optional<State> from;  // nullopt: intake, the case does not exist yet
  Action action;
  State to;
  access::Permission permission;
  std::vector<Guard> guards = {};
  std::vector<Field> required = {};
  std::vector<Field> optional = {};  // offered by the form; recorded when sent
  std::uint8_t pending_kind = 0;     // Pending bits the guards and the effect refer to
  bool sets_pending = false;         // a request: the kind is now waiting
  bool clears_pending = false;       // a decision: the kind is no longer waiting
  HandlingClock handling = HandlingClock::unchanged;
  Effect effect = Effect::none;
  std::string_view note = {};  // zh-CN, shown in docs/workflow.md
};

// The table, in a stable order (by from-state, then action).
std::span<const Transition> transitions();
// Rows no caller may take any more, kept so that stored events still fold: `supervise` (a 督办
// recorded on the case before migration 0021 moved notices into their own process).
std::span<const Transition> legacy_transitions();
bool is_legacy(Action action);

// The words of the loop, declared once: the API, the SQL lists of open states, the web UI (through
// GET /api/v1/vocabulary) and the docs all read them from here.
struct StateInfo {
  State state;
  std::string_view code, zh, en;
  Stage stage;         // whose clock runs in it (none: paused or finished)
  Stage listed_under;  // the queue's stage tab that lists it (none: not in the open queue)
  bool open;           // still in the loop
};
std::span<const StateInfo> states();  // in the order of enum State
std::span<const State> open_states();
struct StageInfo {
  Stage stage;
  std::string_view code, zh, en;
};
std::span<const StageInfo> stages();  // the loop's stages in order, without none
struct ChannelInfo {
  std::string_view id, zh, en;
  bool is_public;  // verified on site and called back (DOMAIN.md §4)
};
std::span<const ChannelInfo> channel_infos();  // in the order reports list them

// The callback's three levels (回访满意度): the zh word is what a case records; the code is taken
// as input too.
struct SatisfactionLevel {
  std::string_view code;
  std::string_view zh;
  std::string_view en;
};
std::span<const SatisfactionLevel> satisfaction_levels();
// The zh word of a level given by its zh word or its code; none for anything else.
std::optional<std::string_view> parse_satisfaction(std::string_view text);

std::string_view to_string(State state);
std::string_view zh(State state);
std::optional<State> parse_state(std::string_view text);
std::string_view to_string(Action action);
std::optional<Action> parse_action(std::string_view text);
std::string_view to_string(Field field);
std::optional<Field> parse_field(std::string_view text);
std::string_view to_string(Guard guard);
std::string_view to_string(Stage stage);
std::string_view to_string(HandlingClock clock);
std::string_view to_string(Effect effect);
Stage stage_of(State state);
bool is_terminal(State state);  // no action but reopen/callback leads on
bool is_public_channel(std::string_view channel);
// DOMAIN.md §4: every channel a case can come from, in the order reports list them.
std::span<const std::string_view> channels();
// Its Chinese name (the channel itself when unknown).
std::string_view channel_zh(std::string_view channel);
std::string_view channel_en(std::string_view channel);
bool is_channel(std::string_view channel);

// What the table needs to know about a case.
struct CaseFacts {
  std::optional<State> state;  // nullopt: intake
  std::string channel;
  std::uint8_t pending = 0;  // Pending bits
  bool rated = false;        // a satisfaction is recorded
};

// What the caller sends with an action: which fields are present (values are checked by the service).
struct ActionInput {
  std::vector<Field> present;
};

// Fields a city requires beyond the table's, per action (configuration `workflow.required_fields`).
using ExtraRequired = std::map<Action, std::vector<Field>>;
// Parses "action:field,field;action:field" (e.g. "sign:comment;check_pass:after_photos").
Result<ExtraRequired> parse_extra_required(std::string_view text);

// The row that applies, or: illegal_transition (409, details state and allowed_actions for the
// caller) when no row exists or a guard fails; forbidden (403) when the caller lacks the row's
// permission; validation_failed (422, details missing) when a required field is absent.
Result<const Transition*> decide(const CaseFacts& facts, Action action, const access::Principal& caller,
                                 const ActionInput& input, const ExtraRequired& extra = {});
// The permission an action needs, whatever the case's state (every row of an action names the same).
access::Permission permission_of(Action action);
// The actions `caller` may take now (permission and guards satisfied), in table order.
std::vector<Action> allowed_actions(const CaseFacts& facts, const access::Principal& caller);
// Each allowed action's form: the fields it requires (the row's and the city's) and may take.
struct ActionFields {
  Action action;
  std::vector<Field> required, optional;
};
std::vector<ActionFields> action_fields(const CaseFacts& facts, const access::Principal& caller,
                                        const ExtraRequired& extra = {});
// The role of the photos an action carries: "after" when its row takes after_photos, else "before".
std::string_view photo_role(const Transition& t);
// The pending bits after `t` ran.
std::uint8_t pending_after(const Transition& t, std::uint8_t pending);

}  // namespace ug::workflow
