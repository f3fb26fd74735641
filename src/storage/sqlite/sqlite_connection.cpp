// sqlite3 calls: binding `$N` parameters by name, reading typed cells, mapping result codes to
// ErrorCodes (constraint → conflict, busy/locked/full → unavailable).
#include "storage/sqlite/sqlite_connection.hpp"

#include <fmt/format.h>

#include <charconv>

namespace ug::storage {

Result<std::unique_ptr<SqliteConnection>> SqliteConnection::open(const std::filesystem::path& path, bool read_only,
                                                                 int busy_timeout_ms) {
  sqlite3* db = nullptr;
  const int flags =
      (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string why = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return fail(ErrorCode::unavailable, "database.open_failed",
                fmt::format("sqlite3_open_v2({}): {}", path.string(), why));
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, busy_timeout_ms);
  return std::unique_ptr<SqliteConnection>(new SqliteConnection(db));
}

SqliteConnection::~SqliteConnection() {
  for (auto& [sql, prepared] : statements_) sqlite3_finalize(prepared.stmt);
  sqlite3_close(db_);
}

Error SqliteConnection::error_from(int rc, std::string_view what) const {
  const std::string internal =
      fmt::format("sqlite {} ({}): {} [{}]", sqlite3_errstr(rc), rc, sqlite3_errmsg(db_), what);
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
      return Error(ErrorCode::conflict, {}, internal);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
      return Error(ErrorCode::unavailable, {}, internal);
    default:
      return Error(ErrorCode::internal, {}, internal);
  }
}

Result<const SqliteConnection::Prepared*> SqliteConnection::prepare(std::string_view sql) {
  const std::string key(sql);
  if (const auto it = statements_.find(key); it != statements_.end()) return &it->second;
  Prepared prepared;
  const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                    &prepared.stmt, nullptr);
  if (rc != SQLITE_OK) return tl::unexpected(error_from(rc, sql));
  // `$N` names the N-th value; the same `$N` may appear more than once in the text.
  const int count = sqlite3_bind_parameter_count(prepared.stmt);
  for (int index = 1; index <= count; ++index) {
    const char* name = sqlite3_bind_parameter_name(prepared.stmt, index);
    std::size_t n = 0;
    if (name != nullptr && name[0] == '$') {
      const std::string_view digits(name + 1);
      const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
      if (ec != std::errc() || ptr != digits.data() + digits.size()) n = 0;
    } else if (name == nullptr) {
      n = static_cast<std::size_t>(index);  // a bare "?"
    }
    prepared.value_of.push_back(n);
  }
  return &statements_.emplace(key, std::move(prepared)).first->second;
}

Result<SqlResult> SqliteConnection::execute(std::string_view sql, std::span<const SqlValue> params) {
  UG_TRY_ASSIGN(auto prepared, prepare(sql));
  sqlite3_stmt* stmt = prepared->stmt;
  struct ResetOnExit {
    sqlite3_stmt* s;
    ~ResetOnExit() {
      sqlite3_reset(s);
      sqlite3_clear_bindings(s);
    }
  } reset{stmt};

  const auto& value_of = prepared->value_of;
  for (int index = 1; index <= static_cast<int>(value_of.size()); ++index) {
    const std::size_t n = value_of[static_cast<std::size_t>(index - 1)];
    if (n == 0 || n > params.size()) {
      return fail(ErrorCode::internal, {}, fmt::format("parameter {} has no value in: {}", index, sql));
    }
    const SqlValue& value = params[n - 1];
    int rc = SQLITE_OK;
    if (std::holds_alternative<SqlNull>(value)) {
      rc = sqlite3_bind_null(stmt, index);
    } else if (const auto* i = std::get_if<std::int64_t>(&value)) {
      rc = sqlite3_bind_int64(stmt, index, *i);
    } else if (const auto* d = std::get_if<double>(&value)) {
      rc = sqlite3_bind_double(stmt, index, *d);
    } else {
      const auto& s = std::get<std::string>(value);
      rc = sqlite3_bind_text(stmt, index, s.data(), static_cast<int>(s.size()), SQLITE_STATIC);
    }
    if (rc != SQLITE_OK) return tl::unexpected(error_from(rc, sql));
  }

  SqlResult result;
  const int columns = sqlite3_column_count(stmt);
  for (int c = 0; c < columns; ++c) result.columns.emplace_back(sqlite3_column_name(stmt, c));
  for (;;) {
    const int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) return tl::unexpected(error_from(rc, sql));
    std::vector<SqlValue> cells;
    cells.reserve(static_cast<std::size_t>(columns));
    for (int c = 0; c < columns; ++c) {
      switch (sqlite3_column_type(stmt, c)) {
        case SQLITE_NULL:
          cells.emplace_back(SqlNull{});
          break;
        case SQLITE_INTEGER:
          cells.emplace_back(std::int64_t{sqlite3_column_int64(stmt, c)});
          break;
        case SQLITE_FLOAT:
          cells.emplace_back(sqlite3_column_double(stmt, c));
          break;
        default: {
          const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
          cells.emplace_back(std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt, c))));
        }
      }
    }
    result.rows.emplace_back(std::move(cells));
  }
  result.affected_rows = columns == 0 ? sqlite3_changes64(db_) : 0;
  return result;
}

Result<void> SqliteConnection::execute_script(std::string_view sql) {
  char* message = nullptr;
  const std::string text(sql);
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    std::string why = message ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    auto error = error_from(rc, "script");
    error.internal += ": " + why;
    return tl::unexpected(std::move(error));
  }
  return {};
}

}  // namespace ug::storage
