// Point → grid on drawn fixtures: inside, on shared edges and vertices (smallest code wins),
// holes, MultiPolygons, overlaps, outside, and invalid coordinates.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

#include "drawing.hpp"
#include "geo/grid_index.hpp"

namespace ug::geo {
namespace {

using test::at;
using test::code_for;
using test::draw;

std::string located(const GridIndex& index, NanoPoint p) {
  const auto i = index.locate(p);
  return i ? index.grids()[*i].code : "";
}

TEST(GridIndex, InteriorPointsFindTheirGrid) {
  const GridIndex index(draw({
      "AAB",
      "AAB",
      "CCB",
  }));
  EXPECT_EQ(located(index, at(0.5, 0.5)), code_for('A'));
  EXPECT_EQ(located(index, at(2.5, 2.5)), code_for('B'));
  EXPECT_EQ(located(index, at(0.2, 2.9)), code_for('C'));
}

TEST(GridIndex, SharedEdgesAndVerticesGoToTheSmallestCode) {
  const GridIndex index(draw({
      "AB",
      "CD",
  }));
  EXPECT_EQ(located(index, at(1, 0.5)), code_for('A'));  // edge A|B
  EXPECT_EQ(located(index, at(1, 1.5)), code_for('C'));  // edge C|D
  EXPECT_EQ(located(index, at(1.5, 1)), code_for('B'));  // edge B/D
  EXPECT_EQ(located(index, at(1, 1)), code_for('A'));    // the vertex all four share
  EXPECT_EQ(index.covering(at(1, 1)).size(), 4u);
  EXPECT_EQ(located(index, at(2, 2)), code_for('D'));  // outer corner of D
}

TEST(GridIndex, OuterBoundaryIsCoveredAndOutsideIsNot) {
  const GridIndex index(draw({
      "AA",
  }));
  EXPECT_EQ(located(index, at(0, 0)), code_for('A'));
  EXPECT_EQ(located(index, at(2, 1)), code_for('A'));
  EXPECT_EQ(located(index, at(0.7, 1)), code_for('A'));
  EXPECT_EQ(located(index, at(2.0001, 0.5)), "");
  EXPECT_EQ(located(index, at(-0.0001, 0.5)), "");
  EXPECT_EQ(located(index, at(1, 1.0001)), "");
  EXPECT_EQ(located(index, at(50, 50)), "");
}

TEST(GridIndex, HolesAreOutsideButTheirBoundaryIsCovered) {
  const GridIndex index(draw({
      "AAA",
      "A.A",
      "AAA",
  }));
  ASSERT_EQ(index.grids()[0].shape.parts.size(), 1u);
  ASSERT_EQ(index.grids()[0].shape.parts[0].holes.size(), 1u);
  EXPECT_EQ(located(index, at(1.5, 1.5)), "");
  EXPECT_EQ(located(index, at(1, 1.5)), code_for('A'));  // on the hole's edge
  EXPECT_EQ(located(index, at(2, 2)), code_for('A'));    // on the hole's corner
}

TEST(GridIndex, GridInsideAHoleOfAnother) {
  const GridIndex index(draw({
      "BBB",
      "BAB",
      "BBB",
  }));
  EXPECT_EQ(located(index, at(1.5, 1.5)), code_for('A'));
  EXPECT_EQ(located(index, at(0.5, 0.5)), code_for('B'));
  EXPECT_EQ(located(index, at(1, 1.5)), code_for('A'));  // shared ring: A < B
}

TEST(GridIndex, MultiPolygonPartsAllBelongToTheGrid) {
  const GridIndex index(draw({
      "A.A",
      "...",
      "A.B",
  }));
  const auto& a = index.grids()[0];
  EXPECT_EQ(a.shape.parts.size(), 3u);
  EXPECT_EQ(located(index, at(0.5, 0.5)), code_for('A'));
  EXPECT_EQ(located(index, at(2.5, 0.5)), code_for('A'));
  EXPECT_EQ(located(index, at(0.5, 2.5)), code_for('A'));
  EXPECT_EQ(located(index, at(1.5, 1.5)), "");
  EXPECT_EQ(located(index, at(2.5, 2.5)), code_for('B'));
}

TEST(GridIndex, OverlapsResolveToTheSmallestCodeEveryTime) {
  auto grids = draw({"AA"});
  auto b = draw({"BB"});
  // Shift B half a cell east so that it overlaps A's right half.
  for (auto& p : b[0].shape.parts[0].outer) p.x += test::kCell / 2;
  grids.push_back(std::move(b[0]));
  // Registered in reverse order: the result must not depend on input order.
  std::reverse(grids.begin(), grids.end());
  const GridIndex index(std::move(grids));
  EXPECT_EQ(located(index, at(1.5, 0.5)), code_for('A'));  // in the overlap
  EXPECT_EQ(index.covering(at(1.5, 0.5)).size(), 2u);
  EXPECT_EQ(located(index, at(2.25, 0.5)), code_for('B'));
}

TEST(GridIndex, InvalidCoordinatesAreOutside) {
  const GridIndex index(draw({"A"}));
  EXPECT_FALSE(index.locate(LonLat{std::nan(""), 35.4595}));
  EXPECT_FALSE(index.locate(LonLat{std::numeric_limits<double>::infinity(), 0}));
  EXPECT_FALSE(index.locate(LonLat{200, 35}));
  EXPECT_TRUE(index.locate(LonLat{116.5305, 35.4595}));
}

TEST(GridIndex, EmptyIndexLocatesNothing) {
  const GridIndex index({});
  EXPECT_FALSE(index.locate(LonLat{116.5, 35.4}));
  EXPECT_EQ(index.size(), 0u);
}

TEST(GridIndex, BoxNeighboursListTouchingGridsOnce) {
  const GridIndex index(draw({
      "AB.",
      "..C",
  }));
  const auto pairs = index.box_neighbours();
  // A touches B; B touches C at a corner; A and C are apart.
  EXPECT_EQ(pairs, (std::vector<std::pair<std::size_t, std::size_t>>{{0, 1}, {1, 2}}));
}

TEST(Geometry, AreaOfAHundredMetreCell) {
  // 0.001° × 0.001° at 35.46° N: 111,195 m × 111,195 m × cos(35.46°) / 1e6 ≈ 10,070 m².
  const double m2 = area_square_metres(test::cell(0, 0));
  EXPECT_NEAR(m2, 10070, 15);
}

}  // namespace
}  // namespace ug::geo

