// SqliteDatabase: pragmas, the writer lock, the reader pool, migrations, online backup and restore.
#include "storage/sqlite/sqlite_database.hpp"

#include <fmt/format.h>

#include <condition_variable>
#include <mutex>
#include <vector>

#include "storage/migrations.hpp"
#include "storage/sql_repositories.hpp"
#include "storage/sqlite/sqlite_connection.hpp"

namespace ug::storage {
namespace {

Result<std::string> pragma_text(SqliteConnection& conn, std::string_view pragma) {
  UG_TRY_ASSIGN(auto rows, conn.execute(pragma));
  if (rows.rows.empty()) return std::string{};
  return rows.rows[0].text(0);
}

// Copies every page of `from` into `to` with SQLite's online backup API.
Result<void> copy_database(sqlite3* from, sqlite3* to, std::string_view what) {
  sqlite3_backup* backup = sqlite3_backup_init(to, "main", from, "main");
  if (backup == nullptr) {
    return fail(ErrorCode::internal, "backup.failed",
                fmt::format("{}: sqlite3_backup_init: {}", what, sqlite3_errmsg(to)));
  }
  const int rc = sqlite3_backup_step(backup, -1);
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) {
    return fail(ErrorCode::unavailable, "backup.failed",
                fmt::format("{}: sqlite3_backup_step: {}", what, sqlite3_errstr(rc)));
  }
  return {};
}

Result<void> check_integrity(SqliteConnection& conn, std::string_view what) {
  UG_TRY_ASSIGN(auto verdict, pragma_text(conn, "PRAGMA integrity_check"));
  if (verdict != "ok") {
    return fail(ErrorCode::validation_failed, "database.integrity_check_failed", fmt::format("{}: {}", what, verdict));
  }
  return {};
}

class SqliteDatabase final : public Database {
 public:
  explicit SqliteDatabase(SqliteOptions options) : options_(std::move(options)) {}

