// The case loop's typed table (workflow.cpp) described in the process engine's words, so its doc
// page, the process listing and the rebuild treat it like every other process.
#include <fmt/format.h>
#include <deque>

#include "workflow/process.hpp"
#include "workflow/workflow.hpp"

namespace ug::workflow {
namespace {

// Words made here (request and clock effects) need a home that outlives the views onto them.
std::string_view keep(std::string text) {
  static std::deque<std::string> words;
  for (const auto& w : words) {
    if (w == text) return w;
  }
  return words.emplace_back(std::move(text));
}

std::string_view pending_names(std::uint8_t kind) {
  std::string out;
  for (const auto& [bit, name] : {std::pair{Pending::return_, "return"},
                                  {Pending::extension, "extension"},
                                  {Pending::suspend, "suspend"},
                                  {Pending::void_, "void"}}) {
    if ((kind & bits(bit)) != 0) out += fmt::format("{}{}", out.empty() ? "" : "+", name);
  }
  return keep(out);
}

ProcessDefinition describe() {
  ProcessDefinition d{
      .code = "case",
      .zh = "案件闭环",
      .en = "Case loop",
      .source = "src/workflow/workflow.cpp",
      .summary =
          "Every case moves through these states by the actions below (DOMAIN.md §4). An action is allowed "
          "exactly when a row matches the case's state, its guards hold and the caller holds the row's permission "
          "([permissions.md](../permissions.md)); otherwise the API answers 409 with the allowed actions, or 403. "
          "Required fields must come with the action; a city may require more with `cases.required_fields` "
          "([configuration.md](../configuration.md)), and each case in the API carries every allowed action's "
          "form as `action_fields`. Each state's stage clock (DOMAIN.md §5) runs while the case is in it; the "
          "handling clock (the rule's limit) is changed only by the rows that say so (`handling: …`). "
          "`asks`/`decides` name the requests a row makes or decides; the other effects name what the case "
          "service does with the action beyond recording it.",
      .states = {},
      .actions = {},
      .fields = {},
      .guards = {},
      .effects = {},
      .rows = {},
  };
  for (const auto& s : states()) {
    d.states.push_back(
        {.code = s.code,
         .zh = s.zh,
         .en = s.en,
         .open = s.open,
         .limit = s.stage == Stage::none ? std::string_view() : keep(fmt::format("{} stage", to_string(s.stage)))});
  }
  for (const auto& t : transitions()) {
    const auto code = to_string(t.action);
    if (d.action(code) == nullptr) d.actions.push_back({.code = code, .zh = access::info(t.permission).zh, .en = code});
  }
  for (const auto& f : field_infos()) d.fields.push_back({.code = f.code, .zh = f.zh, .en = f.en});
  for (const auto g : {Guard::supervisor_channel, Guard::not_supervisor_channel, Guard::not_public_channel,
                       Guard::public_channel, Guard::no_pending, Guard::pending, Guard::not_rated}) {
    static constexpr std::array<std::string_view, 7> meaning = {"监督员上报",   "非监督员上报",     "非公众渠道上报",
                                                                "公众渠道上报", "该类申请未在等待", "该类申请正在等待",
                                                                "尚未评价"};
    d.guards.push_back({.code = to_string(g), .zh = meaning[static_cast<std::size_t>(g)]});
  }
  for (const auto& t : transitions()) {
    ProcessRow row{.from = t.from ? to_string(*t.from) : std::string_view(),
                   .action = to_string(t.action),
                   .to = to_string(t.to),
                   .permission = t.permission,
                   .note = t.note};
    for (const auto g : t.guards) row.guards.push_back(to_string(g));
    for (const auto f : t.required) row.required.push_back(to_string(f));
    for (const auto f : t.optional) row.optional.push_back(to_string(f));
    if (t.sets_pending) row.effects.push_back(keep(fmt::format("asks {}", pending_names(t.pending_kind))));
    if (t.clears_pending) row.effects.push_back(keep(fmt::format("decides {}", pending_names(t.pending_kind))));
    if (t.handling != HandlingClock::unchanged) {
      row.effects.push_back(keep(fmt::format("handling: {}", to_string(t.handling))));
    }
    if (t.effect != Effect::none) row.effects.push_back(to_string(t.effect));
    d.rows.push_back(std::move(row));
  }
  // The effects the case service carries out (enum Effect); requests and clocks are read off the row.
  d.effects = {
      {.code = to_string(Effect::categorise),
       .zh = "设定类别和紧急程度，记录派遣建议",
       .en = "Category and urgency set"},
      {.code = to_string(Effect::dispatch_to_unit), .zh = "部门须可派遣；处置时限起算", .en = "Dispatch to a unit"},
      {.code = to_string(Effect::extension_amount),
       .zh = "申请或批准的延期时长",
       .en = "The extension asked or granted"},
      {.code = to_string(Effect::merge_into_target),
       .zh = "目标须为范围内另一未结案件",
       .en = "Merge into an open case"},
      {.code = to_string(Effect::place_on_map), .zh = "定位点的网格和区划", .en = "The point's grid and divisions"},
      {.code = to_string(Effect::restart_handling_limit),
       .zh = "返工时处置时限重新起算（可配置）",
       .en = "A fresh handling limit"},
      {.code = to_string(Effect::record_satisfaction), .zh = "记录回访满意度", .en = "The callback's level"},
  };
  return d;
}

}  // namespace

const ProcessDefinition& case_process() {
  static const ProcessDefinition definition = describe();
  return definition;
}

}  // namespace ug::workflow
