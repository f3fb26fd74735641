// The demo city: 济宁市 (Jining, the city of seed 004) with real districts and streets, and the urban
// core of 任城区 tiled into ~100 m unit grids, so a new installation has a city to try. Everything
// synthetic (communities, the street each cell belongs to, departments, rules) is deterministic
// and communities are flagged synthetic. Built through the same services an administrator uses.
#pragma once

#include <string>

#include "catalog/division_import.hpp"
#include "service/grid_service.hpp"
#include "service/routing_service.hpp"
#include "storage/database.hpp"

namespace ug::service {

struct DemoCityReport {
  std::size_t divisions = 0;
  std::size_t communities = 0;
  std::size_t grids = 0;
  std::size_t responsibility_grids = 0;
  std::size_t org_units = 0;
  std::size_t rules = 0;
  std::size_t components = 0;
  std::size_t roads = 0;              // synthetic, named (issue 22)
  std::size_t addresses = 0;          // synthetic address points along them
  std::vector<std::string> warnings;  // from the grid import
};

// What the demo is built from, read by the caller (the app reads data/divisions and
// data/demo/rencheng-outline.geojson).
struct DemoCityData {
  catalog::DivisionFiles divisions;
  std::string district_outline_geojson;
};

struct DemoCityOptions {
  double west = 116.53, east = 116.66, south = 35.37, north = 35.46;  // 任城区 urban core
  double cell_degrees = 0.001;
};

// Refuses a database that already has unit grids (ErrorCode::conflict): the demo is for new ones.
Result<DemoCityReport> create_demo_city(const access::Principal& caller, storage::Database& db, GridService& grids,
                                        RoutingService& routing, const DemoCityData& data,
                                        const DemoCityOptions& options);

}  // namespace ug::service
