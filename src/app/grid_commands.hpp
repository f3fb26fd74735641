// `urbangrid grid …` and `urbangrid division import`: import a GeoJSON file of unit grids (with a
// report of what was rejected, repaired and warned about), export them, locate CSV points read from
// stdin, and import administrative divisions (which links the grids they name).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "app/config.hpp"
#include "catalog/grid_import.hpp"

namespace ug::app {

// Exit status: 0 everything imported; 3 imported with some features rejected; 1 nothing written
// (--strict refused the file, or it could not be read).
int grid_import_command(const LoadedConfig& loaded, const std::filesystem::path& file,
                        const catalog::GridImportOptions& options);
int grid_export_command(const LoadedConfig& loaded, const std::optional<std::filesystem::path>& out);
// Reads `id,lon,lat` lines (a header line is skipped), writes `id,grid_code` in input order.
int grid_locate_command(const LoadedConfig& loaded);

// `urbangrid grid group create|list`: responsibility grids (责任网格).
int grid_group_create_command(const LoadedConfig& loaded, const std::string& name, const std::string& description,
                              const std::vector<std::string>& codes, const std::vector<std::string>& prefixes);
int grid_group_list_command(const LoadedConfig& loaded);

// `urbangrid division import --from DIR [--within CODE]`: exit 0, or 3 when rows were left out.
int division_import_command(const LoadedConfig& loaded, const std::filesystem::path& dir, const std::string& within);

}  // namespace ug::app
