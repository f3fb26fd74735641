// Working time (DOMAIN.md §5): which dates work by the national calendar and its 调休 make-up days,
// the work periods of a day, and deadlines exact to the second. Working time before each day is
// precomputed (prefix sums), so `due` and `elapsed_working` are a binary search plus one day's
// periods: O(log n) in the calendar's span. Dates after the last loaded year follow the weekday rule
// and a deadline that depends on them is flagged provisional — never an error, never silently exact.
// Local overrides (stored by the service layer) win over the national files.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "calendar/time_limit.hpp"
#include "core/result.hpp"

namespace ug::calendar {

using UnixSeconds = std::int64_t;  // an instant, UTC

struct Period {
  int start_minute = 0;  // minutes after local midnight
  int end_minute = 0;    // exclusive, > start_minute
};

// "08:30-12:00,13:30-17:30" → periods; "" → no periods (a day off). Periods must be ascending and
// must not overlap; 24:00 is allowed as an end.
Result<std::vector<Period>> parse_periods(std::string_view text);
std::string format_periods(const std::vector<Period>& periods);

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

// A local decision that a date works or not, whatever the national calendar says.
struct DateOverride {
  std::string date;  // YYYY-MM-DD
  bool workday = false;
  std::string reason;
};

struct CalendarSources {
  std::vector<ListedDay> national;  // every listed day of every loaded year file
  std::set<int> years;              // the years those files cover
  std::vector<DateOverride> overrides;
};

// ISO 8601 with an offset ("2026-11-23T08:30:00+08:00", "…Z"; seconds optional), years 1970–2199 → instant.
Result<UnixSeconds> parse_iso8601(std::string_view text);
// An instant as ISO 8601 at the given offset, e.g. "2026-11-23T08:30:00+08:00".
std::string format_iso8601(UnixSeconds instant, int utc_offset_minutes);
// YYYY-MM-DD, checked to be a real date.
bool is_iso_date(std::string_view text);

// One national holiday file (holiday-cn format): a year and the dates its notice lists.
struct HolidayFile {
  int year = 0;
  std::vector<ListedDay> days;
};
Result<HolidayFile> parse_holiday_file(std::string_view json_text);
// The files of data/holiday-cn built into the binary (2007–2026), in year order.
std::vector<HolidayFile> built_in_holiday_files();

enum class DaySource { weekday_rule, national, local_override };
std::string_view to_string(DaySource source);  // weekday_rule | national | override

struct DayStatus {
  bool workday = false;
  std::string reason;   // weekday | weekend | the holiday's name | make-up workday (name) | the override's reason
  std::string holiday;  // a national date's holiday (also the one a make-up workday belongs to), else empty
  DaySource source = DaySource::weekday_rule;
  bool provisional = false;  // the national arrangement of this date is not published yet
  int working_minutes = 0;   // length of the day's work periods
};

struct Deadline {
  UnixSeconds at = 0;
  bool provisional = false;
};

class WorkCalendar {
 public:
  WorkCalendar(CalendarConfig config, const CalendarSources& sources);

  // A date as YYYY-MM-DD (validation_failed when malformed or outside 2000–2099).
  Result<DayStatus> day(std::string_view date) const;
  // Every date of a year, in order (validation_failed outside 2000–2099).
  Result<std::vector<std::pair<std::string, DayStatus>>> year_days(int year) const;

  // The instant `amount` units after `start`. Working time starts counting at the next work period
  // when `start` is outside one; a limit that ends exactly at a period's end is due at that end.
  Result<Deadline> due(UnixSeconds start, std::int64_t amount, Unit unit) const;
  // The earliest instant with `seconds` of working time in [start, instant).
  Result<Deadline> after_working(UnixSeconds start, std::int64_t seconds) const;
  // Working seconds in [from, to) (0 when to <= from).
  Result<std::int64_t> elapsed_working(UnixSeconds from, UnixSeconds to) const;
  // Working seconds left from `now` until `due`; negative (the working time since) once past it.
  Result<std::int64_t> remaining(UnixSeconds now, UnixSeconds due) const;
  // A limit in seconds of its own kind (working or natural); N working days = N × standard day.
  std::int64_t limit_seconds(TimeLimit limit) const;

  const CalendarConfig& config() const { return config_; }
  int last_loaded_year() const { return years_.empty() ? 0 : *years_.rbegin(); }
  const std::set<int>& loaded_years() const { return years_; }
  std::size_t override_count() const { return overrides_.size(); }

 private:
  struct DayRow {
    std::int8_t periods_of = -1;  // weekday whose periods apply; -1: a day off
    bool provisional = false;
  };
  DayStatus status_of(std::int64_t day_number) const;
  Result<std::int64_t> day_index(UnixSeconds instant, std::int64_t* second_of_day) const;
  std::int64_t worked_before(std::int64_t day, std::int64_t second_of_day) const;

  CalendarConfig config_;
  std::set<int> years_;
  // Keyed by local day number (days since 1970-01-01), so building the table formats no dates.
  std::unordered_map<std::int64_t, ListedDay> national_;
  std::unordered_map<std::int64_t, DateOverride> overrides_;
  std::int64_t first_day_ = 0;            // days since 1970-01-01 (local) of table entry 0
  std::vector<DayRow> days_;              // 2000-01-01 … 2099-12-31
  std::vector<std::int64_t> cumulative_;  // working seconds before each day; size days_ + 1
};

}  // namespace ug::calendar
