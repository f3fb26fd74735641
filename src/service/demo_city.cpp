// create_demo_city: divisions from data/divisions, synthetic communities, grids clipped to the
// district outline, departments, street offices and a responsibility matrix for every major class.
#include "service/demo_city.hpp"

#include <fmt/format.h>

#include <array>
#include <boost/json/serialize.hpp>
#include <cmath>
#include <map>
#include <numbers>

#include "catalog/division_import.hpp"
#include "geo/geojson.hpp"
#include "geo/geos_tools.hpp"
#include "service/category_service.hpp"
#include "service/component_service.hpp"
#include "service/division_service.hpp"
#include "service/gazetteer_service.hpp"

namespace ug::service {
namespace json = boost::json;

namespace {

constexpr const char* kDistrict = "370811";  // 任城区
constexpr int kCellsPerCommunity = 80;

// A small deterministic generator (64-bit LCG, Knuth's MMIX constants): the same city every run.
struct Lcg {
  std::uint64_t state;
  double next() {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 11) / 9007199254740992.0;
  }
};

std::string base36(int value, int width) {
  static constexpr char digits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  std::string out(static_cast<std::size_t>(width), '0');
  for (int i = width - 1; i >= 0 && value > 0; --i, value /= 36) out[static_cast<std::size_t>(i)] = digits[value % 36];
  return out;
}

struct Cell {
  int column, row;
  double x, y;  // centre
  geo::MultiPolygon shape;
  std::size_t street = 0, community = 0;
};

// Assigns each item to its nearest seed (a Voronoi partition): contiguous, deterministic areas.
// Distances in degrees are weighted by cos(latitude) so that east-west and north-south count alike.
template <typename Item, typename Get>
void nearest_seed(std::vector<Item*>& items, const std::vector<std::pair<double, double>>& seeds, double latitude,
                  Get&& assign) {
  const double east_west = std::cos(latitude * std::numbers::pi / 180.0);
  for (auto* item : items) {
    std::size_t best = 0;
    double best_d = 1e300;
    for (std::size_t s = 0; s < seeds.size(); ++s) {
      const double dx = (item->x - seeds[s].first) * east_west, dy = item->y - seeds[s].second;
      const double d = dx * dx + dy * dy;
      if (d < best_d) {
        best_d = d;
        best = s;
      }
    }
    assign(*item, best);
  }
}

// Names for the demo's synthetic roads: common Chinese road names, placed at random, so that no
// real street of the district is put where it is not.
constexpr std::array<const char*, 14> kNorthSouthRoads{"建设路", "解放路", "人民路", "和平路", "中山路",
                                                       "文化路", "育才路", "幸福路", "光明路", "友谊路",
                                                       "团结路", "民主路", "新华路", "胜利路"};
constexpr std::array<const char*, 10> kEastWestRoads{"东风街", "红星街", "振兴街", "富民街", "安居街",
                                                     "康宁街", "兴隆街", "吉祥街", "长青街", "永安街"};
// Buildings along every road, by house number: "<road without 路/街><kind>".
constexpr std::array<std::pair<int, const char*>, 5> kDemoBuildings{
    {{8, "小区"}, {21, "小学"}, {36, "农贸市场"}, {55, "社区卫生服务站"}, {70, "花园"}}};

Result<void> add_demo_gazetteer(const access::Principal& caller, storage::Database& db, GridService& grids,
                                const std::vector<Cell>& cells, int columns, int rows, const DemoCityOptions& options,
                                DemoCityReport& report) {
  struct DemoRoad {
    std::string name;
    bool north_south;
    double at;        // its longitude (north-south) or latitude
    double from, to;  // along it, where the district's cells are
  };
  std::vector<DemoRoad> roads;
  const auto extent = [&](bool north_south, int line) -> std::optional<std::pair<int, int>> {
    std::optional<std::pair<int, int>> out;
    for (const auto& c : cells) {
      const int across = north_south ? c.column : c.row, along = north_south ? c.row : c.column;
      if (across != line && across != line - 1) continue;
      if (!out) out = std::pair{along, along + 1};
      out->first = std::min(out->first, along);
      out->second = std::max(out->second, along + 1);
    }
    return out;
  };
  std::size_t next_ns = 0, next_ew = 0;
  for (int line = 0; line <= columns && next_ns < kNorthSouthRoads.size(); line += 10) {
    if (const auto e = extent(true, line)) {
      roads.push_back({kNorthSouthRoads[next_ns++], true, options.west + line * options.cell_degrees,
                       options.south + e->first * options.cell_degrees,
                       options.south + e->second * options.cell_degrees});
    }
  }
  for (int line = 0; line <= rows && next_ew < kEastWestRoads.size(); line += 10) {
    if (const auto e = extent(false, line)) {
      roads.push_back({kEastWestRoads[next_ew++], false, options.south + line * options.cell_degrees,
                       options.west + e->first * options.cell_degrees,
                       options.west + e->second * options.cell_degrees});
    }
  }
  const auto point = [](const DemoRoad& r, double along, double across) {
    return r.north_south ? json::array{r.at + across, along} : json::array{along, r.at + across};
  };
  json::array road_features;
  for (const auto& r : roads) {
    json::array aliases;
    if (r.name == std::string("建设路")) aliases.emplace_back("建设大道");
    if (r.name == std::string("人民路")) aliases.emplace_back("人民大街");
    road_features.push_back(json::object{
        {"type", "Feature"},
        {"properties", json::object{{"name", r.name}, {"aliases", std::move(aliases)}}},
        {"geometry",
         json::object{{"type", "LineString"}, {"coordinates", json::array{point(r, r.from, 0), point(r, r.to, 0)}}}}});
  }
  GazetteerService gazetteer(db, grids);
  GazetteerImportOptions import;
  import.synthetic = true;
  UG_TRY_ASSIGN(
      auto roads_report,
      gazetteer.import_roads(
          caller, json::serialize(json::object{{"type", "FeatureCollection"}, {"features", std::move(road_features)}}),
          {}, import));
  report.roads = roads_report.plan.accepted.size();

  constexpr double kSpacing = 0.0005, kSetBack = 0.00012;  // ~50 m apart, ~12 m off the centre line
  std::string csv = "road,number,building,lon,lat\n";
  for (const auto& r : roads) {
    const auto short_name = r.name.substr(0, r.name.size() - std::string("路").size());
    int k = 0;
    for (double along = r.from + kSpacing / 2; along < r.to; along += kSpacing, ++k) {
      for (const int side : {0, 1}) {
        const int number = 2 * k + 1 + side;
        const double across = side == 0 ? -kSetBack : kSetBack;  // odd: west or south of the line
        const auto at = point(r, along, r.north_south ? across : -across);
        std::string building;
        for (const auto& [n, kind] : kDemoBuildings) {
          if (n == number) building = short_name + kind;
        }
        csv += fmt::format("{},{},{},{:.7f},{:.7f}\n", r.name, number, building, at[0].as_double(), at[1].as_double());
      }
    }
  }
  UG_TRY_ASSIGN(auto addresses_report, gazetteer.import_addresses(caller, csv, AddressFileFormat::csv, {}, import));
  report.addresses = addresses_report.plan.accepted.size();
  return {};
}
}  // namespace

