// The indicator catalogue: ids unique and documented, values equal to the typed figures they come
// from, every figure's drill-down adding up to the figure, and docs/evaluation.md generated from it.
#include "evaluation/catalogue.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "evaluation/composite.hpp"
#include "history.hpp"
#include "support/test_env.hpp"

namespace ug::evaluation {
namespace {

using test::cases_at;
using test::kPeriod;
using test::ms;

const std::int64_t kAt = ms(10, 8, 18, 0);

const Value& value_of(const std::vector<UnitValues>& rows, std::string_view unit, Kind kind, std::string_view id) {
  const auto row = std::find_if(rows.begin(), rows.end(), [&](const UnitValues& r) { return r.unit == unit; });
  EXPECT_NE(row, rows.end()) << unit;
  return row->values.at(indicator_index(kind, id).value());
}

TEST(Catalogue, EveryIndicatorHasAUniqueIdNamesAndADefinition) {
  for (const auto kind : kinds()) {
    std::set<std::string> ids;
    for (const auto& i : indicators(kind)) {
      EXPECT_TRUE(ids.insert(i.id).second) << to_string(kind) << " " << i.id;
      EXPECT_FALSE(i.zh.empty() || i.en.empty() || i.definition.empty()) << i.id;
    }
    EXPECT_EQ(parse_kind(to_string(kind)), kind);
  }
  EXPECT_FALSE(parse_kind("citizen"));
  EXPECT_EQ(indicators(Kind::region)[indicator_index(Kind::region, "reported_hotline_12345").value()].zh,
            "上报数·12345热线");
}

TEST(Catalogue, ValuesAreTheFiguresInCatalogueOrder) {
  const auto cases = cases_at(test::around_national_day(), kAt);
  const auto rows = evaluate(Kind::department, cases, kPeriod, kAt, {});
  ASSERT_EQ(rows.size(), 2u);  // HW and SZ, by id
  EXPECT_EQ(rows[0].unit, "HW");
  EXPECT_EQ(std::get<std::int64_t>(value_of(rows, "HW", Kind::department, "handled")), 2);
  EXPECT_EQ(std::get<Rate>(value_of(rows, "HW", Kind::department, "on_time_handle_rate")), (Rate{1, 2}));
  EXPECT_EQ(std::get<std::int64_t>(value_of(rows, "SZ", Kind::department, "returned")), 1);
  EXPECT_FALSE(std::get<Rate>(value_of(rows, "SZ", Kind::department, "rework_rate")).value());

  Context streets;
  streets.level = RegionLevel::street;
  const auto regions = evaluate(Kind::region, cases, kPeriod, kAt, streets);
  ASSERT_EQ(regions.size(), 1u);
  EXPECT_EQ(regions[0].unit, "370811002");
  EXPECT_EQ(std::get<std::int64_t>(value_of(regions, "370811002", Kind::region, "registered")), 5);
  EXPECT_EQ(std::get<std::int64_t>(value_of(regions, "370811002", Kind::region, "reported_supervisor")), 5);
  EXPECT_EQ(std::get<Rate>(value_of(regions, "370811002", Kind::region, "close_rate")), (Rate{3, 4}));
}

TEST(Catalogue, ADrillDownListsExactlyTheCasesItsFigureCounts) {
  const auto cases = cases_at(test::around_national_day(), kAt);
  // The disputed figure: HW's 应处置数 2 are cases 1 and 2 (4 is not due yet).
  const auto hw_due = counted_cases(Kind::department, "HW", indicator_index(Kind::department, "due_to_handle").value(),
                                    cases, kPeriod, kAt, {});
  ASSERT_EQ(hw_due.size(), 2u);
  EXPECT_EQ(hw_due[0].case_id, "20260930000001");
  EXPECT_EQ(hw_due[1].case_id, "20260930000002");
  // A rate lists its denominator's cases and marks the numerator: 2 on time, 1 late.
  const auto on_time =
      counted_cases(Kind::department, "HW", indicator_index(Kind::department, "on_time_handle_rate").value(), cases,
                    kPeriod, kAt, {});
  ASSERT_EQ(on_time.size(), 2u);
  EXPECT_EQ(on_time[0].numerator, 0);
  EXPECT_EQ(on_time[1].numerator, 1);

  // For every kind, unit and indicator, the list adds up to the figure.
  for (const auto kind : kinds()) {
    const Context context{RegionLevel::community, {{"someone", {"370811"}}}};
    const auto rows = evaluate(kind, cases, kPeriod, kAt, context);
    for (const auto& row : rows) {
      for (std::size_t i = 0; i < row.values.size(); ++i) {
        const auto listed = counted_cases(kind, row.unit, i, cases, kPeriod, kAt, context);
        Rate sum;
        for (const auto& c : listed) {
          sum.numerator += c.numerator;
          sum.denominator += c.denominator;
        }
        if (const auto* n = std::get_if<std::int64_t>(&row.values[i])) {
          EXPECT_EQ(sum.numerator, *n) << to_string(kind) << " " << row.unit << " " << indicators(kind)[i].id;
        } else {
          EXPECT_EQ(sum, std::get<Rate>(row.values[i]))
              << to_string(kind) << " " << row.unit << " " << indicators(kind)[i].id;
        }
      }
    }
  }
}

TEST(Catalogue, DocsEvaluationMdIsGeneratedFromTheCatalogue) {
  std::ifstream in(ug::test::source_dir() / "docs/evaluation.md");
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), evaluation_documentation()) << "regenerate: build/urbangrid indicators > docs/evaluation.md";
}

}  // namespace
}  // namespace ug::evaluation
