// The two dialects' values (see dialect.hpp for what each piece is for).
#include "storage/dialect.hpp"

namespace ug::storage {
namespace {

constexpr Dialect kSqlite{
    .backend = Backend::sqlite,
    .index_row_key = "rowid",
    .shared_row_lock = "",
    .table_count_query = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $1",
    // Indexes SQLite makes for PRIMARY KEY and UNIQUE constraints have no SQL text.
    .plain_indexes_query =
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = $1 "
        "AND sql IS NOT NULL AND upper(substr(sql, 1, 13)) <> 'CREATE UNIQUE' ORDER BY name",
    .keep_off_index = "+",
};

constexpr Dialect kPostgres{
    .backend = Backend::postgres,
    .index_row_key = "id",
    .shared_row_lock = " FOR SHARE",
    .table_count_query = "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = $1",
    .plain_indexes_query =
        "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
        "JOIN pg_class t ON t.oid = x.indrelid WHERE t.relname = $1 "
        "AND t.relnamespace = current_schema()::regnamespace AND NOT x.indisunique AND NOT x.indisprimary "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid) ORDER BY i.relname",
    .keep_off_index = "",
};

}  // namespace

const Dialect& dialect(Backend backend) { return backend == Backend::sqlite ? kSqlite : kPostgres; }

const Dialect& SqlConnection::dialect() const { return storage::dialect(backend()); }

}  // namespace ug::storage
