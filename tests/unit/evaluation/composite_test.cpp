// Composite scores and rankings, hand-computed: weights over scored indicators, count bands, the
// renormalisation over indicators without a value, grades, shared ranks and the previous period.
#include "evaluation/composite.hpp"

#include <gtest/gtest.h>

namespace ug::evaluation {
namespace {

// A department row with the given rates and overdue count; every other value zero.
UnitValues department(std::string unit, Rate on_time, Rate handle, Rate rework, Rate satisfaction,
                      std::int64_t overdue) {
  UnitValues u{std::move(unit), {}};
  for (const auto& i : indicators(Kind::department)) {
    if (i.is_rate) {
      u.values.emplace_back(Rate{});
    } else {
      u.values.emplace_back(std::int64_t{0});
    }
  }
  const auto set = [&](std::string_view id, Value v) { u.values[indicator_index(Kind::department, id).value()] = v; };
  set("on_time_handle_rate", on_time);
  set("handle_rate", handle);
  set("rework_rate", rework);
  set("satisfaction_rate", satisfaction);
  set("overdue_unhandled", overdue);
  return u;
}

TEST(Composite, TheDefaultsAreValidAndSumTo100) {
  for (const auto kind : kinds()) EXPECT_TRUE(validate(kind, default_weighting(kind))) << to_string(kind);
}

TEST(Composite, ValidationNamesWhatIsWrong) {
  auto w = default_weighting(Kind::department);
  w.weights["handle_rate"] = 25;  // sums to 105
  EXPECT_NE(validate(Kind::department, w).error().public_message().find("100"), std::string::npos);
  w = default_weighting(Kind::department);
  w.weights["no_such"] = 0;
  EXPECT_NE(validate(Kind::department, w).error().public_message().find("no_such"), std::string::npos);
  w = default_weighting(Kind::department);
  w.bands.erase("overdue_unhandled");
  EXPECT_NE(validate(Kind::department, w).error().public_message().find("计分档"), std::string::npos);
  w = default_weighting(Kind::department);
  w.bands["overdue_unhandled"] = {{0, 100}, {5, 50}, {5, 20}};
  EXPECT_FALSE(validate(Kind::department, w));
  w.bands["overdue_unhandled"] = {{1, 100}};
  EXPECT_FALSE(validate(Kind::department, w));
  w.bands["overdue_unhandled"] = {{0, 120}};
  EXPECT_FALSE(validate(Kind::department, w));
  w.bands["overdue_unhandled"] = {{0, 100}};
  w.bands["handle_rate"] = {{0, 100}};
  EXPECT_FALSE(validate(Kind::department, w));
}

TEST(Composite, WeightedScoresOfADepartment) {
  // 按期处置率 9/10 → 90 × 40; 处置率 10/10 → 100 × 20; 返工率 1/10 → 90 × 10; 满意率 3/4 → 75 × 20;
  // 超期未处置 2 → band ≥1 → 90 × 10. (3600 + 2000 + 900 + 1500 + 900) / 100 = 89.
  const auto c = composite_of(Kind::department, department("HW", {9, 10}, {10, 10}, {1, 10}, {3, 4}, 2),
                              default_weighting(Kind::department));
  ASSERT_TRUE(c.value);
  EXPECT_DOUBLE_EQ(*c.value, 89.0);
  EXPECT_EQ(c.grade, Grade::B);
  EXPECT_DOUBLE_EQ(*c.scores.at("rework_rate"), 90.0);
  EXPECT_DOUBLE_EQ(*c.scores.at("overdue_unhandled"), 90.0);
}

TEST(Composite, IndicatorsWithoutAValueAreLeftOutOfTheWeights) {
  // No callbacks and nothing reworkable: 满意率 and 返工率 have no value, and their 30 of weight
  // is left out. On time 1/2 → 50 × 40, 处置率 1/2 → 50 × 20, overdue 1 → 90 × 10:
  // (2000 + 1000 + 900) / 70 = 55.714…
  const auto c =
      composite_of(Kind::department, department("SZ", {1, 2}, {1, 2}, {}, {}, 1), default_weighting(Kind::department));
  EXPECT_NEAR(*c.value, 3900.0 / 70.0, 1e-9);
  EXPECT_EQ(c.grade, Grade::D);  // ≥ 40
  EXPECT_FALSE(c.scores.at("satisfaction_rate"));
  // Nothing at all to count but the overdue band: the composite rests on it alone.
  EXPECT_DOUBLE_EQ(
      *composite_of(Kind::department, department("X", {}, {}, {}, {}, 0), default_weighting(Kind::department)).value,
      100.0);
  // A kind whose every weighted indicator is a rate without value: no composite.
  UnitValues idle{"d1", {std::int64_t{0}, std::int64_t{0}, Rate{}, std::int64_t{0}, Rate{}}};
  const auto none = composite_of(Kind::dispatcher, idle, default_weighting(Kind::dispatcher));
  EXPECT_FALSE(none.value);
  EXPECT_FALSE(none.grade);
}

TEST(Composite, RanksAreSharedByEqualCompositesAndListedByUnit) {
  const auto w = default_weighting(Kind::department);
  const std::vector<UnitValues> now = {
      department("C", {9, 10}, {10, 10}, {1, 10}, {3, 4}, 2),   // 89
      department("A", {9, 10}, {10, 10}, {1, 10}, {3, 4}, 2),   // 89
      department("B", {10, 10}, {10, 10}, {0, 10}, {4, 4}, 0),  // 100
      department("D", {}, {}, {}, {}, 0),                       // 100 on the band alone
  };
  const std::vector<UnitValues> before = {department("A", {1, 2}, {1, 2}, {}, {}, 1),  // 55.71
                                          department("C", {10, 10}, {10, 10}, {0, 10}, {4, 4}, 0)};
  const auto ranked = rank(Kind::department, now, before, w);
  ASSERT_EQ(ranked.size(), 4u);
  EXPECT_EQ(ranked[0].unit, "B");
  EXPECT_EQ(ranked[0].rank, 1);
  EXPECT_EQ(ranked[1].unit, "D");
  EXPECT_EQ(ranked[1].rank, 1);
  EXPECT_EQ(ranked[2].unit, "A");
  EXPECT_EQ(ranked[2].rank, 3);
  EXPECT_EQ(ranked[3].unit, "C");
  EXPECT_EQ(ranked[3].rank, 3);
  // Previous period: C was first (100), A second.
  EXPECT_EQ(ranked[2].previous_rank, 2);
  EXPECT_NEAR(*ranked[2].previous_value, 3900.0 / 70.0, 1e-9);
  EXPECT_EQ(ranked[3].previous_rank, 1);
  EXPECT_FALSE(ranked[0].previous_rank);
}

}  // namespace
}  // namespace ug::evaluation
