// `urbangrid category list|add|set`: the directory from the command line (writes need no HTTP
// permission model yet; the accounts issue adds the admin endpoints).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/config.hpp"

namespace ug::app {

struct CategoryCommand {
  std::string kind;  // component | matter ("" = both, for list)
  std::string code;
  std::string name;
  std::string query;
  bool include_disabled = false;
  bool enable = false, disable = false;
  std::optional<std::string> synonyms;  // comma-separated
  std::optional<std::string> register_condition;
  std::optional<std::string> close_condition;
};

int category_list_command(const LoadedConfig& loaded, const CategoryCommand& command);
int category_add_command(const LoadedConfig& loaded, const CategoryCommand& command);
int category_set_command(const LoadedConfig& loaded, const CategoryCommand& command);

}  // namespace ug::app
