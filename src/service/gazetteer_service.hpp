// The address gazetteer as a use case (issue 22): importing roads and address points (plan, then
// write in one transaction, or only check), geocoding a typed address into scored candidates with
// the unit grid each falls in, and naming the place at a point. Lookups read an immutable index that
// a reload replaces atomically, as the grid index does; the 'gazetteer' change marker says when
// another process changed the tables.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "access/principal.hpp"
#include "catalog/gazetteer.hpp"
#include "catalog/gazetteer_import.hpp"
#include "service/grid_service.hpp"
#include "storage/database.hpp"

namespace ug::service {

struct GazetteerSnapshot {
  catalog::Gazetteer index;
  std::int64_t marker = -1;
  // For maps without tiles: every road with a centre line as a GeoJSON FeatureCollection (name,
  // synthetic; coordinates to 1e-6°), made once per snapshot. Road names are public geography.
  std::string roads_geojson = R"({"type":"FeatureCollection","features":[]})";
};

enum class AddressFileFormat { csv, geojson };

struct GazetteerImportOptions {
  GridImportMode mode = GridImportMode::apply;
  bool replace = false;  // the file replaces every stored road (or address); only a clean file (as strict)
  bool strict = false;   // anything refused or duplicated: nothing is written
  bool synthetic = false;
};

struct RoadImportReport {
  std::size_t features = 0;
  catalog::RoadImportPlan plan;
  bool written = false;
  std::int64_t roads_stored = 0;
};

struct AddressImportReport {
  std::size_t rows = 0;
  catalog::AddressImportPlan plan;
  bool written = false;
  std::int64_t addresses_stored = 0;
};

// A geocoding answer as a caller sees it: the gazetteer's candidate with its unit grid, or a named
// division or grid (kind street | community | grid) when no address matched as well.
struct PlaceCandidate {
  catalog::GeocodeCandidate match;
  std::optional<GridPlace> grid;  // the unit grid holding the point
  // A division or grid found by its name: its code, name, "within" and the box its grids cover.
  std::string code, name, within;
  std::optional<geo::Box> box;
};

// What a point is called: the nearest address (within 100 m), else the nearest road (within
// 200 m, "育才路附近"), and its unit grid.
struct PlaceName {
  std::string label;  // 育才路12号, 育才路附近, or "" when nothing is near
  std::optional<catalog::NearestAddress> address;
  std::optional<catalog::NearestRoad> road;
  std::optional<GridPlace> grid;
};

inline constexpr double kNearestAddressMetres = 100;
inline constexpr double kNearestRoadMetres = 200;

class GazetteerService {
 public:
  GazetteerService(storage::Database& db, const GridService& grids);

  Result<void> reload();
  Result<bool> refresh_if_changed();
  std::shared_ptr<const GazetteerSnapshot> snapshot() const { return snapshot_.load(); }

  // Changes need grids.manage and are audited.
  Result<RoadImportReport> import_roads(const access::Principal& caller, std::string_view geojson,
                                        const catalog::RoadImportOptions& road_options,
                                        const GazetteerImportOptions& options);
  Result<AddressImportReport> import_addresses(const access::Principal& caller, std::string_view text,
                                               AddressFileFormat format, const catalog::AddressColumns& columns,
                                               const GazetteerImportOptions& options);

  // Best first, at most `limit`, only those whose unit grid `caller` may see (a place outside every
  // grid only for a caller who sees the whole city); named divisions and grids fill up the rest.
  std::vector<PlaceCandidate> geocode(const access::Principal& caller, std::string_view text, std::size_t limit) const;
  PlaceName name_of(geo::LonLat point) const;
  // The same as `caller` may see it: nothing when the point lies outside their scope, and no
  // address that lies outside it (the nearest road's name instead).
  PlaceName name_of(const access::Principal& caller, geo::LonLat point) const;

 private:
  storage::Database& db_;
  const GridService& grids_;
  std::mutex reload_mutex_;
  std::atomic<std::shared_ptr<const GazetteerSnapshot>> snapshot_;
};

}  // namespace ug::service
