// The people's indicators on four cases drawn by hand around the 2026 National Day holiday, each
// event recorded by a named person in their role, each stage entered with its limit as the case
// service writes it; evaluated for 28 Sep – 8 Oct at 18:00 on 8 Oct, every figure worked out in the
// comments.
#include "evaluation/people.hpp"

#include <gtest/gtest.h>

#include "history.hpp"

namespace ug::evaluation {
namespace {

using test::History;
using test::ms;
using workflow::Action;
using workflow::State;

std::vector<CaseAt> fixture(std::int64_t at) {
  const auto all = test::people_around_national_day();
  std::vector<CaseAt> out;
  for (const auto& h : all) {
    if (h.events().front().at_ms <= at) out.push_back(h.at(at));  // what was reported by T
  }
  test::link_merges(out);
  return out;
}

using test::kPeriod;
const std::int64_t kAt = ms(10, 8, 18, 0);

TEST(People, StageTasksRecordWhoEndedThemAndTheirDeadlines) {
  const auto cases = fixture(kAt);
  const auto& tasks = cases[0].stage_tasks;
  // accept, verify, register, dispatch, sign, dispatch, sign, check, close.
  ASSERT_EQ(tasks.size(), 9u);
  EXPECT_EQ(tasks[1].stage, workflow::Stage::verify);
  EXPECT_EQ(tasks[1].due_at_ms, ms(9, 30, 10, 5));
  EXPECT_EQ(tasks[1].done_at_ms, ms(9, 30, 10, 20));
  EXPECT_EQ(tasks[1].done_by, "zhang");
  EXPECT_FALSE(tasks[1].on_time());
  // The check stage runs from the finish through the check request to the check's outcome.
  EXPECT_EQ(tasks[7].stage, workflow::Stage::check);
  EXPECT_EQ(tasks[7].started_at_ms, ms(9, 30, 14, 0));
  EXPECT_EQ(tasks[7].done_with, Action::check_pass);
  EXPECT_TRUE(tasks[7].on_time());
  EXPECT_EQ(cases[0].dispatches.size(), 2u);
  EXPECT_EQ(cases[0].dispatches[0].returned_at_ms, ms(9, 30, 11, 50));
  EXPECT_EQ(cases[0].dispatches[0].department, "SZ");
  EXPECT_FALSE(cases[0].dispatches[1].returned());
  EXPECT_EQ(tasks[4].stage, workflow::Stage::sign);  // SZ was to sign for it
  EXPECT_EQ(tasks[4].department, "SZ");
  // A voided case is registered but not closed.
  EXPECT_TRUE(cases[1].voided);
  EXPECT_FALSE(cases[1].closed_at_ms);
  EXPECT_EQ(cases[1].registered_by, "wang");
  // The last task of C still runs at T.
  EXPECT_FALSE(cases[2].stage_tasks.back().done_at_ms);
}

TEST(People, SupervisorFigures) {
  const auto figures = supervisor_figures(fixture(kAt), kPeriod, {{"zhang", {"370811002"}}, {"sun", {"370812"}}});
  const auto& zhang = figures.at("zhang");
  EXPECT_EQ(zhang.reported, 2);       // B and C
  EXPECT_EQ(zhang.valid_reports, 1);  // B was registered (a void later does not undo the report)
  EXPECT_EQ(zhang.valid_report_rate, (Rate{1, 2}));
  EXPECT_EQ(zhang.missed_by_patrol, 2);        // A and D, public and verified in his grids
  EXPECT_EQ(zhang.missed_rate, (Rate{2, 3}));  // 2 / (1 valid + 2 missed)
  EXPECT_EQ(zhang.verifications, 2);
  EXPECT_EQ(zhang.on_time_verify_rate, (Rate{1, 2}));  // A late, D on time
  EXPECT_EQ(zhang.on_time_check_rate, (Rate{1, 1}));
  // A supervisor of another district: listed, nothing counted, no rate has a value.
  const auto& sun = figures.at("sun");
  EXPECT_EQ(sun.reported, 0);
  EXPECT_EQ(sun.missed_by_patrol, 0);
  EXPECT_FALSE(sun.valid_report_rate.value());
  EXPECT_FALSE(sun.missed_rate.value());
  EXPECT_EQ(figures.size(), 2u);
}

TEST(People, OperatorShiftLeaderAndDispatcherFigures) {
  const auto cases = fixture(kAt);
  const auto operators = operator_figures(cases, kPeriod);
  ASSERT_EQ(operators.size(), 1u);
  EXPECT_EQ(operators.at("li").accepted, 2);                        // A on time, D late
  EXPECT_EQ(operators.at("li").on_time_accept_rate, (Rate{1, 2}));  // the check request is not an acceptance

  const auto leaders = shift_leader_figures(cases, kPeriod);
  const auto& wang = leaders.at("wang");
  EXPECT_EQ(wang.registered, 2);  // A and B
  EXPECT_EQ(wang.voided, 1);      // B
  EXPECT_EQ(wang.accurate_register_rate, (Rate{1, 2}));
  EXPECT_EQ(wang.on_time_register_rate, (Rate{2, 2}));
  EXPECT_EQ(wang.closes, 1);                         // A, ten minutes late
  EXPECT_EQ(wang.on_time_close_rate, (Rate{0, 1}));  // approving B's void ended no close stage
  EXPECT_EQ(leaders.at("qian").on_time_register_rate, (Rate{0, 1}));

  const auto dispatchers = dispatcher_figures(cases, kPeriod);
  ASSERT_EQ(dispatchers.size(), 1u);
  const auto& zhao = dispatchers.at("zhao");
  EXPECT_EQ(zhao.dispatched, 2);
  EXPECT_EQ(zhao.returned, 1);
  EXPECT_EQ(zhao.accurate_dispatch_rate, (Rate{1, 2}));
  // The first dispatch stage ended 20 minutes late; the one after the return on time. Approving
  // the return ended a sign stage, not a dispatch stage.
  EXPECT_EQ(zhao.on_time_dispatch_rate, (Rate{1, 2}));
}

TEST(People, OnlyThePeriodsWorkCounts) {
  const Period october{ms(10, 1, 0, 0), ms(11, 1, 0, 0)};
  const auto cases = fixture(kAt);
  EXPECT_EQ(supervisor_figures(cases, october, {}).at("zhang").reported, 1);  // C only
  EXPECT_EQ(operator_figures(cases, october).at("li").accepted, 1);           // D only
  EXPECT_FALSE(shift_leader_figures(cases, october).contains("wang"));
  EXPECT_TRUE(dispatcher_figures(cases, october).empty());
  // Before the void, B counts as accurately registered.
  const auto before_void = shift_leader_figures(fixture(ms(9, 30, 10, 32)), kPeriod).at("wang");
  EXPECT_EQ(before_void.accurate_register_rate, (Rate{1, 1}));
}

}  // namespace
}  // namespace ug::evaluation
