// The clock of one time limit (DOMAIN.md §5): it starts at an instant, pauses while the case is
// suspended (挂起), grows by approved extensions (延期), and is read at any instant as time used,
// time left, the deadline, and the traffic light (红黄绿灯). The instants at which the light turns
// yellow and red are computed, not polled, so a scheduler can wake exactly then.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "calendar/work_calendar.hpp"

namespace ug::calendar {

// A stretch during which the clock stands still; `until` is empty while it lasts.
struct Suspension {
  UnixSeconds from = 0;
  std::optional<UnixSeconds> until;
  bool operator==(const Suspension&) const = default;
};

struct LimitClock {
  UnixSeconds start = 0;
  TimeLimit limit;
  std::vector<TimeLimit> extensions;    // approved; each of the limit's kind (working or natural)
  std::vector<Suspension> suspensions;  // in order, not overlapping; only the last may be open
  bool operator==(const LimitClock&) const = default;
};

enum class Light { green, yellow, red };
std::string_view to_string(Light light);

// Green until `yellow_percent` of the limit is used, yellow until `red_percent` (100: the
// deadline itself), red after. The boundary instant itself keeps the earlier colour.
struct LightThresholds {
  int yellow_percent = 80;
  int red_percent = 100;
};

struct ClockReading {
  bool working = true;                 // working time (else natural time)
  std::int64_t limit_seconds = 0;      // the limit plus its extensions
  std::int64_t used_seconds = 0;       // up to `now`, suspensions excluded
  std::int64_t remaining_seconds = 0;  // limit − used; 0 or less once due
  bool suspended = false;              // an open suspension covers `now`
  // Empty when not reached before an open suspension (unknown until the clock resumes).
  std::optional<UnixSeconds> due, yellow_at, red_at;
  bool provisional = false;  // the deadline rests on a year whose national calendar is not loaded
  bool overdue = false;      // now is past the deadline
  Light light = Light::green;
};

// validation_failed: a negative limit, an extension of the other kind, suspensions out of order
// or overlapping, an open suspension that is not the last, instants outside 2000–2099.
Result<ClockReading> read_clock(const WorkCalendar& calendar, const LimitClock& clock, UnixSeconds now,
                                LightThresholds thresholds = {});

}  // namespace ug::calendar
