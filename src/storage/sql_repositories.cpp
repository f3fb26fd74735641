// Portable SQL implementations of the repositories (parameters bound, never spliced).
#include "storage/sql_repositories.hpp"

namespace ug::storage {

Result<std::optional<IdempotencyRecord>> SqlIdempotencyRepository::find(std::string_view scope, std::string_view key) {
  auto rows = conn_.execute(
      "SELECT request_fingerprint, response_status, response_body, created_at_ms FROM idempotency_keys "
      "WHERE scope = $1 AND idempotency_key = $2",
      {std::string(scope), std::string(key)});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->rows.empty()) return std::optional<IdempotencyRecord>{};
  const auto& row = rows->rows.front();
  return IdempotencyRecord{std::string(scope), std::string(key), row.text(0), static_cast<int>(row.int64(1)),
                           row.text(2),        row.int64(3)};
}

Result<void> SqlIdempotencyRepository::insert(const IdempotencyRecord& r) {
  auto done = conn_.execute(
      "INSERT INTO idempotency_keys (scope, idempotency_key, request_fingerprint, response_status, response_body, "
      "created_at_ms) VALUES ($1, $2, $3, $4, $5, $6)",
      {r.scope, r.key, r.request_fingerprint, std::int64_t{r.response_status}, r.response_body, r.created_at});
  if (!done) {
    auto error = done.error();
    if (error.code == ErrorCode::conflict) error.message = "该幂等键已被使用";
    return fail(std::move(error));
  }
  return {};
}

Result<std::int64_t> SqlIdempotencyRepository::purge_created_before(UnixMillis cutoff) {
  auto done = conn_.execute("DELETE FROM idempotency_keys WHERE created_at_ms < $1", {cutoff});
  if (!done) return tl::unexpected(done.error());
  return done->affected_rows;
}

Result<InstanceInfo> SqlInstanceRepository::get() {
  auto rows = conn_.execute("SELECT instance_id, created_at_ms FROM instance WHERE singleton = 1");
  if (!rows) return tl::unexpected(rows.error());
  if (rows->rows.empty()) return fail(ErrorCode::internal, {}, "instance row missing: database not migrated");
  return InstanceInfo{rows->rows[0].text(0), rows->rows[0].int64(1)};
}

Result<void> run_sql_transaction(SqlConnection& conn, std::string_view begin_statement,
                                 const std::function<Result<void>(Transaction&)>& work) {
  UG_TRY(conn.execute(begin_statement));
  SqlTransaction tx(conn);
  Result<void> outcome;
  try {
    outcome = work(tx);
  } catch (...) {
    (void)conn.execute("ROLLBACK");
    throw;
  }
  if (!outcome) {
    (void)conn.execute("ROLLBACK");
    return outcome;
  }
  auto committed = conn.execute("COMMIT");
  if (!committed) {
    (void)conn.execute("ROLLBACK");
    return tl::unexpected(committed.error());
  }
  return {};
}

}  // namespace ug::storage
