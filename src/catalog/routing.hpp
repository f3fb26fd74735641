// Who must fix it (DOMAIN.md §6, 权责清单): responsibility rules map (matter category or its major
// class, an area code prefix, optionally an urgency) to a department and a handling limit.
// Precedence, exactly: exact category > major class > any category; then the longer area prefix;
// then exact urgency > any urgency; then the lowest rule id. When no rule matches, the street
// office of the place is responsible (属地兜底) with the configured default limit.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "calendar/time_limit.hpp"
#include "core/result.hpp"

namespace ug::catalog {

enum class Urgency { normal, urgent, critical };
struct UrgencyInfo {
  Urgency urgency;
  std::string_view code, zh, en;
};
std::span<const UrgencyInfo> urgencies();  // in the order of the enum, the mildest first
std::string_view to_string(Urgency urgency);
std::optional<Urgency> parse_urgency(std::string_view text);
// The urgency called `text`, or validation_failed naming `field` (a body field, a query parameter,
// a command-line option) and the codes it may take.
Result<Urgency> urgency_named(std::string_view text, std::string_view field = "urgency");
// "normal、urgent、critical": the codes, for a parameter's description.
std::string urgency_codes();

struct ResponsibilityRule {
  std::int64_t id = 0;
  std::string matter_code;         // 5 digits, or empty
  std::string major_code;          // 2 digits when matter_code is empty, or empty for any category
  std::string area_prefix;         // a prefix of grid codes (district 6, street 9, community 12, grid 15); "" anywhere
  std::optional<Urgency> urgency;  // nullopt: any
  std::string department_id;
  calendar::TimeLimit limit;
};

// Checks a rule before it is stored: codes well formed, limit positive.
Result<void> validate_rule(const ResponsibilityRule& rule);

struct RoutingRequest {
  std::string matter_code;  // the case's category (a matter code)
  std::string place_code;   // the unit grid's code; "" when the place is outside every grid
  Urgency urgency = Urgency::normal;
};

struct RoutingDecision {
  std::optional<ResponsibilityRule> rule;  // the rule that decided, or nullopt (fallback)
  std::string department_id;               // empty: nobody (no rule, and no street office known)
  calendar::TimeLimit limit;
  bool fallback = false;
  std::string reason;  // zh-CN, for the dispatcher: which rule and why, or why the fallback
};

// `street_office_id`: the street office serving the place's street, or "" when none is known.
RoutingDecision decide_routing(const std::vector<ResponsibilityRule>& rules, const RoutingRequest& request,
                               const std::string& street_office_id, calendar::TimeLimit fallback_limit);

}  // namespace ug::catalog
