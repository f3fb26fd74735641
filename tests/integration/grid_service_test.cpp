// Unit grids end to end on both backends: import (with repair) of the 188 real NYC neighbourhood
// polygons given 15-character codes, the 1,402 NYC 311 requests that have coordinates located and
// checked against an independent computation (GEOS prepared `covers`, smallest code wins), export
// and re-import, strict mode writing nothing.
#include <fmt/format.h>
#include <geos_c.h>
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fstream>
#include <sstream>

#include "app/commands.hpp"
#include "app/database_factory.hpp"
#include "geo/geojson.hpp"
#include "integration/backends.hpp"
#include "service/category_service.hpp"
#include "service/component_service.hpp"
#include "service/demo_city.hpp"
#include "service/division_service.hpp"
#include "service/grid_service.hpp"
#include "service/routing_service.hpp"
#include "support/test_env.hpp"

namespace ug::service {
namespace {

// The writes here are made as the command line's administrator; scopes have their own tests.
const access::Principal kCli = access::Principal::command_line();

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The shared NYC neighbourhoods with codes 370811001001000 … 370811001001187 in file order.
std::string nyc_with_codes() {
  auto doc = boost::json::parse(slurp(test::source_dir() / "tests/data/nyc311/nyc_neighborhoods.geojson"));
  auto& features = doc.at("features").as_array();
  for (std::size_t i = 0; i < features.size(); ++i) {
    char code[32];
    std::snprintf(code, sizeof code, "370811001001%03zu", i);
    features[i].at("properties").as_object()["code"] = code;
  }
  return boost::json::serialize(doc);
}

struct Point311 {
  std::string id;
  double lon, lat;
};

// The 1,402 NYC 311 requests of the fixture that have coordinates.
std::vector<Point311> nyc_311_points() {
  std::ifstream in(test::source_dir() / "tests/data/nyc311/311_points_2011.csv");
  std::string line;
  std::getline(in, line);  // header
  std::vector<Point311> points;
  while (std::getline(in, line)) {
    const auto first = line.find(','), second = line.find(',', first + 1);
    points.push_back({line.substr(0, first), std::stod(line.substr(first + 1, second - first - 1)),
                      std::stod(line.substr(second + 1))});
  }
  return points;
}

// Independent answer: GEOS prepared geometries and their own covers predicate.
class GeosLocator {
 public:
  explicit GeosLocator(const std::vector<geo::IndexedGrid>& grids) : ctx_(GEOS_init_r()) {
    GEOSWKTReader* reader = GEOSWKTReader_create_r(ctx_);
    for (const auto& g : grids) {
      std::string wkt = "MULTIPOLYGON(";
      for (std::size_t p = 0; p < g.shape.parts.size(); ++p) {
        wkt += p ? ",(" : "(";
        const auto ring_wkt = [](const geo::Ring& ring) {
          std::string out = "(";
          for (std::size_t i = 0; i < ring.size(); ++i) {
            const auto d = geo::to_degrees(ring[i]);
            char buf[64];
            std::snprintf(buf, sizeof buf, "%s%.9f %.9f", i ? "," : "", d.lon, d.lat);
            out += buf;
          }
          return out + ")";
        };
        wkt += ring_wkt(g.shape.parts[p].outer);
        for (const auto& hole : g.shape.parts[p].holes) wkt += "," + ring_wkt(hole);
        wkt += ")";
      }
      wkt += ")";
      GEOSGeometry* geometry = GEOSWKTReader_read_r(ctx_, reader, wkt.c_str());
      geometries_.push_back(geometry);
      prepared_.push_back(GEOSPrepare_r(ctx_, geometry));
      codes_.push_back(g.code);
    }
    GEOSWKTReader_destroy_r(ctx_, reader);
  }
  ~GeosLocator() {
    for (auto* p : prepared_) GEOSPreparedGeom_destroy_r(ctx_, p);
    for (auto* g : geometries_) GEOSGeom_destroy_r(ctx_, g);
    GEOS_finish_r(ctx_);
  }
  std::string locate(double lon, double lat) const {
    GEOSGeometry* point = GEOSGeom_createPointFromXY_r(ctx_, lon, lat);
    std::string best;
    for (std::size_t i = 0; i < prepared_.size(); ++i) {
      if (GEOSPreparedCovers_r(ctx_, prepared_[i], point) == 1 && (best.empty() || codes_[i] < best)) best = codes_[i];
    }
    GEOSGeom_destroy_r(ctx_, point);
    return best;
  }

