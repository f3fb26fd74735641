// Closure and department indicators on six cases drawn by hand around the 2026 National Day
// holiday, evaluated for the period 28 Sep – 8 Oct at 18:00 on 8 Oct, every figure worked out by
// hand in the comments: the cohort is the cases registered in the period, a returned case counts
// against the department that returned it only in 回退数, and an empty denominator has no value.
#include "evaluation/indicators.hpp"

#include <gtest/gtest.h>

#include "history.hpp"

namespace ug::evaluation {
namespace {

using test::History;
using test::ms;
using workflow::Action;
using workflow::State;

using test::cases_at;
using test::kPeriod;

TEST(Indicators, ClosureFiguresOfThePeriod) {
  const auto at = ms(10, 8, 18, 0);
  // Every case of the fixture lies in district 370811.
  const auto f = region_figures(cases_at(test::around_national_day(), at), RegionLevel::district, kPeriod, at)
                     .at("370811")
                     .closure;
  EXPECT_EQ(f.registered, 5);      // 1, 2, 3, 4, 6
  EXPECT_EQ(f.closed, 3);          // 1, 2, 6
  EXPECT_EQ(f.due_to_close, 4);    // + 3, open past its overall deadline
  EXPECT_EQ(f.closed_on_time, 3);  // 1 closed 15:45 ≤ 17:00; 2; 6 had no deadline
  EXPECT_EQ(f.close_rate, (Rate{3, 4}));
  EXPECT_DOUBLE_EQ(*f.on_time_close_rate.value(), 0.75);

  // At 12:00 on 30 Sep: 2, 3 and 6 registered; 6 closed; nothing else due yet.
  const auto noon = ms(9, 30, 12, 0);
  const auto early =
      region_figures(
          cases_at({test::around_national_day()[1], test::around_national_day()[2], test::around_national_day()[5]},
                   noon),
          RegionLevel::district, kPeriod, noon)
          .at("370811")
          .closure;
  EXPECT_EQ(early.registered, 3);
  EXPECT_EQ(early.closed, 1);
  EXPECT_EQ(early.due_to_close, 1);
}

TEST(Indicators, DepartmentFiguresOfThePeriod) {
  const auto at = ms(10, 8, 18, 0);
  const auto by = department_figures(cases_at(test::around_national_day(), at), kPeriod, at);
  ASSERT_EQ(by.size(), 2u);
  const auto& hw = by.at("HW");  // 1 (late, reworked), 2 (on time), 4 (not due yet)
  EXPECT_EQ(hw.handled, 2);
  EXPECT_EQ(hw.due_to_handle, 2);
  EXPECT_EQ(hw.handled_on_time, 1);
  EXPECT_EQ(hw.handled_late, 1);
  EXPECT_EQ(hw.overdue_unhandled, 0);
  EXPECT_EQ(hw.reworked, 1);
  EXPECT_EQ(hw.returned, 0);
  EXPECT_EQ(hw.handle_rate, (Rate{2, 2}));
  EXPECT_EQ(hw.on_time_handle_rate, (Rate{1, 2}));
  EXPECT_EQ(hw.rework_rate, (Rate{1, 2}));
  const auto& sz = by.at("SZ");  // 3 overdue and untouched; 4 returned
  EXPECT_EQ(sz.due_to_handle, 1);
  EXPECT_EQ(sz.handled, 0);
  EXPECT_EQ(sz.overdue_unhandled, 1);
  EXPECT_EQ(sz.returned, 1);
  EXPECT_EQ(sz.handle_rate, (Rate{0, 1}));
  EXPECT_EQ(*sz.handle_rate.value(), 0.0);
  EXPECT_FALSE(sz.rework_rate.value());  // nothing handled: no value, not 0 %
}

TEST(Indicators, AnEmptyPeriodListsNoUnit) {
  const auto at = ms(10, 8, 18, 0);
  const Period none{ms(11, 1, 0, 0), ms(12, 1, 0, 0)};
  EXPECT_TRUE(region_figures(cases_at(test::around_national_day(), at), RegionLevel::district, none, at).empty());
  EXPECT_TRUE(department_figures(cases_at(test::around_national_day(), at), none, at).empty());
}

// A public report on `day` of October, verified, handled and closed the same morning, then called
// back the next day with `said`.
History called_back(const std::string& id, const std::string& channel, unsigned day, const std::string& said) {
  History h(id, channel);
  h.then(Action::report, State::reported, ms(10, day, 9, 0))
      .then(Action::request_verify, State::verifying, ms(10, day, 9, 5))
      .then(Action::verify_ok, State::pending_register, ms(10, day, 9, 30))
      .then(Action::register_, State::pending_dispatch, ms(10, day, 9, 40), {{"category", "06010"}})
      .then(Action::dispatch, State::dispatched, ms(10, day, 9, 50),
            {{"department", "HW"}, {"handling_limit", "2 natural_hours"}})
      .then(Action::sign, State::handling, ms(10, day, 10, 0))
      .then(Action::finish, State::handled, ms(10, day, 11, 0))
      .then(Action::request_check, State::checking, ms(10, day, 11, 5))
      .then(Action::check_pass, State::pending_close, ms(10, day, 11, 30))
      .then(Action::close, State::closed, ms(10, day, 11, 40))
      .then(Action::callback, State::closed, ms(10, day + 1, 10, 0), {{"satisfaction", said}});
  return h;
}

// A public report of `day` October, found true on site at 09:30, then merged into `target`.
History merged(const std::string& id, unsigned day, const std::string& target) {
  History h(id, "hotline_12345");
  h.then(Action::report, State::reported, ms(10, day, 9, 0))
      .then(Action::request_verify, State::verifying, ms(10, day, 9, 5))
      .then(Action::verify_ok, State::pending_register, ms(10, day, 9, 30))
      .then(Action::merge, State::merged, ms(10, day, 9, 40), {{"merge_target", target}});
  return h;
}

TEST(Indicators, ReportsTheMissedByPatrolAndSatisfactionPerRegion) {
  const std::vector<History> histories = {
      called_back("20261001000001", "hotline_12345", 1, "基本满意"),
      called_back("20261002000001", "citizen_web", 2, "不满意"),
      test::around_national_day()[1],  // a supervisor's report of 30 Sep: 20260930000002
      merged("20261003000001", 3, "20260930000002"), merged("20261004000001", 4, "20261001000001")};
  const auto at = ms(10, 8, 18, 0);
  const auto cases = cases_at(histories, at);
  EXPECT_EQ(cases[0].verified_at_ms, ms(10, 1, 9, 30));
  EXPECT_EQ(cases[0].callbacks, (std::vector<CaseAt::Callback>{{ms(10, 2, 10, 0), "基本满意"}}));

  const auto streets = region_figures(cases, RegionLevel::street, kPeriod, at);
  ASSERT_EQ(streets.size(), 1u);
  const auto& street = streets.at("370811002");
  EXPECT_EQ(street.reported, 5);
  EXPECT_EQ(street.reported_by_channel,
            (std::map<std::string, std::int64_t>{{"citizen_web", 1}, {"hotline_12345", 3}, {"supervisor", 1}}));
  EXPECT_EQ(street.supervisor_reports, 1);
  EXPECT_EQ(street.public_reports, 4);
  // The two called back, and the one merged into another public report; not the one merged into
  // the supervisor's earlier report.
  EXPECT_EQ(street.missed_by_patrol, 3);
  EXPECT_EQ(street.closure.registered, 3);
  EXPECT_EQ(street.closure.close_rate, (Rate{3, 3}));
  EXPECT_EQ(region_figures(cases, RegionLevel::grid, kPeriod, at).begin()->first, "370811002001001");

  // Reports count in the period they were made: only the supervisor's falls in 28–30 Sep.
  const Period september{ms(9, 28, 0, 0), ms(10, 1, 0, 0)};
  EXPECT_EQ(region_figures(cases, RegionLevel::district, september, at).at("370811").reported, 1);
  EXPECT_EQ(region_figures(cases, RegionLevel::district, september, at).at("370811").missed_by_patrol, 0);

  // 满意率: callbacks of the period, whatever the period of their cases.
  EXPECT_EQ(street.satisfaction, (Rate{1, 2}));
  const Period second{ms(10, 2, 0, 0), ms(10, 3, 0, 0)};
  EXPECT_EQ(region_figures(cases, RegionLevel::district, second, at).at("370811").satisfaction, (Rate{1, 1}));
  EXPECT_FALSE(region_figures(cases, RegionLevel::district, september, at).at("370811").satisfaction.value());
}

}  // namespace
}  // namespace ug::evaluation
