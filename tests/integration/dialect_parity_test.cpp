// The two databases' schemas after every migration must be the same schema: the same tables,
// columns (type, NOT NULL, default, key, how ids are drawn), indexes, foreign keys, CHECK counts
// and triggers, except for the differences listed, each with its reason, in
// src/storage/migrations/differences.txt. A migration changed on one side alone, or a listed
// difference that no longer exists, fails here. Each schema is read from its own catalogue (SQLite's
// sqlite_master and pragmas, PostgreSQL's pg_catalog) and described as one line per fact in a
// common vocabulary, so that the comparison is a difference of two sets of lines.
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "integration/backends.hpp"
#include "storage/database.hpp"
#include "support/test_env.hpp"

namespace ug::storage {
namespace {

using Rows = std::vector<std::vector<std::string>>;

// Every row of one query, each cell as text (NULL as ""), outside the repositories.
Rows query(Backend backend, const std::string& url, const std::string& sql) {
  Rows rows;
  if (backend == Backend::sqlite) {
    sqlite3* handle = nullptr;
    EXPECT_EQ(sqlite3_open(url.c_str(), &handle), SQLITE_OK);
    sqlite3_stmt* statement = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(handle, sql.c_str(), -1, &statement, nullptr), SQLITE_OK)
        << sqlite3_errmsg(handle) << " in " << sql;
    while (statement != nullptr && sqlite3_step(statement) == SQLITE_ROW) {
      auto& row = rows.emplace_back();
      for (int i = 0; i < sqlite3_column_count(statement); ++i) {
        const auto* text = sqlite3_column_text(statement, i);
        row.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
      }
    }
    sqlite3_finalize(statement);
    sqlite3_close(handle);
  } else {
    PGconn* conn = PQconnectdb(url.c_str());
    PGresult* r = PQexec(conn, sql.c_str());
    EXPECT_EQ(PQresultStatus(r), PGRES_TUPLES_OK) << PQerrorMessage(conn) << " in " << sql;
    for (int i = 0; i < PQntuples(r); ++i) {
      auto& row = rows.emplace_back();
      for (int j = 0; j < PQnfields(r); ++j) row.emplace_back(PQgetvalue(r, i, j));
    }
    PQclear(r);
    PQfinish(conn);
  }
  return rows;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// A declared or catalogued type in the common vocabulary: PostgreSQL's names.
std::string type_name(std::string declared) {
  declared = lower(declared);
  if (declared == "real" || declared == "double precision") return "double precision";
  if (declared == "blob") return "bytea";
  if (declared.starts_with("varchar") || declared.starts_with("character varying")) return "text";
  return declared;
}

// A default as both catalogues would write it: PostgreSQL's casts (`''::text`) taken off.
std::string default_text(const std::string& raw) {
  static const std::regex cast(R"(::[a-z ]+(\[\])?)");
  return std::regex_replace(raw, cast, "");
}

std::size_t count_checks(const std::string& table_sql) {
  static const std::regex check(R"(\bCHECK\s*\()", std::regex::icase);
  return static_cast<std::size_t>(
      std::distance(std::sregex_iterator(table_sql.begin(), table_sql.end(), check), std::sregex_iterator()));
}

std::string joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

using Facts = std::set<std::string>;

Facts sqlite_facts(const std::string& url) {
  Facts facts;
  const auto q = [&](const std::string& sql) { return query(Backend::sqlite, url, sql); };
  std::map<std::string, std::string> primary_key_of;  // a table's single key column, for foreign keys
  const auto tables =
      q("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name");
  for (const auto& t : tables) {
    const auto& table = t[0];
    const auto& sql = t[1];
    facts.insert("table " + table);
    facts.insert(table + " checks " + std::to_string(count_checks(sql)));
    const auto columns = q("SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info('" + table + "')");
    const auto keys = std::count_if(columns.begin(), columns.end(), [](const auto& c) { return c[4] != "0"; });
    for (const auto& c : columns) {
      std::string type = type_name(c[1]);
      std::string drawn;
      // INTEGER PRIMARY KEY AUTOINCREMENT is the 64-bit rowid drawn so that the ids of deleted rows
      // never come back: what a BIGSERIAL key is. Without AUTOINCREMENT it is compared as a plain
      // integer key, whose value the inserts give.
      if (keys == 1 && c[4] == "1" && type == "integer" && lower(sql).find("autoincrement") != std::string::npos) {
        type = "bigint";
        drawn = " drawn from a sequence";
      }
      if (keys == 1 && c[4] == "1") primary_key_of[table] = c[0];
      // A key column is NOT NULL in PostgreSQL by definition; SQLite's pragma says 0 for it.
      const bool not_null = c[2] == "1" || c[4] != "0";
      facts.insert(table + "." + c[0] + " " + type + (not_null ? " not null" : "") +
                   (c[3].empty() ? "" : " default " + c[3]) + (c[4] == "0" ? "" : " key " + c[4]) + drawn);
    }
  }
  for (const auto& t : tables) {
    const auto& table = t[0];
    for (const auto& i : q("SELECT name, \"unique\", origin, partial FROM pragma_index_list('" + table + "')")) {
      if (i[2] == "pk") continue;  // the key is a column fact
      std::vector<std::string> columns;
      for (const auto& c :
           q("SELECT name, \"desc\" FROM pragma_index_xinfo('" + i[0] + "') WHERE key = 1 ORDER BY seqno"))
        columns.push_back((c[0].empty() ? "<expression>" : c[0]) + (c[1] == "1" ? " desc" : ""));
      // An index behind a UNIQUE constraint has a name each database makes up: it is known by its columns.
      const auto name =
          i[2] == "u" ? std::string("unique constraint") : "index " + i[0] + (i[1] == "1" ? " unique" : "");
      facts.insert(table + " " + name + " (" + joined(columns) + ")" + (i[3] == "1" ? " partial" : ""));
    }
    std::map<std::string, std::vector<std::vector<std::string>>> by_key;
    for (auto& f : q("SELECT id, \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list('" + table +
                     "') ORDER BY id, seq"))
      by_key[f[0]].push_back(f);
    for (const auto& [id, parts] : by_key) {
      std::vector<std::string> from, to;
      for (const auto& p : parts) {
        from.push_back(p[2]);
        to.push_back(p[3].empty() ? primary_key_of[p[1]] : p[3]);
      }
      const auto& on_delete = parts.front()[4];
      facts.insert(table + " foreign key (" + joined(from) + ") references " + parts.front()[1] + " (" + joined(to) +
                   ")" + (on_delete == "NO ACTION" ? "" : " on delete " + lower(on_delete)));
    }
  }
  for (const auto& t : q("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'"))
    facts.insert(t[0] + " trigger " + t[1]);
  return facts;
}

Facts postgres_facts(const std::string& url) {
  Facts facts;
  const auto q = [&](const std::string& sql) { return query(Backend::postgres, url, sql); };
  const std::string here = "n.nspname = current_schema()";
  for (const auto& t : q("SELECT c.relname, (SELECT count(*) FROM pg_constraint k WHERE k.conrelid = c.oid AND "
                         "k.contype = 'c') FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE " +
                         here + " AND c.relkind IN ('r', 'p')")) {
    facts.insert("table " + t[0]);
    facts.insert(t[0] + " checks " + t[1]);
  }
  for (const auto& c : q("SELECT c.table_name, c.column_name, c.data_type, c.is_nullable, "
                         "coalesce(c.column_default, ''), coalesce(k.position::text, '') FROM "
                         "information_schema.columns c LEFT JOIN (SELECT u.table_name, u.column_name, "
                         "u.ordinal_position AS position FROM information_schema.key_column_usage u JOIN "
                         "information_schema.table_constraints tc ON tc.constraint_name = u.constraint_name AND "
                         "tc.table_schema = u.table_schema WHERE tc.constraint_type = 'PRIMARY KEY' AND "
                         "u.table_schema = current_schema()) k ON k.table_name = c.table_name AND k.column_name = "
                         "c.column_name WHERE c.table_schema = current_schema()")) {
    const bool sequence = c[4].starts_with("nextval(");
    facts.insert(c[0] + "." + c[1] + " " + type_name(c[2]) + (c[3] == "NO" ? " not null" : "") +
                 (c[4].empty() || sequence ? "" : " default " + default_text(c[4])) +
                 (c[5].empty() ? "" : " key " + c[5]) + (sequence ? " drawn from a sequence" : ""));
  }
  // Key columns in order (expressions as such), whether unique or partial, and whether a UNIQUE
  // constraint stands behind the index.
  for (const auto& i : q("SELECT t.relname, i.relname, x.indisunique, x.indpred IS NOT NULL, "
                         "EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid AND k.contype = 'u'), "
                         "(SELECT string_agg(CASE WHEN x.indkey[k - 1] = 0 THEN '<expression>' ELSE "
                         "pg_get_indexdef(x.indexrelid, k, true) END || CASE WHEN x.indoption[k - 1] & 1 = 1 THEN "
                         "' desc' ELSE '' END, ', ' ORDER BY k) FROM generate_series(1, x.indnkeyatts) k) "
                         "FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = "
                         "x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace WHERE " +
                         here + " AND NOT x.indisprimary")) {
    const auto name = i[4] == "t" ? std::string("unique constraint") : "index " + i[1] + (i[2] == "t" ? " unique" : "");
    facts.insert(i[0] + " " + name + " (" + i[5] + ")" + (i[3] == "t" ? " partial" : ""));
  }
  for (const auto& f : q("SELECT c.relname, r.relname, (SELECT string_agg(a.attname, ', ' ORDER BY u.n) FROM "
                         "unnest(k.conkey) WITH ORDINALITY u(attnum, n) JOIN pg_attribute a ON a.attrelid = "
                         "k.conrelid AND a.attnum = u.attnum), (SELECT string_agg(a.attname, ', ' ORDER BY u.n) "
                         "FROM unnest(k.confkey) WITH ORDINALITY u(attnum, n) JOIN pg_attribute a ON a.attrelid = "
                         "k.confrelid AND a.attnum = u.attnum), k.confdeltype FROM pg_constraint k JOIN pg_class c "
                         "ON c.oid = k.conrelid JOIN pg_class r ON r.oid = k.confrelid JOIN pg_namespace n ON n.oid "
                         "= c.relnamespace WHERE " +
                         here + " AND k.contype = 'f'")) {
    static const std::map<std::string, std::string> kOnDelete{{"a", ""},
                                                              {"r", " on delete restrict"},
                                                              {"c", " on delete cascade"},
                                                              {"n", " on delete set null"},
                                                              {"d", " on delete set default"}};
    facts.insert(f[0] + " foreign key (" + f[2] + ") references " + f[1] + " (" + f[3] + ")" + kOnDelete.at(f[4]));
  }
  for (const auto& t : q("SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN "
                         "pg_namespace n ON n.oid = c.relnamespace WHERE " +
                         here + " AND NOT t.tgisinternal"))
    facts.insert(t[0] + " trigger " + t[1]);
  return facts;
}

// The listed differences: "<sqlite|postgres> | <fact> | <why>" lines, '#' comments.
std::map<std::string, Facts> listed_differences() {
  std::ifstream in(test::source_dir() / "src/storage/migrations/differences.txt");
  EXPECT_TRUE(in) << "src/storage/migrations/differences.txt not found";
  std::map<std::string, Facts> only;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line.starts_with('#')) continue;
    const auto first = line.find(" | ");
    const auto second = line.find(" | ", first + 3);
    EXPECT_TRUE(first != std::string::npos && second != std::string::npos)
        << "not <backend> | <fact> | <why>: " << line;
    if (second == std::string::npos) continue;
    only[line.substr(0, first)].insert(line.substr(first + 3, second - first - 3));
  }
  return only;
}

