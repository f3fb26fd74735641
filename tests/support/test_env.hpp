// Where tests find the things the build and the ctest fixtures provide: the binary, the source
// tree, and the throwaway PostgreSQL server's URL.
#pragma once

#include <filesystem>
#include <string>

namespace ug::test {

std::filesystem::path source_dir();
std::filesystem::path binary_path();  // build/urbangrid
// postgresql://… of the fixture server; fails the calling test when the fixture did not run.
std::string postgres_admin_url();
// A fresh, empty database on the fixture server; returns its URL.
std::string create_postgres_database();
// A fresh directory under the system temp dir, removed at process exit.
std::filesystem::path temp_dir(const std::string& prefix);

}  // namespace ug::test
