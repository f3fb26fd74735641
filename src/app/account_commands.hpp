// `urbangrid user add|bootstrap` and `urbangrid token create`: accounts from the command line, run
// by whoever holds the database (the machine's administrator), and audited as "cli".
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/config.hpp"

namespace ug::app {

struct UserAddCommand {
  std::string username, display_name, org;
  std::vector<std::string> roles, scopes, departments;
  bool password_stdin = false;
  bool no_password = false;
};

struct TokenCreateCommand {
  std::string username, name, channel;
  std::vector<std::string> scopes;
  std::optional<int> expires_days;
};

int user_add_command(const LoadedConfig& loaded, const UserAddCommand& command);
// Creates the first administrator when there is no user and prints the one-time password.
int user_bootstrap_command(const LoadedConfig& loaded, const std::string& username);
int token_create_command(const LoadedConfig& loaded, const TokenCreateCommand& command);

}  // namespace ug::app