Facts minus(const Facts& a, const Facts& b) {
  Facts out;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::inserter(out, out.end()));
  return out;
}

std::string lines(const Facts& facts) {
  std::string out;
  for (const auto& f : facts) out += "\n  " + f;
  return out.empty() ? " none" : out;
}

class DialectParityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sqlite_db_ = test::migrated_database(Backend::sqlite, "parity", &sqlite_url_);
    postgres_db_ = test::migrated_database(Backend::postgres, "parity", &postgres_url_);
  }
  std::string sqlite_url_, postgres_url_;
  std::unique_ptr<Database> sqlite_db_, postgres_db_;
};

TEST_F(DialectParityTest, BothDatabasesHaveOneSchemaBesideTheListedDifferences) {
  const auto sqlite = sqlite_facts(sqlite_url_);
  const auto postgres = postgres_facts(postgres_url_);
  ASSERT_GT(sqlite.size(), 100u) << "the SQLite schema was not read";
  ASSERT_GT(postgres.size(), 100u) << "the PostgreSQL schema was not read";
  auto listed = listed_differences();
  const auto only_sqlite = minus(sqlite, postgres);
  const auto only_postgres = minus(postgres, sqlite);
  EXPECT_EQ(minus(only_sqlite, listed["sqlite"]), Facts{})
      << "only in SQLite, not listed in differences.txt:" << lines(minus(only_sqlite, listed["sqlite"]));
  EXPECT_EQ(minus(only_postgres, listed["postgres"]), Facts{})
      << "only in PostgreSQL, not listed in differences.txt:" << lines(minus(only_postgres, listed["postgres"]));
  EXPECT_EQ(minus(listed["sqlite"], only_sqlite), Facts{})
      << "listed as SQLite's alone, but not (or no longer) so:" << lines(minus(listed["sqlite"], only_sqlite));
  EXPECT_EQ(minus(listed["postgres"], only_postgres), Facts{})
      << "listed as PostgreSQL's alone, but not (or no longer) so:" << lines(minus(listed["postgres"], only_postgres));
  listed.erase("sqlite");
  listed.erase("postgres");
  EXPECT_TRUE(listed.empty()) << "differences.txt names a database other than sqlite and postgres";
}

