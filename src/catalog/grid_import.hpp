// Planning a unit-grid import (issue 3): which features become grids, which are rejected and why,
// and what is worth a warning (overlaps with their area, gaps in a community, unknown division
// prefixes). Pure: reads GeoJSON features and what is already known, writes nothing. The service
// applies the plan in one transaction.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "geo/geojson.hpp"
#include "geo/grid_index.hpp"

namespace ug::catalog {

struct GridImportOptions {
  std::string code_property = "code";
  std::string name_property;  // empty: grids get no name
  bool repair = false;        // close rings, drop degenerate parts, GEOS MakeValid (each reported)
  bool strict = false;        // any warning is an error; any error rejects the whole file
  double min_gap_area_m2 = 1.0;
};

struct PlannedGrid {
  std::size_t feature = 0;  // position in the file
  std::string code;
  std::string name;
  geo::MultiPolygon shape;
  double area_m2 = 0;
  std::vector<std::string> repairs;
};

struct RejectedFeature {
  std::size_t feature = 0;
  std::string code;  // as given, may be empty
  std::vector<std::string> reasons;
};

struct ImportWarning {
  std::string kind;  // overlap | gap | unknown_division
  std::string message;
  std::vector<std::string> codes;  // grids (or division prefixes) concerned
  double area_m2 = 0;              // overlap or gap area
};

struct GridImportPlan {
  std::vector<PlannedGrid> accepted;
  std::vector<RejectedFeature> rejected;
  std::vector<ImportWarning> warnings;
  // Strict mode and anything rejected or warned about: nothing may be written.
  bool refused = false;
};

// `existing` are grids already stored and not replaced by this file (overlaps and gaps are checked
// against them too); `known_divisions` are the division codes known now.
GridImportPlan plan_grid_import(const std::vector<geo::GeoFeature>& features, const GridImportOptions& options,
                                const std::vector<geo::IndexedGrid>& existing,
                                const std::set<std::string>& known_divisions);

}  // namespace ug::catalog
