// The gazetteer's use case; see the header.
#include "service/gazetteer_service.hpp"

#include <boost/json/serialize.hpp>

#include "access/permissions.hpp"
#include "geo/geojson.hpp"
#include "service/audit_log.hpp"

namespace ug::service {
namespace {

namespace json = boost::json;

storage::RoadRecord record_of(const catalog::Road& road) {
  return {road.name, road.aliases, road.district_code, json::serialize(geo::to_geojson_lines(road.lines)),
          road.synthetic};
}

storage::AddressRecord record_of(const catalog::AddressPoint& p) {
  const auto nano = geo::to_nano(p.location).value_or(geo::NanoPoint{});
  return {p.road, p.number, p.building, p.community_code, nano.x, nano.y, p.synthetic};
}

// Whether an import plan is written: asked to apply, something accepted, and — under strict, or
// replace (a file mostly refused must not empty the store) — nothing refused or duplicated.
template <typename Plan>
bool may_write(const GazetteerImportOptions& options, const Plan& plan) {
  const bool clean = plan.refused.empty() && plan.duplicates.empty();
  return options.mode == GridImportMode::apply && !plan.accepted.empty() &&
         (clean || (!options.strict && !options.replace));
}

// A named division or grid as a candidate: below every address match, streets before communities
// before grids.
catalog::GeocodeCandidate candidate_of(const PlaceMatch& place) {
  catalog::GeocodeCandidate c;
  c.kind = place.kind;
  c.label = place.within.empty() ? place.name : place.name + "（" + place.within + "）";
  const auto low = geo::to_degrees(place.box.min), high = geo::to_degrees(place.box.max);
  c.point = place.point.value_or(geo::LonLat{(low.lon + high.lon) / 2, (low.lat + high.lat) / 2});
  c.score = place.kind == "street" ? 0.5 : place.kind == "community" ? 0.45 : 0.4;
  if (place.kind == "community") c.community_code = place.code;
  return c;
}

}  // namespace

GazetteerService::GazetteerService(storage::Database& db, const GridService& grids)
    : db_(db), grids_(grids), snapshot_(std::make_shared<const GazetteerSnapshot>()) {}

Result<void> GazetteerService::reload() {
  std::lock_guard lock(reload_mutex_);
  struct Loaded {
    std::vector<storage::RoadRecord> roads;
    std::vector<storage::AddressRecord> addresses;
    std::int64_t marker = 0;
  };
  UG_TRY_ASSIGN(auto loaded, db_.read([](storage::Transaction& tx) -> Result<Loaded> {
    Loaded out;
    UG_TRY_ASSIGN(out.marker, tx.gazetteer().change_marker());
    UG_TRY_ASSIGN(out.roads, tx.gazetteer().roads());
    UG_TRY_ASSIGN(out.addresses, tx.gazetteer().addresses());
    return out;
  }));
  std::vector<catalog::Road> roads;
  roads.reserve(loaded.roads.size());
  for (auto& r : loaded.roads) {
    auto lines = geo::read_line_geometry(r.geometry_geojson);
    if (!lines) return fail(ErrorCode::internal, {}, "stored road " + r.name + " has an unreadable centre line");
    roads.push_back(
        {std::move(r.name), std::move(r.aliases), std::move(r.district_code), std::move(*lines), r.synthetic});
  }
  std::vector<catalog::AddressPoint> points;
  points.reserve(loaded.addresses.size());
  for (auto& a : loaded.addresses) {
    points.push_back({std::move(a.road), std::move(a.number), std::move(a.building), std::move(a.community_code),
                      geo::to_degrees({a.lon_nano, a.lat_nano}), a.synthetic});
  }
  json::array features;
  for (const auto& road : roads) {
    if (road.lines.empty()) continue;
    features.push_back(json::object{{"type", "Feature"},
                                    {"properties", json::object{{"name", road.name}, {"synthetic", road.synthetic}}},
                                    {"geometry", geo::to_geojson_lines(road.lines, 6)}});
  }
  auto text = json::serialize(json::object{{"type", "FeatureCollection"}, {"features", std::move(features)}});
  snapshot_.store(std::make_shared<const GazetteerSnapshot>(
      GazetteerSnapshot{catalog::Gazetteer(std::move(roads), std::move(points)), loaded.marker, std::move(text)}));
  return {};
}

Result<bool> GazetteerService::refresh_if_changed() {
  UG_TRY_ASSIGN(auto marker, db_.read([](storage::Transaction& tx) { return tx.gazetteer().change_marker(); }));
  if (marker == snapshot()->marker) return false;
  UG_TRY(reload());
  return true;
}

Result<RoadImportReport> GazetteerService::import_roads(const access::Principal& caller, std::string_view geojson,
                                                        const catalog::RoadImportOptions& road_options,
                                                        const GazetteerImportOptions& options) {
  UG_TRY(access::require(caller, access::Permission::manage_grids));
  UG_TRY_ASSIGN(auto features, geo::read_feature_collection(geojson, {.kind = geo::GeometryKind::line}));
  RoadImportReport report;
  report.features = features.size();
  auto planned_options = road_options;
  planned_options.synthetic = options.synthetic;
  report.plan = catalog::plan_road_import(features, planned_options);
  if (may_write(options, report.plan)) {
    std::vector<storage::RoadRecord> records;
    records.reserve(report.plan.accepted.size());
    for (const auto& r : report.plan.accepted) records.push_back(record_of(r));
    UG_TRY_ASSIGN(report.roads_stored, db_.write([&](storage::Transaction& tx) -> Result<std::int64_t> {
      if (options.replace) UG_TRY(tx.gazetteer().clear_roads());
      UG_TRY(tx.gazetteer().upsert_roads(records));
      UG_TRY(append_audit(tx, caller, "gazetteer.import_roads", "", "ok",
                          json::serialize(json::object{{"accepted", report.plan.accepted.size()},
                                                       {"refused", report.plan.refused.size()},
                                                       {"duplicates", report.plan.duplicates.size()},
                                                       {"replace", options.replace}})));
      return tx.gazetteer().road_count();
    }));
    report.written = true;
    UG_TRY(reload());
  } else {
    UG_TRY_ASSIGN(report.roads_stored, db_.read([](storage::Transaction& tx) { return tx.gazetteer().road_count(); }));
  }
  return report;
}

Result<AddressImportReport> GazetteerService::import_addresses(const access::Principal& caller, std::string_view text,
                                                               AddressFileFormat format,
                                                               const catalog::AddressColumns& columns,
                                                               const GazetteerImportOptions& options) {
  UG_TRY(access::require(caller, access::Permission::manage_grids));
  const auto current = snapshot();
  catalog::AddressImportContext context;
  context.community_of = [this](geo::LonLat p) -> std::optional<std::string> {
    const auto grid = grids_.locate(p);
    if (!grid) return std::nullopt;
    return grid->community ? grid->community->code : std::string();
  };
  context.known_roads = &current->index.roads();
  context.synthetic = options.synthetic;
  AddressImportReport report;
  if (format == AddressFileFormat::csv) {
    UG_TRY_ASSIGN(report.plan, catalog::plan_address_import_csv(text, columns, context));
  } else {
    UG_TRY_ASSIGN(auto features, geo::read_feature_collection(text, {.kind = geo::GeometryKind::point}));
    report.plan = catalog::plan_address_import_geojson(features, columns, context);
  }
  report.rows = report.plan.accepted.size() + report.plan.refused.size() + report.plan.duplicates.size();
  if (may_write(options, report.plan)) {
    std::vector<storage::AddressRecord> records;
    records.reserve(report.plan.accepted.size());
    for (const auto& p : report.plan.accepted) records.push_back(record_of(p));
    UG_TRY_ASSIGN(report.addresses_stored, db_.write([&](storage::Transaction& tx) -> Result<std::int64_t> {
      if (options.replace) UG_TRY(tx.gazetteer().clear_addresses());
      UG_TRY(tx.gazetteer().upsert_addresses(records));
      UG_TRY(append_audit(tx, caller, "gazetteer.import_addresses", "", "ok",
                          json::serialize(json::object{{"accepted", report.plan.accepted.size()},
                                                       {"refused", report.plan.refused.size()},
                                                       {"duplicates", report.plan.duplicates.size()},
                                                       {"outside_grids", report.plan.outside_grids.size()},
                                                       {"replace", options.replace}})));
      return tx.gazetteer().address_count();
    }));
    report.written = true;
    UG_TRY(reload());
  } else {
    UG_TRY_ASSIGN(report.addresses_stored,
                  db_.read([](storage::Transaction& tx) { return tx.gazetteer().address_count(); }));
  }
  return report;
}

std::vector<PlaceCandidate> GazetteerService::geocode(const access::Principal& caller, std::string_view text,
                                                      std::size_t limit) const {
  std::vector<PlaceCandidate> out;
  if (limit == 0) return out;
  const auto current = snapshot();
  // Ask for more than the limit: some may lie outside the caller's scope.
  for (auto& match : current->index.geocode(text, limit * 2 + 4)) {
    auto grid = grids_.locate(match.point);
    if (grid ? !access::sees_region(caller, grid->code) : !access::sees_region(caller, "")) continue;
    out.push_back({std::move(match), std::move(grid), "", "", "", std::nullopt});
    if (out.size() == limit) return out;
  }
  for (const auto& place : grids_.search_places(caller, text, limit - out.size())) {
    auto c = candidate_of(place);
    auto grid = grids_.locate(c.point);
    out.push_back({std::move(c), std::move(grid), place.code, place.name, place.within, place.box});
  }
  return out;
}

PlaceName GazetteerService::name_of(geo::LonLat point) const {
  const auto current = snapshot();
  PlaceName out;
  out.grid = grids_.locate(point);
  out.address = current->index.nearest_address(point, kNearestAddressMetres);
  if (out.address) {
    out.label = catalog::address_label(out.address->address);
    return out;
  }
  out.road = current->index.nearest_road(point, kNearestRoadMetres);
  if (out.road) out.label = out.road->road + "附近";
  return out;
}

PlaceName GazetteerService::name_of(const access::Principal& caller, geo::LonLat point) const {
  const auto visible = [&](const std::optional<GridPlace>& grid) {
    return access::sees_region(caller, grid ? std::string_view(grid->code) : std::string_view());
  };
  auto place = name_of(point);
  if (!visible(place.grid)) return {};
  if (place.address && !visible(grids_.locate(place.address->address.location))) {
    place.address.reset();
    place.road = snapshot()->index.nearest_road(point, kNearestRoadMetres);
    place.label = place.road ? place.road->road + "附近" : "";
  }
  return place;
}

}  // namespace ug::service