// The comparison sees a change made on one side alone: a column, an index, a default, a trigger.
TEST_F(DialectParityTest, AChangeOnOneSideAloneIsSeen) {
  const auto before = sqlite_facts(sqlite_url_);
  for (const auto* change :
       {"ALTER TABLE cases ADD COLUMN parity_probe TEXT NOT NULL DEFAULT 'x'",
        "CREATE INDEX cases_parity_probe ON cases (parity_probe, id DESC) WHERE parity_probe <> ''",
        "CREATE TRIGGER parity_probe_trigger BEFORE DELETE ON cases BEGIN SELECT RAISE(ABORT, 'no'); END"}) {
    ASSERT_EQ(test::execute_raw(Backend::sqlite, sqlite_url_, change), std::nullopt) << change;
  }
  EXPECT_EQ(
      minus(sqlite_facts(sqlite_url_), before),
      (Facts{"cases.parity_probe text not null default 'x'",
             "cases index cases_parity_probe (parity_probe, id desc) partial", "cases trigger parity_probe_trigger"}));

  const auto pg_before = postgres_facts(postgres_url_);
  for (const auto* change :
       {"ALTER TABLE cases ADD COLUMN parity_probe TEXT NOT NULL DEFAULT 'x'",
        "CREATE INDEX cases_parity_probe ON cases (parity_probe, id DESC) WHERE parity_probe <> ''"}) {
    ASSERT_EQ(test::execute_raw(Backend::postgres, postgres_url_, change), std::nullopt) << change;
  }
  EXPECT_EQ(minus(postgres_facts(postgres_url_), pg_before),
            (Facts{"cases.parity_probe text not null default 'x'",
                   "cases index cases_parity_probe (parity_probe, id desc) partial"}));
}

}  // namespace
}  // namespace ug::storage
