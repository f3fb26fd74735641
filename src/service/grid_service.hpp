// Unit grids as a use case: importing a GeoJSON file (plan, then write in one transaction),
// exporting, and locating points. Lookups read an immutable snapshot (index + place names) that a
// reload replaces atomically, so a server keeps answering while grids change.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "access/principal.hpp"
#include "catalog/grid_import.hpp"
#include "geo/grid_index.hpp"
#include "storage/database.hpp"

namespace ug::service {

struct DivisionRef {
  std::string code;
  std::string name;
};

struct GridPlace {
  std::string code;
  std::string name;
  std::optional<DivisionRef> district;
  std::optional<DivisionRef> street;
  std::optional<DivisionRef> community;
};

class GridSnapshot {
 public:
  GridSnapshot(geo::GridIndex index, std::vector<GridPlace> places, std::string marker)
      : index_(std::move(index)), places_(std::move(places)), marker_(std::move(marker)) {}
  const GridPlace* locate(geo::LonLat point) const;
  const geo::GridIndex& index() const { return index_; }
  const std::vector<GridPlace>& places() const { return places_; }  // parallel to index().grids()
  const std::string& marker() const { return marker_; }

 private:
  geo::GridIndex index_;
  std::vector<GridPlace> places_;
  std::string marker_;
};

struct GridImportReport {
  std::size_t features = 0;
  catalog::GridImportPlan plan;
  bool written = false;
  std::int64_t grids_stored = 0;  // after the import
};

// A named place a typed address can be found by: a street, a community or a unit grid whose name
// contains the words or is contained in them (or whose code starts with them), with the box its grids cover and, for a
// grid, a point inside it.
struct PlaceMatch {
  std::string kind;  // street | community | grid
  std::string code;
  std::string name;
  std::string within;  // the street (of a community or grid) and district, for telling places apart
  geo::Box box;
  std::optional<geo::LonLat> point;
};

// An import either writes what its plan accepts, or only reports the plan (the admin page's check
// before the real import).
enum class GridImportMode { apply, check_only };

class GridService {
 public:
  explicit GridService(storage::Database& db);

  // Loads every grid from the database into a new snapshot.
  Result<void> reload();
  // Reloads when the stored grids changed since the current snapshot; true when it did.
  Result<bool> refresh_if_changed();
  std::shared_ptr<const GridSnapshot> snapshot() const { return snapshot_.load(); }

  std::optional<GridPlace> locate(geo::LonLat point) const;
  // The grid at the point as `caller` may see it: nullopt also when it lies outside their scope.
  std::optional<GridPlace> locate(const access::Principal& caller, geo::LonLat point) const;

  // Changes need grids.manage and are audited.
  Result<GridImportReport> import_geojson(const access::Principal& caller, std::string_view text,
                                          const catalog::GridImportOptions& options,
                                          GridImportMode mode = GridImportMode::apply);
  Result<std::string> export_geojson() const;

  // For maps: the unit grids `caller` may see whose boxes meet `box` (all when none) as a GeoJSON
  // FeatureCollection with code, name, community, street and district, coordinates to 1e-6°.
  std::string map_geojson(const access::Principal& caller, const std::optional<geo::Box>& box) const;
  // Places `caller` may see matching `text` (case-insensitive), streets first, then communities,
  // then grids, each group by code; at most `limit`.
  std::vector<PlaceMatch> search_places(const access::Principal& caller, std::string_view text,
                                        std::size_t limit) const;
  // For maps without tiles: each district's (level 6) or street's (level 9) outline, the union of
  // its unit grids, as GeoJSON features with code and name. Administrative boundaries are public
  // (the citizens' pages draw them too). Worked out once per snapshot.
  std::string outlines_geojson(int code_length) const;

  // A named set of unit grids (责任网格): the given codes plus every grid whose code starts with one
  // of `prefixes` (e.g. a street's 9 digits). 422 when it would be empty or names unknown grids.
  Result<std::int64_t> create_responsibility_grid(const access::Principal& caller, const std::string& name,
                                                  const std::string& description, const std::vector<std::string>& codes,
                                                  const std::vector<std::string>& prefixes);
  Result<std::vector<storage::ResponsibilityGridRecord>> responsibility_grids() const;
  // Those with at least one unit grid in the caller's scope.
  Result<std::vector<storage::ResponsibilityGridRecord>> responsibility_grids(const access::Principal& caller) const;

 private:
  storage::Database& db_;
  std::mutex reload_mutex_;
  std::atomic<std::shared_ptr<const GridSnapshot>> snapshot_;

  mutable std::mutex outlines_mutex_;
  mutable std::string outlines_marker_;          // the snapshot they were worked out from
  mutable std::map<int, std::string> outlines_;  // code length → the FeatureCollection's text
};

}  // namespace ug::service
