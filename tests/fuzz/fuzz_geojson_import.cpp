// libFuzzer target: arbitrary bytes as a GeoJSON grid file through the reader and the whole import
// planner (code checks, GEOS validity, repair, overlaps, gaps). The first byte picks --repair.
// Any crash, hang or sanitizer report is a bug; an error result is fine.
#include <cstdint>
#include <string_view>

#include "catalog/grid_import.hpp"
#include "geo/geojson.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const bool repair = (data[0] & 1) != 0;
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  auto features = ug::geo::read_feature_collection(text, {.repair_rings = repair});
  if (!features) return 0;
  ug::catalog::GridImportOptions options;
  options.code_property = "code";
  options.name_property = "name";
  options.repair = repair;
  const auto plan = ug::catalog::plan_grid_import(*features, options, {}, {"370811"});
  if (plan.accepted.size() + plan.rejected.size() != features->size()) __builtin_trap();
  return 0;
}
