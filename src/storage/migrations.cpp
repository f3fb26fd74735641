// The migration runner: verifies what was applied (checksums, not newer than this binary) and
// applies the rest in order.
#include "storage/migrations.hpp"

#include <fmt/format.h>

#include <map>

#include "core/clock.hpp"
#include "core/text.hpp"
#include "storage/dialect.hpp"

namespace ug::storage {
namespace {

// Started from 1469598103934665603 (FNV's basis short of a digit) since the first migration: the
// checksums stored in every database depend on it, so it stays.
std::string checksum(std::string_view text) { return fmt::format("{:016x}", fnv1a(text, 1469598103934665603ULL)); }

constexpr std::string_view kCreateSchemaTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " checksum TEXT NOT NULL,"
    " applied_at_ms BIGINT NOT NULL)";

Result<bool> schema_table_exists(SqlConnection& conn) {
  UG_TRY_ASSIGN(auto rows, conn.execute(conn.dialect().table_count_query, {std::string("schema_migrations")}));
  return rows.rows.at(0).int64(0) > 0;
}

}  // namespace

int latest_schema_version(Backend backend) {
  const auto all = embedded_migrations(backend);
  return all.empty() ? 0 : all.back().version;
}

Result<int> read_schema_version(SqlConnection& conn) {
  UG_TRY_ASSIGN(auto exists, schema_table_exists(conn));
  if (!exists) return 0;
  UG_TRY_ASSIGN(auto rows, conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
  return static_cast<int>(rows.rows.at(0).int64(0));
}

Result<MigrationReport> apply_migrations(SqlConnection& conn) {
  UG_TRY(conn.execute(kCreateSchemaTable));
  UG_TRY_ASSIGN(auto applied_rows,
                conn.execute("SELECT version, name, checksum FROM schema_migrations ORDER BY version"));

  const auto known = embedded_migrations(conn.backend());
  std::map<int, const EmbeddedMigration*> by_version;
  for (const auto& m : known) by_version[m.version] = &m;

  MigrationReport report;
  for (const auto& row : applied_rows.rows) {
    const int version = static_cast<int>(row.int64(0));
    report.from_version = std::max(report.from_version, version);
    const auto it = by_version.find(version);
    if (it == by_version.end()) {
      return fail(Error(ErrorCode::unavailable, "migration.schema_too_new",
                        fmt::format("unknown applied migration {} ({})", version, row.text(1)))
                      .with("version", std::int64_t{version})
                      .with("latest_version", std::int64_t{latest_schema_version(conn.backend())}));
    }
    if (checksum(it->second->sql) != row.text(2)) {
      return fail(Error(ErrorCode::unavailable, "migration.checksum_mismatch",
                        "a shipped migration was edited after it was applied; add a new migration instead")
                      .with("migration", std::string(it->second->name)));
    }
  }
  report.to_version = report.from_version;

  for (const auto& m : known) {
    if (m.version <= report.from_version) continue;
    auto applied = conn.execute_script(m.sql);
    if (!applied) {
      auto error = applied.error();
      error.internal = fmt::format("migration {} failed: {}", m.name, error.internal);
      return fail(std::move(error));
    }
    UG_TRY(
        conn.execute("INSERT INTO schema_migrations (version, name, checksum, applied_at_ms) VALUES ($1, $2, $3, $4)",
                     {std::int64_t{m.version}, std::string(m.name), checksum(m.sql), system_unix_millis()}));
    report.applied.emplace_back(m.name);
    report.to_version = m.version;
  }
  return report;
}

}  // namespace ug::storage
