// The clock of a time limit on the real 2026 calendar: suspension, extension and the traffic light,
// each expected instant worked out by hand beside it; and the properties every reading obeys.
#include "calendar/limit_clock.hpp"

#include <gtest/gtest.h>

#include <random>

#include "unit/calendar/national_calendar.hpp"

namespace ug::calendar {
namespace {

const UnixSeconds kMonday = beijing(2026, 11, 23, 8, 30);  // an ordinary Monday, start of work

ClockReading read(const LimitClock& clock, UnixSeconds now, LightThresholds t = {}) {
  return read_clock(national(), clock, now, t).value();
}

TEST(LimitClock, FourWorkingHoursTurnYellowThenRed) {
  const LimitClock clock{kMonday, {4, Unit::working_hours}, {}, {}};
  // 80 % of 4 h = 3 h 12 min: 08:30 + 3:12 = 11:42. Due: 3.5 h to 12:00, 30 min after 13:30 = 14:00.
  const auto at_yellow = read(clock, beijing(2026, 11, 23, 11, 42));
  EXPECT_EQ(at_yellow.light, Light::green);  // exactly 80 % used is still green
  EXPECT_EQ(at_yellow.yellow_at, beijing(2026, 11, 23, 11, 42));
  EXPECT_EQ(at_yellow.due, beijing(2026, 11, 23, 14, 0));
  EXPECT_EQ(at_yellow.used_seconds, 3 * 3600 + 12 * 60);
  EXPECT_EQ(at_yellow.remaining_seconds, 48 * 60);
  EXPECT_EQ(read(clock, beijing(2026, 11, 23, 11, 42, 1)).light, Light::yellow);
  // Lunch: no working time passes, the light stays yellow.
  EXPECT_EQ(read(clock, beijing(2026, 11, 23, 13, 0)).remaining_seconds, 30 * 60);
  const auto at_due = read(clock, beijing(2026, 11, 23, 14, 0));
  EXPECT_EQ(at_due.light, Light::yellow);
  EXPECT_FALSE(at_due.overdue);
  const auto late = read(clock, beijing(2026, 11, 24, 9, 0));
  EXPECT_EQ(late.light, Light::red);
  EXPECT_TRUE(late.overdue);
  EXPECT_EQ(late.remaining_seconds, -4 * 3600);  // 14:00–17:30 and 08:30–09:00
  // After hours the same evening it is already past the deadline: red, nothing more used.
  const auto evening = read(clock, beijing(2026, 11, 23, 18, 0));
  EXPECT_EQ(evening.light, Light::red);
  EXPECT_EQ(evening.remaining_seconds, -3 * 3600 - 1800);
}

TEST(LimitClock, SuspensionStopsTheClock) {
  // 2 h used by 10:30, suspended until Wed 25 Nov 10:00; the other 2 h run 10:00–12:00.
  LimitClock clock{kMonday, {4, Unit::working_hours}, {}, {{beijing(2026, 11, 23, 10, 30), std::nullopt}}};
  const auto while_suspended = read(clock, beijing(2026, 11, 24, 15, 0));
  EXPECT_TRUE(while_suspended.suspended);
  EXPECT_EQ(while_suspended.used_seconds, 2 * 3600);
  EXPECT_FALSE(while_suspended.due);  // unknown until it resumes
  EXPECT_FALSE(while_suspended.yellow_at);
  EXPECT_EQ(while_suspended.light, Light::green);

  clock.suspensions[0].until = beijing(2026, 11, 25, 10, 0);
  const auto resumed = read(clock, beijing(2026, 11, 25, 11, 0));
  EXPECT_FALSE(resumed.suspended);
  EXPECT_EQ(resumed.used_seconds, 3 * 3600);
  EXPECT_EQ(resumed.due, beijing(2026, 11, 25, 12, 0));
  // Yellow at 3 h 12 min used: 10:00 + 1:12 = 11:12.
  EXPECT_EQ(resumed.yellow_at, beijing(2026, 11, 25, 11, 12));
  EXPECT_EQ(resumed.light, Light::green);
}

TEST(LimitClock, ASuspensionAfterTheDeadlineDoesNotHideIt) {
  const LimitClock clock{kMonday, {4, Unit::working_hours}, {}, {{beijing(2026, 11, 23, 15, 0), std::nullopt}}};
  const auto r = read(clock, beijing(2026, 11, 23, 16, 0));
  EXPECT_TRUE(r.suspended);
  EXPECT_EQ(r.due, beijing(2026, 11, 23, 14, 0));
  EXPECT_TRUE(r.overdue);
  EXPECT_EQ(r.light, Light::red);
  EXPECT_EQ(r.used_seconds, 5 * 3600);  // 08:30–12:00, 13:30–15:00
}

TEST(LimitClock, ExtensionsAddToTheLimit) {
  // 4 h + 2 h = 6 h: 3.5 h in the morning, 2.5 h from 13:30 → 16:00.
  const LimitClock clock{kMonday, {4, Unit::working_hours}, {{120, Unit::working_minutes}}, {}};
  const auto r = read(clock, beijing(2026, 11, 23, 15, 0));
  EXPECT_EQ(r.limit_seconds, 6 * 3600);
  EXPECT_EQ(r.due, beijing(2026, 11, 23, 16, 0));
  EXPECT_EQ(r.light, Light::yellow);  // 5 h of 6 h used: 83 %
  // An extension in natural time cannot be added to a limit in working time.
  const LimitClock mixed{kMonday, {4, Unit::working_hours}, {{2, Unit::natural_hours}}, {}};
  EXPECT_EQ(read_clock(national(), mixed, kMonday).error().code, ErrorCode::validation_failed);
}

TEST(LimitClock, NaturalTimeRunsThroughNightsAndHolidays) {
  // 2 natural hours from Thu 1 Oct 10:00 (National Day), suspended 10:30–11:00: due 12:30.
  const LimitClock clock{beijing(2026, 10, 1, 10, 0),
                         {2, Unit::natural_hours},
                         {},
                         {{beijing(2026, 10, 1, 10, 30), beijing(2026, 10, 1, 11, 0)}}};
  const auto r = read(clock, beijing(2026, 10, 1, 12, 0));
  EXPECT_FALSE(r.working);
  EXPECT_EQ(r.due, beijing(2026, 10, 1, 12, 30));
  EXPECT_EQ(r.used_seconds, 90 * 60);
  EXPECT_EQ(r.light, Light::green);                     // 90 of 120 min: 75 %
  EXPECT_EQ(r.yellow_at, beijing(2026, 10, 1, 12, 6));  // 96 min: 30 before the suspension, 66 after 11:00
}

TEST(LimitClock, ConfigurableThresholds) {
  const LimitClock clock{kMonday, {4, Unit::working_hours}, {}, {}};
  // Yellow from 50 % (2 h: 10:30), red from 150 % (6 h: 16:00), though overdue from 14:00.
  const LightThresholds t{50, 150};
  EXPECT_EQ(read(clock, beijing(2026, 11, 23, 10, 31), t).light, Light::yellow);
  const auto after_due = read(clock, beijing(2026, 11, 23, 15, 0), t);
  EXPECT_TRUE(after_due.overdue);
  EXPECT_EQ(after_due.light, Light::yellow);
  EXPECT_EQ(after_due.red_at, beijing(2026, 11, 23, 16, 0));
  EXPECT_EQ(read(clock, beijing(2026, 11, 23, 16, 0, 1), t).light, Light::red);
  EXPECT_FALSE(read_clock(national(), clock, kMonday, {80, 80}));
}

TEST(LimitClock, ProvisionalBeyondTheLoadedYears) {
  const LimitClock clock{beijing(2026, 12, 31, 17, 0), {1, Unit::working_hours}, {}, {}};
  const auto r = read(clock, beijing(2026, 12, 31, 17, 10));
  EXPECT_EQ(r.due, beijing(2027, 1, 1, 9, 0));
  EXPECT_TRUE(r.provisional);
}

TEST(LimitClock, MalformedSuspensionsAreRefused) {
  const auto refused = [](std::vector<Suspension> s) {
    return !read_clock(national(), {kMonday, {4, Unit::working_hours}, {}, std::move(s)}, kMonday + 3600);
  };
  EXPECT_TRUE(refused({{kMonday + 100, std::nullopt}, {kMonday + 200, kMonday + 300}}));   // open one not last
  EXPECT_TRUE(refused({{kMonday + 100, kMonday + 50}}));                                   // ends before it starts
  EXPECT_TRUE(refused({{kMonday + 100, kMonday + 300}, {kMonday + 200, kMonday + 400}}));  // overlap
  EXPECT_FALSE(refused({{kMonday - 100, kMonday + 300}, {kMonday + 300, std::nullopt}}));
  EXPECT_FALSE(read_clock(national(), {kMonday, {-1, Unit::working_hours}, {}, {}}, kMonday));
}

TEST(LimitClock, TheDeadlineIsWhereTheLimitIsUsedUp) {
  // Random limits with random closed suspensions: at the deadline exactly the limit is used, one
  // second earlier less, and the light never goes back from red.
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<UnixSeconds> starts(beijing(2024, 1, 1, 0, 0), beijing(2026, 6, 30, 0, 0));
  std::uniform_int_distribution<std::int64_t> minutes(1, 10 * 450), gap(0, 3 * 86400), length(60, 2 * 86400);
  for (int i = 0; i < 2000; ++i) {
    LimitClock clock{starts(rng), {minutes(rng), i % 5 == 0 ? Unit::natural_minutes : Unit::working_minutes}, {}, {}};
    UnixSeconds cursor = clock.start;
    for (int k = 0; k < 3; ++k) {
      const UnixSeconds from = cursor + gap(rng);
      cursor = from + length(rng);
      clock.suspensions.push_back({from, cursor});
    }
    const auto due = read(clock, clock.start).due.value();
    const auto at_due = read(clock, due);
    EXPECT_EQ(at_due.used_seconds, at_due.limit_seconds) << i;
    EXPECT_LT(read(clock, due - 1).used_seconds, at_due.limit_seconds) << i;
    EXPECT_NE(at_due.light, Light::red);
    EXPECT_EQ(read(clock, due + 1).light, Light::red);
    EXPECT_EQ(read(clock, due + 40 * 86400).light, Light::red);
  }
}

}  // namespace
}  // namespace ug::calendar
