// SqlRow accessors: lenient conversions so repositories read SQLite's and PostgreSQL's cells alike.
#include "storage/sql.hpp"

#include <charconv>

#include "core/invariant.hpp"

namespace ug::storage {

std::string_view to_string(Backend backend) { return backend == Backend::sqlite ? "sqlite" : "postgres"; }

const SqlValue& SqlRow::at(std::size_t i) const {
  UG_INVARIANT(i < cells_.size(), "column index out of range");
  return cells_[i];
}

bool SqlRow::is_null(std::size_t i) const { return std::holds_alternative<SqlNull>(at(i)); }
std::optional<std::int64_t> SqlRow::optional_int64(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  return int64(i);
}

std::int64_t SqlRow::int64(std::size_t i) const {
  const auto& cell = at(i);
  if (const auto* v = std::get_if<std::int64_t>(&cell)) return *v;
  if (const auto* d = std::get_if<double>(&cell)) return static_cast<std::int64_t>(*d);
  if (const auto* s = std::get_if<std::string>(&cell)) {
    std::int64_t out = 0;
    const auto [ptr, ec] = std::from_chars(s->data(), s->data() + s->size(), out);
    UG_INVARIANT(ec == std::errc() && ptr == s->data() + s->size(), "column is not an integer: " + *s);
    return out;
  }
  UG_INVARIANT(false, "integer read from a NULL column");
  return 0;
}

std::string SqlRow::text(std::size_t i) const {
  const auto& cell = at(i);
  if (const auto* s = std::get_if<std::string>(&cell)) return *s;
  if (const auto* v = std::get_if<std::int64_t>(&cell)) return std::to_string(*v);
  if (const auto* d = std::get_if<double>(&cell)) return std::to_string(*d);
  return {};
}

}  // namespace ug::storage
