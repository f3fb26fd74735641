// The indicator catalogue: for every evaluated kind (region, department, supervisor, operator,
// shift leader, dispatcher) its indicators in a fixed order, each with an id, a Chinese and an
// English name, a definition and whether lower is better, and the function that gives every
// evaluated unit's values. Exports, the composite, drill-down and docs/evaluation.md all read this
// one table, so a figure means the same wherever it appears.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "evaluation/indicators.hpp"
#include "evaluation/scores.hpp"
#include "evaluation/tallies.hpp"

namespace ug::evaluation {

enum class Kind { region, department, supervisor, operator_, shift_leader, dispatcher };
std::span<const Kind> kinds();
std::string_view to_string(Kind kind);
std::string_view zh_name(Kind kind);
std::string_view en_name(Kind kind);  // lower case, for the middle of a sentence
std::optional<Kind> parse_kind(std::string_view text);
std::string_view to_string(RegionLevel level);
std::optional<RegionLevel> parse_region_level(std::string_view text);

struct Indicator {
  std::string id;
  std::string zh, en;
  std::string definition;  // zh-CN
  bool is_rate = false;    // a rate (numerator / denominator), else a count
  Better better = Better::higher;
  std::string part_of;  // the indicator this one breaks down (上报数 by channel), else empty
};
std::span<const Indicator> indicators(Kind kind);
// The position of `id` in indicators(kind).
std::optional<std::size_t> indicator_index(Kind kind, std::string_view id);

using Value = std::variant<std::int64_t, Rate>;

// What the people's figures need besides the cases.
struct Context {
  RegionLevel level = RegionLevel::district;                         // regions: the level evaluated
  std::map<std::string, std::vector<std::string>> supervisor_grids;  // supervisors: username → grid prefixes
};

struct UnitValues {
  std::string unit;           // region code, department id or username
  std::vector<Value> values;  // in indicators(kind) order
};
// Every unit with anything to count, by unit.
std::vector<UnitValues> evaluate(Kind kind, std::span<const CaseAt> cases, const Period& period, std::int64_t at_ms,
                                 const Context& context);
// The same from the period's summed tallies (the stored running totals).
std::vector<UnitValues> evaluate(Kind kind, const Counts& counts, const Context& context);

// Drill-down: the cases behind one unit's figure. A count lists each case it counts (`count` times
// when a case counts more than once, as a dispatcher's two dispatches of one case); a rate lists the
// cases of its denominator, with how many times each is in the numerator.
struct CountedCase {
  std::string case_id;
  std::int64_t numerator = 0;    // for a count: how many times it counts
  std::int64_t denominator = 0;  // for a rate: how many times it is in the denominator; 0 for a count
};
std::vector<CountedCase> counted_cases(Kind kind, std::string_view unit, std::size_t indicator,
                                       std::span<const CaseAt> cases, const Period& period, std::int64_t at_ms,
                                       const Context& context);

}  // namespace ug::evaluation
