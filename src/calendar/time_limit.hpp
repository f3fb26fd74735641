// A time limit (时限) as configured: an amount and its unit, natural (24/7) or working time
// (DOMAIN.md §5). Shared by the responsibility rules that carry limits and by the calendar that
// turns them into deadlines.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ug::calendar {

enum class Unit { natural_minutes, natural_hours, natural_days, working_minutes, working_hours, working_days };

std::string_view to_string(Unit unit);
std::optional<Unit> parse_unit(std::string_view text);
inline bool is_working(Unit unit) { return unit >= Unit::working_minutes; }

struct TimeLimit {
  std::int64_t value = 0;
  Unit unit = Unit::working_hours;
  bool operator==(const TimeLimit&) const = default;
};

// "4 working_hours": how limits are written in configuration and recorded in case events.
std::string format_limit(TimeLimit limit);
// nullopt unless "<non-negative integer> <unit>".
std::optional<TimeLimit> parse_limit(std::string_view text);

}  // namespace ug::calendar
