// Working time against the real national arrangements of 2025-2026 (data/holiday-cn), each expected
// deadline worked out by hand in the comment beside it; and the properties every deadline obeys.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "calendar/work_calendar.hpp"
#include "support/test_env.hpp"

namespace ug::calendar {
namespace {

using namespace std::chrono;

const WorkCalendar& national() {
  static const WorkCalendar calendar = [] {
    std::vector<ListedDay> listed;
    std::set<int> years;
    for (const auto& entry : std::filesystem::directory_iterator(test::source_dir() / "data/holiday-cn")) {
      if (entry.path().extension() != ".json") continue;
      std::ifstream in(entry.path());
      std::stringstream text;
      text << in.rdbuf();
      auto [year, days] = parse_holiday_file(text.str()).value();
      years.insert(year);
      listed.insert(listed.end(), days.begin(), days.end());
    }
    return WorkCalendar(CalendarConfig{}, listed, years);
  }();
  return calendar;
}

// An instant given in Beijing time (UTC+8).
UnixSeconds beijing(int y, unsigned m, unsigned d, int hh, int mm, int ss = 0) {
  const sys_days day{year_month_day{year{y}, month{m}, std::chrono::day{d}}};
  return day.time_since_epoch().count() * 86400 + hh * 3600 + mm * 60 + ss - 8 * 3600;
}

struct DueCase {
  const char* what;
  UnixSeconds start;
  std::int64_t amount;
  Unit unit;
  UnixSeconds expected;
  bool provisional;
};

TEST(WorkCalendar, DeadlinesAcrossRealHolidays) {
  const std::vector<DueCase> cases = {
      // Before the first period: counts from 08:30.
      {"Mon 07:00 + 1 working minute", beijing(2026, 11, 23, 7, 0), 1, Unit::working_minutes,
       beijing(2026, 11, 23, 8, 31), false},
      // Exactly 3.5 h fills the morning: due at 12:00, not 13:30.
      {"Mon 08:30 + 210 working minutes", beijing(2026, 11, 23, 8, 30), 210, Unit::working_minutes,
       beijing(2026, 11, 23, 12, 0), false},
      // Lunch break: 12:30 counts from 13:30.
      {"Mon 12:30 + 30 working minutes", beijing(2026, 11, 23, 12, 30), 30, Unit::working_minutes,
       beijing(2026, 11, 23, 14, 0), false},
      // After work: next morning.
      {"Mon 18:00 + 1 working hour", beijing(2026, 11, 23, 18, 0), 1, Unit::working_hours, beijing(2026, 11, 24, 9, 30),
       false},
      // Friday 17:00: 30 min left, weekend off, Monday 08:30 + 30 min.
      {"Fri 17:00 + 1 working hour", beijing(2026, 11, 20, 17, 0), 1, Unit::working_hours, beijing(2026, 11, 23, 9, 0),
       false},
      // National Day 2026: Wed 30 Sep 16:00, 1.5 h left that day; 1-7 Oct off; Thu 8 Oct 08:30 + 2.5 h.
      {"30 Sep 16:00 + 4 working hours", beijing(2026, 9, 30, 16, 0), 4, Unit::working_hours,
       beijing(2026, 10, 8, 11, 0), false},
      // Sun 20 Sep 2026 is a make-up workday (国庆节), with Monday's periods: Sat 19 Sep 10:00 starts there.
      {"Sat 19 Sep + 1 working hour", beijing(2026, 9, 19, 10, 0), 1, Unit::working_hours, beijing(2026, 9, 20, 9, 30),
       false},
      // Spring Festival 2026: Fri 13 Feb 17:00, 30 min left; Sat 14 Feb is a make-up workday.
      {"13 Feb 17:00 + 1 working hour", beijing(2026, 2, 13, 17, 0), 1, Unit::working_hours, beijing(2026, 2, 14, 9, 0),
       false},
      // From the make-up Saturday: 14 Feb 17:00 + 1 h: 30 min, then 15-23 Feb off, Tue 24 Feb 09:00.
      {"14 Feb 17:00 + 1 working hour", beijing(2026, 2, 14, 17, 0), 1, Unit::working_hours, beijing(2026, 2, 24, 9, 0),
       false},
      // Year end: Wed 31 Dec 2025 17:00, 30 min; 1-3 Jan 2026 off; Sun 4 Jan is a make-up workday.
      {"31 Dec 2025 17:00 + 2 working hours", beijing(2025, 12, 31, 17, 0), 2, Unit::working_hours,
       beijing(2026, 1, 4, 10, 0), false},
      // Labour Day 2025: 1-5 May off. Wed 30 Apr 17:00 + 1 h: 30 min, then Tue 6 May 08:30 + 30 min.
      {"30 Apr 2025 17:00 + 1 working hour", beijing(2025, 4, 30, 17, 0), 1, Unit::working_hours,
       beijing(2025, 5, 6, 9, 0), false},
      // One working day = 450 min: Mon 08:30 + 1 day = Mon 17:30.
      {"Mon 08:30 + 1 working day", beijing(2026, 11, 23, 8, 30), 1, Unit::working_days, beijing(2026, 11, 23, 17, 30),
       false},
      // Natural units ignore the calendar.
      {"Sat 23:00 + 2 natural hours", beijing(2026, 11, 21, 23, 0), 2, Unit::natural_hours, beijing(2026, 11, 22, 1, 0),
       false},
      {"1 Oct + 3 natural days", beijing(2026, 10, 1, 9, 0), 3, Unit::natural_days, beijing(2026, 10, 4, 9, 0), false},
      // Into 2027, which is not published yet: weekday rule, provisional. Thu 31 Dec 2026 17:00,
      // 30 min; Fri 1 Jan 2027 is a plain Friday by the weekday rule: 08:30 + 30 min.
      {"31 Dec 2026 17:00 + 1 working hour", beijing(2026, 12, 31, 17, 0), 1, Unit::working_hours,
       beijing(2027, 1, 1, 9, 0), true},
  };
  for (const auto& c : cases) {
    const auto d = national().due(c.start, c.amount, c.unit).value();
    EXPECT_EQ(d.at, c.expected) << c.what << ": off by " << (d.at - c.expected) << " s";
    EXPECT_EQ(d.provisional, c.provisional) << c.what;
  }
}

TEST(WorkCalendar, ThirtyWorkingDaysAcrossNationalDay) {
  // Wed 16 Sep 2026 08:30 + 30 working days (13,500 min) ends at 17:30 of the 30th workday, which an
  // independent day-by-day walk over day() finds (the walk crosses 中秋, 国庆 and the 20 Sep make-up day).
  const auto start = beijing(2026, 9, 16, 8, 30);
  const auto due = national().due(start, 30, Unit::working_days).value();
  int workdays = 0;
  for (int i = 0; workdays < 30; ++i) {
    const auto day = sys_days{year_month_day{year{2026}, September, std::chrono::day{16}}} + days{i};
    const year_month_day ymd{day};
    const auto date =
        std::to_string(static_cast<int>(ymd.year())) + "-" + (static_cast<unsigned>(ymd.month()) < 10 ? "0" : "") +
        std::to_string(static_cast<unsigned>(ymd.month())) + "-" + (static_cast<unsigned>(ymd.day()) < 10 ? "0" : "") +
        std::to_string(static_cast<unsigned>(ymd.day()));
    if (national().day(date).value().workday && ++workdays == 30) {
      EXPECT_EQ(due.at, day.time_since_epoch().count() * 86400 + 17 * 3600 + 30 * 60 - 8 * 3600) << date;
    }
  }
}

TEST(WorkCalendar, DaysAndTheirReasons) {
  const auto check = [](const char* date, bool workday, const char* reason) {
    const auto d = national().day(date).value();
    EXPECT_EQ(d.workday, workday) << date;
    EXPECT_EQ(d.reason, reason) << date;
  };
  check("2026-11-23", true, "weekday");
  check("2026-11-21", false, "weekend");
  check("2026-02-16", false, "春节");
  check("2026-02-14", true, "make-up workday (春节)");
  check("2026-09-20", true, "make-up workday (国庆节)");
  check("2026-10-01", false, "国庆节");
  check("2026-01-04", true, "make-up workday (元旦)");
  EXPECT_TRUE(national().day("2027-01-01").value().provisional);
  EXPECT_FALSE(national().day("2026-12-31").value().provisional);
  EXPECT_FALSE(national().day("2026-13-01"));
  EXPECT_FALSE(national().day("26-01-01"));
  EXPECT_FALSE(national().day("2100-01-01"));
}

TEST(WorkCalendar, ElapsedWorkingInvertsDueAndIsMonotonic) {
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<UnixSeconds> starts(beijing(2024, 1, 1, 0, 0), beijing(2026, 12, 31, 23, 59));
  std::uniform_int_distribution<std::int64_t> minutes(1, 30 * 450);
  for (int i = 0; i < 5000; ++i) {
    const auto a = starts(rng);
    const auto limit = minutes(rng);
    const auto d = national().due(a, limit, Unit::working_minutes).value();
    EXPECT_EQ(national().elapsed_working(a, d.at).value(), limit * 60) << "start " << a << " limit " << limit;
    EXPECT_GE(d.at, a);
    const auto longer = national().due(a, limit + 1, Unit::working_minutes).value();
    EXPECT_GT(longer.at, d.at);
    // The deadline is the earliest such instant: one second earlier is not enough.
    EXPECT_EQ(national().elapsed_working(a, d.at - 1).value(), limit * 60 - 1);
  }
}

TEST(WorkCalendar, Iso8601WithOffsets) {
  EXPECT_EQ(parse_iso8601("2026-11-23T08:30:00+08:00").value(), beijing(2026, 11, 23, 8, 30));
  EXPECT_EQ(parse_iso8601("2026-11-23T00:30Z").value(), beijing(2026, 11, 23, 8, 30));
  EXPECT_EQ(parse_iso8601("2026-11-22T19:30:00-05:00").value(), beijing(2026, 11, 23, 8, 30));
  for (const char* bad : {"2026-11-23", "2026-11-23T08:30", "2026-11-23T24:00+08:00", "2026-02-30T08:00+08:00",
                          "2026-11-23T08:30+8", "x"}) {
    EXPECT_FALSE(parse_iso8601(bad)) << bad;
  }
  EXPECT_EQ(format_iso8601(beijing(2027, 1, 1, 9, 0), 480), "2027-01-01T09:00:00+08:00");
  EXPECT_EQ(parse_unit("working_days"), Unit::working_days);
  EXPECT_FALSE(parse_unit("weeks"));
}

TEST(WorkCalendar, HolidayFilesAreCheckedWhenRead) {
  EXPECT_FALSE(parse_holiday_file("{}"));
  EXPECT_FALSE(parse_holiday_file(R"({"year":2027,"days":[{"name":"元旦","date":"2027-02-30","isOffDay":true}]})"));
  const auto ok = parse_holiday_file(R"({"year":2027,"papers":[],"days":[]})").value();
  EXPECT_EQ(ok.first, 2027);
  EXPECT_TRUE(ok.second.empty());
}

}  // namespace
}  // namespace ug::calendar