 private:
  GEOSContextHandle_t ctx_;
  std::vector<GEOSGeometry*> geometries_;
  std::vector<const GEOSPreparedGeometry*> prepared_;
  std::vector<std::string> codes_;
};

class GridServiceTest : public ::testing::TestWithParam<storage::Backend> {
 protected:
  void SetUp() override {
    db_ = test::migrated_database(GetParam(), "grids");
    grids_ = std::make_unique<GridService>(*db_);
  }
  static catalog::GridImportOptions options(bool repair, bool strict = false) {
    catalog::GridImportOptions o;
    o.code_property = "code";
    o.name_property = "neighborhood";
    o.repair = repair;
    o.strict = strict;
    return o;
  }
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<GridService> grids_;
};

TEST_P(GridServiceTest, RealNycPolygonsLocateLikeGeos) {
  const auto report = grids_->import_geojson(kCli, nyc_with_codes(), options(true)).value();
  EXPECT_EQ(report.features, 188u);
  EXPECT_EQ(report.plan.accepted.size(), 188u);
  EXPECT_TRUE(report.plan.rejected.empty());
  EXPECT_TRUE(report.written);
  EXPECT_EQ(report.grids_stored, 188);

  // A fresh service reads what was stored, as a restarted server would.
  GridService reloaded(*db_);
  ASSERT_TRUE(reloaded.reload());
  const auto snapshot = reloaded.snapshot();
  ASSERT_EQ(snapshot->index().size(), 188u);
  const GeosLocator geos(snapshot->index().grids());

  const auto points = nyc_311_points();
  ASSERT_EQ(points.size(), 1402u);
  int located = 0;
  for (const auto& p : points) {
    const auto* ours = snapshot->locate({p.lon, p.lat});
    const auto expected = geos.locate(p.lon, p.lat);
    EXPECT_EQ(ours ? ours->code : "", expected) << "311 request " << p.id << " at " << p.lon << "," << p.lat;
    located += ours ? 1 : 0;
  }
  EXPECT_GT(located, 1300);  // nearly all NYC requests fall inside a neighbourhood
}

TEST_P(GridServiceTest, WithoutRepairTheElevenBrokenPolygonsAreRejected) {
  const auto report = grids_->import_geojson(kCli, nyc_with_codes(), options(false)).value();
  EXPECT_EQ(report.plan.rejected.size(), 11u);
  EXPECT_EQ(report.grids_stored, 177);
}

TEST_P(GridServiceTest, StrictWritesNothingWhenAnythingIsWrong) {
  const auto report = grids_->import_geojson(kCli, nyc_with_codes(), options(false, true)).value();
  EXPECT_TRUE(report.plan.refused);
  EXPECT_FALSE(report.written);
  EXPECT_EQ(db_->read([](storage::Transaction& tx) { return tx.grids().count(); }).value(), 0);
}

TEST_P(GridServiceTest, BrokenFileChangesNothing) {
  ASSERT_TRUE(grids_->import_geojson(kCli, nyc_with_codes(), options(true)));
  for (const std::string& bad :
       std::vector<std::string>{"{", "[]", R"({"type":"FeatureCollection","features":)" + std::string(100000, '[')}) {
    EXPECT_FALSE(grids_->import_geojson(kCli, bad, options(true)));
  }
  EXPECT_EQ(db_->read([](storage::Transaction& tx) { return tx.grids().count(); }).value(), 188);
}

TEST_P(GridServiceTest, ExportReadsBackToTheSameGrids) {
  ASSERT_TRUE(grids_->import_geojson(kCli, nyc_with_codes(), options(true)));
  const auto exported = grids_->export_geojson().value();
  const auto features = geo::read_feature_collection(exported, {}).value();
  ASSERT_EQ(features.size(), 188u);
  const auto& original = grids_->snapshot()->index().grids();
  for (std::size_t i = 0; i < features.size(); ++i) {
    ASSERT_TRUE(features[i].shape);
    EXPECT_EQ(geo::property_text(features[i], "code"), original[i].code);
    EXPECT_EQ(features[i].shape->parts.size(), original[i].shape.parts.size());
    EXPECT_EQ(features[i].shape->parts[0].outer, original[i].shape.parts[0].outer);
  }
  // Importing the export into another database reproduces the same lookups.
  app::Config::Database config;
  config.url = (test::temp_dir("ug-grids-copy") / "copy.db").string();
  auto copy_db = std::move(app::open_database(config).value());
  ASSERT_TRUE(copy_db->migrate());
  GridService copy(*copy_db);
  const auto again = copy.import_geojson(kCli, exported, options(false)).value();
  EXPECT_EQ(again.plan.accepted.size(), 188u);
  EXPECT_TRUE(again.plan.rejected.empty());
  for (const auto& p : nyc_311_points()) {
    const auto a = grids_->locate({p.lon, p.lat});
    const auto b = copy.locate({p.lon, p.lat});
    EXPECT_EQ(a ? a->code : "", b ? b->code : "");
  }
}

TEST_P(GridServiceTest, RefreshNoticesGridsWrittenByAnotherProcess) {
  EXPECT_TRUE(grids_->refresh_if_changed().value());  // never loaded: loads the (empty) grids
  EXPECT_FALSE(grids_->refresh_if_changed().value());
  GridService other(*db_);  // stands for `urbangrid grid import` in another process
  ASSERT_TRUE(other.import_geojson(kCli, nyc_with_codes(), options(true)));
  EXPECT_EQ(grids_->snapshot()->index().size(), 0u);
  EXPECT_TRUE(grids_->refresh_if_changed().value());
  EXPECT_EQ(grids_->snapshot()->index().size(), 188u);
  EXPECT_FALSE(grids_->refresh_if_changed().value());
}

TEST_P(GridServiceTest, DivisionsImportedLaterLinkTheGrids) {
  ASSERT_TRUE(grids_->import_geojson(kCli, nyc_with_codes(), options(true)));
  const auto read = [](const char* name) { return slurp(test::source_dir() / "data/divisions" / name); };
  DivisionService divisions(*db_);
  const auto report =
      divisions
          .import(kCli, {read("provinces.csv"), read("cities.csv"), read("areas.csv"), read("streets.csv"), {}}, "")
          .value();
  EXPECT_EQ(report.imported_by_level[2], 12u);
  EXPECT_EQ(report.grid_links, 188);  // every grid's district (370811 任城区); street 370811001 is not in the list
  ASSERT_TRUE(grids_->reload());
  const auto place = grids_->locate({-73.9857, 40.7484});  // Midtown Manhattan
  ASSERT_TRUE(place);
  ASSERT_TRUE(place->district);
  EXPECT_EQ(place->district->name, "任城区");
  EXPECT_FALSE(place->street);
}

TEST_P(GridServiceTest, StandardCategoriesInstallIdempotentlyKeepingTheCitysSettings) {
  CategoryService categories(*db_);
  EXPECT_EQ(categories.install_standard().value(), 403u);
  CategorySettings settings;
  settings.enabled = false;
  settings.synonyms = std::vector<std::string>{"井盖没了", "窨井盖"};
  settings.register_condition = "主次干道、人行道上的井盖缺失";
  ASSERT_TRUE(categories.update(kCli, catalog::CategoryKind::matter, "01001", settings));
  catalog::Category local{catalog::CategoryKind::matter, "06901", "", "", "共享单车乱停放", false, true, {}, {}, {}};
  ASSERT_TRUE(categories.add_local(kCli, local));
  EXPECT_EQ(categories.add_local(kCli, local).error().code, ErrorCode::conflict);

  EXPECT_EQ(categories.install_standard().value(), 403u);  // again, as every `migrate` does
  CategoryQuery everything;
  everything.include_disabled = true;
  EXPECT_EQ(categories.list(everything).value().size(), 404u);
  CategoryQuery enabled_only;
  EXPECT_EQ(categories.list(enabled_only).value().size(), 403u);  // 01001 matter is disabled
  CategoryQuery search;
  search.text = "窨井";
  search.include_disabled = true;
  const auto found = categories.list(search).value();
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].code, "01001");
  EXPECT_FALSE(found[0].enabled);
  EXPECT_EQ(found[0].synonyms, (std::vector<std::string>{"井盖没了", "窨井盖"}));
  EXPECT_EQ(found[0].register_condition, "主次干道、人行道上的井盖缺失");
  EXPECT_EQ(categories.update(kCli, catalog::CategoryKind::component, "99999", settings).error().code,
            ErrorCode::not_found);
}

