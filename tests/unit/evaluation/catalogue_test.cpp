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

// Every indicator of a row as "id=value", a rate as "id=numerator/denominator".
std::string row_text(Kind kind, const UnitValues& row) {
  std::string out;
  const auto all = indicators(kind);
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (!out.empty()) out += " ";
    out += all[i].id + "=";
    if (const auto* n = std::get_if<std::int64_t>(&row.values[i])) {
      out += std::to_string(*n);
    } else {
      const auto& r = std::get<Rate>(row.values[i]);
      out += std::to_string(r.numerator) + "/" + std::to_string(r.denominator);
    }
  }
  return out;
}

TEST(Catalogue, EveryIndicatorOfEveryKindOnTheDrawnCases) {
  // The six cases of history.hpp, every event recorded by "someone": five supervisor reports in the
  // period (case 5 is of 25 Sep), all in one grid; see indicators_test.cpp for each case's timeline.
  const auto cases = cases_at(test::around_national_day(), kAt);
  Context streets;
  streets.level = RegionLevel::street;
  const auto region = evaluate(Kind::region, cases, kPeriod, kAt, streets);
  ASSERT_EQ(region.size(), 1u);
  // Registered 1, 2, 3, 4, 6; closed 1, 2, 6, all on time; 3 past its overall deadline; no callback.
  EXPECT_EQ(row_text(Kind::region, region[0]),
            "reported=5 reported_supervisor=5 reported_hotline_12319=0 reported_hotline_12345=0 "
            "reported_citizen_web=0 reported_video_ai=0 reported_leader_assigned=0 reported_media=0 "
            "reported_social_supervisor=0 reported_open311=0 reported_external_api=0 reported_import=0 "
            "supervisor_reports=5 public_reports=0 missed_by_patrol=0 registered=5 closed=3 due_to_close=4 "
            "closed_on_time=3 close_rate=3/4 on_time_close_rate=3/4 satisfaction_rate=0/0");

  const auto departments = evaluate(Kind::department, cases, kPeriod, kAt, {});
  ASSERT_EQ(departments.size(), 2u);
  // HW: 1 (late after its rework) and 2 (on time); 4 not due yet. SZ: 3 overdue; 4 returned.
  EXPECT_EQ(row_text(Kind::department, departments[0]),
            "due_to_handle=2 handled=2 handled_on_time=1 handled_late=1 overdue_unhandled=0 reworked=1 returned=0 "
            "handle_rate=2/2 on_time_handle_rate=1/2 rework_rate=1/2 satisfaction_rate=0/0");
  EXPECT_EQ(row_text(Kind::department, departments[1]),
            "due_to_handle=1 handled=0 handled_on_time=0 handled_late=0 overdue_unhandled=1 reworked=0 returned=1 "
            "handle_rate=0/1 on_time_handle_rate=0/1 rework_rate=0/0 satisfaction_rate=0/0");

  // The drawn events carry no stage limits: no stage task, so no on-time rate has a value.
  const auto supervisors = evaluate(Kind::supervisor, cases, kPeriod, kAt, {});
  ASSERT_EQ(supervisors.size(), 1u);
  EXPECT_EQ(row_text(Kind::supervisor, supervisors[0]),
            "reported=5 valid_reports=5 valid_report_rate=5/5 missed_by_patrol=0 missed_rate=0/5 verifications=0 "
            "on_time_verify_rate=0/0 checks=0 on_time_check_rate=0/0");
  EXPECT_TRUE(evaluate(Kind::operator_, cases, kPeriod, kAt, {}).empty());
  // Registered 1, 2, 3 and 4 (6 was self-handled).
  const auto leaders = evaluate(Kind::shift_leader, cases, kPeriod, kAt, {});
  ASSERT_EQ(leaders.size(), 1u);
  EXPECT_EQ(row_text(Kind::shift_leader, leaders[0]),
            "registered=4 voided=0 accurate_register_rate=4/4 register_decisions=0 on_time_register_rate=0/0 "
            "closes=0 on_time_close_rate=0/0");
  // Dispatches of 1, 2, 3 and two of 4, the first returned; 5's was before the period.
  const auto dispatchers = evaluate(Kind::dispatcher, cases, kPeriod, kAt, {});
  ASSERT_EQ(dispatchers.size(), 1u);
  EXPECT_EQ(row_text(Kind::dispatcher, dispatchers[0]),
            "dispatched=5 returned=1 accurate_dispatch_rate=4/5 dispatch_decisions=0 on_time_dispatch_rate=0/0");
}

TEST(Catalogue, ACaseReopenedAfterTheInstantCountsAsItWasThen) {
  auto histories = test::around_national_day();
  // Case 2, closed on 30 Sep, is reopened on 9 Oct: after T it changes nothing; at a later T it is
  // open again and, past its overall deadline, due to close but not closed.
  histories[1].then(workflow::Action::reopen, workflow::State::pending_dispatch, ms(10, 9, 9, 0),
                    {{"reason", "群众反映未解决"}});
  Context streets;
  streets.level = RegionLevel::street;
  const auto close_rate = [&](std::int64_t at) {
    const auto rows = evaluate(Kind::region, cases_at(histories, at), kPeriod, at, streets);
    return std::get<Rate>(rows.at(0).values.at(indicator_index(Kind::region, "close_rate").value()));
  };
  EXPECT_EQ(close_rate(kAt), (Rate{3, 4}));
  EXPECT_EQ(close_rate(ms(10, 9, 10, 0)), (Rate{2, 4}));
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
