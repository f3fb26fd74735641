// The account subcommands over the account service, as the command-line principal.
#include "app/account_commands.hpp"

#include <iostream>

#include "app/commands.hpp"
#include "service/account_service.hpp"

namespace ug::app {
namespace {

int report(const Error& error) {
  std::cerr << error.public_message();
  for (const auto& [key, value] : error.details) {
    if (const auto* text = std::get_if<std::string>(&value)) std::cerr << " (" << key << ": " << *text << ")";
  }
  std::cerr << "\n";
  return error.code == ErrorCode::validation_failed || error.code == ErrorCode::conflict ? kExitUsage : kExitFailure;
}

}  // namespace

int user_add_command(const LoadedConfig& loaded, const UserAddCommand& c) {
  if (c.password_stdin == c.no_password) {
    std::cerr << "需要且只能给出 --password-stdin（从标准输入读一行密码）或 --no-password（只用 API 令牌的账号）\n";
    return kExitUsage;
  }
  std::string password;
  if (c.password_stdin && !std::getline(std::cin, password)) {
    std::cerr << "标准输入中没有密码\n";
    return kExitUsage;
  }
  if (!password.empty() && password.back() == '\r') password.pop_back();
  auto db = open_prepared(loaded.config);
  if (!db) return kExitFailure;
  service::AccountService accounts(*db, auth_settings(loaded.config));
  const auto id = accounts.create_user(access::Principal::command_line(),
                                       {c.username, c.display_name, c.org, c.roles, c.scopes, c.departments}, password);
  if (!id) return report(id.error());
  std::cout << "user " << c.username << " created (id " << *id << ")\n";
  return kExitOk;
}

int user_bootstrap_command(const LoadedConfig& loaded, const std::string& username) {
  auto db = open_prepared(loaded.config);
  if (!db) return kExitFailure;
  service::AccountService accounts(*db, auth_settings(loaded.config));
  const auto password = accounts.bootstrap_admin(username);
  if (!password) return report(password.error());
  if (!*password) {
    std::cout << "users exist: no administrator created\n";
    return kExitOk;
  }
  std::cout << "administrator: " << username << "\none-time password: " << **password
            << "\n(change it at first sign-in; it is shown only this once)\n";
  return kExitOk;
}

int token_create_command(const LoadedConfig& loaded, const TokenCreateCommand& c) {
  auto db = open_prepared(loaded.config);
  if (!db) return kExitFailure;
  service::AccountService accounts(*db, auth_settings(loaded.config));
  const auto token = accounts.create_token(access::Principal::command_line(),
                                           {c.username, c.name, c.scopes, c.channel, c.expires_days});
  if (!token) return report(token.error());
  std::cout << token->secret << "\n";
  std::cerr << "token " << token->id << " for " << c.username
            << " created; it is shown only this once: store it where the system can read it\n";
  return kExitOk;
}

}  // namespace ug::app
