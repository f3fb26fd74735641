// libFuzzer target: the calendar's text inputs and its arithmetic. The input is split at NUL bytes
// into a holiday file, a periods setting and an ISO 8601 instant; a parsed instant then gets a
// limit from the input's length, and the deadline must give back exactly that working time.
#include <cstdint>
#include <string>
#include <string_view>

#include "calendar/work_calendar.hpp"

namespace {

const ug::calendar::WorkCalendar& national() {
  static const ug::calendar::WorkCalendar calendar = [] {
    ug::calendar::CalendarSources sources;
    for (const auto& f : ug::calendar::built_in_holiday_files()) {
      sources.years.insert(f.year);
      sources.national.insert(sources.national.end(), f.days.begin(), f.days.end());
    }
    return ug::calendar::WorkCalendar({}, sources);
  }();
  return calendar;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ug::calendar;
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  std::string parts[3];
  for (auto& part : parts) {
    const auto nul = rest.find('\0');
    part = std::string(rest.substr(0, nul));
    rest = nul == std::string_view::npos ? std::string_view{} : rest.substr(nul + 1);
  }
  (void)parse_holiday_file(parts[0]);
  if (const auto periods = parse_periods(parts[1])) {
    if (parse_periods(format_periods(*periods)).value().size() != periods->size()) __builtin_trap();
  }
  if (const auto instant = parse_iso8601(parts[2])) {
    const std::int64_t minutes = static_cast<std::int64_t>(size % 20'000);
    if (const auto due = national().due(*instant, minutes, Unit::working_minutes)) {
      if (national().elapsed_working(*instant, due->at).value() != minutes * 60) __builtin_trap();
    }
    if (parse_iso8601(format_iso8601(*instant, 480)).value() != *instant) __builtin_trap();
  }
  return 0;
}
