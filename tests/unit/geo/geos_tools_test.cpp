// GEOS checks: invalid shapes named with a reason and place, MakeValid, overlap areas, gaps.
#include <gtest/gtest.h>

#include "drawing.hpp"
#include "geo/geos_tools.hpp"

namespace ug::geo {
namespace {

MultiPolygon bowtie() {
  // A self-intersecting "figure eight" over two cells.
  return {{Polygon{{test::corner(0, 0), test::corner(2, 2), test::corner(2, 0), test::corner(0, 2), test::corner(0, 0)},
                   {}}}};
}

TEST(GeosTools, SelfIntersectionIsInvalidWithItsPlace) {
  const auto v = check_validity(bowtie());
  EXPECT_FALSE(v.valid);
  EXPECT_NE(v.reason.find("Self-intersection"), std::string::npos) << v.reason;
  ASSERT_TRUE(v.location);
  EXPECT_NEAR(v.location->lon, 116.531, 1e-9);
  EXPECT_NEAR(v.location->lat, 35.459, 1e-9);
  EXPECT_TRUE(check_validity(test::cell(0, 0)).valid);
}

TEST(GeosTools, MakeValidSplitsTheBowtie) {
  const auto fixed = make_valid(bowtie()).value();
  EXPECT_EQ(fixed.parts.size(), 2u);
  EXPECT_TRUE(check_validity(fixed).valid);
  EXPECT_NEAR(area_square_metres(fixed), area_square_metres(test::cell(0, 0)) * 2, 1.0);  // two triangles = 2 cells
}

TEST(GeosTools, OverlapAreaOfHalfACell) {
  auto shifted = test::cell(0, 0);
  for (auto& p : shifted.parts[0].outer) p.x += test::kCell / 2;
  const double full = area_square_metres(test::cell(0, 0));
  EXPECT_NEAR(overlap_area_square_metres(test::cell(0, 0), shifted), full / 2, 1.0);
  EXPECT_EQ(overlap_area_square_metres(test::cell(0, 0), test::cell(1, 0)), 0.0);  // touching only
}

TEST(GeosTools, GapsInTheUnionOfACommunitysGrids) {
  const auto grids = test::draw({
      "ABC",
      "D.E",
      "FGH",
  });
  std::vector<const MultiPolygon*> shapes;
  for (const auto& g : grids) shapes.push_back(&g.shape);
  const auto gaps = gaps_in_union(shapes, 1.0);
  ASSERT_EQ(gaps.size(), 1u);
  EXPECT_NEAR(area_square_metres(gaps[0]), area_square_metres(test::cell(1, 1)), 1.0);
  EXPECT_TRUE(gaps_in_union(shapes, 20'000.0).empty());  // smaller than the threshold
}

}  // namespace
}  // namespace ug::geo
