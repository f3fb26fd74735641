// What an office's address files meet on import: every refused row says why, duplicates name the
// row kept, points outside the grids are kept but listed, a road named by its alias is stored
// under its own name, and a file without the columns it needs is refused whole.
#include "catalog/gazetteer_import.hpp"

#include <gtest/gtest.h>

namespace ug::catalog {
namespace {

std::vector<geo::GeoFeature> features(std::string_view text, geo::GeometryKind kind) {
  auto read = geo::read_feature_collection(text, {.kind = kind});
  EXPECT_TRUE(read) << (read ? "" : read.error().public_message());
  return read ? *read : std::vector<geo::GeoFeature>{};
}

TEST(GazetteerImport, RoadsWithAliasesAreAcceptedAndBadOnesSayWhy) {
  const auto plan = plan_road_import(features(R"({"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"name": "育才路", "aliases": "育才大道、育才东路"},
     "geometry": {"type": "LineString", "coordinates": [[116.58, 35.40], [116.60, 35.40]]}},
    {"type": "Feature", "properties": {"name": "建设街", "aliases": ["建设大街"]},
     "geometry": {"type": "MultiLineString", "coordinates": [[[116.59, 35.39], [116.59, 35.41]]]}},
    {"type": "Feature", "properties": {"name": ""},
     "geometry": {"type": "LineString", "coordinates": [[116.58, 35.40], [116.60, 35.40]]}},
    {"type": "Feature", "properties": {"name": "环城路"},
     "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}},
    {"type": "Feature", "properties": {"name": "单点路"},
     "geometry": {"type": "LineString", "coordinates": [[116.58, 35.40], [116.58, 35.40]]}},
    {"type": "Feature", "properties": {"name": "育才路"},
     "geometry": {"type": "LineString", "coordinates": [[116.58, 35.41], [116.60, 35.41]]}}
  ]})",
                                              geo::GeometryKind::line),
                                     {});
  ASSERT_EQ(plan.accepted.size(), 2u);
  EXPECT_EQ(plan.accepted[0].aliases, (std::vector<std::string>{"育才大道", "育才东路"}));
  EXPECT_EQ(plan.accepted[1].aliases, (std::vector<std::string>{"建设大街"}));
  ASSERT_EQ(plan.refused.size(), 3u);
  EXPECT_EQ(plan.refused[0].row, 3u);
  EXPECT_EQ(plan.refused[0].reasons, (std::vector<std::string>{"no_name"}));
  EXPECT_EQ(plan.refused[1].reasons, (std::vector<std::string>{"bad_line"}));
  EXPECT_NE(plan.refused[1].detail.find("Polygon"), std::string::npos);
  EXPECT_EQ(plan.refused[2].reasons, (std::vector<std::string>{"bad_line"}));
  ASSERT_EQ(plan.duplicates.size(), 1u);
  EXPECT_EQ(plan.duplicates[0].row, 6u);
  EXPECT_EQ(plan.duplicates[0].first_row, 1u);
}

AddressImportContext city(const std::vector<Road>* roads) {
  // One grid: everything west of 116.70 is in it, community 370811002001.
  return {[](geo::LonLat p) -> std::optional<std::string> {
            if (p.lon < 116.70) return "370811002001";
            return std::nullopt;
          },
          roads, false};
}

