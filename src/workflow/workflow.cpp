// The transition table and its evaluation.
#include "workflow/workflow.hpp"

#include "core/text.hpp"

#include <algorithm>
#include <array>

namespace ug::workflow {
namespace {

using enum State;
using P = access::Permission;
using F = Field;
using G = Guard;
using H = HandlingClock;

constexpr std::uint8_t kReturn = bits(Pending::return_), kExtension = bits(Pending::extension),
                       kSuspend = bits(Pending::suspend), kVoid = bits(Pending::void_);

using S = Stage;
// In the order of the State enum (checked below). One row per state, so kept out of clang-format.
// clang-format off
constexpr std::array<StateInfo, kStateCount> kStates = {{
    {.state = reported, .code = "reported", .zh = "待受理", .en = "Reported", .stage = S::accept, .listed_under = S::accept, .open = true},
    {.state = verifying, .code = "verifying", .zh = "待核实", .en = "Verifying", .stage = S::verify, .listed_under = S::verify, .open = true},
    {.state = pending_register, .code = "pending_register", .zh = "待立案", .en = "To register", .stage = S::register_, .listed_under = S::register_, .open = true},
    {.state = pending_dispatch, .code = "pending_dispatch", .zh = "待派遣", .en = "To dispatch", .stage = S::dispatch, .listed_under = S::dispatch, .open = true},
    {.state = dispatched, .code = "dispatched", .zh = "待签收", .en = "To sign", .stage = S::sign, .listed_under = S::sign, .open = true},
    {.state = handling, .code = "handling", .zh = "处置中", .en = "Handling", .stage = S::handling, .listed_under = S::handling, .open = true},
    // Its clock is paused, yet the department still holds it: the queue lists it with the handling.
    {.state = suspended, .code = "suspended", .zh = "挂账", .en = "Suspended", .stage = S::none, .listed_under = S::handling, .open = true},
    {.state = handled, .code = "handled", .zh = "待核查", .en = "Handled", .stage = S::check, .listed_under = S::check, .open = true},
    {.state = checking, .code = "checking", .zh = "核查中", .en = "Checking", .stage = S::check, .listed_under = S::check, .open = true},
    {.state = pending_close, .code = "pending_close", .zh = "待结案", .en = "To close", .stage = S::close, .listed_under = S::close, .open = true},
    {.state = closed, .code = "closed", .zh = "已结案", .en = "Closed", .stage = S::none, .listed_under = S::none, .open = false},
    {.state = invalid, .code = "invalid", .zh = "不予受理", .en = "Invalid", .stage = S::none, .listed_under = S::none, .open = false},
    {.state = rejected, .code = "rejected", .zh = "不予立案", .en = "Rejected", .stage = S::none, .listed_under = S::none, .open = false},
    {.state = void_, .code = "void", .zh = "作废", .en = "Void", .stage = S::none, .listed_under = S::none, .open = false},
    {.state = merged, .code = "merged", .zh = "已合并", .en = "Merged", .stage = S::none, .listed_under = S::none, .open = false},
}};
// clang-format on
constexpr bool in_enum_order() {
  for (std::size_t i = 0; i < kStates.size(); ++i) {
    if (static_cast<std::size_t>(kStates[i].state) != i) return false;
  }
  return true;
}
static_assert(in_enum_order(), "kStates must follow the order of enum State");

constexpr auto kOpen = [] {
  std::array<State, 10> open{};
  std::size_t n = 0;
  for (const auto& s : kStates) {
    if (s.open) open.at(n++) = s.state;
  }
  return n == open.size() ? open : throw "kOpen's size must be the number of open states";
}();

// The loop's stages in order (none, the stage of a paused or finished case, is not one of them).
constexpr std::array<StageInfo, 8> kStages = {{
    {.stage = S::accept, .code = "accept", .zh = "受理", .en = "Accept"},
    {.stage = S::verify, .code = "verify", .zh = "核实", .en = "Verify"},
    {.stage = S::register_, .code = "register", .zh = "立案", .en = "Register"},
    {.stage = S::dispatch, .code = "dispatch", .zh = "派遣", .en = "Dispatch"},
    {.stage = S::sign, .code = "sign", .zh = "签收", .en = "Sign"},
    {.stage = S::handling, .code = "handling", .zh = "处置", .en = "Handle"},
    {.stage = S::check, .code = "check", .zh = "核查", .en = "Check"},
    {.stage = S::close, .code = "close", .zh = "结案", .en = "Close"},
}};

constexpr std::array<std::string_view, kActionCount> kActions = {"report",
                                                                 "self_handle",
                                                                 "accept",
                                                                 "request_verify",
                                                                 "verify_ok",
                                                                 "verify_not_found",
                                                                 "reject",
                                                                 "merge",
                                                                 "register",
                                                                 "decline_register",
                                                                 "dispatch",
                                                                 "sign",
                                                                 "request_return",
                                                                 "approve_return",
                                                                 "deny_return",
                                                                 "request_extension",
                                                                 "approve_extension",
                                                                 "deny_extension",
                                                                 "request_suspend",
                                                                 "approve_suspend",
                                                                 "deny_suspend",
                                                                 "resume",
                                                                 "finish",
                                                                 "request_check",
                                                                 "check_pass",
                                                                 "check_fail",
                                                                 "close",
                                                                 "request_void",
                                                                 "approve_void",
                                                                 "deny_void",
                                                                 "reopen",
                                                                 "supervise",
                                                                 "callback",
                                                                 "place"};

// DOMAIN.md §4. Public channels' reports are verified on site and get a satisfaction callback.
constexpr std::array<ChannelInfo, 11> kChannelNames = {{
    {.id = "supervisor", .zh = "监督员巡查", .en = "Supervisor patrol", .is_public = false},
    {.id = "hotline_12319", .zh = "12319热线", .en = "12319 hotline", .is_public = true},
    {.id = "hotline_12345", .zh = "12345热线", .en = "12345 hotline", .is_public = true},
    {.id = "citizen_web", .zh = "市民随手拍", .en = "Citizen app/web", .is_public = true},
    {.id = "video_ai", .zh = "视频智能发现", .en = "Video AI", .is_public = false},
    {.id = "leader_assigned", .zh = "领导交办", .en = "Leader assigned", .is_public = false},
    {.id = "media", .zh = "媒体曝光", .en = "Media", .is_public = true},
    {.id = "social_supervisor", .zh = "社会监督员", .en = "Social supervisor", .is_public = true},
    {.id = "open311", .zh = "Open311", .en = "Open311", .is_public = true},
    {.id = "external_api", .zh = "外部系统", .en = "External system", .is_public = false},
    {.id = "import", .zh = "数据导入", .en = "Import", .is_public = false},
}};
constexpr auto kChannels = [] {
  std::array<std::string_view, kChannelNames.size()> ids{};
  for (std::size_t i = 0; i < ids.size(); ++i) ids[i] = kChannelNames[i].id;
  return ids;
}();

// One row per line, so kept out of clang-format. `.effect` names what the case service does with
// the transaction beyond recording the event; every rule about an action is in its row.
// The fields an action may carry, with the labels its form shows (in the order of enum Field).
constexpr std::array<FieldInfo, kFieldCount> kFields = {{
    {.field = F::comment, .code = "comment", .zh = "意见", .en = "Comment"},
    {.field = F::reason, .code = "reason", .zh = "理由", .en = "Reason"},
    {.field = F::category, .code = "category", .zh = "类别", .en = "Category"},
    {.field = F::urgency, .code = "urgency", .zh = "紧急程度", .en = "Urgency"},
    {.field = F::department, .code = "department", .zh = "处置单位", .en = "Department"},
    {.field = F::extension, .code = "extension", .zh = "延期（工作日）", .en = "Extension (working days)"},
    {.field = F::merge_target, .code = "merge_target", .zh = "合并到案件编号", .en = "Merge into case"},
    {.field = F::satisfaction, .code = "satisfaction", .zh = "满意度", .en = "Satisfaction"},
    {.field = F::after_photos, .code = "after_photos", .zh = "处置后照片", .en = "Photos after"},
    {.field = F::location, .code = "location", .zh = "位置", .en = "Location"},
    {.field = F::photos, .code = "photos", .zh = "现场照片", .en = "Photos on site"},
}};
constexpr bool fields_in_enum_order() {
  for (std::size_t i = 0; i < kFields.size(); ++i) {
    if (static_cast<std::size_t>(kFields[i].field) != i) return false;
  }
  return true;
}
static_assert(fields_in_enum_order(), "kFields must follow the order of enum Field");

using E = Effect;
std::vector<Transition> build() {
  // clang-format off
  std::vector<Transition> t = {
      {.from = std::nullopt, .action = Action::report, .to = reported, .permission = P::report_case, .guards = {G::not_supervisor_channel}, .note = "上报：进入待受理"},
      {.from = std::nullopt, .action = Action::report, .to = pending_register, .permission = P::report_case, .guards = {G::supervisor_channel}, .note = "监督员上报：免核实，直接待立案"},
      {.from = std::nullopt, .action = Action::self_handle, .to = pending_close, .permission = P::case_self_handle, .guards = {G::supervisor_channel}, .required = {F::comment, F::after_photos}, .note = "自处理：监督员当场处置，待结案"},
      {.from = reported, .action = Action::accept, .to = pending_register, .permission = P::case_accept, .guards = {G::not_public_channel}, .note = "受理：无需核实的来源"},
      {.from = reported, .action = Action::request_verify, .to = verifying, .permission = P::case_request_verify, .note = "派发核实（含受理）"},
      {.from = reported, .action = Action::reject, .to = invalid, .permission = P::case_reject, .required = {F::reason}, .note = "不予受理"},
      {.from = verifying, .action = Action::verify_ok, .to = pending_register, .permission = P::case_verify_ok, .required = {F::comment}, .optional = {F::photos}, .note = "核实属实"},
      {.from = verifying, .action = Action::verify_not_found, .to = invalid, .permission = P::case_verify_not_found, .required = {F::comment}, .optional = {F::photos}, .note = "核实不属实"},
      {.from = pending_register, .action = Action::register_, .to = pending_dispatch, .permission = P::case_register, .required = {F::category, F::urgency}, .effect = E::categorise, .note = "立案：确定类别和紧急程度，给出派遣建议"},
      {.from = pending_register, .action = Action::decline_register, .to = rejected, .permission = P::case_decline_register, .required = {F::reason}, .note = "不予立案"},
      {.from = pending_dispatch, .action = Action::dispatch, .to = dispatched, .permission = P::case_dispatch, .required = {F::department}, .handling = H::start, .effect = E::dispatch_to_unit, .note = "派遣：处置时限从此刻起算"},
      {.from = dispatched, .action = Action::sign, .to = handling, .permission = P::case_sign, .note = "签收"},
      {.from = closed, .action = Action::reopen, .to = pending_dispatch, .permission = P::case_reopen, .required = {F::reason}, .note = "重办：写入重办台账，重新派遣"},
      {.from = closed, .action = Action::callback, .to = closed, .permission = P::case_callback, .guards = {G::public_channel, G::not_rated}, .required = {F::satisfaction}, .optional = {F::comment}, .effect = E::record_satisfaction, .note = "回访：记录满意度（每案一次）"},
      {.from = handling, .action = Action::request_extension, .to = handling, .permission = P::case_request_extension, .guards = {G::no_pending}, .required = {F::extension, F::reason}, .pending_kind = kExtension, .sets_pending = true, .effect = E::extension_amount, .note = "申请延期"},
      {.from = handling, .action = Action::approve_extension, .to = handling, .permission = P::case_approve_extension, .guards = {G::pending}, .optional = {F::extension}, .pending_kind = kExtension, .clears_pending = true, .handling = H::extend, .effect = E::extension_amount, .note = "批准延期：处置时限增加（可批准与申请不同的时长）"},
      {.from = handling, .action = Action::deny_extension, .to = handling, .permission = P::case_deny_extension, .guards = {G::pending}, .required = {F::reason}, .pending_kind = kExtension, .clears_pending = true, .note = "驳回延期"},
      {.from = handling, .action = Action::request_suspend, .to = handling, .permission = P::case_request_suspend, .guards = {G::no_pending}, .required = {F::reason}, .pending_kind = kSuspend, .sets_pending = true, .note = "申请挂账"},
      {.from = handling, .action = Action::approve_suspend, .to = suspended, .permission = P::case_approve_suspend, .guards = {G::pending}, .pending_kind = kSuspend, .clears_pending = true, .handling = H::pause, .note = "批准挂账：处置时钟暂停"},
      {.from = handling, .action = Action::deny_suspend, .to = handling, .permission = P::case_deny_suspend, .guards = {G::pending}, .required = {F::reason}, .pending_kind = kSuspend, .clears_pending = true, .note = "驳回挂账"},
      {.from = suspended, .action = Action::resume, .to = handling, .permission = P::case_resume, .handling = H::resume, .note = "恢复处置：处置时钟继续"},
      {.from = handling, .action = Action::finish, .to = handled, .permission = P::case_finish, .required = {F::comment, F::after_photos}, .pending_kind = kReturn | kExtension | kSuspend, .clears_pending = true, .handling = H::stop, .note = "处置完毕：待核查；未决的回退、延期、挂账申请随之失效"},
      {.from = handled, .action = Action::request_check, .to = checking, .permission = P::case_request_check, .note = "派发核查"},
      {.from = checking, .action = Action::check_pass, .to = pending_close, .permission = P::case_check_pass, .required = {F::comment}, .optional = {F::after_photos}, .note = "核查通过"},
      {.from = checking, .action = Action::check_fail, .to = handling, .permission = P::case_check_fail, .required = {F::reason}, .optional = {F::after_photos}, .handling = H::restart, .effect = E::restart_handling_limit, .note = "核查不通过：返工，返工次数加一，处置时限重新起算（可配置）"},
      {.from = pending_close, .action = Action::close, .to = closed, .permission = P::case_close, .note = "结案"},
  };
  // Merging: into an open case, before the report is registered; counted on the target.
  for (const State s : {reported, verifying, pending_register}) {
    t.push_back({.from = s, .action = Action::merge, .to = merged, .permission = P::case_merge, .required = {F::merge_target}, .effect = E::merge_into_target, .note = "合并到一个未结案的案件，计入其上报次数"});
  }
  // Placing an address-only report on the map, before it is dispatched.
  for (const State s : {reported, verifying, pending_register, pending_dispatch}) {
    t.push_back({.from = s, .action = Action::place, .to = s, .permission = P::case_place, .required = {F::location}, .effect = E::place_on_map, .note = "定位：把只有地址的案件标到地图上，确定网格"});
  }
  // Returns: from a department that has the case, signed or not.
  for (const State s : {dispatched, handling}) {
    t.push_back({.from = s, .action = Action::request_return, .to = s, .permission = P::case_request_return, .guards = {G::no_pending}, .required = {F::reason}, .pending_kind = kReturn, .sets_pending = true, .note = "申请回退：派错了单位"});
    t.push_back({.from = s, .action = Action::approve_return, .to = pending_dispatch, .permission = P::case_approve_return, .guards = {G::pending}, .pending_kind = kReturn, .clears_pending = true, .handling = H::stop, .note = "批准回退：重新派遣，计入派遣准确率"});
    t.push_back({.from = s, .action = Action::deny_return, .to = s, .permission = P::case_deny_return, .guards = {G::pending}, .required = {F::reason}, .pending_kind = kReturn, .clears_pending = true, .note = "驳回回退"});
  }
  // Every open case may be voided (on approval).
  for (const State s : kOpen) {
    t.push_back({.from = s, .action = Action::request_void, .to = s, .permission = P::case_request_void, .guards = {G::no_pending}, .required = {F::reason}, .pending_kind = kVoid, .sets_pending = true, .note = "申请作废"});
    t.push_back({.from = s, .action = Action::approve_void, .to = void_, .permission = P::case_approve_void, .guards = {G::pending}, .pending_kind = kVoid, .clears_pending = true, .handling = H::stop, .note = "批准作废"});
    t.push_back({.from = s, .action = Action::deny_void, .to = s, .permission = P::case_deny_void, .guards = {G::pending}, .required = {F::reason}, .pending_kind = kVoid, .clears_pending = true, .note = "驳回作废"});
  }
  // clang-format on
  std::stable_sort(t.begin(), t.end(), [](const Transition& a, const Transition& b) {
    const int fa = a.from ? static_cast<int>(*a.from) : -1, fb = b.from ? static_cast<int>(*b.from) : -1;
    return fa != fb ? fa < fb : a.action < b.action;
  });
  return t;
}

bool guard_holds(Guard g, const Transition& t, const CaseFacts& facts) {
  switch (g) {
    case G::supervisor_channel:
      return facts.channel == "supervisor";
    case G::not_supervisor_channel:
      return facts.channel != "supervisor";
    case G::not_public_channel:
      return !is_public_channel(facts.channel);
    case G::public_channel:
      return is_public_channel(facts.channel);
    case G::no_pending:
      return (facts.pending & t.pending_kind) == 0;
    case G::pending:
      return (facts.pending & t.pending_kind) != 0;
    case G::not_rated:
      return !facts.rated;
  }
  return false;
}

bool guards_hold(const Transition& t, const CaseFacts& facts) {
  return std::all_of(t.guards.begin(), t.guards.end(), [&](Guard g) { return guard_holds(g, t, facts); });
}

}  // namespace

std::span<const Transition> transitions() {
  static const std::vector<Transition> table = build();
  return table;
}

std::span<const Transition> legacy_transitions() {
  static const std::vector<Transition> rows = [] {
    std::vector<Transition> out;
    for (const State s : kOpen) {
      out.push_back({.from = s,
                     .action = Action::supervise,
                     .to = s,
                     .permission = P::case_supervise,
                     .required = {F::comment},
                     .note = "0021 之前的督办事件（现为督办流程）"});
    }
    return out;
  }();
  return rows;
}

bool is_legacy(Action action) { return action == Action::supervise; }

std::string_view to_string(State state) { return kStates[static_cast<std::size_t>(state)].code; }
std::string_view zh(State state) { return kStates[static_cast<std::size_t>(state)].zh; }
Stage stage_of(State state) { return kStates[static_cast<std::size_t>(state)].stage; }

std::optional<State> parse_state(std::string_view text) {
  for (std::size_t i = 0; i < kStates.size(); ++i) {
    if (kStates[i].code == text) return static_cast<State>(i);
  }
  return std::nullopt;
}

std::string_view to_string(Action action) { return kActions[static_cast<std::size_t>(action)]; }

std::optional<Action> parse_action(std::string_view text) {
  for (std::size_t i = 0; i < kActions.size(); ++i) {
    if (kActions[i] == text) return static_cast<Action>(i);
  }
  return std::nullopt;
}

std::string_view to_string(Field field) { return kFields[static_cast<std::size_t>(field)].code; }

std::optional<Field> parse_field(std::string_view text) {
  for (const auto& f : kFields) {
    if (f.code == text) return f.field;
  }
  return std::nullopt;
}

std::string_view to_string(Guard guard) {
  static constexpr std::array<std::string_view, 7> names = {
      "supervisor_channel", "not_supervisor_channel", "not_public_channel", "public_channel", "no_pending", "pending",
      "not_rated"};
  return names[static_cast<std::size_t>(guard)];
}

std::string_view to_string(Stage stage) {
  static constexpr std::array<std::string_view, 9> names = {"none", "accept",   "verify", "register", "dispatch",
                                                            "sign", "handling", "check",  "close"};
  return names[static_cast<std::size_t>(stage)];
}

std::string_view to_string(Effect effect) {
  static constexpr std::array<std::string_view, 8> names = {"",
                                                            "categorise",
                                                            "dispatch_to_unit",
                                                            "extension_amount",
                                                            "merge_into_target",
                                                            "place_on_map",
                                                            "restart_handling_limit",
                                                            "record_satisfaction"};
  return names[static_cast<std::size_t>(effect)];
}

std::string_view to_string(HandlingClock clock) {
  static constexpr std::array<std::string_view, 7> names = {"",       "start",   "pause", "resume",
                                                            "extend", "restart", "stop"};
  return names[static_cast<std::size_t>(clock)];
}

bool is_terminal(State state) { return !kStates[static_cast<std::size_t>(state)].open; }

std::span<const StateInfo> states() { return kStates; }
std::span<const State> open_states() { return kOpen; }
std::span<const StageInfo> stages() { return kStages; }
std::span<const ChannelInfo> channel_infos() { return kChannelNames; }

constexpr std::array<SatisfactionLevel, 3> kSatisfactionLevels = {{
    {.code = "satisfied", .zh = "满意", .en = "Satisfied"},
    {.code = "basically_satisfied", .zh = "基本满意", .en = "Basically satisfied"},
    {.code = "dissatisfied", .zh = "不满意", .en = "Dissatisfied"},
}};

std::span<const SatisfactionLevel> satisfaction_levels() { return kSatisfactionLevels; }

std::optional<std::string_view> parse_satisfaction(std::string_view text) {
  for (const auto& level : kSatisfactionLevels) {
    if (text == level.zh || text == level.code) return level.zh;
  }
  return std::nullopt;
}
std::span<const FieldInfo> field_infos() { return kFields; }

bool is_public_channel(std::string_view channel) {
  return std::any_of(kChannelNames.begin(), kChannelNames.end(),
                     [&](const ChannelInfo& c) { return c.id == channel && c.is_public; });
}

std::span<const std::string_view> channels() { return kChannels; }

std::string_view channel_zh(std::string_view channel) {
  for (const auto& c : kChannelNames) {
    if (c.id == channel) return c.zh;
  }
  return channel;
}

std::string_view channel_en(std::string_view channel) {
  for (const auto& c : kChannelNames) {
    if (c.id == channel) return c.en;
  }
  return channel;
}

bool is_channel(std::string_view channel) {
  return std::find(kChannels.begin(), kChannels.end(), channel) != kChannels.end();
}

std::uint8_t pending_after(const Transition& t, std::uint8_t pending) {
  if (t.sets_pending) pending |= t.pending_kind;
  if (t.clears_pending) pending &= static_cast<std::uint8_t>(~t.pending_kind);
  if (is_terminal(t.to)) pending = 0;
  return pending;
}

namespace {
// The row's required fields and the city's extra ones, each once, in the row's order.
std::vector<Field> required_of(const Transition& t, const ExtraRequired& extra) {
  std::vector<Field> out = t.required;
  if (const auto more = extra.find(t.action); more != extra.end()) {
    for (const auto f : more->second) {
      if (std::find(out.begin(), out.end(), f) == out.end()) out.push_back(f);
    }
  }
  return out;
}
}  // namespace

Result<const Transition*> decide(const CaseFacts& facts, Action action, const access::Principal& caller,
                                 const ActionInput& input, const ExtraRequired& extra) {
  const Transition* found = nullptr;
  for (const auto& t : transitions()) {
    if (t.from == facts.state && t.action == action && guards_hold(t, facts)) {
      found = &t;
      break;
    }
  }
  if (found == nullptr) {
    // A row that fails only on a guard with a refusal of its own answers with that refusal.
    for (const auto& t : transitions()) {
      if (t.from != facts.state || t.action != action) continue;
      for (const auto g : t.guards) {
        if (guard_holds(g, t, facts)) continue;
        if (g == G::not_rated) return fail(Error(ErrorCode::conflict, "workflow.already_rated"));
        break;
      }
    }
    std::vector<std::string> allowed;
    for (const auto a : allowed_actions(facts, caller)) allowed.emplace_back(to_string(a));
    auto error = Error(ErrorCode::illegal_transition, facts.state ? MessageKey("workflow.action_not_allowed")
                                                                  : MessageKey("workflow.action_not_allowed_new_case"));
    if (facts.state) {
      const auto& named = states()[static_cast<std::size_t>(*facts.state)];
      error.with_word("state_name", named.zh, named.en);
    }
    error.with("state", std::string(facts.state ? to_string(*facts.state) : "")).with("allowed_actions", allowed);
    error.with("action", std::string(to_string(action)));
    return fail(std::move(error));
  }
  UG_TRY(access::require(caller, found->permission));
  std::vector<std::string> missing;
  for (const auto f : required_of(*found, extra)) {
    if (std::find(input.present.begin(), input.present.end(), f) == input.present.end()) {
      missing.emplace_back(to_string(f));
    }
  }
  if (!missing.empty()) {
    return fail(Error(ErrorCode::validation_failed, "workflow.required_missing").with("missing", missing));
  }
  return found;
}

access::Permission permission_of(Action action) {
  static const auto by_action = [] {
    std::array<access::Permission, kActionCount> out{};
    for (const auto& t : transitions()) out[static_cast<std::size_t>(t.action)] = t.permission;
    return out;
  }();
  return by_action[static_cast<std::size_t>(action)];
}

std::vector<Action> allowed_actions(const CaseFacts& facts, const access::Principal& caller) {
  std::vector<Action> out;
  for (const auto& t : transitions()) {
    if (t.from == facts.state && guards_hold(t, facts) && access::can(caller, t.permission) &&
        std::find(out.begin(), out.end(), t.action) == out.end()) {
      out.push_back(t.action);
    }
  }
  return out;
}

std::vector<ActionFields> action_fields(const CaseFacts& facts, const access::Principal& caller,
                                        const ExtraRequired& extra) {
  std::vector<ActionFields> out;
  for (const auto& t : transitions()) {
    if (t.from != facts.state || !guards_hold(t, facts) || !access::can(caller, t.permission)) continue;
    if (std::any_of(out.begin(), out.end(), [&](const ActionFields& a) { return a.action == t.action; })) continue;
    ActionFields form{.action = t.action, .required = required_of(t, extra), .optional = {}};
    for (const auto f : t.optional) {
      if (std::find(form.required.begin(), form.required.end(), f) == form.required.end()) form.optional.push_back(f);
    }
    out.push_back(std::move(form));
  }
  return out;
}

std::string_view photo_role(const Transition& t) {
  const auto takes = [&](const std::vector<Field>& fields) {
    return std::find(fields.begin(), fields.end(), Field::after_photos) != fields.end();
  };
  return takes(t.required) || takes(t.optional) ? "after" : "before";
}

Result<ExtraRequired> parse_extra_required(std::string_view text) {
  ExtraRequired out;
  for (const auto item : split_list(text, ';')) {
    const auto refused = [&] {
      return fail(
          Error(ErrorCode::validation_failed, "workflow.extra_required_syntax").with("value", std::string(item)));
    };
    const auto colon = item.find(':');
    if (colon == std::string_view::npos) return refused();
    const auto action = parse_action(trim_blanks(item.substr(0, colon)));
    const auto fields = split_list(item.substr(colon + 1));
    if (!action || *action == Action::report || fields.empty()) return refused();
    for (const auto name : fields) {
      const auto field = parse_field(name);
      if (!field) return refused();
      out[*action].push_back(*field);
    }
  }
  return out;
}

}  // namespace ug::workflow
