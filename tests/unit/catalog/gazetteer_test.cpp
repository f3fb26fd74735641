// Geocoding and naming places on a small hand-made street plan: two crossing roads (one with an
// alias), odd numbers on one side and even on the other, a housing estate with two entrances, and
// the addresses real citizen messages use (an intersection, a missing number, a POI, a prefix of
// province, city, district and street).
#include "catalog/gazetteer.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

namespace ug::catalog {
namespace {

// 育才路 runs east along lat 35.40 from lon 116.58 to 116.60; 建设街 north along lon 116.59.
Gazetteer plan() {
  std::vector<Road> roads{
      {"育才路", {"育才大道"}, "370811", {{{116.58, 35.40}, {116.60, 35.40}}}, false},
      {"建设街", {}, "370811", {{{116.59, 35.39}, {116.59, 35.41}}}, false},
  };
  std::vector<AddressPoint> points;
  // Odd numbers on the north side, even on the south, one every ~90 m.
  for (int n = 1; n <= 20; ++n) {
    const double lon = 116.58 + 0.001 * n;
    const double lat = n % 2 == 1 ? 35.4002 : 35.3998;
    if (n == 12) continue;  // 12 is not recorded
    points.push_back({"育才路", std::to_string(n), "", "370811002001", {lon, lat}, false});
  }
  points.push_back({"育才路", "14", "育才小区", "370811002001", {116.5941, 35.3997}, false});
  points.push_back({"建设街", "3", "", "370811002002", {116.5902, 35.395}, false});
  points.push_back({"", "", "济宁市第一中学", "370811002002", {116.585, 35.405}, false});
  return Gazetteer(std::move(roads), std::move(points));
}

TEST(Gazetteer, ARoadAndNumberFindTheirPointFirst) {
  const auto g = plan();
  const auto found = g.geocode("山东省济宁市任城区越河街道育才路１５号", 5);
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(found[0].kind, "address");
  EXPECT_EQ(found[0].label, "育才路15号");
  EXPECT_DOUBLE_EQ(found[0].score, 1.0);
  EXPECT_NEAR(found[0].point.lon, 116.595, 1e-9);
}

TEST(Gazetteer, ARoadNamedTwiceStillFindsItsNumber) {
  const auto found = plan().geocode("育才路育才路15号", 5);
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(found[0].kind, "address");
  EXPECT_EQ(found[0].label, "育才路15号");
}

TEST(Gazetteer, AnAliasAndNumeralsFindTheSamePoint) {
  const auto g = plan();
  const auto found = g.geocode("育才大道十五号", 5);
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(found[0].kind, "address");
  EXPECT_EQ(found[0].road, "育才路");
  EXPECT_EQ(found[0].number, "15");
}

TEST(Gazetteer, AMissingNumberGivesTheNearestOnTheSameSideFirst) {
  const auto g = plan();
  const auto found = g.geocode("育才路12号", 5);
  ASSERT_GE(found.size(), 2u);
  EXPECT_EQ(found[0].kind, "nearest_number");
  // 10 and 14 are both two away; the lower one is met first. Both are even, the side of 12.
  EXPECT_TRUE(found[0].number == "10" || found[0].number == "14") << found[0].number;
  EXPECT_LT(found[0].score, 1.0);
  // The other side (11 or 13) comes after it, scored lower.
  const auto other = std::find_if(found.begin(), found.end(), [](const auto& c) {
    return c.kind == "nearest_number" && (c.number == "11" || c.number == "13");
  });
  ASSERT_NE(other, found.end());
  EXPECT_LT(other->score, found[0].score);
}

TEST(Gazetteer, ATypedBuildingPicksAmongEntrancesOfOneNumber) {
  const auto g = plan();
  auto found = g.geocode("育才路14号育才小区", 5);
  ASSERT_GE(found.size(), 2u);
  EXPECT_EQ(found[0].label, "育才路14号（育才小区）");
  EXPECT_DOUBLE_EQ(found[0].score, 1.0);
  found = g.geocode("育才路14号", 5);
  ASSERT_GE(found.size(), 2u);
  EXPECT_EQ(found[0].kind, "address");
  EXPECT_EQ(found[1].kind, "address");
}

TEST(Gazetteer, TwoRoadsNamedTogetherAreTheirCrossing) {
  const auto g = plan();
  const auto found = g.geocode("育才路和建设街交界处有井盖缺失", 5);
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(found[0].kind, "intersection");
  EXPECT_EQ(found[0].label, "育才路与建设街交叉口");
  EXPECT_NEAR(found[0].point.lon, 116.59, 1e-9);
  EXPECT_NEAR(found[0].point.lat, 35.40, 1e-9);
}

TEST(Gazetteer, APoiIsFoundByItsNameAlone) {
  const auto g = plan();
  const auto found = g.geocode("济宁市第一中学门口垃圾满溢", 5);
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(found[0].kind, "building");
  EXPECT_EQ(found[0].label, "济宁市第一中学");
}

TEST(Gazetteer, ARoadAloneIsItsMiddle) {
  const auto g = plan();
  const auto found = g.geocode("建设街路面破损", 5);
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(found[0].kind, "road");
  EXPECT_NEAR(found[0].point.lat, 35.40, 1e-6);
  EXPECT_NEAR(found[0].point.lon, 116.59, 1e-9);
}

TEST(Gazetteer, NothingKnownIsNothingFound) {
  const auto g = plan();
  EXPECT_TRUE(g.geocode("火星大道1号", 5).empty());
  EXPECT_TRUE(g.geocode("", 5).empty());
  EXPECT_TRUE(g.geocode("   ", 5).empty());
  EXPECT_TRUE(Gazetteer().geocode("育才路1号", 5).empty());
}

TEST(Gazetteer, AtMostTheLimitOfCandidates) {
  const auto g = plan();
  EXPECT_EQ(g.geocode("育才路12号", 1).size(), 1u);
  EXPECT_TRUE(g.geocode("育才路12号", 0).empty());
}

TEST(Gazetteer, ThePlaceOfAPointIsItsNearestAddressOrRoad) {
  const auto g = plan();
  const auto nearest = g.nearest_address({116.5951, 35.4003}, 100);
  ASSERT_TRUE(nearest);
  EXPECT_EQ(address_label(nearest->address), "育才路15号");
  EXPECT_LT(nearest->distance_m, 20);
  EXPECT_FALSE(g.nearest_address({116.70, 35.50}, 100));
  const auto road = g.nearest_road({116.5905, 35.3930}, 100);
  ASSERT_TRUE(road);
  EXPECT_EQ(road->road, "建设街");
  EXPECT_NEAR(road->distance_m, 0.0005 * std::cos(35.40 * M_PI / 180) * 111195, 5);
  EXPECT_FALSE(g.nearest_road({116.70, 35.50}, 100));
}

}  // namespace
}  // namespace ug::catalog