TEST(GazetteerImport, AddressRowsAreCheckedOneByOne) {
  const std::vector<Road> roads{{"育才路", {"育才大道"}, "", {}, false}};
  AddressColumns columns;
  ASSERT_TRUE(set_address_column(columns, "road=路名"));
  ASSERT_TRUE(set_address_column(columns, "number=门牌号"));
  ASSERT_TRUE(set_address_column(columns, "building=建筑名称"));
  ASSERT_TRUE(set_address_column(columns, "lon=经度"));
  ASSERT_TRUE(set_address_column(columns, "lat=纬度"));
  const auto plan = plan_address_import_csv(
      "路名,门牌号,建筑名称,经度,纬度\n"
      "育才路,１２号,,116.59,35.40\n"         // 1 full-width number
      "育才大道,14,育才小区,116.591,35.40\n"  // 2 alias → 育才路
      "育才路,12,,116.592,35.40\n"            // 3 duplicate of 1
      ",,,116.59,35.40\n"                     // 4 nothing named
      "育才路,东门,,116.59,35.40\n"           // 5 not a number
      "育才路,16,,abc,35.40\n"                // 6 bad location
      "育才路,18,,200,35.40\n"                // 7 out of range
      ",,济宁市第一中学,116.585,35.405\n"     // 8 a building alone
      "新华路,3,,116.80,35.40\n",             // 9 outside the grids, a road without a line
      columns, city(&roads));
  ASSERT_TRUE(plan) << plan.error().public_message();
  ASSERT_EQ(plan->accepted.size(), 4u);
  EXPECT_EQ(plan->accepted[0].number, "12");
  EXPECT_EQ(plan->accepted[0].community_code, "370811002001");
  EXPECT_EQ(plan->accepted[1].road, "育才路");
  EXPECT_EQ(plan->accepted[1].building, "育才小区");
  EXPECT_EQ(plan->accepted[2].building, "济宁市第一中学");
  EXPECT_EQ(plan->accepted[3].community_code, "");
  ASSERT_EQ(plan->duplicates.size(), 1u);
  EXPECT_EQ(plan->duplicates[0].row, 3u);
  EXPECT_EQ(plan->duplicates[0].first_row, 1u);
  ASSERT_EQ(plan->refused.size(), 4u);
  EXPECT_EQ(plan->refused[0].reasons, (std::vector<std::string>{"no_road_or_building"}));
  EXPECT_EQ(plan->refused[1].reasons, (std::vector<std::string>{"bad_number"}));
  EXPECT_EQ(plan->refused[2].reasons, (std::vector<std::string>{"bad_location"}));
  EXPECT_EQ(plan->refused[3].row, 7u);
  EXPECT_EQ(plan->outside_grids, (std::vector<std::size_t>{9}));
  EXPECT_EQ(plan->roads_without_line, (std::vector<std::string>{"新华路"}));
}

TEST(GazetteerImport, TextThatIsNotUtf8AndEndlessLinesAreRefused) {
  const auto plan =
      plan_address_import_csv("road,number,lon,lat\n\xd3\xfd\xb2\xc5\xc2\xb7,1,116.5,35.4\n", {}, city(nullptr));
  ASSERT_TRUE(plan);
  ASSERT_EQ(plan->refused.size(), 1u);
  EXPECT_EQ(plan->refused[0].reasons, (std::vector<std::string>{"bad_text"}));
  EXPECT_TRUE(plan->roads_without_line.empty());
  std::string coordinates;
  for (std::size_t i = 0; i <= kMaxRoadVertices; ++i) {
    coordinates += (i ? "," : "") + std::string("[") + std::to_string(116.5 + i * 1e-6) + ",35.4]";
  }
  const auto roads = plan_road_import(
      features(R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"长路"},)"
               R"("geometry":{"type":"LineString","coordinates":[)" +
                   coordinates + "]}}]}",
               geo::GeometryKind::line),
      {});
  ASSERT_EQ(roads.refused.size(), 1u);
  EXPECT_EQ(roads.refused[0].reasons, (std::vector<std::string>{"too_many_points"}));
}

TEST(GazetteerImport, AFileWithoutItsColumnsIsRefusedWhole) {
  const auto missing = plan_address_import_csv("road,number,x,y\n育才路,1,116.5,35.4\n", {}, city(nullptr));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::validation_failed);
  EXPECT_FALSE(plan_address_import_csv("", {}, city(nullptr)));
  AddressColumns columns;
  EXPECT_FALSE(set_address_column(columns, "street=路名"));
  EXPECT_FALSE(set_address_column(columns, "road="));
}

TEST(GazetteerImport, GeoJsonPointsTakeTheirLocationFromTheGeometry) {
  const auto plan = plan_address_import_geojson(features(R"({"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"road": "育才路", "number": 7},
     "geometry": {"type": "Point", "coordinates": [116.59, 35.40]}},
    {"type": "Feature", "properties": {"road": "育才路", "number": "9"},
     "geometry": {"type": "LineString", "coordinates": [[116.58, 35.40], [116.60, 35.40]]}}
  ]})",
                                                         geo::GeometryKind::point),
                                                {}, city(nullptr));
  ASSERT_EQ(plan.accepted.size(), 1u);
  EXPECT_EQ(plan.accepted[0].number, "7");
  ASSERT_EQ(plan.refused.size(), 1u);
  EXPECT_EQ(plan.refused[0].reasons, (std::vector<std::string>{"bad_location"}));
  EXPECT_NE(plan.refused[0].detail.find("not Point"), std::string::npos);
}

}  // namespace
}  // namespace ug::catalog
