// Planning an import into the gazetteer (issue 22): road centre lines from GeoJSON, address points
// from CSV or GeoJSON with a column mapping (as the grid import names its properties). Every row is
// checked; refused rows, duplicates and points outside every unit grid are reported with the row
// and a reason code, so an office can fix its file. Pure: the service writes what is accepted.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "catalog/gazetteer.hpp"
#include "core/result.hpp"
#include "geo/geojson.hpp"

namespace ug::catalog {

struct RoadImportOptions {
  std::string name_property = "name";
  std::string aliases_property = "aliases";  // an array of names, or one text split on , 、 ; |
  std::string district_property = "district";
  bool synthetic = false;
};

// Which CSV column (or GeoJSON property) holds each field of an address point. lon/lat are not
// read from a GeoJSON file, whose Point gives them.
struct AddressColumns {
  std::string road = "road";
  std::string number = "number";
  std::string building = "building";
  std::string community = "community";
  std::string lon = "lon";
  std::string lat = "lat";
};
// "road=路名" → sets that field's column; validation_failed naming an unknown field.
Result<void> set_address_column(AddressColumns& columns, std::string_view assignment);

// Why a row is left out. Codes, so every front end says them in its own language.
//   no_name, bad_line, too_many_points (roads); no_road_or_building, bad_number, bad_location, bad_text
//   (not UTF-8), too_long (addresses).
struct RefusedRow {
  std::size_t row = 0;  // 1-based data row (CSV: after the header) or feature
  std::string key;      // what the row names, as far as it could be read
  std::vector<std::string> reasons;
  std::string detail;  // the geometry reader's own words, for bad_line / bad_location
};

struct DuplicateRow {
  std::size_t row = 0;
  std::size_t first_row = 0;  // the row kept
  std::string key;
};

struct RoadImportPlan {
  std::vector<Road> accepted;
  std::vector<RefusedRow> refused;
  std::vector<DuplicateRow> duplicates;
};

RoadImportPlan plan_road_import(const std::vector<geo::GeoFeature>& features, const RoadImportOptions& options);

struct AddressImportPlan {
  std::vector<AddressPoint> accepted;
  std::vector<RefusedRow> refused;
  std::vector<DuplicateRow> duplicates;
  std::vector<std::size_t> outside_grids;       // rows kept, but no unit grid holds their point
  std::vector<std::string> roads_without_line;  // road names no stored or imported road has
};

// What the plan asks of the city: the community of the unit grid holding a point ("" when that
// grid has none), or nullopt when no grid holds it.
using GridCommunityOf = std::function<std::optional<std::string>(geo::LonLat)>;

struct AddressImportContext {
  GridCommunityOf community_of;
  const std::vector<Road>* known_roads = nullptr;  // stored roads: a row may name one by an alias
  bool synthetic = false;
};

inline constexpr std::size_t kMaxAddressFieldBytes = 200;
// A road's centre line of more vertices is refused (too_many_points): a city street needs a few
// hundred, and crossings are found by walking one road's vertices.
inline constexpr std::size_t kMaxRoadVertices = 20'000;

Result<AddressImportPlan> plan_address_import_csv(std::string_view csv, const AddressColumns& columns,
                                                  const AddressImportContext& context);
AddressImportPlan plan_address_import_geojson(const std::vector<geo::GeoFeature>& features,
                                              const AddressColumns& columns, const AddressImportContext& context);

}  // namespace ug::catalog
