// The command line: help, configuration errors (exit 2), migrate, and backup/restore through the
// binary exactly as docs/operations.md tells an operator to run them.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <fstream>
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

TEST(Cli, CalendarAnswersFromTheBuiltInNationalCalendar) {
  const auto db = (test::temp_dir("ug-cli-calendar") / "c.db").string();
  const auto run = [&](std::vector<std::string> args) {
    args.insert(args.end(), {"--db", db});
    return test::run_urbangrid(args);
  };
  const auto due = run({"calendar", "due", "--from", "2026-09-30T16:00:00+08:00", "--working-hours", "4"});
  EXPECT_EQ(due.exit_code, 0) << due.err;
  EXPECT_EQ(due.out, "2026-10-08T11:00:00+08:00\n");  // National Day 1-7 Oct off
  const auto next_year = run({"calendar", "due", "--from", "2026-12-31T17:00:00+08:00", "--working-minutes", "60"});
  EXPECT_EQ(next_year.out, "2027-01-01T09:00:00+08:00 provisional\n");
  const auto natural = run({"calendar", "due", "--from", "2026-10-01T09:00:00Z", "--natural-days", "3"});
  EXPECT_EQ(natural.out, "2026-10-04T17:00:00+08:00\n");
  // Read at 11:42:01 on the day: 3 h 12 min 1 s of 4 h used, just past 80 %.
  const auto reading = run({"calendar", "due", "--from", "2026-11-23T08:30:00+08:00", "--working-hours", "4", "--at",
                            "2026-11-23T11:42:01+08:00"});
  EXPECT_EQ(reading.out, "2026-11-23T14:00:00+08:00\nlight\tyellow\nused\t3:12:01\nremaining\t0:47:59\n");
  EXPECT_EQ(run({"calendar", "is-workday", "2026-09-20"}).out, "workday\tmake-up workday (国庆节)\n");
  EXPECT_EQ(run({"calendar", "is-workday", "2026-02-17"}).out, "offday\t春节\n");
  EXPECT_EQ(run({"calendar", "is-workday", "2026-11-22"}).out, "offday\tweekend\n");
  // Mistakes: no limit, two limits, a start without an offset, a bad date.
  EXPECT_EQ(run({"calendar", "due", "--from", "2026-11-23T08:30:00+08:00"}).exit_code, 2);
  EXPECT_EQ(
      run({"calendar", "due", "--from", "2026-11-23T08:30:00+08:00", "--working-hours", "1", "--natural-hours", "1"})
          .exit_code,
      2);
  EXPECT_EQ(run({"calendar", "due", "--from", "2026-11-23T08:30", "--working-hours", "1"}).exit_code, 2);
  EXPECT_EQ(run({"calendar", "is-workday", "2026-02-30"}).exit_code, 2);
}

TEST(Cli, CalendarImportAndOverridesChangeDeadlines) {
  const auto db = (test::temp_dir("ug-cli-calendar-import") / "c.db").string();
  const auto run = [&](std::vector<std::string> args) {
    args.insert(args.end(), {"--db", db});
    return test::run_urbangrid(args);
  };
  const auto file = (test::source_dir() / "tests/data/calendar/2027-invented.json").string();
  const auto imported = run({"calendar", "import", file});
  EXPECT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_EQ(imported.out,
            "2027 年：5 个日期已导入；3 个日期的工作时间与导入前不同：2026-12-31 2027-01-01 2027-01-10\n");
  EXPECT_EQ(run({"calendar", "due", "--from", "2026-12-30T17:00:00+08:00", "--working-hours", "1"}).out,
            "2027-01-04T09:00:00+08:00\n");  // 31 Dec – 3 Jan off; no longer provisional

  const auto set = run({"calendar", "override", "--date", "2027-01-04", "--offday", "--reason", "冰雪天气停工"});
  EXPECT_EQ(set.exit_code, 0) << set.err;
  EXPECT_EQ(set.out, "2027-01-04\toffday\t冰雪天气停工\n");
  EXPECT_EQ(run({"calendar", "due", "--from", "2026-12-30T17:00:00+08:00", "--working-hours", "1"}).out,
            "2027-01-05T09:00:00+08:00\n");
  EXPECT_EQ(run({"calendar", "overrides"}).out, "2027-01-04\toffday\t冰雪天气停工\n");
  EXPECT_EQ(run({"calendar", "override", "--date", "2027-01-04", "--remove"}).out, "removed 2027-01-04\n");
  EXPECT_EQ(run({"calendar", "overrides"}).out, "");

  // Mistakes change nothing: no reason, two choices, a bad date, a malformed year file.
  EXPECT_EQ(run({"calendar", "override", "--date", "2027-01-05", "--offday"}).exit_code, 2);
  EXPECT_EQ(run({"calendar", "override", "--date", "2027-01-05", "--offday", "--workday", "--reason", "x"}).exit_code,
            2);
  EXPECT_EQ(run({"calendar", "override", "--date", "2027-13-05", "--offday", "--reason", "x"}).exit_code, 2);
  const auto bad = test::temp_dir("ug-cli-calendar-bad") / "2028.json";
  std::ofstream(bad) << R"({"year":2028,"days":[{"name":"元旦","date":"2026-01-01","isOffDay":true}]})";
  EXPECT_EQ(run({"calendar", "import", bad.string()}).exit_code, 2);
  EXPECT_EQ(run({"calendar", "overrides"}).out, "");
  EXPECT_EQ(run({"calendar", "is-workday", "2028-01-03"}).out, "workday\tweekday\tprovisional\n");
}

TEST(Cli, BackupOfAMissingDatabaseFails) {
  const auto dir = test::temp_dir("ug-cli-missing");
  const auto r = test::run_urbangrid({"backup", "--db", (dir / "nope.db").string(), "--out", (dir / "x").string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_FALSE(std::filesystem::exists(dir / "nope.db"));
}

}  // namespace
}  // namespace ug
