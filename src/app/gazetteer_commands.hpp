// `urbangrid places …`: import road centre lines and address points into the gazetteer with a
// report of what was refused and why, and find a typed address or name a point from the shell (what
// a seat's screen does, for checking an import).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "app/config.hpp"

namespace ug::app {

struct PlaceImportArgs {
  std::filesystem::path file;
  std::vector<std::string> columns;  // field=column
  std::string name_property = "name";
  std::string aliases_property = "aliases";
  bool dry_run = false;
  bool replace = false;
  bool strict = false;
};

// Exit status: 0 everything imported; 3 imported with some rows refused or duplicated; 1 nothing
// written (unreadable file, a missing column, --strict refused it).
int place_import_roads_command(const LoadedConfig& loaded, const PlaceImportArgs& args);
int place_import_addresses_command(const LoadedConfig& loaded, const PlaceImportArgs& args);
// Candidates for a typed address, best first: score, kind, label, grid, lon, lat.
int place_find_command(const LoadedConfig& loaded, const std::string& text, int limit);
// The name of the place at a point.
int place_name_command(const LoadedConfig& loaded, double lon, double lat);

}  // namespace ug::app