  Result<void> open() {
    std::error_code ec;
    if (!options_.create_if_missing && !std::filesystem::exists(options_.path)) {
      return fail(Error(ErrorCode::not_found, "database.file_missing").with("path", options_.path.string()));
    }
    if (options_.path.has_parent_path()) std::filesystem::create_directories(options_.path.parent_path(), ec);
    UG_TRY_ASSIGN(writer_, SqliteConnection::open(options_.path, false, options_.busy_timeout_ms));
    UG_TRY_ASSIGN(auto mode, pragma_text(*writer_, "PRAGMA journal_mode=WAL"));
    if (mode != "wal") {
      return fail(ErrorCode::unavailable, "database.wal_unavailable", "journal_mode is " + mode);
    }
    UG_TRY(
        writer_->execute_script(options_.synchronous_full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL"));
    UG_TRY(writer_->execute_script("PRAGMA foreign_keys=ON"));
    // 64 MiB of page cache for the one writer (SQLite's default is 2 MiB): a large transaction —
    // a batch of simulated history, an import — then writes each page once at commit instead of
    // spilling dirty pages to the WAL as it goes.
    UG_TRY(writer_->execute_script("PRAGMA cache_size=-65536"));
    auto fk = pragma_text(*writer_, "PRAGMA foreign_keys");
    if (!fk || *fk != "1") return fail(ErrorCode::unavailable, {}, "foreign keys could not be enabled");
    return open_readers();
  }

  Backend backend() const override { return Backend::sqlite; }
  std::string describe() const override { return "sqlite:" + options_.path.string(); }

  Result<void> ping() override {
    auto reader = acquire_reader();
    UG_TRY(reader->execute("SELECT 1"));
    return {};
  }

  Result<int> schema_version() override {
    auto reader = acquire_reader();
    return read_schema_version(*reader);
  }

  Result<MigrationReport> migrate() override {
    std::lock_guard lock(writer_mutex_);
    UG_TRY(writer_->execute("BEGIN IMMEDIATE"));
    auto report = apply_migrations(*writer_);
    if (!report) {
      (void)writer_->execute("ROLLBACK");
      return report;
    }
    auto committed = writer_->execute("COMMIT");
    if (!committed) {
      (void)writer_->execute("ROLLBACK");
      return tl::unexpected(committed.error());
    }
    return report;
  }

  Result<void> backup_to(const std::filesystem::path& out) override {
    const auto temp = std::filesystem::path(out.string() + ".partial");
    std::error_code ec;
    std::filesystem::remove(temp, ec);
    {
      UG_TRY_ASSIGN(auto target, SqliteConnection::open(temp, false, options_.busy_timeout_ms));
      auto reader = acquire_reader();  // a read snapshot: writers go on meanwhile (WAL)
      UG_TRY(copy_database(reader->handle(), target->handle(), "backup"));
      UG_TRY(check_integrity(*target, "backup copy"));
    }
    std::filesystem::rename(temp, out, ec);
    if (ec) {
      return fail(ErrorCode::internal, "backup.failed", fmt::format("rename {}: {}", temp.string(), ec.message()));
    }
    return {};
  }

  Result<void> restore_from(const std::filesystem::path& backup) override {
    if (!std::filesystem::is_regular_file(backup)) {
      return fail(ErrorCode::not_found, "backup.file_missing", backup.string());
    }
    UG_TRY_ASSIGN(auto source, SqliteConnection::open(backup, true, options_.busy_timeout_ms));
    UG_TRY(check_integrity(*source, "backup " + backup.string()));
    std::lock_guard lock(writer_mutex_);
    UG_TRY(copy_database(source->handle(), writer_->handle(), "restore"));
    return check_integrity(*writer_, "restored database");
  }

 protected:
  Result<void> run_transaction(TransactionMode mode, const std::function<Result<void>(Transaction&)>& work) override {
    if (mode == TransactionMode::write) {
      std::lock_guard lock(writer_mutex_);
      return run_sql_transaction(*writer_, "BEGIN IMMEDIATE", work);
    }
    auto reader = acquire_reader();
    return run_sql_transaction(*reader, "BEGIN", work);
  }

 private:
  Result<void> open_readers() {
    for (int i = 0; i < std::max(1, options_.reader_connections); ++i) {
      UG_TRY_ASSIGN(auto reader, SqliteConnection::open(options_.path, true, options_.busy_timeout_ms));
      UG_TRY(reader->execute_script("PRAGMA query_only=ON"));
      // 16 MiB each (SQLite's default is 2): queue queries over millions of cases read the same
      // index pages again and again.
      UG_TRY(reader->execute_script("PRAGMA cache_size=-16384"));
      idle_readers_.push_back(std::move(reader));
    }
    return {};
  }

  // A reader borrowed from the pool for one call; returned when it goes out of scope.
  class ReaderLease {
   public:
    ReaderLease(SqliteDatabase& db, std::unique_ptr<SqliteConnection> conn) : db_(db), conn_(std::move(conn)) {}
    ~ReaderLease() {
      std::lock_guard lock(db_.readers_mutex_);
      db_.idle_readers_.push_back(std::move(conn_));
      db_.reader_returned_.notify_one();
    }
    ReaderLease(const ReaderLease&) = delete;
    ReaderLease& operator=(const ReaderLease&) = delete;
    SqliteConnection* operator->() { return conn_.get(); }
    SqliteConnection& operator*() { return *conn_; }

   private:
    SqliteDatabase& db_;
    std::unique_ptr<SqliteConnection> conn_;
  };

  ReaderLease acquire_reader() {
    std::unique_lock lock(readers_mutex_);
    reader_returned_.wait(lock, [this] { return !idle_readers_.empty(); });
    auto conn = std::move(idle_readers_.back());
    idle_readers_.pop_back();
    return ReaderLease(*this, std::move(conn));
  }

  SqliteOptions options_;
  std::mutex writer_mutex_;
  std::unique_ptr<SqliteConnection> writer_;
  std::mutex readers_mutex_;
  std::condition_variable reader_returned_;
  std::vector<std::unique_ptr<SqliteConnection>> idle_readers_;
};

}  // namespace

Result<std::unique_ptr<Database>> open_sqlite_database(const SqliteOptions& options) {
  auto db = std::make_unique<SqliteDatabase>(options);
  UG_TRY(db->open());
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace ug::storage
