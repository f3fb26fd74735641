// One libpq connection; used by one thread at a time. Results are decoded by column type.
#pragma once

#include <libpq-fe.h>

#include <memory>
#include <string>

#include "storage/sql.hpp"

namespace ug::storage {

class PostgresConnection final : public SqlConnection {
 public:
  static Result<std::unique_ptr<PostgresConnection>> connect(const std::string& url);
  ~PostgresConnection() override;
  PostgresConnection(const PostgresConnection&) = delete;
  PostgresConnection& operator=(const PostgresConnection&) = delete;

  Backend backend() const override { return Backend::postgres; }
  Result<SqlResult> execute(std::string_view sql, std::span<const SqlValue> params) override;
  using SqlConnection::execute;
  Result<void> execute_script(std::string_view sql) override;

  // False once the server went away; the pool then reconnects.
  bool healthy() const;
  bool reset();

 private:
  explicit PostgresConnection(PGconn* conn) : conn_(conn) {}
  Error error_from(PGresult* result, std::string_view sql) const;

  PGconn* conn_;
};

// "postgresql://user@host:port/db" with any password removed, for logs.
std::string redact_postgres_url(const std::string& url);

}  // namespace ug::storage
