// The command line: help, configuration errors (exit 2), migrate, and backup/restore through the
// binary exactly as docs/operations.md tells an operator to run them.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <regex>

#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/test_env.hpp"

namespace ug {
namespace {

TEST(Cli, HelpListsTheSubcommands) {
  const auto r = test::run_urbangrid({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  for (const char* cmd : {"serve", "migrate", "backup", "restore", "config", "version"}) {
    EXPECT_NE(r.out.find(cmd), std::string::npos) << cmd;
  }
  const auto sub = test::run_urbangrid({"backup", "--help"});
  EXPECT_EQ(sub.exit_code, 0);
  EXPECT_NE(sub.out.find("--out"), std::string::npos);
}

TEST(Cli, BadConfigurationExitsWith2AndSaysWhy) {
  const auto r = test::run_urbangrid({"migrate", "--set", "server.port=99999"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("server.port"), std::string::npos);
  const auto env = test::run_urbangrid({"config", "show"}, {"URBANGRID_LOG__FORMAT=yaml"});
  EXPECT_EQ(env.exit_code, 2);
  EXPECT_NE(env.err.find("URBANGRID_LOG__FORMAT"), std::string::npos);
  EXPECT_NE(test::run_urbangrid({"frobnicate"}).exit_code, 0);
}

TEST(Cli, ConfigShowReportsSources) {
  const auto r = test::run_urbangrid({"config", "show", "--port", "9999"}, {"URBANGRID_SERVER__IO_THREADS=3"},
                                     test::temp_dir("ug-cli-cfg"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("port = 9999  # flag"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("io_threads = 3  # environment"), std::string::npos);
  EXPECT_NE(r.out.find("worker_threads = 4  # default"), std::string::npos);
}

TEST(Cli, MigrateReportsTheSchemaVersion) {
  const auto db = (test::temp_dir("ug-cli-migrate") / "m.db").string();
  const auto first = test::run_urbangrid({"migrate", "--db", db});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("applied 0001_foundation"), std::string::npos);
  const auto second = test::run_urbangrid({"migrate", "--db", "sqlite:" + db});
  EXPECT_EQ(second.exit_code, 0);
  EXPECT_EQ(second.out.find("applied"), std::string::npos);
}

TEST(Cli, BackupWhileServingThenRestore) {
  const auto dir = test::temp_dir("ug-cli-backup");
  const auto db = (dir / "live.db").string();
  const auto backup = (dir / "live.backup").string();
  std::string instance_before;
  {
    test::ServerProcess server(db);
    ASSERT_TRUE(server.ready()) << server.log();
    const auto r = test::run_urbangrid({"backup", "--db", db, "--out", backup});  // while serving
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(test::http_request(server.port(), "GET", "/healthz")->status, 200);
    EXPECT_EQ(server.terminate(), 0);
  }
  ASSERT_TRUE(std::filesystem::exists(backup));
  const auto restored_db = (dir / "restored.db").string();
  const auto r = test::run_urbangrid({"restore", "--db", restored_db, "--from", backup});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(std::regex_search(r.out, std::regex("schema version [1-9][0-9]*"))) << r.out;
  test::ServerProcess server(restored_db);
  ASSERT_TRUE(server.ready());
  EXPECT_EQ(test::http_request(server.port(), "GET", "/healthz")->status, 200);
}

TEST(Cli, BackupOfPostgresAndRestore) {
  const auto url = test::create_postgres_database();
  ASSERT_EQ(test::run_urbangrid({"migrate", "--db", url}).exit_code, 0);
  const auto backup = (test::temp_dir("ug-cli-pg") / "pg.dump").string();
  const auto b = test::run_urbangrid({"backup", "--db", url, "--out", backup});
  ASSERT_EQ(b.exit_code, 0) << b.err;
  const auto target = test::create_postgres_database();
  const auto r = test::run_urbangrid({"restore", "--db", target, "--from", backup});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(std::regex_search(r.out, std::regex("schema version [1-9][0-9]*"))) << r.out;
}

TEST(Cli, CalendarAnswersFromTheShippedNationalCalendar) {
  const auto data = "calendar.holiday_dir=" + (test::source_dir() / "data/holiday-cn").string();
  const auto due = test::run_urbangrid(
      {"calendar", "due", "--from", "2026-09-30T16:00:00+08:00", "--working-hours", "4", "--set", data});
  EXPECT_EQ(due.exit_code, 0) << due.err;
  EXPECT_EQ(due.out, "2026-10-08T11:00:00+08:00\n");  // National Day 1-7 Oct off
  const auto next_year = test::run_urbangrid(
      {"calendar", "due", "--from", "2026-12-31T17:00:00+08:00", "--working-minutes", "60", "--set", data});
  EXPECT_EQ(next_year.out, "2027-01-01T09:00:00+08:00 provisional\n");
  const auto natural =
      test::run_urbangrid({"calendar", "due", "--from", "2026-10-01T09:00:00Z", "--natural-days", "3", "--set", data});
  EXPECT_EQ(natural.out, "2026-10-04T17:00:00+08:00\n");
  EXPECT_EQ(test::run_urbangrid({"calendar", "is-workday", "2026-09-20", "--set", data}).out,
            "workday\tmake-up workday (国庆节)\n");
  EXPECT_EQ(test::run_urbangrid({"calendar", "is-workday", "2026-02-17", "--set", data}).out, "offday\t春节\n");
  EXPECT_EQ(test::run_urbangrid({"calendar", "is-workday", "2026-11-22", "--set", data}).out, "offday\tweekend\n");
  // Mistakes: no limit, two limits, a start without an offset, a bad date.
  EXPECT_EQ(test::run_urbangrid({"calendar", "due", "--from", "2026-11-23T08:30:00+08:00", "--set", data}).exit_code,
            2);
  EXPECT_EQ(test::run_urbangrid({"calendar", "due", "--from", "2026-11-23T08:30:00+08:00", "--working-hours", "1",
                                 "--natural-hours", "1", "--set", data})
                .exit_code,
            2);
  EXPECT_EQ(
      test::run_urbangrid({"calendar", "due", "--from", "2026-11-23T08:30", "--working-hours", "1", "--set", data})
          .exit_code,
      2);
  EXPECT_EQ(test::run_urbangrid({"calendar", "is-workday", "2026-02-30", "--set", data}).exit_code, 2);
}

TEST(Cli, BackupOfAMissingDatabaseFails) {
  const auto dir = test::temp_dir("ug-cli-missing");
  const auto r = test::run_urbangrid({"backup", "--db", (dir / "nope.db").string(), "--out", (dir / "x").string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_FALSE(std::filesystem::exists(dir / "nope.db"));
}

}  // namespace
}  // namespace ug