Result<DemoCityReport> create_demo_city(const access::Principal& caller, storage::Database& db, GridService& grids,
                                        RoutingService& routing, const DemoCityData& data,
                                        const DemoCityOptions& options) {
  UG_TRY(grids.reload());
  if (grids.snapshot()->index().size() > 0) {
    return fail(ErrorCode::conflict, "demo.database_not_new");
  }
  DemoCityReport report;
  UG_TRY(CategoryService(db).install_standard());

  // 1. Real divisions of 济宁市.
  UG_TRY_ASSIGN(auto divisions, DivisionService(db).import(caller, data.divisions, ""));
  report.divisions = divisions.plan.divisions.size();
  std::vector<std::pair<std::string, std::string>> streets;  // the district's urban 街道
  for (const auto& d : divisions.plan.divisions) {
    if (d.level == catalog::DivisionLevel::street && d.code.starts_with(kDistrict) && d.name.ends_with("街道")) {
      streets.emplace_back(d.code, d.name);
    }
  }
  if (streets.empty()) return fail(ErrorCode::internal, {}, "no streets of 370811 in the demo divisions");

  // 2. The district outline, repaired (5 of the 11 Jining outlines need it), and the cells inside.
  auto outline_features = geo::read_feature_collection(data.district_outline_geojson, {.repair_rings = true});
  if (!outline_features || outline_features->empty() || !outline_features->front().shape) {
    return fail(ErrorCode::internal, {}, "demo outline unreadable");
  }
  UG_TRY_ASSIGN(auto outline, geo::make_valid(*outline_features->front().shape));
  const int columns = static_cast<int>(std::lround((options.east - options.west) / options.cell_degrees));
  const int rows = static_cast<int>(std::lround((options.north - options.south) / options.cell_degrees));
  const auto nano = [](double degrees) { return static_cast<geo::Nano>(std::llround(degrees * 1e9)); };
  std::vector<Cell> cells;
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < columns; ++c) {
      const geo::Nano x0 = nano(options.west + c * options.cell_degrees),
                      x1 = nano(options.west + (c + 1) * options.cell_degrees);
      const geo::Nano y0 = nano(options.south + r * options.cell_degrees),
                      y1 = nano(options.south + (r + 1) * options.cell_degrees);
      const geo::MultiPolygon square{{geo::Polygon{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}, {}}}};
      auto inside = geo::intersection(square, outline);
      if (inside.parts.empty() || geo::area_square_metres(inside) < 100.0) continue;  // slivers under 100 m²
      cells.push_back({c, r, options.west + (c + 0.5) * options.cell_degrees,
                       options.south + (r + 0.5) * options.cell_degrees, std::move(inside), 0, 0});
    }
  }

  // 3. Streets: a Voronoi partition around jittered seeds; communities of ~80 cells inside each.
  Lcg rng{20261123};
  std::vector<std::pair<double, double>> street_seeds;
  const int seed_columns = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(streets.size()) * columns / rows)));
  const int seed_rows = static_cast<int>(std::ceil(static_cast<double>(streets.size()) / seed_columns));
  for (std::size_t i = 0; i < streets.size(); ++i) {
    const double fx = (static_cast<double>(i % seed_columns) + 0.25 + 0.5 * rng.next()) / seed_columns;
    const double fy = (static_cast<double>(i / seed_columns) + 0.25 + 0.5 * rng.next()) / seed_rows;
    street_seeds.emplace_back(options.west + fx * (options.east - options.west),
                              options.south + fy * (options.north - options.south));
  }
  std::vector<Cell*> all;
  for (auto& cell : cells) all.push_back(&cell);
  const double latitude = (options.south + options.north) / 2;
  nearest_seed(all, street_seeds, latitude, [](Cell& cell, std::size_t s) { cell.street = s; });

  struct Community {
    std::string code, name;
    std::size_t street;
    std::vector<Cell*> cells;
  };
  std::vector<Community> communities;
  for (std::size_t s = 0; s < streets.size(); ++s) {
    std::vector<Cell*> in_street;
    for (auto* cell : all) {
      if (cell->street == s) in_street.push_back(cell);
    }
    if (in_street.empty()) continue;
    const std::size_t count = (in_street.size() + kCellsPerCommunity - 1) / kCellsPerCommunity;
    std::vector<std::pair<double, double>> seeds;
    for (std::size_t k = 0; k < count; ++k) {
      const auto jitter = static_cast<std::size_t>(rng.next() * 7);
      const auto* pick = in_street[((k * in_street.size()) / count + jitter) % in_street.size()];
      seeds.emplace_back(pick->x, pick->y);
    }
    const std::size_t first = communities.size();
    const auto short_name = streets[s].second.substr(0, streets[s].second.size() - std::string("街道").size());
    for (std::size_t k = 0; k < count; ++k) {
      communities.push_back(
          {fmt::format("{}{:03}", streets[s].first, k + 1), fmt::format("{}第{}社区", short_name, k + 1), s, {}});
    }
    nearest_seed(in_street, seeds, latitude, [&](Cell& cell, std::size_t k) {
      cell.community = first + k;
      communities[first + k].cells.push_back(&cell);
    });
  }
  UG_TRY(db.write([&](storage::Transaction& tx) -> Result<void> {
    for (const auto& c : communities) {
      if (c.cells.empty()) continue;
      UG_TRY(tx.divisions().upsert({c.code, c.name, "community", streets[c.street].first, true}));
    }
    return {};
  }));

  // 4. Grids, imported through the same path as a city's own file.
  json::array features;
  for (auto& community : communities) {
    int sequence = 0;
    for (auto* cell : community.cells) {
      ++sequence;
      features.push_back(
          json::object{{"type", "Feature"},
                       {"properties", json::object{{"code", community.code + base36(sequence, 3)},
                                                   {"name", fmt::format("{}{}号网格", community.name, sequence)}}},
                       {"geometry", geo::to_geojson_geometry(cell->shape)}});
    }
    if (!community.cells.empty()) ++report.communities;
  }
  catalog::GridImportOptions import;
  import.code_property = "code";
  import.name_property = "name";
  UG_TRY_ASSIGN(auto imported, grids.import_geojson(caller,
                                                    json::serialize(json::object{{"type", "FeatureCollection"},
                                                                                 {"features", std::move(features)}}),
                                                    import));
  report.grids = imported.plan.accepted.size();
  for (const auto& w : imported.plan.warnings) report.warnings.push_back(w.message);
  for (const auto& r : imported.plan.rejected)
    report.warnings.push_back(fmt::format("rejected {}: {}", r.code, r.reasons.front()));

  // Responsibility grids: one per street (a supervisor team's patch), by code prefix.
  for (const auto& [code, name] : streets) {
    auto id =
        grids.create_responsibility_grid(caller, name + "责任网格", "演示：" + name + "的全部单元网格", {}, {code});
    if (!id && id.error().code != ErrorCode::validation_failed) return tl::unexpected(id.error());
    if (id) ++report.responsibility_grids;
  }

  // 5. Units: the two centres, five departments, a street office per street.
  std::vector<storage::OrgUnitRecord> units = {
      {"JDZX", "济宁市城市管理监督指挥中心（监督）", "supervision_centre", "", "", true},
      {"ZHZX", "济宁市城市管理监督指挥中心（指挥）", "command_centre", "", "", true},
      {"HW", "任城区环卫处", "department", "", "", true},
      {"SZ", "任城区市政工程处", "department", "", "", true},
      {"YL", "任城区园林绿化处", "department", "", "", true},
      {"ZF", "任城区城市管理综合执法大队", "department", "", "", true},
      {"JJ", "济宁市公安局交通警察支队任城大队", "department", "", "", true}};
  for (const auto& [code, name] : streets)
    units.push_back({"JD-" + code, name + "办事处", "street_office", "", code, true});
  for (const auto& u : units) UG_TRY(routing.save_org_unit(caller, u));
  report.org_units = units.size();

  // 6. The matrix: every matter major class, the limits DOMAIN.md §5 gives as examples, an urgent
  //    variant and one street-specific rule to show area precedence.
  using LU = calendar::Unit;
  const std::vector<catalog::ResponsibilityRule> rules = {
      {0, "", "01", "", std::nullopt, "SZ", {3, LU::working_days}},
      {0, "", "02", "", std::nullopt, "JJ", {2, LU::working_days}},
      {0, "", "03", "", std::nullopt, "HW", {1, LU::working_days}},
      {0, "", "04", "", std::nullopt, "YL", {3, LU::working_days}},
      {0, "", "05", "", std::nullopt, "ZF", {3, LU::working_days}},
      {0, "", "06", "", std::nullopt, "HW", {1, LU::working_days}},
      {0, "", "07", "", std::nullopt, "ZF", {2, LU::working_days}},
      {0, "", "08", "", std::nullopt, "ZF", {3, LU::working_days}},
      {0, "", "09", "", std::nullopt, "ZF", {4, LU::working_hours}},
      {0, "", "10", "", std::nullopt, "ZF", {5, LU::working_days}},
      {0, "06010", "", "", std::nullopt, "HW", {4, LU::working_hours}},  // 暴露垃圾
      {0, "06010", "", "", catalog::Urgency::urgent, "HW", {2, LU::working_hours}},
      {0, "06012", "", "", std::nullopt, "HW", {2, LU::working_hours}},  // 道路不洁
      {0, "06001", "", "", std::nullopt, "ZF", {20, LU::working_days}},  // 私搭乱建
      {0, "01001", "", "", std::nullopt, "SZ", {2, LU::natural_hours}},  // 供水井盖异常
      {0, "01002", "", "", std::nullopt, "SZ", {2, LU::natural_hours}},  // 污水井盖异常
      {0, "01003", "", "", std::nullopt, "SZ", {2, LU::natural_hours}},  // 雨水井盖异常
      {0, "", "09", streets.front().first, std::nullopt, "JD-" + streets.front().first, {2, LU::working_hours}}};
  for (const auto& rule : rules) {
    UG_TRY(routing.add_rule(caller, rule));
  }
  report.rules = rules.size();

  // 7. Components along a synthetic street network: a street on every tenth cell line (~1 km
  //    apart), with a sewer cover and a lamp every 100 m and a litter bin every 200 m.
  ComponentService inventory(db, grids);
  struct Kind {
    const char* category;
    const char* name;
    double spacing;  // in cells
    double offset;   // across the street, in cells
    const char* supervisor_code;
    const char* supervisor_name;
  };
  const Kind kinds[] = {{"01002", "污水井盖", 1.0, 0.0, "11370811MB0000001X", "任城区市政工程处"},
                        {"01037", "路灯", 1.0, 0.08, "11370811MB0000001X", "任城区市政工程处"},
                        {"03005", "垃圾箱", 2.0, -0.08, "11370811MB0000002X", "任城区环卫处"}};
  std::map<std::string, int> sequence;
  std::vector<catalog::Component> inventory_rows;
  const auto add = [&](const Kind& k, double lon, double lat) {
    const auto key = std::string(kDistrict) + k.category;
    const int n = ++sequence[key];
    catalog::Component c;
    c.id = fmt::format("{}{:06}", key, n);
    c.name = k.name;
    c.supervisor_code = k.supervisor_code;
    c.supervisor_name = k.supervisor_name;
    c.status = n % 29 == 0 ? "破损" : "完好";
    c.first_survey_date = "20250601";
    c.data_source = "其他";
    c.remarks = "演示数据（合成）";
    c.location = {lon, lat};
    inventory_rows.push_back(std::move(c));
  };
  for (int line = 0; line <= columns; line += 10) {  // north-south streets
    const double lon = options.west + line * options.cell_degrees;
    for (const auto& k : kinds) {
      for (double t = k.spacing / 2; t < rows; t += k.spacing)
        add(k, lon + k.offset * options.cell_degrees, options.south + t * options.cell_degrees);
    }
  }
  for (int line = 0; line <= rows; line += 10) {  // east-west streets
    const double lat = options.south + line * options.cell_degrees;
    for (const auto& k : kinds) {
      for (double t = k.spacing / 2; t < columns; t += k.spacing)
        add(k, options.west + t * options.cell_degrees, lat + k.offset * options.cell_degrees);
    }
  }
  json::array component_features;
  for (const auto& c : inventory_rows) {
    component_features.push_back(json::object{
        {"type", "Feature"},
        {"properties", json::object{{"GLBJBSM", c.id},
                                    {"GLBJMC", c.name},
                                    {"ZGBMDM", c.supervisor_code},
                                    {"ZGBMMC", c.supervisor_name},
                                    {"GLBJZT", c.status},
                                    {"CSRQ", c.first_survey_date},
                                    {"SJLY", c.data_source},
                                    {"BZ", c.remarks}}},
        {"geometry", json::object{{"type", "Point"}, {"coordinates", json::array{c.location.lon, c.location.lat}}}}});
  }
  UG_TRY_ASSIGN(
      auto components,
      inventory.import_geojson(caller, json::serialize(json::object{{"type", "FeatureCollection"},
                                                                    {"features", std::move(component_features)}})));
  report.components = components.saved;

  // 8. The same street network as named roads, and a gazetteer along them (issue 22): a house
  //    number every 50 m on each side (odd on the west or north side, even on the other), counted
  //    from the south or west end, and a few buildings per road. All flagged synthetic.
  UG_TRY(add_demo_gazetteer(caller, db, grids, cells, columns, rows, options, report));
  return report;
}

}  // namespace ug::service
