// Working time (DOMAIN.md §5): which dates work by the national calendar and its 调休 make-up days,
// the work periods of a day, and deadlines exact to the second. Working time before each day is
// precomputed (prefix sums), so `due` and `elapsed_working` are a binary search plus one day's
// periods: O(log n) in the calendar's span. Dates after the last loaded year follow the weekday rule
// and a deadline that depends on them is flagged provisional — never an error, never silently exact.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "calendar/time_limit.hpp"
#include "core/result.hpp"

namespace ug::calendar {

using UnixSeconds = std::int64_t;  // an instant, UTC

struct Period {
  int start_minute = 0;  // minutes after local midnight
  int end_minute = 0;    // exclusive, > start_minute
};

struct CalendarConfig {
  int utc_offset_minutes = 480;  // Asia/Shanghai: UTC+8 all year (no daylight saving since 1991)
  // Monday = 0 … Sunday = 6. Default: Monday–Friday 08:30–12:00 and 13:30–17:30.
  std::array<std::vector<Period>, 7> periods = default_periods();
  int makeup_workday_uses = 0;  // a make-up workday on a weekend uses this weekday's periods (Monday)
  int standard_day_minutes = 450;

  static std::array<std::vector<Period>, 7> default_periods();
};

// One listed date of a holiday file: a day off (holiday) or a make-up workday (调休上班).
struct ListedDay {
  std::string date;  // YYYY-MM-DD
  std::string name;  // 春节, 国庆节 …
  bool off = true;
};

// ISO 8601 with an offset ("2026-11-23T08:30:00+08:00", "…Z"; seconds optional) → instant.
Result<UnixSeconds> parse_iso8601(std::string_view text);
// An instant as ISO 8601 at the given offset, e.g. "2026-11-23T08:30:00+08:00".
std::string format_iso8601(UnixSeconds instant, int utc_offset_minutes);

// Reads one holiday-cn year file; returns its year and its listed days.
Result<std::pair<int, std::vector<ListedDay>>> parse_holiday_file(std::string_view json_text);

struct DayStatus {
  bool workday = false;
  std::string reason;        // weekday | weekend | the holiday's name | make-up workday (name)
  bool provisional = false;  // the date is after the last loaded year
};

struct Deadline {
  UnixSeconds at = 0;
  bool provisional = false;
};

class WorkCalendar {
 public:
  // `listed`: every listed day of every loaded file; `years`: the years those files cover.
  WorkCalendar(CalendarConfig config, const std::vector<ListedDay>& listed, std::set<int> years);

  // A date as YYYY-MM-DD (validation_failed when malformed or outside 2000–2099).
  Result<DayStatus> day(std::string_view date) const;

  // The instant `amount` units after `start`. Working time starts counting at the next work period
  // when `start` is outside one; a limit that ends exactly at a period's end is due at that end.
  Result<Deadline> due(UnixSeconds start, std::int64_t amount, Unit unit) const;
  // Working seconds in [from, to) (0 when to <= from).
  Result<std::int64_t> elapsed_working(UnixSeconds from, UnixSeconds to) const;

  const CalendarConfig& config() const { return config_; }
  int last_loaded_year() const { return years_.empty() ? 0 : *years_.rbegin(); }

 private:
  struct DayRow {
    std::int8_t periods_of = -1;  // weekday whose periods apply; -1: a day off
    bool provisional = false;
  };
  Result<std::int64_t> day_index(UnixSeconds instant, std::int64_t* second_of_day) const;
  std::int64_t worked_before(std::int64_t day, std::int64_t second_of_day) const;

  CalendarConfig config_;
  std::set<int> years_;
  std::map<std::string, ListedDay> listed_;
  std::int64_t first_day_ = 0;            // days since 1970-01-01 (local) of table entry 0
  std::vector<DayRow> days_;              // 2000-01-01 … 2099-12-31
  std::vector<std::int64_t> cumulative_;  // working seconds before each day; size days_ + 1
};

}  // namespace ug::calendar
