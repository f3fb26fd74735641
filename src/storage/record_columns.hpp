// The columns of a table as one list of {name, write, read} next to the record they map, so the
// SELECT list, the INSERT's values and the reading of a row are all derived from it: a value cannot
// be bound to the wrong column or read from the wrong position (positional lists drift apart).
// member_column<&Record::field>("field") covers plain fields; a table writes its own {.name = …,
// .write = …, .read = …} entry for a column that needs converting.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "storage/sql.hpp"

namespace ug::storage {

template <typename Record>
struct RecordColumn {
  std::string_view name;
  SqlValue (*write)(const Record&);
  bool (*read)(const SqlRow&, std::size_t, Record&);  // false: the stored value cannot be read
};

namespace detail {

template <typename T>
struct member_of;
template <typename Record, typename Field>
struct member_of<Field Record::*> {
  using record = Record;
  using field = Field;
};

template <typename Field>
SqlValue to_sql(const Field& value) {
  if constexpr (std::is_same_v<Field, bool>) {
    return std::int64_t{value ? 1 : 0};
  } else if constexpr (std::is_same_v<Field, std::optional<std::int64_t>>) {
    return optional_int(value);
  } else if constexpr (std::is_integral_v<Field>) {
    return static_cast<std::int64_t>(value);
  } else {
    return value;
  }
}

template <typename Field>
void from_sql(const SqlRow& row, std::size_t i, Field& value) {
  if constexpr (std::is_same_v<Field, bool>) {
    value = row.int64(i) != 0;
  } else if constexpr (std::is_same_v<Field, std::optional<std::int64_t>>) {
    value = row.optional_int64(i);
  } else if constexpr (std::is_integral_v<Field>) {
    value = static_cast<Field>(row.int64(i));
  } else {
    value = row.text(i);
  }
}

}  // namespace detail

// A column holding `Member` as it is: text, an integer, a bool (0/1) or an optional integer (NULL).
template <auto Member>
constexpr RecordColumn<typename detail::member_of<decltype(Member)>::record> member_column(std::string_view name) {
  using Record = typename detail::member_of<decltype(Member)>::record;
  return {.name = name,
          .write = [](const Record& r) { return detail::to_sql(r.*Member); },
          .read =
              [](const SqlRow& row, std::size_t i, Record& r) {
                detail::from_sql(row, i, r.*Member);
                return true;
              }};
}

// A column holding `Member` of the part `Part` of the record (CaseRow::projection's id).
template <auto Part, auto Member>
constexpr RecordColumn<typename detail::member_of<decltype(Part)>::record> part_column(std::string_view name) {
  using Record = typename detail::member_of<decltype(Part)>::record;
  return {.name = name,
          .write = [](const Record& r) { return detail::to_sql(r.*Part.*Member); },
          .read =
              [](const SqlRow& row, std::size_t i, Record& r) {
                detail::from_sql(row, i, r.*Part.*Member);
                return true;
              }};
}

// "a, b, c": the names, for a SELECT or INSERT list.
template <typename Record>
std::string column_list(std::span<const RecordColumn<Record>> columns) {
  std::string out;
  for (const auto& column : columns) out += fmt::format("{}{}", out.empty() ? "" : ", ", column.name);
  return out;
}

// "$1, $2, …": one placeholder per column.
template <typename Record>
std::string column_placeholders(std::span<const RecordColumn<Record>> columns) {
  std::string out;
  for (std::size_t i = 0; i < columns.size(); ++i) out += fmt::format("{}${}", i > 0 ? ", " : "", i + 1);
  return out;
}

// The values of `record`, in the columns' order.
template <typename Record>
std::vector<SqlValue> column_values(std::span<const RecordColumn<Record>> columns, const Record& record) {
  std::vector<SqlValue> values;
  values.reserve(columns.size() + 1);
  for (const auto& column : columns) values.push_back(column.write(record));
  return values;
}

// Fills `record` from a row selected with column_list(columns); the name of the first column that
// cannot be read, or nullopt when all could.
template <typename Record>
std::optional<std::string_view> read_columns(std::span<const RecordColumn<Record>> columns, const SqlRow& row,
                                             Record& record) {
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (!columns[i].read(row, i, record)) return columns[i].name;
  }
  return std::nullopt;
}

}  // namespace ug::storage
