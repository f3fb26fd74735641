// The calendar tests' fixture: the built-in national holiday files (data/holiday-cn) under the
// default configuration, and instants written as Beijing wall-clock time.
#pragma once

#include <chrono>

#include "calendar/work_calendar.hpp"

namespace ug::calendar {

// The built-in national files (data/holiday-cn).
inline CalendarSources national_sources() {
  CalendarSources sources;
  for (const auto& file : built_in_holiday_files()) {
    sources.years.insert(file.year);
    sources.national.insert(sources.national.end(), file.days.begin(), file.days.end());
  }
  return sources;
}

inline const WorkCalendar& national() {
  static const WorkCalendar calendar(CalendarConfig{}, national_sources());
  return calendar;
}

// An instant given in Beijing time (UTC+8).
inline UnixSeconds beijing(int y, unsigned m, unsigned d, int hh, int mm, int ss = 0) {
  using namespace std::chrono;
  const sys_days day{year_month_day{year{y}, month{m}, std::chrono::day{d}}};
  return day.time_since_epoch().count() * 86400 + hh * 3600 + mm * 60 + ss - 8 * 3600;
}

}  // namespace ug::calendar
