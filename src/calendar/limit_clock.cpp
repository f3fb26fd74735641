// read_clock: walks the running stretches between suspensions on the work calendar.
#include "calendar/limit_clock.hpp"

#include <algorithm>

namespace ug::calendar {
namespace {

Result<void> check(const LimitClock& clock, const LightThresholds& thresholds) {
  const auto bad = [](MessageKey message) { return fail(ErrorCode::validation_failed, message); };
  if (clock.limit.value < 0) return bad("limit.negative");
  for (const auto& e : clock.extensions) {
    if (e.value <= 0) return bad("limit.extension_not_positive");
    if (is_working(e.unit) != is_working(clock.limit.unit)) return bad("limit.extension_unit_mismatch");
  }
  for (std::size_t i = 0; i < clock.suspensions.size(); ++i) {
    const auto& s = clock.suspensions[i];
    if (!s.until && i + 1 != clock.suspensions.size()) return bad("limit.open_suspension_not_last");
    if (s.until && *s.until < s.from) return bad("limit.suspension_ends_before_start");
    if (i > 0 && s.from < *clock.suspensions[i - 1].until) return bad("limit.suspensions_overlap");
  }
  if (thresholds.yellow_percent < 1 || thresholds.red_percent <= thresholds.yellow_percent) {
    return bad("limit.light_thresholds");
  }
  return {};
}

class Walker {
 public:
  Walker(const WorkCalendar& calendar, const LimitClock& clock, bool working)
      : calendar_(calendar), clock_(clock), working_(working) {}

  // Clock time in [from, to) as the limit counts it.
  Result<std::int64_t> measure(UnixSeconds from, UnixSeconds to) const {
    if (to <= from) return std::int64_t{0};
    if (working_) return calendar_.elapsed_working(from, to);
    return to - from;
  }

  // The earliest instant by which `target` seconds of the limit are used, or nullopt when an open
  // suspension comes first.
  Result<std::optional<Deadline>> instant_at(std::int64_t target) const {
    UnixSeconds cursor = clock_.start;
    std::int64_t left = target;
    for (const auto& s : clock_.suspensions) {
      if (s.until && *s.until <= cursor) continue;  // over before the clock started
      if (s.from > cursor) {
        UG_TRY_ASSIGN(const auto running, measure(cursor, s.from));
        if (running >= left) break;
        left -= running;
      }
      if (!s.until) return std::optional<Deadline>{};
      cursor = std::max(cursor, *s.until);
    }
    if (!working_) return std::optional<Deadline>{Deadline{cursor + left, false}};
    UG_TRY_ASSIGN(const auto at, calendar_.after_working(cursor, left));
    return std::optional<Deadline>{at};
  }

  Result<std::int64_t> used_until(UnixSeconds now) const {
    auto total = measure(clock_.start, now);
    if (!total) return total;
    for (const auto& s : clock_.suspensions) {
      const UnixSeconds from = std::max(s.from, clock_.start);
      const UnixSeconds to = std::min(s.until.value_or(now), now);
      auto paused = measure(from, to);
      if (!paused) return paused;
      *total -= *paused;
    }
    return total;
  }

 private:
  const WorkCalendar& calendar_;
  const LimitClock& clock_;
  bool working_;
};

}  // namespace

std::string_view to_string(Light light) {
  switch (light) {
    case Light::yellow:
      return "yellow";
    case Light::red:
      return "red";
    case Light::green:
      break;
  }
  return "green";
}

Result<ClockReading> read_clock(const WorkCalendar& calendar, const LimitClock& clock, UnixSeconds now,
                                LightThresholds thresholds) {
  UG_TRY(check(clock, thresholds));
  ClockReading r;
  r.working = is_working(clock.limit.unit);
  r.limit_seconds = calendar.limit_seconds(clock.limit);
  for (const auto& e : clock.extensions) r.limit_seconds += calendar.limit_seconds(e);
  const Walker walker(calendar, clock, r.working);

  UG_TRY_ASSIGN(r.used_seconds, walker.used_until(now));
  r.remaining_seconds = r.limit_seconds - r.used_seconds;
  r.suspended = !clock.suspensions.empty() && !clock.suspensions.back().until && clock.suspensions.back().from <= now;

  UG_TRY_ASSIGN(const auto due, walker.instant_at(r.limit_seconds));
  if (due) {
    r.due = due->at;
    r.provisional = due->provisional;
    r.overdue = now > *r.due;
  }
  const auto instant_of = [&](int percent) -> Result<std::optional<UnixSeconds>> {
    UG_TRY_ASSIGN(const auto at, walker.instant_at(r.limit_seconds * percent / 100));
    if (!at) return std::optional<UnixSeconds>{};
    return std::optional<UnixSeconds>{at->at};
  };
  UG_TRY_ASSIGN(const auto yellow, instant_of(thresholds.yellow_percent));
  UG_TRY_ASSIGN(const auto red, thresholds.red_percent == 100 ? Result<std::optional<UnixSeconds>>(r.due)
                                                              : instant_of(thresholds.red_percent));
  r.yellow_at = yellow;
  r.red_at = red;
  r.light = r.red_at && now > *r.red_at ? Light::red : r.yellow_at && now > *r.yellow_at ? Light::yellow : Light::green;
  return r;
}

}  // namespace ug::calendar
