// Test environment helpers (see test_env.hpp).
#include "support/test_env.hpp"

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <random>
#include <vector>

namespace ug::test {

std::filesystem::path source_dir() { return UG_TEST_SOURCE_DIR; }
std::filesystem::path binary_path() { return UG_TEST_BINARY; }

std::string postgres_admin_url() {
  if (const char* url = std::getenv("UG_TEST_POSTGRES_URL"); url != nullptr && url[0] != '\0') return url;
  std::ifstream in(std::filesystem::path(UG_TEST_PG_STATE_DIR) / "url");
  std::string url;
  std::getline(in, url);
  if (url.empty()) {
    ADD_FAILURE() << "no PostgreSQL test server: run through ctest (fixture postgres) or set UG_TEST_POSTGRES_URL";
  }
  return url;
}

std::string create_postgres_database() {
  const auto admin = postgres_admin_url();
  static std::atomic<int> counter{0};
  static const unsigned salt = std::random_device{}();
  const std::string name = "ug_test_" + std::to_string(getpid()) + "_" + std::to_string(salt % 100000) + "_" +
                           std::to_string(counter.fetch_add(1));
  PGconn* conn = PQconnectdb(admin.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    ADD_FAILURE() << "cannot reach the PostgreSQL test server: " << PQerrorMessage(conn);
    PQfinish(conn);
    return {};
  }
  PGresult* r = PQexec(conn, ("CREATE DATABASE " + name).c_str());
  const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  if (!ok) ADD_FAILURE() << "CREATE DATABASE failed: " << PQerrorMessage(conn);
  PQclear(r);
  PQfinish(conn);
  const auto slash = admin.rfind('/');
  return admin.substr(0, slash + 1) + name;
}

std::filesystem::path temp_dir(const std::string& prefix) {
  static std::vector<std::filesystem::path> created;
  static const bool registered = [] {
    std::atexit([] {
      std::error_code ec;
      for (const auto& dir : created) std::filesystem::remove_all(dir, ec);
    });
    return true;
  }();
  (void)registered;
  std::string pattern = (std::filesystem::temp_directory_path() / (prefix + ".XXXXXX")).string();
  const char* made = mkdtemp(pattern.data());
  if (made == nullptr) throw std::runtime_error("mkdtemp failed");
  created.emplace_back(made);
  return made;
}

}  // namespace ug::test
