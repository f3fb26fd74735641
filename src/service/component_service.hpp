// The component inventory as a use case: saving a component (grid, street and community derived from
// its location, every status change kept), the nearest components of a category to a point, and
// GeoJSON import/export with the standard's attribute abbreviations as property names.
#pragma once

#include <string>
#include <vector>

#include "access/principal.hpp"
#include "catalog/components.hpp"
#include "service/grid_service.hpp"
#include "storage/database.hpp"

namespace ug::service {

struct NearbyComponent {
  catalog::Component component;
  double distance_m = 0;
};

struct ComponentImportReport {
  std::size_t features = 0;
  std::size_t saved = 0;
  std::vector<std::string> rejected;  // "feature #3 (id): reason"
};

class ComponentService {
 public:
  ComponentService(storage::Database& db, GridService& grids) : db_(db), grids_(grids) {}

  // Validates and stores; a new component or a changed status adds a history entry.
  // Changes need components.manage and are audited.
  Result<catalog::Component> save(const access::Principal& caller, catalog::Component component,
                                  const std::string& note = {});
  Result<std::optional<catalog::Component>> find(const std::string& id);
  // nullopt also when the component lies outside the caller's scope.
  Result<std::optional<catalog::Component>> find(const access::Principal& caller, const std::string& id);
  Result<std::vector<storage::ComponentStatusChange>> status_history(const std::string& id);
  // Up to `limit` components of the category within `max_distance_m`, nearest first.
  // Only components within the caller's scope.
  Result<std::vector<NearbyComponent>> nearest(const access::Principal& caller, const std::string& category_code,
                                               geo::LonLat point, std::size_t limit, double max_distance_m);
  Result<std::vector<NearbyComponent>> nearest(const std::string& category_code, geo::LonLat point, std::size_t limit,
                                               double max_distance_m);

  // Point features; properties GLBJBSM, GLBJMC, ZGBMDM … (GB/T 47678.5 abbreviations). Valid
  // features are saved, the rest reported; all in one transaction.
  Result<ComponentImportReport> import_geojson(const access::Principal& caller, std::string_view text);
  // CSV with a header of the same abbreviations plus LON and LAT (UTF-8, quoted fields allowed).
  Result<ComponentImportReport> import_csv(const access::Principal& caller, std::string_view text);
  Result<std::string> export_geojson();
  Result<std::string> export_csv();

 private:
  struct ParsedComponent {
    std::size_t position;  // feature index or CSV line
    catalog::Component component;
    std::string problem;  // set when the row could not even be read
  };
  // Places, validates and stores the readable rows in one transaction; reports the rest.
  Result<ComponentImportReport> save_all(const access::Principal& caller, std::vector<ParsedComponent> rows);
  Result<std::vector<std::string>> component_categories();
  // Sets grid, street and community from the location; false outside every grid.
  static bool place(catalog::Component& component, const GridSnapshot& snapshot);
  // Writes the component, and a status-history entry when it is new or its status changed.
  static Result<void> store(storage::Transaction& tx, const catalog::Component& component, const std::string& note,
                            UnixMillis now);
  storage::Database& db_;
  GridService& grids_;
};

}  // namespace ug::service