// Two cells in two streets: A in 370811002 (which has a street office), B in 370811003 (none).
std::string two_streets() {
  return R"({"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"code":"37081100200100A"},"geometry":{"type":"Polygon","coordinates":[[[116.530,35.450],[116.531,35.450],[116.531,35.451],[116.530,35.451],[116.530,35.450]]]}},
    {"type":"Feature","properties":{"code":"37081100300100B"},"geometry":{"type":"Polygon","coordinates":[[[116.531,35.450],[116.532,35.450],[116.532,35.451],[116.531,35.451],[116.531,35.450]]]}}]})";
}

TEST_P(GridServiceTest, ResponsibilityGridsAreNamedSetsOfKnownUnitGrids) {
  ASSERT_TRUE(grids_->import_geojson(kCli, two_streets(), options(false)));
  const auto id =
      grids_->create_responsibility_grid(kCli, "许庄一组", "监督员张三", {"37081100300100B"}, {"370811002"});
  ASSERT_TRUE(id) << id.error().public_message();
  const auto members = db_->read([&](storage::Transaction& tx) { return tx.responsibility_grids().members(*id); });
  EXPECT_EQ(members.value(), (std::vector<std::string>{"37081100200100A", "37081100300100B"}));
  EXPECT_EQ(grids_->create_responsibility_grid(kCli, "许庄一组", "", {"37081100200100A"}, {}).error().code,
            ErrorCode::conflict);  // the name is taken
  const auto unknown = grids_->create_responsibility_grid(kCli, "空", "", {"37081199999999Z"}, {});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::validation_failed);
  EXPECT_EQ(grids_->create_responsibility_grid(kCli, "空", "", {}, {"999"}).error().code, ErrorCode::validation_failed);
  const auto all = grids_->responsibility_grids().value();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].unit_grid_count, 2);
  EXPECT_EQ(all[0].description, "监督员张三");
}

