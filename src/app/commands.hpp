// The subcommands of the `urbangrid` binary. Each returns the process exit status:
// 0 success, 1 the operation failed, 2 bad usage or configuration.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "app/config.hpp"
#include "catalog/division_import.hpp"
#include "catalog/routing.hpp"
#include "http/server.hpp"
#include "service/account_service.hpp"
#include "service/attachment_service.hpp"
#include "service/case_service.hpp"
#include "service/supervision_service.hpp"
#include "service/webhook_service.hpp"
#include "storage/database.hpp"

namespace ug::app {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

http::ServerOptions server_options(const Config& config);

// auth.* as the account service needs it.
service::AuthSettings auth_settings(const Config& config);

// The 属地兜底 limit of routing.fallback_limit_value / _unit.
calendar::TimeLimit routing_fallback(const Config& config);

// cases.* (and the calendar's local offset) as the case service needs them.
service::CaseSettings case_settings(const Config& config);
// webhooks.* as the webhook service needs them.
service::SupervisionSettings supervision_settings(const Config& config);
service::WebhookSettings webhook_settings(const Config& config);
// attachments.* as the attachment service needs them.
service::AttachmentSettings attachment_settings(const Config& config);

// Applies pending migrations and installs (or refreshes) the built-in GB/T 47678.5 categories.
Result<storage::MigrationReport> prepare_schema(storage::Database& db);

// The whole content of a file, or nullopt after telling the user (on stderr) it cannot be read.
std::optional<std::string> read_file_or_report(const std::filesystem::path& path);

// provinces.csv, cities.csv, areas.csv, streets.csv (required) and communities.csv (optional) of `dir`.
Result<catalog::DivisionFiles> read_division_files(const std::filesystem::path& dir);

// For the data commands: the configured database with its schema prepared, or null after telling
// the user (on stderr) what went wrong.
std::unique_ptr<storage::Database> open_prepared(const Config& config);

// `port_file`, when not empty, receives the bound port once the server listens (written to a temporary
// name and renamed, so a reader never sees half a number): how tests and scripts that pass --port 0 learn it.
int serve_command(const LoadedConfig& loaded, const std::filesystem::path& port_file = {});
int migrate_command(const LoadedConfig& loaded);
int backup_command(const LoadedConfig& loaded, const std::filesystem::path& out);
int restore_command(const LoadedConfig& loaded, const std::filesystem::path& from);

}  // namespace ug::app
