// Deferring secondary indexes for bulk loads, on both backends: each database describes its own
// indexes (sqlite_master, pg_index), the record of what was dropped is the same table on both.
#include <fmt/format.h>

#include "core/clock.hpp"
#include "storage/dialect.hpp"
#include "storage/sql_repositories.hpp"

namespace ug::storage {
namespace {

// An identifier in double quotes, safe to splice into DDL (index names come from the catalogue).
std::string quoted_identifier(std::string_view name) {
  std::string out = "\"";
  for (const char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// name, definition of the plain indexes of `table`: not unique, not a key, not behind a constraint.
Result<SqlResult> plain_indexes(SqlConnection& conn, const std::string& table) {
  return conn.execute(conn.dialect().plain_indexes_query, {table});
}

Result<bool> has_deferred_table(SqlConnection& conn) {
  UG_TRY_ASSIGN(auto r, conn.execute(conn.dialect().table_count_query, {std::string("deferred_indexes")}));
  return r.rows.at(0).int64(0) > 0;
}

}  // namespace

Result<std::vector<std::string>> SqlIndexRepository::defer(std::span<const std::string> tables) {
  std::vector<std::string> dropped;
  const auto now = now_unix_millis();
  for (const auto& table : tables) {
    UG_TRY_ASSIGN(auto indexes, plain_indexes(conn_, table));
    for (const auto& row : indexes.rows) {
      const auto name = row.text(0);
      UG_TRY(conn_.execute(
          "INSERT INTO deferred_indexes (name, table_name, definition, deferred_at_ms) VALUES ($1, $2, $3, $4)",
          {name, table, row.text(1), now}));
      UG_TRY(conn_.execute("DROP INDEX " + quoted_identifier(name)));
      dropped.push_back(name);
    }
  }
  return dropped;
}

Result<std::vector<std::string>> SqlIndexRepository::restore_deferred() {
  std::vector<std::string> built;
  UG_TRY_ASSIGN(auto exists, has_deferred_table(conn_));
  if (!exists) return built;  // a database older than the table: nothing can be deferred
  UG_TRY_ASSIGN(auto listed, conn_.execute("SELECT name, definition FROM deferred_indexes ORDER BY name"));
  for (const auto& row : listed.rows) {
    auto made = conn_.execute(row.text(1));
    if (!made) {
      auto error = made.error();
      error.internal = fmt::format("rebuilding deferred index {}: {}", row.text(0), error.internal);
      return tl::unexpected(std::move(error));
    }
    built.push_back(row.text(0));
  }
  if (!built.empty()) {
    UG_TRY(conn_.execute("DELETE FROM deferred_indexes"));
  }
  return built;
}

}  // namespace ug::storage