TEST_P(GridServiceTest, ComponentsKeepTheirStatusHistoryAndAreFoundNearby) {
  ASSERT_TRUE(CategoryService(*db_).install_standard());
  ASSERT_TRUE(grids_->import_geojson(kCli, two_streets(), options(false)));
  ComponentService inventory(*db_, *grids_);
  catalog::Component cover;
  cover.id = "37081101002000001";
  cover.name = "污水井盖";
  cover.supervisor_code = "11370811MB0000001X";
  cover.supervisor_name = "任城区市政工程处";
  cover.status = "完好";
  cover.first_survey_date = "20250601";
  cover.location = {116.5302, 35.4502};
  const auto saved = inventory.save(kCli, cover, "普查").value();
  EXPECT_EQ(saved.grid_code, "37081100200100A");  // derived from the location
  cover.status = "丢失";
  cover.change_date = "20261123";
  ASSERT_TRUE(inventory.save(kCli, cover, "市民举报"));
  ASSERT_TRUE(inventory.save(kCli, cover));  // same status: no new history entry
  const auto history = inventory.status_history(cover.id).value();
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].status, "完好");
  EXPECT_EQ(history[1].status, "丢失");
  EXPECT_EQ(history[1].note, "市民举报");

  auto far_cover = cover;
  far_cover.id = "37081101002000002";
  far_cover.location = {116.5318, 35.4508};
  ASSERT_TRUE(inventory.save(kCli, far_cover));
  auto outside = cover;
  outside.id = "37081101002000003";
  outside.location = {116.7, 35.3};
  EXPECT_EQ(inventory.save(kCli, outside).error().code, ErrorCode::validation_failed);  // in no grid

  const auto nearest = inventory.nearest("01002", {116.5300, 35.4500}, 5, 500).value();
  ASSERT_EQ(nearest.size(), 2u);
  EXPECT_EQ(nearest[0].component.id, "37081101002000001");
  EXPECT_NEAR(nearest[0].distance_m, 28.6, 1.0);  // 0.0002° E, 0.0002° N at 35.45° N
  EXPECT_EQ(inventory.nearest("01002", {116.5300, 35.4500}, 5, 20).value().size(), 0u);
  EXPECT_EQ(inventory.nearest("01037", {116.5300, 35.4500}, 5, 500).value().size(), 0u);

  // Export, then import into a fresh database: the same inventory.
  const auto exported = inventory.export_geojson().value();
  app::Config::Database config;
  config.url = (test::temp_dir("ug-components") / "c.db").string();
  auto copy_db = std::move(app::open_database(config).value());
  ASSERT_TRUE(copy_db->migrate());
  ASSERT_TRUE(CategoryService(*copy_db).install_standard());
  GridService copy_grids(*copy_db);
  ASSERT_TRUE(copy_grids.import_geojson(kCli, two_streets(), options(false)));
  ComponentService copy(*copy_db, copy_grids);
  const auto report = copy.import_geojson(kCli, exported + "").value();
  EXPECT_EQ(report.saved, 2u);
  EXPECT_TRUE(report.rejected.empty());
  EXPECT_EQ(copy.find(cover.id).value()->status, "丢失");
  const auto bad =
      copy.import_geojson(
              kCli,
              R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"GLBJBSM":"1"},"geometry":{"type":"Point","coordinates":[116.5302,35.4502]}},{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[]}}]})")
          .value();
  EXPECT_EQ(bad.saved, 0u);
  EXPECT_EQ(bad.rejected.size(), 2u);

  // CSV: the same round trip, with a remark that needs quoting.
  far_cover.remarks = "位于\"古槐路\"东侧, 靠近公交站";
  ASSERT_TRUE(inventory.save(kCli, far_cover));
  const auto csv = inventory.export_csv().value();
  EXPECT_TRUE(csv.starts_with("GLBJBSM,GLBJMC,ZGBMDM"));
  const auto csv_report = copy.import_csv(kCli, csv).value();
  EXPECT_EQ(csv_report.saved, 2u);
  EXPECT_TRUE(csv_report.rejected.empty());
  EXPECT_EQ(copy.find(far_cover.id).value()->remarks, far_cover.remarks);
  EXPECT_FALSE(copy.import_csv(kCli, "A,B\n1,2\n"));  // no GLBJBSM/LON/LAT header
  EXPECT_EQ(copy.import_csv(kCli, "GLBJBSM,LON,LAT\n37081101002000009,east,north\n").value().rejected.size(), 1u);
}