namespace ug::geo {
namespace {

// The index (R-tree filter + flat ring test) agrees with a brute-force scan using the general
// point-in-polygon, on random interior points and on every vertex and edge midpoint, where the
// smallest-code rule matters.
TEST(GridIndex, AgreesWithBruteForceEverywhereIncludingBoundaries) {
  const auto grids = test::draw({
      "AABBBCC.",
      "A..BDDC.",
      "AEEBDFFF",
      "GGEHHHF.",
      "G..H.HII",
  });
  const GridIndex index(grids);
  const auto brute = [&](NanoPoint p) -> std::string {
    std::string best;
    for (const auto& g : index.grids()) {
      if (covers(g.shape, p) && (best.empty() || g.code < best)) best = g.code;
    }
    return best;
  };
  std::vector<NanoPoint> probes;
  for (int r = 0; r <= 10; ++r) {
    for (int c = 0; c <= 16; ++c) probes.push_back(test::at(c * 0.5, r * 0.5));  // vertices and midpoints
  }
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> col(-0.5, 8.5), row(-0.5, 5.5);
  for (int i = 0; i < 2000; ++i) probes.push_back(test::at(col(rng), row(rng)));
  for (const auto& p : probes) {
    const auto hit = index.locate(p);
    EXPECT_EQ(hit ? index.grids()[*hit].code : "", brute(p)) << "at " << p.x << "," << p.y;
  }
}

}  // namespace
}  // namespace ug::geo
