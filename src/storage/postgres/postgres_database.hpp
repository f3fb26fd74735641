// The server backend: PostgreSQL 15 through libpq, with a bounded connection pool. Backups go
// through pg_dump's custom format and come back with pg_restore.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "storage/database.hpp"

namespace ug::storage {

struct PostgresOptions {
  std::string url;  // postgresql://user:password@host:port/dbname?…
  int pool_size = 8;
  std::chrono::milliseconds acquire_timeout{5000};  // waiting for a free pooled connection
  // Where pg_dump/pg_restore live; empty: /usr/lib/postgresql/<server major>/bin, then PATH.
  std::filesystem::path client_bin_dir;
};

// Connects once to check the URL and server, then opens further connections on demand.
Result<std::unique_ptr<Database>> open_postgres_database(const PostgresOptions& options);

}  // namespace ug::storage
