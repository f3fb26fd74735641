// libpq calls: text-format parameters, typed decoding of result cells, SQLSTATE → ErrorCode
// (23xxx integrity → conflict, 40001/40P01 → conflict, 08xxx/57Pxx/53xxx → unavailable).
#include "storage/postgres/postgres_connection.hpp"

#include <fmt/format.h>

#include <charconv>
#include <memory>

namespace ug::storage {
namespace {

// Type OIDs from PostgreSQL's pg_type.dat (stable across versions).
constexpr Oid kBoolOid = 16, kInt8Oid = 20, kInt2Oid = 21, kInt4Oid = 23, kOidOid = 26, kFloat4Oid = 700,
              kFloat8Oid = 701;

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

SqlValue decode_cell(const PGresult* result, int row, int column) {
  if (PQgetisnull(result, row, column)) return SqlNull{};
  const char* text = PQgetvalue(result, row, column);
  const auto length = static_cast<std::size_t>(PQgetlength(result, row, column));
  switch (PQftype(result, column)) {
    case kInt2Oid:
    case kInt4Oid:
    case kInt8Oid:
    case kOidOid: {
      std::int64_t v = 0;
      std::from_chars(text, text + length, v);
      return v;
    }
    case kBoolOid:
      return std::int64_t{text[0] == 't' ? 1 : 0};
    case kFloat4Oid:
    case kFloat8Oid:
      return std::stod(std::string(text, length));
    default:
      return std::string(text, length);
  }
}

}  // namespace

std::string redact_postgres_url(const std::string& url) {
  // postgresql://user:secret@host → postgresql://user@host
  const auto scheme = url.find("://");
  const auto at = url.find('@', scheme == std::string::npos ? 0 : scheme + 3);
  if (scheme == std::string::npos || at == std::string::npos) return url;
  const auto colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon) + url.substr(at);
}

Result<std::unique_ptr<PostgresConnection>> PostgresConnection::connect(const std::string& url) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (conn == nullptr || PQstatus(conn) != CONNECTION_OK) {
    std::string why = conn ? PQerrorMessage(conn) : "out of memory";
    PQfinish(conn);
    return fail(ErrorCode::unavailable, "database.connect_failed",
                fmt::format("connect {}: {}", redact_postgres_url(url), why));
  }
  auto self = std::unique_ptr<PostgresConnection>(new PostgresConnection(conn));
  // Quiet NOTICEs (e.g. "relation already exists, skipping") and keep timestamps in UTC.
  UG_TRY(self->execute_script("SET client_min_messages = warning; SET TIME ZONE 'UTC'"));
  return self;
}

PostgresConnection::~PostgresConnection() { PQfinish(conn_); }

bool PostgresConnection::healthy() const { return PQstatus(conn_) == CONNECTION_OK; }

bool PostgresConnection::reset() {
  PQreset(conn_);
  return healthy() && execute_script("SET client_min_messages = warning; SET TIME ZONE 'UTC'").has_value();
}

Error PostgresConnection::error_from(PGresult* result, std::string_view sql) const {
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const std::string sqlstate = state ? state : "";
  const std::string message = result ? PQresultErrorMessage(result) : PQerrorMessage(conn_);
  const std::string internal = fmt::format("postgres {}: {} [{}]", sqlstate.empty() ? "?" : sqlstate, message, sql);
  if (!healthy() || sqlstate.starts_with("08") || sqlstate.starts_with("57P") || sqlstate.starts_with("53")) {
    return Error(ErrorCode::unavailable, {}, internal);
  }
  if (sqlstate.starts_with("23") || sqlstate == "40001" || sqlstate == "40P01") {
    return Error(ErrorCode::conflict, {}, internal);
  }
  return Error(ErrorCode::internal, {}, internal);
}

Result<SqlResult> PostgresConnection::execute(std::string_view sql, std::span<const SqlValue> params) {
  std::vector<std::string> texts(params.size());
  std::vector<const char*> values(params.size(), nullptr);
  for (std::size_t i = 0; i < params.size(); ++i) {
    const auto& p = params[i];
    if (std::holds_alternative<SqlNull>(p)) continue;
    if (const auto* v = std::get_if<std::int64_t>(&p)) {
      texts[i] = std::to_string(*v);
    } else if (const auto* d = std::get_if<double>(&p)) {
      texts[i] = fmt::format("{}", *d);
    } else {
      texts[i] = std::get<std::string>(p);
    }
    values[i] = texts[i].c_str();
  }
  const std::string text(sql);
  ResultPtr result(
      PQexecParams(conn_, text.c_str(), static_cast<int>(params.size()), nullptr, values.data(), nullptr, nullptr, 0));
  const auto status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) return tl::unexpected(error_from(result.get(), sql));

  SqlResult out;
  const int columns = PQnfields(result.get());
  const int rows = PQntuples(result.get());
  for (int c = 0; c < columns; ++c) out.columns.emplace_back(PQfname(result.get(), c));
  out.rows.reserve(static_cast<std::size_t>(rows));
  for (int r = 0; r < rows; ++r) {
    std::vector<SqlValue> cells;
    cells.reserve(static_cast<std::size_t>(columns));
    for (int c = 0; c < columns; ++c) cells.push_back(decode_cell(result.get(), r, c));
    out.rows.emplace_back(std::move(cells));
  }
  if (status == PGRES_COMMAND_OK) {
    const char* affected = PQcmdTuples(result.get());
    if (affected != nullptr && affected[0] != '\0') out.affected_rows = std::stoll(affected);
  }
  return out;
}

Result<void> PostgresConnection::execute_script(std::string_view sql) {
  const std::string text(sql);
  ResultPtr result(PQexec(conn_, text.c_str()));
  const auto status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    return tl::unexpected(error_from(result.get(), "script"));
  }
  return {};
}

}  // namespace ug::storage
