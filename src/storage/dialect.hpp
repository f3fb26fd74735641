// What SQLite and PostgreSQL need written differently, in one named place. Repositories and the
// migration runner write portable SQL and take from here the few pieces that cannot be: catalogue
// queries, planner hints, row locks. The schema's own differences are listed beside the migrations
// (src/storage/migrations/differences.txt) and checked by tests/integration/dialect_parity_test.cpp.
#pragma once

#include <string>
#include <string_view>

#include "storage/sql.hpp"

namespace ug::storage {

struct Dialect {
  Backend backend;
  // The column every index of a table holds beside its own: SQLite's rowid, so that a covering index
  // answers a page of row keys alone; PostgreSQL's primary key.
  std::string_view index_row_key;
  // Appended to a SELECT whose rows must not change until the transaction ends. Empty on SQLite,
  // whose single writer already excludes every other.
  std::string_view shared_row_lock;
  // One row, one count: the tables named $1 in the current schema.
  std::string_view table_count_query;
  // name, definition of the plain indexes of table $1: not unique, not a key, not behind a constraint
  // (those are part of the table, not an index that may be dropped and made again).
  std::string_view plain_indexes_query;
  // Prefixed to a column in a WHERE term so that the planner does not pick its index: SQLite's unary
  // plus, where a short list of states would otherwise lure it into reading every open case; empty
  // on PostgreSQL, whose planner weighs the index by its statistics.
  std::string_view keep_off_index;

  std::string without_index(std::string_view column) const { return std::string(keep_off_index) + std::string(column); }
};

const Dialect& dialect(Backend backend);

}  // namespace ug::storage