TEST_P(GridServiceTest, RoutingSuggestsByRuleOrStreetOfficeAndSaysWhy) {
  ASSERT_TRUE(CategoryService(*db_).install_standard());
  ASSERT_TRUE(grids_->import_geojson(kCli, two_streets(), options(false)));
  RoutingService routing(*db_, *grids_, {2, calendar::Unit::working_days});
  ASSERT_TRUE(routing.save_org_unit(kCli, {"JD-370811002", "许庄街道办事处", "street_office", "", "370811002", true}));
  ASSERT_TRUE(routing.save_org_unit(kCli, {"HW", "任城区环卫处", "department", "", "", true}));
  // A second street office for the same street is refused.
  EXPECT_EQ(routing.save_org_unit(kCli, {"JD-dup", "重复", "street_office", "", "370811002", true}).error().code,
            ErrorCode::conflict);
  EXPECT_EQ(routing.save_org_unit(kCli, {"JD-x", "无街道", "street_office", "", "", true}).error().code,
            ErrorCode::validation_failed);
  const auto rule_id =
      routing.add_rule(kCli, {0, "06001", "", "370811", std::nullopt, "HW", {4, calendar::Unit::working_hours}});
  ASSERT_TRUE(rule_id);
  EXPECT_EQ(routing.add_rule(kCli, {0, "06001", "", "", std::nullopt, "NOPE", {1, calendar::Unit::working_days}})
                .error()
                .code,
            ErrorCode::validation_failed);

  const geo::LonLat in_a{116.5305, 35.4505}, in_b{116.5315, 35.4505}, outside{116.6, 35.4};
  const auto by_rule =
      routing.suggest(access::Principal::command_line(), "06001", in_a, catalog::Urgency::normal).value();
  EXPECT_EQ(by_rule.department->id, "HW");
  EXPECT_EQ(by_rule.decision.rule->id, *rule_id);
  EXPECT_EQ(by_rule.decision.limit.value, 4);
  EXPECT_EQ(by_rule.place->code, "37081100200100A");

  const auto fallback =
      routing.suggest(access::Principal::command_line(), "09001", in_a, catalog::Urgency::urgent).value();
  EXPECT_TRUE(fallback.decision.fallback);
  EXPECT_EQ(fallback.department->name, "许庄街道办事处");
  EXPECT_EQ(fallback.decision.limit.unit, calendar::Unit::working_days);

  const auto no_office =
      routing.suggest(access::Principal::command_line(), "09001", in_b, catalog::Urgency::normal).value();
  EXPECT_TRUE(no_office.decision.fallback);
  EXPECT_FALSE(no_office.department);
  EXPECT_NE(no_office.decision.reason.find("370811003"), std::string::npos);

  const auto far =
      routing.suggest(access::Principal::command_line(), "06001", outside, catalog::Urgency::normal).value();
  EXPECT_FALSE(far.place);
  EXPECT_TRUE(far.decision.fallback);  // the only rule is for district 370811

  EXPECT_EQ(routing.suggest(access::Principal::command_line(), "99999", in_a, catalog::Urgency::normal).error().code,
            ErrorCode::validation_failed);
  EXPECT_EQ(routing.suggest(access::Principal::command_line(), "01001", in_a, catalog::Urgency::normal)
                .value()
                .decision.fallback,
            true);

  // Changing the matrix needs rules.manage, and each change is in the audit log.
  access::Principal dispatcher;
  dispatcher.username = "d";
  dispatcher.roles = {access::Role::dispatcher};
  dispatcher.region_scopes = {"370811"};
  EXPECT_EQ(
      routing.add_rule(dispatcher, {0, "06001", "", "370811", std::nullopt, "HW", {2, calendar::Unit::working_hours}})
          .error()
          .code,
      ErrorCode::forbidden);
  storage::AuditQuery rules_changed;
  rules_changed.action_prefix = "rule.";
  const auto audit = db_->read([&](storage::Transaction& tx) { return tx.audit().query(rules_changed); }).value();
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].actor, "cli");
  EXPECT_EQ(audit[0].target, std::to_string(*rule_id));

  // A supervisor of street 370811003 sees its grid, not the other street's: as if it did not exist.
  access::Principal patrol;
  patrol.roles = {access::Role::supervisor};
  patrol.region_scopes = {"370811003"};
  EXPECT_TRUE(grids_->locate(patrol, in_b));
  EXPECT_FALSE(grids_->locate(patrol, in_a));
  EXPECT_TRUE(grids_->locate(in_a));
  EXPECT_TRUE(routing.suggest(patrol, "09001", in_b, catalog::Urgency::normal));
  EXPECT_EQ(routing.suggest(patrol, "06001", in_a, catalog::Urgency::normal).error().code, ErrorCode::not_found);
}

