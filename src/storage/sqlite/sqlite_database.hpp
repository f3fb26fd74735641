// The embedded backend: one SQLite file in WAL mode, one writer connection (writes are serialised,
// as SQLite does anyway) and a pool of read-only connections that read concurrently with it.
#pragma once

#include <filesystem>
#include <memory>

#include "storage/database.hpp"

namespace ug::storage {

struct SqliteOptions {
  std::filesystem::path path = "var/urbangrid.db";
  // NORMAL: a committed transaction survives a process kill (WAL). FULL: it also survives power loss.
  bool synchronous_full = false;
  int busy_timeout_ms = 5000;
  int reader_connections = 4;
  // False: a missing file is an error (backup of a database that does not exist).
  bool create_if_missing = true;
};

// Opens (creating the file and its directory when absent) and checks the pragmas took effect.
Result<std::unique_ptr<Database>> open_sqlite_database(const SqliteOptions& options);

}  // namespace ug::storage
