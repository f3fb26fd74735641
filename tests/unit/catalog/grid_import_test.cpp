// Grid codes, division codes, and import planning on drawn fixtures: rejections with reasons,
// repair, overlaps with their area, gaps, unknown division prefixes, strict mode.
#include <gtest/gtest.h>

#include "../geo/drawing.hpp"
#include "catalog/codes.hpp"
#include "catalog/grid_import.hpp"

namespace ug::catalog {
namespace {

TEST(GridCode, FifteenCharactersOrFourteenDigits) {
  const auto modern = parse_grid_code("37081100100100A").value();
  EXPECT_EQ(modern.district, "370811");
  EXPECT_EQ(modern.street, "370811001");
  EXPECT_EQ(modern.community, "370811001001");
  EXPECT_FALSE(modern.legacy);
  EXPECT_TRUE(parse_grid_code("37081100100101").value().legacy);
  for (const char* bad : {"", "3708110010010", "3708110010010a", "37081100100100AB", "A70811001001001",
                          "3708110010010-1", "37081100100101 "}) {
    EXPECT_FALSE(parse_grid_code(bad)) << bad;
  }
  EXPECT_TRUE(parse_grid_code("370811001001ZZ9"));
}

TEST(DivisionCode, LevelsAndParents) {
  EXPECT_EQ(division_level("37").value(), DivisionLevel::province);
  EXPECT_EQ(division_level("3708").value(), DivisionLevel::city);
  EXPECT_EQ(division_level("370811").value(), DivisionLevel::district);
  EXPECT_EQ(division_level("370811001").value(), DivisionLevel::street);
  EXPECT_EQ(division_level("370811001001").value(), DivisionLevel::community);
  EXPECT_FALSE(division_level("3708110"));
  EXPECT_FALSE(division_level("37a8"));
  EXPECT_EQ(division_parent("370811001001"), "370811001");
  EXPECT_EQ(division_parent("370811001"), "370811");
  EXPECT_EQ(division_parent("370811"), "3708");
  EXPECT_EQ(division_parent("3708"), "37");
  EXPECT_EQ(division_parent("37"), "");
}

geo::GeoFeature feature_of(const geo::IndexedGrid& grid, std::size_t position, const std::string& code) {
  geo::GeoFeature f;
  f.position = position;
  f.properties["code"] = code;
  f.properties["name"] = "网格" + std::to_string(position);
  f.shape = grid.shape;
  return f;
}

std::vector<geo::GeoFeature> features_of(const std::vector<geo::IndexedGrid>& grids) {
  std::vector<geo::GeoFeature> out;
  for (std::size_t i = 0; i < grids.size(); ++i) out.push_back(feature_of(grids[i], i, grids[i].code));
  return out;
}

GridImportOptions options(bool repair = false, bool strict = false) {
  GridImportOptions o;
  o.name_property = "name";
  o.repair = repair;
  o.strict = strict;
  return o;
}

const std::set<std::string> kKnown = {"370811", "370811001", "370811001001"};

TEST(GridImport, CleanTilingIsAcceptedWithoutWarnings) {
  const auto plan = plan_grid_import(features_of(test::draw({"AB", "CD"})), options(), {}, kKnown);
  EXPECT_EQ(plan.accepted.size(), 4u);
  EXPECT_TRUE(plan.rejected.empty());
  EXPECT_TRUE(plan.warnings.empty()) << plan.warnings[0].message;
  EXPECT_EQ(plan.accepted[0].name, "网格0");
  EXPECT_NEAR(plan.accepted[0].area_m2, 10070, 15);
  EXPECT_FALSE(plan.refused);
}

TEST(GridImport, BadAndDuplicateCodesAreRejectedWithReasons) {
  const auto grids = test::draw({"ABC"});
  auto features = features_of(grids);
  features[1].properties["code"] = features[0].properties["code"];  // duplicate of A
  features[2].properties["code"] = "not-a-code";
  const auto plan = plan_grid_import(features, {}, {}, kKnown);
  EXPECT_TRUE(plan.accepted.empty());
  ASSERT_EQ(plan.rejected.size(), 3u);
  EXPECT_NE(plan.rejected[0].reasons[0].find("出现 2 次"), std::string::npos);
  EXPECT_NE(plan.rejected[2].reasons[0].find("网格编码应为"), std::string::npos);
}

TEST(GridImport, MissingCodeAndBrokenGeometryAreRejected) {
  auto features = features_of(test::draw({"AB"}));
  features[0].properties.erase("code");
  features[1].shape.reset();
  features[1].problems.push_back("polygon outer ring is not closed (its last position differs from its first)");
  const auto plan = plan_grid_import(features, {}, {}, kKnown);
  ASSERT_EQ(plan.rejected.size(), 2u);
  EXPECT_NE(plan.rejected[0].reasons[0].find("缺少编码属性"), std::string::npos);
  EXPECT_NE(plan.rejected[1].reasons[0].find("not closed"), std::string::npos);
}

TEST(GridImport, InvalidGeometryIsRejectedOrRepairedOnRequest) {
  geo::IndexedGrid bowtie{
      test::code_for('A'),
      {{geo::Polygon{
          {test::corner(0, 0), test::corner(2, 2), test::corner(2, 0), test::corner(0, 2), test::corner(0, 0)}, {}}}}};
  const auto rejected = plan_grid_import({feature_of(bowtie, 0, bowtie.code)}, {}, {}, kKnown);
  ASSERT_EQ(rejected.rejected.size(), 1u);
  EXPECT_NE(rejected.rejected[0].reasons[0].find("Self-intersection"), std::string::npos);
  EXPECT_NE(rejected.rejected[0].reasons[0].find("--repair"), std::string::npos);
  const auto repaired = plan_grid_import({feature_of(bowtie, 0, bowtie.code)}, options(true), {}, kKnown);
  ASSERT_EQ(repaired.accepted.size(), 1u);
  EXPECT_EQ(repaired.accepted[0].shape.parts.size(), 2u);
  ASSERT_EQ(repaired.accepted[0].repairs.size(), 1u);
  EXPECT_NE(repaired.accepted[0].repairs[0].find("MakeValid"), std::string::npos);
}

TEST(GridImport, OverlapWithAStoredGridIsAWarningWithItsArea) {
  const auto stored = test::draw({"A"});
  auto incoming = test::draw({".B"});
  for (auto& p : incoming[0].shape.parts[0].outer) p.x -= test::kCell / 4;  // B covers A's east quarter
  const auto plan = plan_grid_import(features_of(incoming), {}, stored, kKnown);
  ASSERT_EQ(plan.accepted.size(), 1u);
  ASSERT_EQ(plan.warnings.size(), 1u);
  EXPECT_EQ(plan.warnings[0].kind, "overlap");
  EXPECT_NEAR(plan.warnings[0].area_m2, 10070.0 / 4, 5);
  EXPECT_EQ(plan.warnings[0].codes, (std::vector<std::string>{test::code_for('A'), test::code_for('B')}));
}

TEST(GridImport, GapInsideACommunityIsAWarning) {
  const auto plan = plan_grid_import(features_of(test::draw({"ABC", "D.E", "FGH"})), {}, {}, kKnown);
  EXPECT_EQ(plan.accepted.size(), 8u);
  ASSERT_EQ(plan.warnings.size(), 1u);
  EXPECT_EQ(plan.warnings[0].kind, "gap");
  EXPECT_NEAR(plan.warnings[0].area_m2, 10070, 15);
}

TEST(GridImport, UnknownDivisionPrefixesAreListed) {
  const auto plan = plan_grid_import(features_of(test::draw({"AB"})), {}, {}, {"370811"});
  ASSERT_EQ(plan.warnings.size(), 1u);
  EXPECT_EQ(plan.warnings[0].kind, "unknown_division");
  EXPECT_EQ(plan.warnings[0].codes, std::vector<std::string>{"370811001"});
  EXPECT_NE(plan.warnings[0].message.find("370811001（2 个网格）"), std::string::npos) << plan.warnings[0].message;
}

TEST(GridImport, StrictRefusesOnAnyWarningOrRejection) {
  EXPECT_TRUE(plan_grid_import(features_of(test::draw({"A.B"})), options(false, true), {}, {"370811"}).refused);
  auto features = features_of(test::draw({"AB"}));
  features[1].properties["code"] = "bad";
  EXPECT_TRUE(plan_grid_import(features, options(false, true), {}, kKnown).refused);
  EXPECT_FALSE(plan_grid_import(features, {}, {}, kKnown).refused);
  EXPECT_FALSE(plan_grid_import(features_of(test::draw({"AB"})), options(false, true), {}, kKnown).refused);
}

}  // namespace
}  // namespace ug::catalog
