// The integration tests' two backends: a fresh migrated database of either kind, raw SQL against it
// (as another program could run), and the names the parameterised suites print (`…/sqlite`).
#pragma once

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include <memory>
#include <optional>
#include <string>

#include "app/database_factory.hpp"
#include "support/test_env.hpp"

namespace ug::test {

// A new empty database (a SQLite file in a fresh temporary directory, or a new PostgreSQL database
// in the fixture's server) with every migration applied.
// `url_out` receives its URL (for execute_raw).
inline std::unique_ptr<storage::Database> migrated_database(storage::Backend backend, const std::string& tag,
                                                            std::string* url_out = nullptr) {
  app::Config::Database config;
  config.url =
      backend == storage::Backend::sqlite ? (temp_dir("ug-" + tag) / "test.db").string() : create_postgres_database();
  if (url_out != nullptr) *url_out = config.url;
  auto db = std::move(app::open_database(config).value());
  EXPECT_TRUE(db->migrate());
  return db;
}

// Runs SQL outside the repositories, as another program could; returns the database's error
// message, or nullopt when the statement succeeded.
inline std::optional<std::string> execute_raw(storage::Backend backend, const std::string& url,
                                              const std::string& sql) {
  std::optional<std::string> error;
  if (backend == storage::Backend::sqlite) {
    sqlite3* handle = nullptr;
    if (sqlite3_open(url.c_str(), &handle) != SQLITE_OK) return "cannot open " + url;
    char* message = nullptr;
    if (sqlite3_exec(handle, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) error = message ? message : "?";
    sqlite3_free(message);
    sqlite3_close(handle);
  } else {
    PGconn* conn = PQconnectdb(url.c_str());
    PGresult* r = PQexec(conn, sql.c_str());
    if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK) error = PQerrorMessage(conn);
    PQclear(r);
    PQfinish(conn);
  }
  return error;
}

inline std::string backend_name(const ::testing::TestParamInfo<storage::Backend>& info) {
  return std::string(storage::to_string(info.param));
}

}  // namespace ug::test