TEST_P(GridServiceTest, DemoCityIsCompleteAndOnlyForNewDatabases) {
  RoutingService routing(*db_, *grids_, {2, calendar::Unit::working_days});
  const auto data_dir = test::source_dir() / "data";
  const DemoCityData data{app::read_division_files(data_dir / "divisions").value(),
                          slurp(data_dir / "demo" / "rencheng-outline.geojson")};
  const DemoCityOptions options;
  const auto report = create_demo_city(kCli, *db_, *grids_, routing, data, options).value();
  EXPECT_GE(report.grids, 11000u);  // ≈ 11,000 cells of ~100 m (issue 3)
  EXPECT_LE(report.grids, 11700u);
  EXPECT_TRUE(report.warnings.empty()) << report.warnings.front();
  EXPECT_GT(report.communities, 100u);

  // Every grid is linked to a district, street and (synthetic) community that exist.
  const auto snapshot = grids_->snapshot();
  ASSERT_EQ(snapshot->index().size(), report.grids);
  for (const auto& place : snapshot->places()) {
    ASSERT_TRUE(place.district && place.street && place.community) << place.code;
    EXPECT_EQ(place.district->name, "任城区");
    EXPECT_TRUE(place.street->name.ends_with("街道")) << place.street->name;
  }
  const auto community =
      db_->read([&](storage::Transaction& tx) { return tx.divisions().find(snapshot->places()[0].community->code); })
          .value();
  ASSERT_TRUE(community);
  EXPECT_TRUE(community->synthetic);

  // Every matter major class has a rule: nothing in the core falls back to a street office.
  const geo::LonLat centre{116.595, 35.415};
  for (int major = 1; major <= 10; ++major) {
    CategoryQuery query;
    query.kind = catalog::CategoryKind::matter;
    query.text = fmt::format("{:02}", major);
    const auto category = CategoryService(*db_).list(query).value().front().code;
    const auto s =
        routing.suggest(access::Principal::command_line(), category, centre, catalog::Urgency::normal).value();
    EXPECT_FALSE(s.decision.fallback) << category;
    EXPECT_TRUE(s.department) << category;
  }
  const auto groups = grids_->responsibility_grids().value();
  EXPECT_EQ(groups.size(), report.responsibility_grids);
  std::int64_t covered = 0;
  for (const auto& g : groups) covered += g.unit_grid_count;
  EXPECT_EQ(covered, static_cast<std::int64_t>(report.grids));  // the streets' sets cover every grid once
  EXPECT_GE(report.components, 2000u);                          // "a few thousand" (issue 3)
  EXPECT_LE(report.components, 10000u);
  ComponentService inventory(*db_, *grids_);
  const auto near = inventory.nearest("01002", {116.5951, 35.4149}, 3, 500).value();
  ASSERT_EQ(near.size(), 3u);
  EXPECT_LE(near[0].distance_m, near[1].distance_m);
  EXPECT_EQ(near[0].component.name, "污水井盖");
  EXPECT_FALSE(near[0].component.grid_code.empty());
  EXPECT_FALSE(near[0].component.community_name.empty());
  EXPECT_EQ(create_demo_city(kCli, *db_, *grids_, routing, data, options).error().code, ErrorCode::conflict);
}

INSTANTIATE_TEST_SUITE_P(Backends, GridServiceTest,
                         ::testing::Values(storage::Backend::sqlite, storage::Backend::postgres), test::backend_name);

}  // namespace
}  // namespace ug::service
