// GeoJSON reading: file-level errors, per-feature problems with their reasons, ring repair, and
// a round trip through the writer.
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "geo/geojson.hpp"

namespace ug::geo {
namespace {

std::string collection(const std::string& features) {
  return R"({"type":"FeatureCollection","features":[)" + features + "]}";
}
std::string feature(const std::string& code, const std::string& geometry) {
  return R"({"type":"Feature","properties":{"code":")" + code + R"("},"geometry":)" + geometry + "}";
}
const std::string kSquare =
    R"({"type":"Polygon","coordinates":[[[116.5,35.4],[116.501,35.4],[116.501,35.401],[116.5,35.401],[116.5,35.4]]]})";

TEST(GeoJson, FileLevelErrorsAreErrors) {
  for (const std::string bad : {"", "not json", "[]", R"({"type":"Feature"})", R"({"type":"FeatureCollection"})",
                                R"({"type":"FeatureCollection","features":{}})"}) {
    const auto r = read_feature_collection(bad, {});
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::validation_failed);
  }
}

TEST(GeoJson, NanCoordinatesAreRefusedWithAReason) {
  // NaN is not JSON: the file is refused as a whole, with the parser's reason.
  const auto r = read_feature_collection(
      collection(
          feature("A", R"({"type":"Polygon","coordinates":[[[NaN,35.4],[116.5,35.4],[116.5,35.5],[NaN,35.4]]]})")),
      {});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().public_message().find("GeoJSON"), std::string::npos);
}

TEST(GeoJson, TenMegabytesOfNestingIsRefusedQuickly) {
  const std::string deep = std::string(5'000'000, '[') + std::string(5'000'000, ']');
  const auto r = read_feature_collection(deep, {});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().public_message().find("GeoJSON"), std::string::npos);
}

TEST(GeoJson, ReadsPolygonsMultiPolygonsAndHoles) {
  const auto text = collection(
      feature("A", kSquare) + "," +
      feature(
          "B",
          R"({"type":"MultiPolygon","coordinates":[[[[0,0],[4,0],[4,4],[0,4],[0,0]],[[1,1],[1,2],[2,2],[2,1],[1,1]]],[[[10,10],[11,10],[11,11],[10,10]]]]})"));
  const auto features = read_feature_collection(text, {}).value();
  ASSERT_EQ(features.size(), 2u);
  ASSERT_TRUE(features[0].shape);
  EXPECT_EQ(property_text(features[0], "code"), "A");
  EXPECT_EQ(features[0].shape->parts[0].outer.size(), 5u);
  EXPECT_EQ(features[0].shape->parts[0].outer[1], (NanoPoint{116'501'000'000, 35'400'000'000}));
  ASSERT_TRUE(features[1].shape);
  EXPECT_EQ(features[1].shape->parts.size(), 2u);
  EXPECT_EQ(features[1].shape->parts[0].holes.size(), 1u);
}

TEST(GeoJson, BadFeaturesCarryTheirReasonAndOthersSurvive) {
  const auto text =
      collection(feature("point", R"({"type":"Point","coordinates":[116.5,35.4]})") + "," +
                 feature("open", R"({"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]})") + "," +
                 feature("degenerate", R"({"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0],[1,0],[0,0]]]})") + "," +
                 feature("huge", R"({"type":"Polygon","coordinates":[[[0,0],[1e400,0],[1,1],[0,0]]]})") + "," +
                 feature("outofrange", R"({"type":"Polygon","coordinates":[[[0,0],[190,0],[1,1],[0,0]]]})") + "," +
                 feature("strings", R"({"type":"Polygon","coordinates":[[["0","0"],[1,0],[1,1],[0,0]]]})") + "," +
                 R"({"type":"Feature","properties":{"code":"nogeom"},"geometry":null})" + "," + "42" + "," +
                 feature("ok", kSquare));
  const auto features = read_feature_collection(text, {}).value();
  ASSERT_EQ(features.size(), 9u);
  const auto reason = [&](std::size_t i) { return features[i].problems.empty() ? "" : features[i].problems[0]; };
  EXPECT_NE(reason(0).find("Point is not Polygon"), std::string::npos) << reason(0);
  EXPECT_NE(reason(1).find("not closed"), std::string::npos) << reason(1);
  EXPECT_NE(reason(2).find("degenerate"), std::string::npos) << reason(2);
  EXPECT_NE(reason(3).find("not a valid longitude/latitude"), std::string::npos) << reason(3);
  EXPECT_NE(reason(4).find("not a valid longitude/latitude"), std::string::npos) << reason(4);
  EXPECT_NE(reason(5).find("not [longitude, latitude]"), std::string::npos) << reason(5);
  EXPECT_NE(reason(6).find("no geometry"), std::string::npos) << reason(6);
  EXPECT_NE(reason(7).find("not an object"), std::string::npos) << reason(7);
  for (std::size_t i = 0; i < 8; ++i) EXPECT_FALSE(features[i].shape) << i;
  EXPECT_TRUE(features[8].shape);
  EXPECT_TRUE(features[8].problems.empty());
}

TEST(GeoJson, RepairClosesRingsAndDropsDegenerateHolesSayingSo) {
  const auto text = collection(
      feature("A", R"({"type":"Polygon","coordinates":[[[0,0],[4,0],[4,4],[0,4]],[[1,1],[2,2],[1,1],[1,1]]]})"));
  const auto strict = read_feature_collection(text, {}).value();
  EXPECT_FALSE(strict[0].shape);
  const auto repaired = read_feature_collection(text, {.repair_rings = true}).value();
  ASSERT_TRUE(repaired[0].shape);
  EXPECT_EQ(repaired[0].shape->parts[0].outer.size(), 5u);
  EXPECT_TRUE(repaired[0].shape->parts[0].holes.empty());
  ASSERT_EQ(repaired[0].repairs.size(), 2u);
  EXPECT_NE(repaired[0].repairs[0].find("closed"), std::string::npos);
  EXPECT_NE(repaired[0].repairs[1].find("dropped"), std::string::npos);
}

TEST(GeoJson, WrittenGeometryReadsBackToTheSameNanodegrees) {
  const auto features = read_feature_collection(collection(feature("A", kSquare)), {}).value();
  const auto geometry = to_geojson_geometry(*features[0].shape);
  const auto text =
      collection(R"({"type":"Feature","properties":{},"geometry":)" + boost::json::serialize(geometry) + "}");
  const auto again = read_feature_collection(text, {}).value();
  ASSERT_TRUE(again[0].shape);
  EXPECT_EQ(again[0].shape->parts[0].outer, features[0].shape->parts[0].outer);
}

TEST(GeoJson, NumericCodePropertiesReadAsText) {
  const auto text =
      collection(R"({"type":"Feature","properties":{"id":370811001001001,"f":1.5},"geometry":)" + kSquare + "}");
  const auto features = read_feature_collection(text, {}).value();
  EXPECT_EQ(property_text(features[0], "id"), "370811001001001");
  EXPECT_EQ(property_text(features[0], "f"), std::nullopt);
  EXPECT_EQ(property_text(features[0], "missing"), std::nullopt);
}

}  // namespace
}  // namespace ug::geo
