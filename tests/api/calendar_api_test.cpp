// The calendar endpoints through the real server: deadlines with the offset's '+' encoded or not,
// a clock reading, a year of days checked against a count made by hand from the 2026 notice, and
// a local override made by another process showing up without a restart.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <chrono>
#include <thread>

#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/test_env.hpp"

namespace ug {
namespace {

std::pair<std::string, std::string> staff;  // set by the test before use

boost::json::value get_json(int port, const std::string& target, int expected_status = 200) {
  const auto r = test::http_request(port, "GET", target, {staff});
  EXPECT_TRUE(r) << target;
  if (!r) return nullptr;
  EXPECT_EQ(r->status, expected_status) << target << " " << r->body;
  return boost::json::parse(r->body);
}

TEST(CalendarApi, DueDaysAndOverrides) {
  const auto db = (test::temp_dir("ug-calendar-api") / "c.db").string();
  test::ServerProcess server(db, {"--set", "calendar.refresh_interval_ms=100"});
  ASSERT_TRUE(server.ready()) << server.log();
  staff = test::bearer_for(db, "shift", {"shift_leader"}, {"370811"});

  // National Day 2026: 30 Sep 16:00 + 4 working hours = 8 Oct 11:00.
  const auto due = get_json(server.port(),
                            "/api/v1/calendar/due?from=2026-09-30T16%3A00%3A00%2B08%3A00&amount=4&unit=working_hours");
  EXPECT_EQ(due.at("due").as_string(), "2026-10-08T11:00:00+08:00");
  EXPECT_EQ(due.at("provisional").as_bool(), false);
  EXPECT_EQ(due.at("from").as_string(), "2026-09-30T16:00:00+08:00");
  EXPECT_FALSE(due.as_object().contains("reading"));
  // A '+' left unencoded arrives as a space and is still understood; UTC input answers in +08:00.
  EXPECT_EQ(get_json(server.port(), "/api/v1/calendar/due?from=2026-09-30T16:00:00+08:00&amount=4&unit=working_hours")
                .at("due")
                .as_string(),
            "2026-10-08T11:00:00+08:00");
  EXPECT_EQ(get_json(server.port(), "/api/v1/calendar/due?from=2026-09-30T08:00:00Z&amount=240&unit=working_minutes")
                .at("due")
                .as_string(),
            "2026-10-08T11:00:00+08:00");
  EXPECT_TRUE(
      get_json(server.port(), "/api/v1/calendar/due?from=2026-12-31T17:00:00%2B08:00&amount=1&unit=working_hours")
          .at("provisional")
          .as_bool());
  // Read at 2 Oct: 1.5 h used of 4, the holiday uses nothing; remaining 2.5 h, green.
  const auto reading = get_json(server.port(),
                                "/api/v1/calendar/due?from=2026-09-30T16:00:00%2B08:00&amount=4&unit=working_hours"
                                "&at=2026-10-02T12:00:00%2B08:00")
                           .at("reading");
  EXPECT_EQ(reading.at("light").as_string(), "green");
  EXPECT_EQ(reading.at("used_seconds").as_int64(), 5400);
  EXPECT_EQ(reading.at("remaining_seconds").as_int64(), 9000);
  // Yellow at 3 h 12 min used: 1 h 30 min on 30 Sep, then 1 h 42 min from 08:30 on 8 Oct.
  EXPECT_EQ(reading.at("yellow_at").as_string(), "2026-10-08T10:12:00+08:00");

  for (const char* bad : {"/api/v1/calendar/due?amount=4&unit=working_hours",
                          "/api/v1/calendar/due?from=2026-09-30T16:00:00&amount=4&unit=working_hours",
                          "/api/v1/calendar/due?from=2026-09-30T16:00:00Z&amount=-1&unit=working_hours",
                          "/api/v1/calendar/due?from=2026-09-30T16:00:00Z&amount=4.5&unit=working_hours",
                          "/api/v1/calendar/due?from=2026-09-30T16:00:00Z&amount=4&unit=fortnights",
                          "/api/v1/calendar/due?from=2026-09-30T16:00:00Z&amount=4&unit=working_hours&at=soon",
                          "/api/v1/calendar/due?from=2199-01-01T00:00:00Z&amount=4&unit=working_hours",
                          "/api/v1/calendar/days?year=1999", "/api/v1/calendar/days?year=twenty"}) {
    const auto error = get_json(server.port(), bad, 422);
    EXPECT_EQ(error.at("error").at("code").as_string(), "validation_failed") << bad;
  }

  // Without a year: this year in Beijing.
  const auto beijing_now =
      std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now() + std::chrono::hours(8));
  EXPECT_EQ(get_json(server.port(), "/api/v1/calendar/days").at("year").as_int64(),
            static_cast<int>(std::chrono::year_month_day{beijing_now}.year()));

  // 2026 by hand from its notice: 261 Mondays–Fridays, 19 of them holidays, 6 make-up weekend days.
  const auto year = get_json(server.port(), "/api/v1/calendar/days?year=2026");
  EXPECT_EQ(year.at("workdays").as_int64(), 248);
  EXPECT_EQ(year.at("working_minutes").as_int64(), 248 * 450);
  EXPECT_TRUE(year.at("provisional").as_bool());  // 25–31 Dec wait for the 2027 notice
  const auto& days = year.at("days").as_array();
  ASSERT_EQ(days.size(), 365u);
  EXPECT_EQ(days[44].at("date").as_string(), "2026-02-14");
  EXPECT_EQ(days[44].at("reason").as_string(), "make-up workday (春节)");
  EXPECT_EQ(days[44].at("holiday").as_string(), "春节");  // the UI words it in its own language
  EXPECT_EQ(days[44].at("source").as_string(), "national");
  EXPECT_EQ(days[44].at("working_minutes").as_int64(), 450);

  // Another process makes 23 Nov a local day off; the server picks it up.
  const auto set = test::run_urbangrid(
      {"calendar", "override", "--date", "2026-11-23", "--offday", "--reason", "防汛停工", "--db", db});
  ASSERT_EQ(set.exit_code, 0) << set.err;
  std::string source;
  for (int i = 0; i < 100 && source != "override"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    source = get_json(server.port(), "/api/v1/calendar/days?year=2026").at("days").at(326).at("source").as_string();
  }
  EXPECT_EQ(source, "override") << server.log();
  EXPECT_EQ(get_json(server.port(), "/api/v1/calendar/days?year=2026").at("workdays").as_int64(), 247);
}

}  // namespace
}  // namespace ug
