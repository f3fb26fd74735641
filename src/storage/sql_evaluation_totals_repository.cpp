// Evaluation's running totals in SQL (migration 0016): added to by upserts in batches, read as sums
// over a range of days. The same statements run on SQLite and PostgreSQL.
#include <fmt/format.h>

#include <algorithm>
#include <tuple>

#include "storage/dialect.hpp"
#include "storage/sql_repositories.hpp"

namespace ug::storage {
namespace {

constexpr std::size_t kFields = 6;
constexpr std::size_t kRows = 100;  // 600 values a statement, well under both databases' limits

std::string upsert(std::size_t rows) {
  std::string sql = "INSERT INTO evaluation_totals (day, scope, unit, counter, effective_day, n) VALUES ";
  for (std::size_t r = 0; r < rows; ++r) {
    sql += r == 0 ? "(" : ", (";
    for (std::size_t f = 1; f <= kFields; ++f) sql += fmt::format("{}${}", f == 1 ? "" : ", ", r * kFields + f);
    sql += ")";
  }
  return sql +
         " ON CONFLICT (scope, counter, day, unit, effective_day) DO UPDATE SET n = evaluation_totals.n + excluded.n";
}

auto key(const EvaluationTotalRecord& r) { return std::tie(r.scope, r.counter, r.day, r.unit, r.effective_day); }

}  // namespace

void merge_totals(std::vector<EvaluationTotalRecord>& records) {
  const auto before = [](const EvaluationTotalRecord& a, const EvaluationTotalRecord& b) { return key(a) < key(b); };
  if (!std::is_sorted(records.begin(), records.end(), before)) std::sort(records.begin(), records.end(), before);
  std::size_t kept = 0;
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (kept > 0 && key(records[kept - 1]) == key(records[i])) {
      records[kept - 1].n += records[i].n;
    } else {
      if (kept != i) records[kept] = std::move(records[i]);  // never onto itself: that empties the unit
      ++kept;
    }
  }
  records.resize(kept);
  std::erase_if(records, [](const EvaluationTotalRecord& r) { return r.n == 0; });
}

Result<void> SqlEvaluationTotalsRepository::add(std::span<const EvaluationTotalRecord> changes) {
  // One row per key: PostgreSQL refuses to update a row twice in one statement.
  std::vector<EvaluationTotalRecord> merged(changes.begin(), changes.end());
  merge_totals(merged);

  static const std::string full = upsert(kRows);
  std::vector<SqlValue> values;
  values.reserve(kRows * kFields);
  for (std::size_t at = 0; at < merged.size(); at += kRows) {
    const auto n = std::min(kRows, merged.size() - at);
    values.clear();
    for (std::size_t i = at; i < at + n; ++i) {
      const auto& r = merged[i];
      values.insert(values.end(), {std::int64_t{r.day}, std::int64_t{r.scope}, r.unit, std::int64_t{r.counter},
                                   std::int64_t{r.effective_day}, r.n});
    }
    UG_TRY(conn_.execute(n == kRows ? full : upsert(n), values));
  }
  return {};
}

Result<std::vector<EvaluationTotalSum>> SqlEvaluationTotalsRepository::sum(std::int32_t scope, std::int32_t counter,
                                                                           std::int32_t from_day, std::int32_t to_day,
                                                                           std::int32_t at_day) {
  UG_TRY_ASSIGN(
      auto rows,
      conn_.execute(
          "SELECT unit, SUM(n) FROM evaluation_totals WHERE scope = $1 AND counter = $2 AND day >= $3 AND day < $4 AND "
          "effective_day < $5 GROUP BY unit",
          {std::int64_t{scope}, std::int64_t{counter}, std::int64_t{from_day}, std::int64_t{to_day},
           std::int64_t{at_day}}));
  std::vector<EvaluationTotalSum> out;
  out.reserve(rows.rows.size());
  for (const auto& r : rows.rows) out.push_back({scope, r.text(0), counter, r.int64(1)});
  return out;
}

Result<std::vector<EvaluationTotalRecord>> SqlEvaluationTotalsRepository::all() {
  UG_TRY_ASSIGN(auto rows,
                conn_.execute("SELECT day, scope, unit, counter, effective_day, n FROM evaluation_totals WHERE n <> 0 "
                              "ORDER BY scope, counter, day, unit, effective_day"));
  std::vector<EvaluationTotalRecord> out;
  out.reserve(rows.rows.size());
  for (const auto& r : rows.rows) {
    out.push_back({static_cast<std::int32_t>(r.int64(0)), static_cast<std::int32_t>(r.int64(1)), r.text(2),
                   static_cast<std::int32_t>(r.int64(3)), static_cast<std::int32_t>(r.int64(4)), r.int64(5)});
  }
  return out;
}

Result<std::int64_t> SqlEvaluationTotalsRepository::size() {
  UG_TRY_ASSIGN(auto rows, conn_.execute("SELECT COUNT(*) FROM evaluation_totals"));
  return rows.rows.front().int64(0);
}

Result<void> SqlEvaluationTotalsRepository::clear() {
  UG_TRY(conn_.execute("DELETE FROM evaluation_totals"));
  return {};
}

Result<std::string> SqlEvaluationTotalsRepository::basis() {
  UG_TRY_ASSIGN(auto rows, conn_.execute("SELECT basis FROM evaluation_totals_basis WHERE id = 1"));
  return rows.rows.empty() ? std::string() : rows.rows.front().text(0);
}

Result<std::string> SqlEvaluationTotalsRepository::basis_for_adding() {
  // SQLite has one writer at a time: a recompute and an addition cannot interleave there.
  UG_TRY_ASSIGN(auto rows, conn_.execute(fmt::format("SELECT basis FROM evaluation_totals_basis WHERE id = 1{}",
                                                     conn_.dialect().shared_row_lock)));
  return rows.rows.empty() ? std::string() : rows.rows.front().text(0);
}

Result<void> SqlEvaluationTotalsRepository::set_basis(std::string_view basis) {
  UG_TRY(conn_.execute(
      "INSERT INTO evaluation_totals_basis (id, basis) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET basis = "
      "excluded.basis",
      {std::string(basis)}));
  return {};
}

}  // namespace ug::storage
