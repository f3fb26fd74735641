// `urbangrid org add`, `rule add|list`, `routing suggest`, `component import|export`, `demo create`:
// the base data that has no admin HTTP endpoints yet (they come with the accounts issue).
#pragma once

#include <string>

#include "access/password_policy.hpp"
#include "app/config.hpp"

namespace ug::app {

struct OrgCommand {
  std::string id, name, kind, parent, street;
};

struct RuleCommand {
  std::string department, matter, major, area, urgency, unit;
  long long limit = 0;
};

struct SuggestCommand {
  std::string category, urgency = "normal";
  double lon = 0, lat = 0;
};

int org_add_command(const LoadedConfig& loaded, const OrgCommand& command);
int rule_add_command(const LoadedConfig& loaded, const RuleCommand& command);
int rule_list_command(const LoadedConfig& loaded);
int routing_suggest_command(const LoadedConfig& loaded, const SuggestCommand& command);
// `urbangrid component import FILE.geojson` (exit 3 when features were rejected) and `export`.
int component_import_command(const LoadedConfig& loaded, const std::string& file);
int component_export_command(const LoadedConfig& loaded, const std::string& out);

// `urbangrid demo create`: the demo city on a new database (exit 1 when it already has grids).
// The demo city, and (with_staff) one account per role with the password kDemoPassword.
inline constexpr std::string_view kDemoPassword = access::kDemoPassword;
int demo_create_command(const LoadedConfig& loaded, const std::string& data_dir, bool with_staff);

}  // namespace ug::app
