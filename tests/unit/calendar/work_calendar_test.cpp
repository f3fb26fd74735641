// Working time against the real national arrangements of 2024-2026 (data/holiday-cn), each expected
// deadline worked out by hand in the comment beside it; and the properties every deadline obeys.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <random>

#include "support/test_env.hpp"
#include "unit/calendar/national_calendar.hpp"

namespace ug::calendar {
namespace {

using namespace std::chrono;

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
      // Spring Festival 2024: Fri 9 Feb 16:00, 1.5 h; 10-17 Feb off; Sun 18 Feb is a make-up workday.
      {"9 Feb 2024 16:00 + 3 working hours", beijing(2024, 2, 9, 16, 0), 3, Unit::working_hours,
       beijing(2024, 2, 18, 10, 0), false},
      // Labour Day 2024: Sun 28 Apr is a make-up workday; 3.5 h from Saturday fill its morning: 12:00.
      {"Sat 27 Apr 2024 + 210 working minutes", beijing(2024, 4, 27, 10, 0), 210, Unit::working_minutes,
       beijing(2024, 4, 28, 12, 0), false},
      // Tue 30 Apr 2024 17:00 + 1 working day: 30 min; 1-5 May off; Mon 6 May 3.5 h + 13:30-17:00.
      {"30 Apr 2024 17:00 + 1 working day", beijing(2024, 4, 30, 17, 0), 1, Unit::working_days,
       beijing(2024, 5, 6, 17, 0), false},
      // National Day 2024: Sun 29 Sep works 7.5 h, then Mon 30 Sep 08:30 + 30 min.
      {"Sat 28 Sep 2024 12:00 + 8 working hours", beijing(2024, 9, 28, 12, 0), 8, Unit::working_hours,
       beijing(2024, 9, 30, 9, 0), false},
      // From the lunch break, 4 h fill the afternoon: due 17:30 on 30 Sep, not 8 Oct 08:30.
      {"30 Sep 2024 12:30 + 4 working hours", beijing(2024, 9, 30, 12, 30), 4, Unit::working_hours,
       beijing(2024, 9, 30, 17, 30), false},
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
  // The last days of the last loaded year wait for the next year's notice (its 元旦 arrangement).
  EXPECT_FALSE(national().day("2026-12-24").value().provisional);
  EXPECT_TRUE(national().day("2026-12-25").value().provisional);
  EXPECT_FALSE(national().day("2025-12-31").value().provisional);
  EXPECT_EQ(national().day("2026-10-01").value().source, DaySource::national);
  EXPECT_EQ(national().day("2026-11-23").value().source, DaySource::weekday_rule);
  EXPECT_EQ(national().day("2026-11-23").value().working_minutes, 450);
  EXPECT_EQ(national().day("2026-10-01").value().working_minutes, 0);
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
  for (const char* bad :
       {"2026-11-23", "2026-11-23T08:30", "2026-11-23T24:00+08:00", "2026-02-30T08:00+08:00", "2026-11-23T08:30+8", "x",
        "0000-01-01T00:00+14:00", "2200-01-01T00:00Z", "2199-12-31T23:59Z"}) {
    EXPECT_FALSE(parse_iso8601(bad)) << bad;
  }
  EXPECT_EQ(format_iso8601(beijing(2027, 1, 1, 9, 0), 480), "2027-01-01T09:00:00+08:00");
  EXPECT_EQ(parse_unit("working_days"), Unit::working_days);
  EXPECT_FALSE(parse_unit("weeks"));
}

TEST(WorkCalendar, LocalOverridesWinOverTheNationalCalendar) {
  auto sources = national_sources();
  sources.overrides = {{"2026-11-23", false, "防汛停工"},  // a Monday made a day off
                       {"2026-11-28", true, "创城迎检"},   // a Saturday made a workday
                       {"2026-10-02", true, "国庆值守"}};  // a national holiday made a workday
  const WorkCalendar local(CalendarConfig{}, sources);
  const auto monday = local.day("2026-11-23").value();
  EXPECT_FALSE(monday.workday);
  EXPECT_EQ(monday.reason, "防汛停工");
  EXPECT_EQ(monday.source, DaySource::local_override);
  EXPECT_TRUE(local.day("2026-11-28").value().workday);
  EXPECT_EQ(local.day("2026-11-28").value().working_minutes, 450);  // Monday's periods
  EXPECT_TRUE(local.day("2026-10-02").value().workday);
  // Fri 20 Nov 17:00 + 1 working hour: 30 min, Monday off, Tue 24 Nov 08:30 + 30 min.
  EXPECT_EQ(local.due(beijing(2026, 11, 20, 17, 0), 1, Unit::working_hours).value().at, beijing(2026, 11, 24, 9, 0));
  // Fri 27 Nov 17:00 + 1 working hour: 30 min, then the Saturday workday from 08:30.
  EXPECT_EQ(local.due(beijing(2026, 11, 27, 17, 0), 1, Unit::working_hours).value().at, beijing(2026, 11, 28, 9, 0));
  // 1 Oct 10:00 + 4 working hours: the only workday of the holiday, 2 Oct, 08:30–12:00 then 13:30–14:00.
  EXPECT_EQ(local.due(beijing(2026, 10, 1, 10, 0), 4, Unit::working_hours).value().at, beijing(2026, 10, 2, 14, 0));
}

TEST(WorkCalendar, ConfiguredPeriodsPerWeekday) {
  CalendarConfig config;
  config.periods[5] = parse_periods("09:00-12:00").value();  // Saturday mornings work
  config.periods[0] = parse_periods("08:00-12:00,14:00-18:00").value();
  config.makeup_workday_uses = 1;  // make-up days work Tuesday's (default) periods
  config.standard_day_minutes = 480;
  const WorkCalendar c(config, national_sources());
  EXPECT_EQ(c.day("2026-11-28").value().working_minutes, 180);
  EXPECT_EQ(c.day("2026-11-23").value().working_minutes, 480);
  // Fri 27 Nov 17:00 + 1 working hour: 30 min, Sat 09:00 + 30 min.
  EXPECT_EQ(c.due(beijing(2026, 11, 27, 17, 0), 1, Unit::working_hours).value().at, beijing(2026, 11, 28, 9, 30));
  // One working day is 480 min: Mon 08:00 + 1 day = Mon 18:00.
  EXPECT_EQ(c.due(beijing(2026, 11, 23, 8, 0), 1, Unit::working_days).value().at, beijing(2026, 11, 23, 18, 0));
  // Sun 20 Sep 2026 (make-up workday) works Tuesday's periods: 08:30–12:00, 13:30–17:30.
  EXPECT_EQ(c.day("2026-09-20").value().working_minutes, 450);
}

TEST(WorkCalendar, WorkPeriodsAreParsedStrictly) {
  const auto p = parse_periods("08:30-12:00,13:30-17:30").value();
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[1].start_minute, 13 * 60 + 30);
  EXPECT_EQ(format_periods(p), "08:30-12:00,13:30-17:30");
  EXPECT_TRUE(parse_periods("").value().empty());
  EXPECT_EQ(parse_periods("22:00-24:00").value().at(0).end_minute, 1440);
  for (const char* bad : {"8:30-12:00", "12:00-08:30", "08:30-12:00,11:00-13:00", "13:30-17:30,08:30-12:00",
                          "08:30-24:30", "08:30-12:00,", "08:30~12:00", "08:60-09:00"}) {
    EXPECT_FALSE(parse_periods(bad)) << bad;
  }
}

