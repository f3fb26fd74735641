// One sqlite3 handle with a prepared-statement cache; used by one thread at a time.
#pragma once

#include <sqlite3.h>

#include <filesystem>
#include <memory>
#include <string>
#include <unordered_map>

#include "storage/sql.hpp"

namespace ug::storage {

class SqliteConnection final : public SqlConnection {
 public:
  static Result<std::unique_ptr<SqliteConnection>> open(const std::filesystem::path& path, bool read_only,
                                                        int busy_timeout_ms);
  ~SqliteConnection() override;
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  Backend backend() const override { return Backend::sqlite; }
  Result<SqlResult> execute(std::string_view sql, std::span<const SqlValue> params) override;
  using SqlConnection::execute;
  Result<void> execute_script(std::string_view sql) override;

  sqlite3* handle() { return db_; }

 private:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  // A prepared statement and, per SQLite parameter (1-based), which `$N` value it takes: worked out
  // once, as sqlite3_bind_parameter_name is a linear search.
  struct Prepared {
    sqlite3_stmt* stmt = nullptr;
    std::vector<std::size_t> value_of;  // value_of[i - 1] = N of the i-th parameter; 0: not $N
  };
  Result<const Prepared*> prepare(std::string_view sql);
  Error error_from(int rc, std::string_view what) const;

  sqlite3* db_;
  std::unordered_map<std::string, Prepared> statements_;
};

}  // namespace ug::storage
