// decide_routing: filter the rules that apply, then order them by the precedence of DOMAIN.md §6.
#include "catalog/routing.hpp"

#include "catalog/codes.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <tuple>
#include "core/text.hpp"

namespace ug::catalog {
namespace {

std::string describe(const ResponsibilityRule& r) {
  std::string what = !r.matter_code.empty()  ? "事项 " + r.matter_code
                     : !r.major_code.empty() ? "大类 " + r.major_code
                                             : std::string("任意类别");
  std::string where = r.area_prefix.empty() ? "全市" : "区域 " + r.area_prefix;
  std::string urgency = r.urgency ? std::string("紧急程度 ") + std::string(to_string(*r.urgency)) : "任意紧急程度";
  return fmt::format("规则 #{}（{}、{}、{}）", r.id, what, where, urgency);
}

}  // namespace

std::span<const UrgencyInfo> urgencies() {
  static constexpr std::array<UrgencyInfo, 3> kUrgencies = {{
      {.urgency = Urgency::normal, .code = "normal", .zh = "一般", .en = "Normal"},
      {.urgency = Urgency::urgent, .code = "urgent", .zh = "紧急", .en = "Urgent"},
      {.urgency = Urgency::critical, .code = "critical", .zh = "特急", .en = "Critical"},
  }};
  return kUrgencies;
}

std::string_view to_string(Urgency urgency) { return urgencies()[static_cast<std::size_t>(urgency)].code; }

std::optional<Urgency> parse_urgency(std::string_view text) {
  for (const auto& u : urgencies()) {
    if (u.code == text) return u.urgency;
  }
  return std::nullopt;
}

std::string urgency_codes() {
  std::string out;
  for (const auto& u : urgencies()) out += fmt::format("{}{}", out.empty() ? "" : "、", u.code);
  return out;
}

Result<Urgency> urgency_named(std::string_view text, std::string_view field) {
  if (const auto u = parse_urgency(text)) return *u;
  std::vector<std::string> codes;
  for (const auto& u : urgencies()) codes.emplace_back(u.code);
  return fail(invalid(std::string(field), "routing_rules.urgency_unknown").with("codes", std::move(codes)));
}

Result<void> validate_rule(const ResponsibilityRule& rule) {
  if (!rule.matter_code.empty() && !is_digits(rule.matter_code, 5)) {
    return fail(invalid("matter_code", "routing_rules.matter_code_format"));
  }
  if (!rule.matter_code.empty() && !rule.major_code.empty()) {
    return fail(invalid("major_code", "routing_rules.matter_or_major"));
  }
  if (!rule.major_code.empty() && !is_digits(rule.major_code, 2)) {
    return fail(invalid("major_code", "routing_rules.major_code_format"));
  }
  // An area is a district, street or community code, or one unit grid's code.
  const auto& area = rule.area_prefix;
  const bool division = (area.size() == 6 || area.size() == 9 || area.size() == 12) && is_digits(area);
  if (!area.empty() && !division && !parse_grid_code(area)) {
    return fail(invalid("area_prefix", "routing_rules.area_format"));
  }
  if (rule.department_id.empty()) {
    return fail(invalid("department_id", "routing_rules.department_required"));
  }
  if (rule.limit.value <= 0) {
    return fail(invalid("limit", "routing_rules.limit_not_positive"));
  }
  return {};
}

RoutingDecision decide_routing(const std::vector<ResponsibilityRule>& rules, const RoutingRequest& request,
                               const std::string& street_office_id, calendar::TimeLimit fallback_limit) {
  const std::string major = request.matter_code.substr(0, 2);
  const ResponsibilityRule* best = nullptr;
  std::tuple<int, std::size_t, int, std::int64_t> best_rank{};
  for (const auto& rule : rules) {
    int category_rank = 0;  // 2 exact category, 1 major class, 0 any
    if (!rule.matter_code.empty()) {
      if (rule.matter_code != request.matter_code) continue;
      category_rank = 2;
    } else if (!rule.major_code.empty()) {
      if (rule.major_code != major) continue;
      category_rank = 1;
    }
    if (!request.place_code.starts_with(rule.area_prefix)) continue;
    if (rule.urgency && *rule.urgency != request.urgency) continue;
    // Higher is better for the first three; the lowest id wins the last tie.
    const auto rank = std::make_tuple(category_rank, rule.area_prefix.size(), rule.urgency ? 1 : 0, -rule.id);
    if (best == nullptr || rank > best_rank) {
      best = &rule;
      best_rank = rank;
    }
  }
  RoutingDecision decision;
  if (best != nullptr) {
    decision.rule = *best;
    decision.department_id = best->department_id;
    decision.limit = best->limit;
    decision.reason = "适用" + describe(*best) + "：类别、区域、紧急程度依次最具体的规则";
    return decision;
  }
  decision.fallback = true;
  decision.limit = fallback_limit;
  decision.department_id = street_office_id;
  if (!street_office_id.empty()) {
    decision.reason = "没有适用的权责规则，按属地兜底由所在街道办事处负责";
  } else if (request.place_code.empty()) {
    decision.reason = "没有适用的权责规则，且位置不在任何单元网格内：请派遣员指定责任单位";
  } else {
    decision.reason =
        "没有适用的权责规则，所在街道 " + request.place_code.substr(0, 9) + " 没有登记街道办事处：请派遣员指定责任单位";
  }
  return decision;
}

}  // namespace ug::catalog
