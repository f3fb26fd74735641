// Runs PostgreSQL's client programs (pg_dump, pg_restore) without a shell: arguments are passed
// as a vector and the password travels in the child's environment, never on its command line.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace ug::storage {

struct ClientCommand {
  std::filesystem::path program;
  std::vector<std::string> args;
  std::vector<std::string> extra_env;  // "NAME=value"
};

// Runs to completion; an exit status other than 0 is an error carrying the program's stderr.
Result<void> run_client_command(const ClientCommand& command);

// The libpq URL as a keyword=value connection string without the password, plus the password.
struct SplitConnection {
  std::string conninfo;
  std::string password;
};
Result<SplitConnection> split_password(const std::string& url);

// pg_dump / pg_restore of the server's major version when installed, else from PATH.
std::filesystem::path find_client_program(const std::filesystem::path& configured_dir, int server_major,
                                          const std::string& name);

}  // namespace ug::storage
