// The integration tests' two backends: a fresh migrated database of either kind, and the names the
// parameterised suites print (`…/sqlite`, `…/postgres`).
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "app/database_factory.hpp"
#include "support/test_env.hpp"

namespace ug::test {

// A new empty database (a SQLite file in a fresh temporary directory, or a new PostgreSQL database
// in the fixture's server) with every migration applied.
inline std::unique_ptr<storage::Database> migrated_database(storage::Backend backend, const std::string& tag) {
  app::Config::Database config;
  config.url =
      backend == storage::Backend::sqlite ? (temp_dir("ug-" + tag) / "test.db").string() : create_postgres_database();
  auto db = std::move(app::open_database(config).value());
  EXPECT_TRUE(db->migrate());
  return db;
}

inline std::string backend_name(const ::testing::TestParamInfo<storage::Backend>& info) {
  return std::string(storage::to_string(info.param));
}

}  // namespace ug::test
