// database.url → SQLite (a path or sqlite:PATH) or PostgreSQL (postgresql:// or postgres://).
#include "app/database_factory.hpp"

#include "storage/postgres/postgres_database.hpp"
#include "storage/sqlite/sqlite_database.hpp"

namespace ug::app {

Result<std::unique_ptr<storage::Database>> open_database(const Config::Database& config, OpenMode mode) {
  const std::string& url = config.url;
  if (url.empty()) return fail(ErrorCode::validation_failed, "database.url_empty");
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    storage::PostgresOptions options;
    options.url = url;
    options.pool_size = config.postgres_pool_size;
    options.client_bin_dir = config.postgres_bin_dir;
    return storage::open_postgres_database(options);
  }
  storage::SqliteOptions options;
  options.path = url.starts_with("sqlite:") ? url.substr(7) : url;
  if (options.path.empty()) return fail(ErrorCode::validation_failed, "database.sqlite_path_missing");
  options.synchronous_full = config.sqlite_synchronous == "full";
  options.busy_timeout_ms = config.sqlite_busy_timeout_ms;
  options.reader_connections = config.sqlite_readers;
  options.create_if_missing = mode == OpenMode::create_if_missing;
  return storage::open_sqlite_database(options);
}

}  // namespace ug::app
