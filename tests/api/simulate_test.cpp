// `urbangrid demo simulate` through the binary: the same seed writes the same history, another seed
// another; the history is the fold of its events (`cases rebuild` finds nothing); and it has the
// shape evaluation needs — mostly closed cases, every detour of the loop present, supervisors the
// largest channel, public reports with tracking codes.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <thread>

#include "support/server_process.hpp"
#include "support/test_env.hpp"

namespace ug {
namespace {

// Every row of `sql`, cells joined by '|', rows by '\n'.
std::string rows_of(const std::filesystem::path& db, const std::string& sql) {
  sqlite3* handle = nullptr;
  sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* statement = nullptr;
  std::string out;
  if (sqlite3_prepare_v2(handle, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK) {
    while (sqlite3_step(statement) == SQLITE_ROW) {
      for (int i = 0; i < sqlite3_column_count(statement); ++i) {
        const auto* text = sqlite3_column_text(statement, i);
        out += (i ? "|" : "") + std::string(text ? reinterpret_cast<const char*>(text) : "NULL");
      }
      out += '\n';
    }
  }
  sqlite3_finalize(statement);
  sqlite3_close(handle);
  return out;
}

std::int64_t count_of(const std::filesystem::path& db, const std::string& sql) { return std::stoll(rows_of(db, sql)); }

std::filesystem::path simulated(const std::string& name, int seed) {
  const auto db = test::temp_dir("ug-simulate") / (name + ".db");
  EXPECT_EQ(test::run_urbangrid({"demo", "create", "--db", db.string(), "--data",
                                 (test::source_dir() / "data").string(), "--without-staff"})
                .exit_code,
            0);
  const auto run = test::run_urbangrid({"demo", "simulate", "--db", db.string(), "--cases", "1500", "--from",
                                        "2026-09-01", "--to", "2026-10-31", "--seed", std::to_string(seed)});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("模拟了 1500 个案件"), std::string::npos) << run.out;
  return db;
}

TEST(Simulate, TheSameSeedWritesTheSameHistoryThatRebuildsCleanly) {
  const auto a = simulated("a", 11);
  const auto b = simulated("b", 11);
  const auto c = simulated("c", 12);
  const std::string cases = "SELECT * FROM cases ORDER BY id";
  const std::string events =
      "SELECT case_id, sequence, action, actor, role, channel, at_ms, from_state, to_state, "
      "payload FROM case_events ORDER BY case_id, sequence";
  EXPECT_EQ(rows_of(a, cases), rows_of(b, cases));
  EXPECT_EQ(rows_of(a, events), rows_of(b, events));
  EXPECT_NE(rows_of(a, events), rows_of(c, events));
  const auto rebuilt = test::run_urbangrid({"cases", "rebuild", "--db", a.string()});
  EXPECT_EQ(rebuilt.exit_code, 0) << rebuilt.out;

  // The shape of a real centre's history.
  EXPECT_EQ(count_of(a, "SELECT COUNT(*) FROM cases"), 1500);
  EXPECT_GT(count_of(a, "SELECT COUNT(*) FROM case_events"), 1500 * 7);
  EXPECT_GT(count_of(a, "SELECT COUNT(*) FROM cases WHERE state = 'closed'"), 1500 * 7 / 10);
  EXPECT_EQ(count_of(a, "SELECT COUNT(*) FROM cases WHERE id < '20260901' OR id >= '20261101'"), 0);
  EXPECT_EQ(rows_of(a, "SELECT channel FROM cases GROUP BY channel ORDER BY COUNT(*) DESC LIMIT 1"), "supervisor\n");
  EXPECT_EQ(count_of(a,
                     "SELECT COUNT(*) FROM cases WHERE tracking_code IS NULL AND channel IN "
                     "('hotline_12345', 'hotline_12319', 'citizen_web', 'media', 'social_supervisor')"),
            0);
  // 督办 notices on late cases (their own process): most answered, some escalated when late.
  for (const auto* state : {"replied", "overdue"}) {
    EXPECT_GT(
        count_of(a, std::string("SELECT COUNT(*) FROM process_items WHERE process = 'supervision' AND state = '") +
                        state + "'"),
        0)
        << state;
  }
  for (const auto* action : {"verify_not_found", "reject", "decline_register", "approve_return", "approve_extension",
                             "approve_suspend", "resume", "check_fail", "callback", "self_handle"}) {
    EXPECT_GT(count_of(a, std::string("SELECT COUNT(*) FROM case_events WHERE action = '") + action + "'"), 0)
        << action;
  }
  // Some departments are habitually late: a share of first finishes (no rework, extension or
  // suspension before), not most, come after the handling deadline the dispatch recorded.
  const auto late = count_of(
      a,
      "SELECT COUNT(*) FROM case_events f JOIN case_events d ON d.case_id = f.case_id AND d.action = 'dispatch' "
      "AND d.sequence = (SELECT MAX(sequence) FROM case_events x WHERE x.case_id = f.case_id AND "
      "x.action = 'dispatch' AND x.sequence < f.sequence) WHERE f.action = 'finish' AND NOT EXISTS (SELECT 1 "
      "FROM case_events r WHERE r.case_id = f.case_id AND r.sequence < f.sequence AND r.action IN ('check_fail', "
      "'approve_extension', 'approve_suspend')) AND f.at_ms / 1000 > "
      "CAST(strftime('%s', substr(json_extract(d.payload, '$.handling_due'), 1, 19)) AS INTEGER) - 28800");
  const auto finishes = count_of(a, "SELECT COUNT(*) FROM case_events WHERE action = 'finish'");
  SCOPED_TRACE(std::to_string(late) + " late of " + std::to_string(finishes));
  EXPECT_GT(late, finishes / 20);
  EXPECT_LT(late, finishes / 2);
  // Work happens in the daytime: most reports fall between 07:00 and 20:00 Beijing time.
  EXPECT_GT(count_of(a,
                     "SELECT COUNT(*) FROM case_events WHERE sequence = 1 AND "
                     "((at_ms / 3600000) + 8) % 24 BETWEEN 7 AND 19"),
            1500 * 8 / 10);

  EXPECT_EQ(test::run_urbangrid({"demo", "simulate", "--db", a.string(), "--from", "2026-10-31", "--to", "2026-09-01"})
                .exit_code,
            2);
  EXPECT_EQ(test::run_urbangrid({"demo", "simulate", "--db", a.string(), "--from", "2026-02-30", "--to", "2026-03-01"})
                .exit_code,
            2);
}

// A large load builds its indexes at the end. Killed midway, it leaves committed batches and a
// record of the indexes it dropped; the next command to open the database builds them.
TEST(Simulate, AKilledBulkLoadHasItsIndexesBuiltByTheNextCommand) {
  const auto db = test::temp_dir("ug-simulate") / "killed.db";
  ASSERT_EQ(test::run_urbangrid({"demo", "create", "--db", db.string(), "--data",
                                 (test::source_dir() / "data").string(), "--without-staff"})
                .exit_code,
            0);
  const std::string index_count =
      "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name IN ('cases_state', 'case_events_ledger')";
  ASSERT_EQ(count_of(db, index_count), 2);

  const auto binary = test::binary_path().string();
  const std::string db_arg = db.string();
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    const int devnull = ::open("/dev/null", O_WRONLY);
    dup2(devnull, STDOUT_FILENO);
    execl(binary.c_str(), binary.c_str(), "demo", "simulate", "--db", db_arg.c_str(), "--cases", "2000000", "--from",
          "2025-01-01", "--to", "2026-10-31", "--seed", "5", static_cast<char*>(nullptr));
    _exit(127);
  }
  // Kill it once the first batches are committed.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline && count_of(db, "SELECT COUNT(*) FROM cases") < 10000)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the load ended before it could be killed";
  const auto written = count_of(db, "SELECT COUNT(*) FROM cases");
  ASSERT_GE(written, 10000);
  EXPECT_LT(written, 2000000);
  EXPECT_EQ(count_of(db, index_count), 0);
  EXPECT_EQ(count_of(db, "SELECT COUNT(*) FROM deferred_indexes"), 11);  // 10 on cases, 1 on events

  // The committed batches are whole, and the indexes are back.
  const auto rebuilt = test::run_urbangrid({"cases", "rebuild", "--db", db.string()});
  EXPECT_EQ(rebuilt.exit_code, 0) << rebuilt.out << rebuilt.err;
  EXPECT_EQ(count_of(db, index_count), 2);
  EXPECT_EQ(count_of(db, "SELECT COUNT(*) FROM deferred_indexes"), 0);
  EXPECT_EQ(rows_of(db, "PRAGMA integrity_check"), "ok\n");
}

}  // namespace
}  // namespace ug
