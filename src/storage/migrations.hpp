// Numbered SQL migrations, embedded in the binary (one set per backend, same numbers), and the
// runner that applies them and records each in `schema_migrations` with a checksum.
#pragma once

#include <span>
#include <string_view>

#include "storage/database.hpp"
#include "storage/sql.hpp"

namespace ug::storage {

struct EmbeddedMigration {
  int version;
  std::string_view name;  // file name without extension, e.g. "0001_foundation"
  std::string_view sql;
};

// Generated from src/storage/migrations/ (common/ and the backend's own folder), sorted by version.
std::span<const EmbeddedMigration> embedded_migrations(Backend backend);
int latest_schema_version(Backend backend);

// Reads the applied version (0 when schema_migrations does not exist yet).
Result<int> read_schema_version(SqlConnection& conn);

// Applies what is pending. The caller holds the database's exclusive write lock and an open
// transaction: all pending migrations commit together or not at all.
Result<MigrationReport> apply_migrations(SqlConnection& conn);

}  // namespace ug::storage