TEST(WorkCalendar, AYearOfDays) {
  const auto days = national().year_days(2026).value();
  ASSERT_EQ(days.size(), 365u);
  EXPECT_EQ(days.front().first, "2026-01-01");
  EXPECT_EQ(days.front().second.reason, "元旦");
  EXPECT_EQ(days[3].first, "2026-01-04");
  EXPECT_TRUE(days[3].second.workday);
  EXPECT_EQ(national().year_days(2024).value().size(), 366u);
  EXPECT_FALSE(national().year_days(1999));
}

TEST(WorkCalendar, RemainingWorkingTime) {
  // Due Mon 23 Nov 14:00. From Fri 20 Nov 17:00: 30 min + 3.5 h + 30 min = 4.5 h left.
  EXPECT_EQ(national().remaining(beijing(2026, 11, 20, 17, 0), beijing(2026, 11, 23, 14, 0)).value(), 4 * 3600 + 1800);
  // Past due: Tue 24 Nov 09:00 is 3.5 h + 30 min of working time after it.
  EXPECT_EQ(national().remaining(beijing(2026, 11, 24, 9, 0), beijing(2026, 11, 23, 14, 0)).value(), -4 * 3600);
}

TEST(WorkCalendar, EveryHolidayFileIsBuiltIn) {
  std::set<int> on_disk;
  for (const auto& entry : std::filesystem::directory_iterator(test::source_dir() / "data/holiday-cn")) {
    if (entry.path().extension() == ".json") on_disk.insert(std::stoi(entry.path().stem().string()));
  }
  std::set<int> built_in;
  for (const auto& file : built_in_holiday_files()) built_in.insert(file.year);
  EXPECT_EQ(built_in, on_disk);
  EXPECT_EQ(*built_in.begin(), 2007);
  EXPECT_EQ(national().last_loaded_year(), 2026);
}

TEST(WorkCalendar, HolidayFilesAreCheckedWhenRead) {
  EXPECT_FALSE(parse_holiday_file("{}"));
  EXPECT_FALSE(parse_holiday_file(R"({"year":2027,"days":[{"name":"元旦","date":"2027-02-30","isOffDay":true}]})"));
  const auto ok = parse_holiday_file(R"({"year":2027,"papers":[],"days":[]})").value();
  EXPECT_EQ(ok.year, 2027);
  EXPECT_TRUE(ok.days.empty());
}

}  // namespace
}  // namespace ug::calendar
