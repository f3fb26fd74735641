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

}  // namespace ug::calendar
