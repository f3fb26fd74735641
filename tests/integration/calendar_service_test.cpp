// The calendar service on both backends: importing a year settles provisional dates and says which
// dates changed, a bad file changes nothing, local overrides come and go, and a second service over
// the same database (another process) picks changes up by the revision counter.
#include "service/calendar_service.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "integration/backends.hpp"
#include "support/test_env.hpp"
#include "unit/calendar/national_calendar.hpp"

namespace ug::service {
namespace {

using calendar::beijing;

std::string invented_2027() {
  std::ifstream in(test::source_dir() / "tests/data/calendar/2027-invented.json");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class CalendarServiceTest : public ::testing::TestWithParam<storage::Backend> {
 protected:
  void SetUp() override {
    db_ = test::migrated_database(GetParam(), "calendar");
    service_ = make_service();
    ASSERT_TRUE(service_->reload());
  }
  std::unique_ptr<CalendarService> make_service() {
    CalendarSettings settings;
    settings.shipped = calendar::built_in_holiday_files();
    return std::make_unique<CalendarService>(*db_, std::move(settings));
  }
  std::int64_t stored_revision() {
    return db_->read([](storage::Transaction& tx) { return tx.calendar().revision(); }).value();
  }
  const access::Principal cli_ = access::Principal::command_line();
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<CalendarService> service_;
};

TEST_P(CalendarServiceTest, ImportingAYearSettlesItsDates) {
  const auto before = service_->current();
  EXPECT_TRUE(before->day("2027-01-04").value().provisional);
  EXPECT_TRUE(before->day("2026-12-31").value().workday);  // a Thursday, by the weekday rule
  // Wed 30 Dec 2026 17:00 + 1 working hour, before: 30 min, then Thu 31 Dec 08:30 + 30 min.
  EXPECT_EQ(before->due(beijing(2026, 12, 30, 17, 0), 1, calendar::Unit::working_hours).value().at,
            beijing(2026, 12, 31, 9, 0));

  const auto report = service_->import_year(cli_, invented_2027()).value();
  EXPECT_EQ(report.year, 2027);
  EXPECT_EQ(report.listed_days, 5u);
  EXPECT_FALSE(report.replaced);
  // 2 and 3 Jan are a weekend either way; 31 Dec, 1 Jan become days off, Sun 10 Jan a workday.
  EXPECT_EQ(report.changed_dates, (std::vector<std::string>{"2026-12-31", "2027-01-01", "2027-01-10"}));

  const auto after = service_->current();
  EXPECT_NE(before, after);
  EXPECT_FALSE(after->day("2027-01-04").value().provisional);
  EXPECT_FALSE(after->day("2026-12-31").value().provisional);
  EXPECT_EQ(after->day("2026-12-31").value().reason, "元旦");
  // Now: 30 min on 30 Dec, 31 Dec – 3 Jan off, Mon 4 Jan 08:30 + 30 min; exact.
  const auto due = after->due(beijing(2026, 12, 30, 17, 0), 1, calendar::Unit::working_hours).value();
  EXPECT_EQ(due.at, beijing(2027, 1, 4, 9, 0));
  EXPECT_FALSE(due.provisional);
  EXPECT_TRUE(after->day("2027-12-31").value().provisional);  // 2028's notice may still move it

  const auto again = service_->import_year(cli_, invented_2027()).value();
  EXPECT_TRUE(again.replaced);
  EXPECT_TRUE(again.changed_dates.empty());
}

TEST_P(CalendarServiceTest, AnotherProcessSeesTheChange) {
  auto other = make_service();
  ASSERT_TRUE(other->reload());
  EXPECT_FALSE(other->refresh_if_changed().value());
  ASSERT_TRUE(service_->set_override(cli_, "2026-11-23", false, "防汛停工"));
  EXPECT_TRUE(other->refresh_if_changed().value());
  EXPECT_FALSE(other->current()->day("2026-11-23").value().workday);
  EXPECT_FALSE(other->refresh_if_changed().value());
}

TEST_P(CalendarServiceTest, BadYearFilesChangeNothing) {
  const auto revision = stored_revision();
  for (const char* bad : {
           R"({"year":2027,"days":[{"name":"劳动节","date":"2025-05-01","isOffDay":true}]})",  // another year
           R"({"year":2027,"days":[{"name":"元旦","date":"2027-01-01","isOffDay":true},
                                  {"name":"元旦","date":"2027-01-01","isOffDay":false}]})",    // listed twice
           R"({"year":2027,"days":[{"name":"","date":"2027-01-01","isOffDay":true}]})",        // no name
           R"({"year":2150,"days":[]})",                                                       // beyond the table
           R"({"year":2027,"days":[)",                                                         // not JSON
       }) {
    const auto r = service_->import_year(cli_, bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::validation_failed) << bad;
  }
  EXPECT_EQ(stored_revision(), revision);
  EXPECT_TRUE(db_->read([](storage::Transaction& tx) { return tx.calendar().years(); }).value().empty());
}

TEST_P(CalendarServiceTest, OverridesComeAndGo) {
  ASSERT_TRUE(service_->set_override(cli_, "2026-11-28", true, "创城迎检"));
  ASSERT_TRUE(service_->set_override(cli_, "2026-11-23", false, "防汛停工"));
  ASSERT_TRUE(service_->set_override(cli_, "2026-11-23", true, "改为正常上班"));  // replaces the first
  const auto list = service_->overrides().value();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].date, "2026-11-23");
  EXPECT_TRUE(list[0].workday);
  EXPECT_EQ(list[0].reason, "改为正常上班");
  EXPECT_TRUE(service_->current()->day("2026-11-28").value().workday);

  EXPECT_TRUE(service_->remove_override(cli_, "2026-11-28").value());
  EXPECT_FALSE(service_->remove_override(cli_, "2026-11-28").value());
  EXPECT_EQ(service_->current()->day("2026-11-28").value().reason, "weekend");

  const auto revision = stored_revision();
  EXPECT_EQ(service_->set_override(cli_, "2026-02-30", true, "x").error().code, ErrorCode::validation_failed);
  EXPECT_EQ(service_->set_override(cli_, "2100-01-01", true, "x").error().code, ErrorCode::validation_failed);
  EXPECT_EQ(service_->set_override(cli_, "2026-11-24", true, "").error().code, ErrorCode::validation_failed);
  EXPECT_EQ(service_->set_override(cli_, "2026-11-24", true, std::string(201, 'x')).error().code,
            ErrorCode::validation_failed);
  EXPECT_EQ(stored_revision(), revision);
  EXPECT_EQ(service_->overrides().value().size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, CalendarServiceTest,
                         ::testing::Values(storage::Backend::sqlite, storage::Backend::postgres), test::backend_name);

}  // namespace
}  // namespace ug::service
