// PostgresDatabase: the connection pool (lazily grown, reconnecting a broken connection once),
// migrations under an advisory lock, pg_dump/pg_restore backups.
#include "storage/postgres/postgres_database.hpp"

#include <fmt/format.h>

#include <condition_variable>
#include <mutex>
#include <vector>

#include "storage/migrations.hpp"
#include "storage/postgres/client_tools.hpp"
#include "storage/postgres/postgres_connection.hpp"
#include "storage/sql_repositories.hpp"

namespace ug::storage {
namespace {

// Any constant shared by every UrbanGrid process: serialises concurrent `migrate` runs.
constexpr std::int64_t kMigrationLockId = 0x55726261'6e477264;  // "UrbanGrd"

class PostgresDatabase final : public Database {
 public:
  explicit PostgresDatabase(PostgresOptions options) : options_(std::move(options)) {}

  Result<void> open() {
    UG_TRY_ASSIGN(auto first, PostgresConnection::connect(options_.url));
    UG_TRY_ASSIGN(auto version, first->execute("SHOW server_version_num"));
    server_major_ = static_cast<int>(std::stoll(version.rows.at(0).text(0)) / 10000);
    idle_.push_back(std::move(first));
    open_count_ = 1;
    return {};
  }

  Backend backend() const override { return Backend::postgres; }
  std::string describe() const override { return redact_postgres_url(options_.url); }

  Result<void> ping() override {
    UG_TRY_ASSIGN(auto lease, acquire());
    UG_TRY(lease->execute("SELECT 1"));
    return {};
  }

  Result<int> schema_version() override {
    UG_TRY_ASSIGN(auto lease, acquire());
    return read_schema_version(*lease);
  }

  Result<MigrationReport> migrate() override {
    UG_TRY_ASSIGN(auto lease, acquire());
    auto& conn = *lease;
    UG_TRY(conn.execute("BEGIN"));
    auto locked = conn.execute("SELECT pg_advisory_xact_lock($1)", {kMigrationLockId});
    auto report = locked ? apply_migrations(conn) : tl::unexpected(locked.error());
    if (!report) {
      (void)conn.execute("ROLLBACK");
      return report;
    }
    UG_TRY(conn.execute("COMMIT"));
    return report;
  }

  Result<void> backup_to(const std::filesystem::path& out) override {
    UG_TRY_ASSIGN(auto split, split_password(options_.url));
    const auto temp = std::filesystem::path(out.string() + ".partial");
    ClientCommand dump{find_client_program(options_.client_bin_dir, server_major_, "pg_dump"),
                       {"--format=custom", "--no-owner", "--file=" + temp.string(), "--dbname=" + split.conninfo},
                       {}};
    if (!split.password.empty()) dump.extra_env.push_back("PGPASSWORD=" + split.password);
    UG_TRY(run_client_command(dump));
    std::error_code ec;
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
    UG_TRY_ASSIGN(auto split, split_password(options_.url));
    ClientCommand restore{find_client_program(options_.client_bin_dir, server_major_, "pg_restore"),
                          {"--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error",
                           "--dbname=" + split.conninfo, backup.string()},
                          {}};
    if (!split.password.empty()) restore.extra_env.push_back("PGPASSWORD=" + split.password);
    return run_client_command(restore);
  }

 protected:
  Result<void> run_transaction(TransactionMode mode, const std::function<Result<void>(Transaction&)>& work) override {
    UG_TRY_ASSIGN(auto lease, acquire());
    return run_sql_transaction(
        *lease, mode == TransactionMode::write ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", work);
  }

 private:
  class Lease {
   public:
    Lease(PostgresDatabase& db, std::unique_ptr<PostgresConnection> conn) : db_(&db), conn_(std::move(conn)) {}
    Lease(Lease&& other) noexcept : db_(other.db_), conn_(std::move(other.conn_)) {}
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (conn_) db_->release(std::move(conn_));
    }
    PostgresConnection& operator*() { return *conn_; }
    PostgresConnection* operator->() { return conn_.get(); }

   private:
    PostgresDatabase* db_;
    std::unique_ptr<PostgresConnection> conn_;
  };

  Result<Lease> acquire() {
    std::unique_lock lock(mutex_);
    const bool ready = returned_.wait_for(lock, options_.acquire_timeout, [this] {
      return !idle_.empty() || open_count_ < std::max(1, options_.pool_size);
    });
    if (!ready) {
      return fail(ErrorCode::unavailable, {},
                  fmt::format("no free database connection within {} ms", options_.acquire_timeout.count()));
    }
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      lock.unlock();
      if (!conn->healthy() && !conn->reset()) {
        release_broken();
        return fail(ErrorCode::unavailable, "database.connection_lost", "reconnect failed");
      }
      return Lease(*this, std::move(conn));
    }
    ++open_count_;
    lock.unlock();
    auto conn = PostgresConnection::connect(options_.url);
    if (!conn) {
      release_broken();
      return tl::unexpected(conn.error());
    }
    return Lease(*this, std::move(*conn));
  }

  void release(std::unique_ptr<PostgresConnection> conn) {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(conn));
    returned_.notify_one();
  }

  void release_broken() {
    std::lock_guard lock(mutex_);
    --open_count_;
    returned_.notify_one();
  }

  PostgresOptions options_;
  int server_major_ = 15;
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<PostgresConnection>> idle_;
  int open_count_ = 0;
};

}  // namespace

Result<std::unique_ptr<Database>> open_postgres_database(const PostgresOptions& options) {
  auto db = std::make_unique<PostgresDatabase>(options);
  UG_TRY(db->open());
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace ug::storage
