// The transition table and its evaluation.
#include "workflow/workflow.hpp"

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

std::vector<Transition> build() {
  std::vector<Transition> t = {
      {std::nullopt,
       Action::report,
       reported,
       P::report_case,
       {G::not_supervisor_channel},
       {},
       0,
       false,
       false,
       H::unchanged,
       "上报：进入待受理"},
      {std::nullopt,
       Action::report,
       pending_register,
       P::report_case,
       {G::supervisor_channel},
       {},
       0,
       false,
       false,
       H::unchanged,
       "监督员上报：免核实，直接待立案"},
      {std::nullopt,
       Action::self_handle,
       pending_close,
       P::case_self_handle,
       {G::supervisor_channel},
       {F::comment, F::after_photos},
       0,
       false,
       false,
       H::unchanged,
       "自处理：监督员当场处置，待结案"},
      {reported,
       Action::accept,
       pending_register,
       P::case_accept,
       {G::not_public_channel},
       {},
       0,
       false,
       false,
       H::unchanged,
       "受理：无需核实的来源"},
      {reported,
       Action::request_verify,
       verifying,
       P::case_request_verify,
       {},
       {},
       0,
       false,
       false,
       H::unchanged,
       "派发核实（含受理）"},
      {reported, Action::reject, invalid, P::case_reject, {}, {F::reason}, 0, false, false, H::unchanged, "不予受理"},
      {verifying,
       Action::verify_ok,
       pending_register,
       P::case_verify_ok,
       {},
       {F::comment},
       0,
       false,
       false,
       H::unchanged,
       "核实属实"},
      {verifying,
       Action::verify_not_found,
       invalid,
       P::case_verify_not_found,
       {},
       {F::comment},
       0,
       false,
       false,
       H::unchanged,
       "核实不属实"},
      {pending_register,
       Action::register_,
       pending_dispatch,
       P::case_register,
       {},
       {F::category, F::urgency},
       0,
       false,
       false,
       H::unchanged,
       "立案：确定类别和紧急程度，给出派遣建议"},
      {pending_register,
       Action::decline_register,
       rejected,
       P::case_decline_register,
       {},
       {F::reason},
       0,
       false,
       false,
       H::unchanged,
       "不予立案"},
      {pending_dispatch,
       Action::dispatch,
       dispatched,
       P::case_dispatch,
       {},
       {F::department},
       0,
       false,
       false,
       H::start,
       "派遣：处置时限从此刻起算"},
      {dispatched, Action::sign, handling, P::case_sign, {}, {}, 0, false, false, H::unchanged, "签收"},
      {closed,
       Action::reopen,
       pending_dispatch,
       P::case_reopen,
       {},
       {F::reason},
       0,
       false,
       false,
       H::unchanged,
       "重办：写入重办台账，重新派遣"},
      {closed,
       Action::callback,
       closed,
       P::case_callback,
       {G::public_channel},
       {F::satisfaction},
       0,
       false,
       false,
       H::unchanged,
       "回访：记录满意度"},
      {handling,
       Action::request_extension,
       handling,
       P::case_request_extension,
       {G::no_pending},
       {F::extension, F::reason},
       kExtension,
       true,
       false,
       H::unchanged,
       "申请延期"},
      {handling,
       Action::approve_extension,
       handling,
       P::case_approve_extension,
       {G::pending},
       {},
       kExtension,
       false,
       true,
       H::extend,
       "批准延期：处置时限增加"},
      {handling,
       Action::deny_extension,
       handling,
       P::case_deny_extension,
       {G::pending},
       {F::reason},
       kExtension,
       false,
       true,
       H::unchanged,
       "驳回延期"},
      {handling,
       Action::request_suspend,
       handling,
       P::case_request_suspend,
       {G::no_pending},
       {F::reason},
       kSuspend,
       true,
       false,
       H::unchanged,
       "申请挂账"},
      {handling,
       Action::approve_suspend,
       suspended,
       P::case_approve_suspend,
       {G::pending},
       {},
       kSuspend,
       false,
       true,
       H::pause,
       "批准挂账：处置时钟暂停"},
      {handling,
       Action::deny_suspend,
       handling,
       P::case_deny_suspend,
       {G::pending},
       {F::reason},
       kSuspend,
       false,
       true,
       H::unchanged,
       "驳回挂账"},
      {suspended,
       Action::resume,
       handling,
       P::case_resume,
       {},
       {},
       0,
       false,
       false,
       H::resume,
       "恢复处置：处置时钟继续"},
      {handling,
       Action::finish,
       handled,
       P::case_finish,
       {},
       {F::comment, F::after_photos},
       kReturn | kExtension | kSuspend,
       false,
       true,
       H::stop,
       "处置完毕：待核查；未决的回退、延期、挂账申请随之失效"},
      {handled,
       Action::request_check,
       checking,
       P::case_request_check,
       {},
       {},
       0,
       false,
       false,
       H::unchanged,
       "派发核查"},
      {checking,
       Action::check_pass,
       pending_close,
       P::case_check_pass,
       {},
       {F::comment},
       0,
       false,
       false,
       H::unchanged,
       "核查通过"},
      {checking,
       Action::check_fail,
       handling,
       P::case_check_fail,
       {},
       {F::reason},
       0,
       false,
       false,
       H::restart,
       "核查不通过：返工，返工次数加一，处置时限重新起算（可配置）"},
      {pending_close, Action::close, closed, P::case_close, {}, {}, 0, false, false, H::unchanged, "结案"},
  };
  // Merging: into an open case, before the report is registered; counted on the target.
  for (const State s : {reported, verifying, pending_register}) {
    t.push_back({s,
                 Action::merge,
                 merged,
                 P::case_merge,
                 {},
                 {F::merge_target},
                 0,
                 false,
                 false,
                 H::unchanged,
                 "合并到一个未结案的案件，计入其上报次数"});
  }
  // Placing an address-only report on the map, before it is dispatched.
  for (const State s : {reported, verifying, pending_register, pending_dispatch}) {
    t.push_back({s,
                 Action::place,
                 s,
                 P::case_place,
                 {},
                 {F::location},
                 0,
                 false,
                 false,
                 H::unchanged,
                 "定位：把只有地址的案件标到地图上，确定网格"});
  }
  // Returns: from a department that has the case, signed or not.
  for (const State s : {dispatched, handling}) {
    t.push_back({s,
                 Action::request_return,
                 s,
                 P::case_request_return,
                 {G::no_pending},
                 {F::reason},
                 kReturn,
                 true,
                 false,
                 H::unchanged,
                 "申请回退：派错了单位"});
    t.push_back({s,
                 Action::approve_return,
                 pending_dispatch,
                 P::case_approve_return,
                 {G::pending},
                 {},
                 kReturn,
                 false,
                 true,
                 H::stop,
                 "批准回退：重新派遣，计入派遣准确率"});
    t.push_back({s,
                 Action::deny_return,
                 s,
                 P::case_deny_return,
                 {G::pending},
                 {F::reason},
                 kReturn,
                 false,
                 true,
                 H::unchanged,
                 "驳回回退"});
  }
  // Every open case may be voided (on approval) and supervised.
  for (const State s : kOpen) {
    t.push_back({s,
                 Action::request_void,
                 s,
                 P::case_request_void,
                 {G::no_pending},
                 {F::reason},
                 kVoid,
                 true,
                 false,
                 H::unchanged,
                 "申请作废"});
    t.push_back({s,
                 Action::approve_void,
                 void_,
                 P::case_approve_void,
                 {G::pending},
                 {},
                 kVoid,
                 false,
                 true,
                 H::stop,
                 "批准作废"});
    t.push_back({s,
                 Action::deny_void,
                 s,
                 P::case_deny_void,
                 {G::pending},
                 {F::reason},
                 kVoid,
                 false,
                 true,
                 H::unchanged,
                 "驳回作废"});
    t.push_back({s,
                 Action::supervise,
                 s,
                 P::case_supervise,
                 {},
                 {F::comment},
                 0,
                 false,
                 false,
                 H::unchanged,
                 "督办：发出督办通知，状态不变"});
  }
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

std::string_view to_string(Field field) {
  static constexpr std::array<std::string_view, 10> names = {
      "comment",   "reason",       "category",     "urgency",      "department",
      "extension", "merge_target", "satisfaction", "after_photos", "location"};
  return names[static_cast<std::size_t>(field)];
}

std::string_view to_string(Guard guard) {
  static constexpr std::array<std::string_view, 6> names = {
      "supervisor_channel", "not_supervisor_channel", "not_public_channel", "public_channel", "no_pending", "pending"};
  return names[static_cast<std::size_t>(guard)];
}

std::string_view to_string(Stage stage) {
  static constexpr std::array<std::string_view, 9> names = {"none", "accept",   "verify", "register", "dispatch",
                                                            "sign", "handling", "check",  "close"};
  return names[static_cast<std::size_t>(stage)];
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

Result<const Transition*> decide(const CaseFacts& facts, Action action, const access::Principal& caller,
                                 const ActionInput& input) {
  const Transition* found = nullptr;
  for (const auto& t : transitions()) {
    if (t.from == facts.state && t.action == action && guards_hold(t, facts)) {
      found = &t;
      break;
    }
  }
  if (found == nullptr) {
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
  for (const auto f : found->required) {
    if (std::find(input.present.begin(), input.present.end(), f) == input.present.end()) {
      missing.emplace_back(to_string(f));
    }
  }
  if (!missing.empty()) {
    return fail(Error(ErrorCode::validation_failed, "workflow.required_missing").with("missing", missing));
  }
  return found;
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

}  // namespace ug::workflow
