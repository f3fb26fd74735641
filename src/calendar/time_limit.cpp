// Names of the time-limit units, as used in configuration, rules, the CLI and the API.
#include "calendar/time_limit.hpp"

#include <array>

namespace ug::calendar {
namespace {
constexpr std::array<std::string_view, 6> kNames = {"natural_minutes", "natural_hours", "natural_days",
                                                    "working_minutes", "working_hours", "working_days"};
}

std::string_view to_string(Unit unit) { return kNames[static_cast<std::size_t>(unit)]; }

std::optional<Unit> parse_unit(std::string_view text) {
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == text) return static_cast<Unit>(i);
  }
  return std::nullopt;
}

std::string format_limit(TimeLimit limit) {
  return std::to_string(limit.value) + " " + std::string(to_string(limit.unit));
}

std::optional<TimeLimit> parse_limit(std::string_view text) {
  const auto space = text.find(' ');
  if (space == std::string_view::npos || space == 0 || space > 9) return std::nullopt;
  std::int64_t value = 0;
  for (const char c : text.substr(0, space)) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  const auto unit = parse_unit(text.substr(space + 1));
  if (!unit) return std::nullopt;
  return TimeLimit{value, *unit};
}

}  // namespace ug::calendar
