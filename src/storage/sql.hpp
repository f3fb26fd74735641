// The small SQL surface both backends implement, so repositories and the migration runner are
// written once. Parameters are written `$1, $2 …` in SQL text for both SQLite and PostgreSQL; values
// are always bound, never spliced into the text.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.hpp"

namespace ug::storage {

enum class Backend { sqlite, postgres };
std::string_view to_string(Backend backend);
struct Dialect;  // storage/dialect.hpp

using SqlNull = std::monostate;
using SqlValue = std::variant<SqlNull, std::int64_t, double, std::string>;

// NULL for an empty text or an absent number, else the value.
inline SqlValue optional_text(const std::string& s) { return s.empty() ? SqlValue{SqlNull{}} : SqlValue{s}; }
inline SqlValue optional_int(const std::optional<std::int64_t>& v) { return v ? SqlValue{*v} : SqlValue{SqlNull{}}; }

class SqlRow {
 public:
  explicit SqlRow(std::vector<SqlValue> cells) : cells_(std::move(cells)) {}
  std::size_t size() const { return cells_.size(); }
  bool is_null(std::size_t i) const;
  std::int64_t int64(std::size_t i) const;                          // integer cells; numeric text is converted
  std::optional<std::int64_t> optional_int64(std::size_t i) const;  // nullopt for NULL
  std::string text(std::size_t i) const;                            // any cell as text; NULL is ""
  const SqlValue& at(std::size_t i) const;

 private:
  std::vector<SqlValue> cells_;
};

struct SqlResult {
  std::vector<std::string> columns;
  std::vector<SqlRow> rows;
  std::int64_t affected_rows = 0;  // INSERT/UPDATE/DELETE
};

class SqlConnection {
 public:
  virtual ~SqlConnection() = default;
  virtual Backend backend() const = 0;
  const Dialect& dialect() const;  // what this backend writes differently
  // One statement with bound parameters. Constraint violations come back as ErrorCode::conflict,
  // a lost or busy database as ErrorCode::unavailable, anything else as ErrorCode::internal.
  virtual Result<SqlResult> execute(std::string_view sql, std::span<const SqlValue> params) = 0;
  Result<SqlResult> execute(std::string_view sql, std::initializer_list<SqlValue> params = {}) {
    return execute(sql, std::span<const SqlValue>(params.begin(), params.size()));
  }
  // Several statements without parameters (migrations).
  virtual Result<void> execute_script(std::string_view sql) = 0;
};

}  // namespace ug::storage
