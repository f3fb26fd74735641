// A case as evaluation sees it at an instant (DOMAIN.md §7, "Terms"), on histories drawn by hand
// across the 2026 National Day holiday (1–7 Oct off; work periods 08:30–12:00 and 13:30–17:30):
// registration, the department scored, the handled instant a check_fail takes back, the handling
// deadline in force (the one a finish met; fresh after rework; none while suspended), the overall
// deadline, returns, self-handled reports, and nothing before the report.
#include "evaluation/case_at.hpp"

#include <gtest/gtest.h>

#include "history.hpp"

namespace ug::evaluation {
namespace {

using test::History;
using test::ms;
using test::reworked;
using workflow::Action;
using workflow::State;

TEST(CaseAt, NothingBeforeTheReport) {
  const auto h = reworked();
  EXPECT_EQ(case_at(h.events(), ms(9, 30, 14, 59), calendar::national()).error().code, ErrorCode::not_found);
  const auto reported = h.at(ms(9, 30, 15, 5));
  EXPECT_EQ(reported.reported_at_ms, ms(9, 30, 15, 0));
  EXPECT_EQ(reported.grid_code, "370811002001001");
  EXPECT_EQ(reported.street_code, "370811002");
  EXPECT_FALSE(reported.registered_at_ms);
  EXPECT_TRUE(reported.open);
  EXPECT_EQ(reported.department, "");
  EXPECT_FALSE(reported.handling_due_ms);
  EXPECT_FALSE(reported.overall_due_ms);
}

TEST(CaseAt, TheHandlingDeadlineInForceFollowsFinishAndRework) {
  const auto h = reworked();
  // Dispatched, before the holiday: the deadline is already on 8 Oct.
  auto c = h.at(ms(9, 30, 16, 0));
  EXPECT_EQ(c.registered_at_ms, ms(9, 30, 15, 10));
  EXPECT_EQ(c.department, "HW");
  EXPECT_EQ(c.dispatched_at_ms, ms(9, 30, 15, 30));
  EXPECT_EQ(c.handling_due_ms, ms(10, 8, 10, 30));
  // Overall: + 120 natural minutes to check + 30 to close.
  EXPECT_EQ(c.overall_due_ms, ms(10, 8, 13, 0));
  EXPECT_FALSE(c.handled_at_ms);

  // Finished at 10:00, on time: the deadline it met stays in force while the check runs.
  c = h.at(ms(10, 8, 10, 45));
  EXPECT_EQ(c.handled_at_ms, ms(10, 8, 10, 0));
  EXPECT_EQ(c.handling_due_ms, ms(10, 8, 10, 30));
  EXPECT_EQ(c.rework_count, 0);

  // The check failed at 11:00: not handled any more, with a fresh limit.
  c = h.at(ms(10, 8, 12, 0));
  EXPECT_FALSE(c.handled_at_ms);
  EXPECT_EQ(c.handling_due_ms, ms(10, 8, 14, 30));
  EXPECT_EQ(c.rework_count, 1);

  // Finished again at 15:00, half an hour late; closed at 15:45, within the overall 17:00.
  c = h.at(ms(10, 8, 18, 0));
  EXPECT_EQ(c.handled_at_ms, ms(10, 8, 15, 0));
  EXPECT_EQ(c.handling_due_ms, ms(10, 8, 14, 30));
  EXPECT_EQ(c.overall_due_ms, ms(10, 8, 17, 0));
  EXPECT_EQ(c.closed_at_ms, ms(10, 8, 15, 45));
  EXPECT_FALSE(c.open);
  EXPECT_EQ(c.rework_count, 1);
  EXPECT_EQ(c.department, "HW");
}

TEST(CaseAt, TheOverallDeadlineAddsTheConfiguredLimitsUnderTheCalendar) {
  const auto h = reworked();
  AfterHandlingLimits limits;
  limits.check = {2, calendar::Unit::working_hours};  // 14:30 + 2 working hours = 16:30
  limits.close = {1, calendar::Unit::working_hours};  // + 1: 17:30
  EXPECT_EQ(case_at(h.events(), ms(10, 8, 18, 0), calendar::national(), limits).value().overall_due_ms,
            ms(10, 8, 17, 30));
  limits.close = {2, calendar::Unit::working_hours};  // + 2: 1 on 8 Oct, 1 on Friday 9 Oct from 08:30
  EXPECT_EQ(case_at(h.events(), ms(10, 8, 18, 0), calendar::national(), limits).value().overall_due_ms,
            ms(10, 9, 9, 30));
}

TEST(CaseAt, AReturnedCaseScoresNoDepartmentUntilItIsDispatchedAgain) {
  History h;
  h.then(Action::report, State::pending_register, ms(11, 23, 9, 0))
      .then(Action::register_, State::pending_dispatch, ms(11, 23, 9, 5), {{"category", "06010"}})
      .then(Action::dispatch, State::dispatched, ms(11, 23, 9, 10),
            {{"department", "SZ"}, {"handling_limit", "4 working_hours"}})
      .then(Action::request_return, State::dispatched, ms(11, 23, 9, 30), {{"reason", "不属于本单位"}})
      .then(Action::approve_return, State::pending_dispatch, ms(11, 23, 9, 40))
      .then(Action::dispatch, State::dispatched, ms(11, 23, 10, 0),
            {{"department", "HW"}, {"handling_limit", "4 working_hours"}});
  auto c = h.at(ms(11, 23, 9, 50));
  EXPECT_EQ(c.department, "");
  EXPECT_EQ(c.returned_by, std::vector<std::string>{"SZ"});
  EXPECT_FALSE(c.handling_due_ms);
  c = h.at(ms(11, 23, 10, 5));
  EXPECT_EQ(c.department, "HW");
  EXPECT_EQ(c.returned_by, std::vector<std::string>{"SZ"});
  EXPECT_EQ(c.dispatched_at_ms, ms(11, 23, 10, 0));
  EXPECT_EQ(c.handling_due_ms, ms(11, 23, 15, 30));  // 2 h to noon, 2 h from 13:30
}

TEST(CaseAt, ASuspendedCaseHasNoDeadlineRunning) {
  History h;
  h.then(Action::report, State::pending_register, ms(11, 23, 9, 0))
      .then(Action::register_, State::pending_dispatch, ms(11, 23, 9, 5), {{"category", "06010"}})
      .then(Action::dispatch, State::dispatched, ms(11, 23, 9, 10),
            {{"department", "HW"}, {"handling_limit", "4 working_hours"}})
      .then(Action::sign, State::handling, ms(11, 23, 9, 20))
      .then(Action::request_suspend, State::handling, ms(11, 23, 9, 30), {{"reason", "等待施工"}})
      .then(Action::approve_suspend, State::suspended, ms(11, 23, 9, 40));
  const auto c = h.at(ms(11, 30, 9, 0));
  EXPECT_TRUE(c.open);
  EXPECT_EQ(c.department, "HW");
  EXPECT_FALSE(c.handling_due_ms);
  EXPECT_FALSE(c.overall_due_ms);
}

TEST(CaseAt, ASelfHandledReportIsRegisteredWhenReported) {
  History h;
  h.then(Action::self_handle, State::pending_close, ms(11, 23, 9, 0), {{"comment", "已当场清除"}})
      .then(Action::close, State::closed, ms(11, 23, 9, 20));
  const auto c = h.at(ms(11, 23, 12, 0));
  EXPECT_EQ(c.registered_at_ms, ms(11, 23, 9, 0));
  EXPECT_EQ(c.closed_at_ms, ms(11, 23, 9, 20));
  EXPECT_EQ(c.department, "");
  EXPECT_FALSE(c.handling_due_ms);
}

TEST(CaseAt, AReopenedCaseIsOpenAgain) {
  auto h = reworked();
  h.then(Action::reopen, State::pending_dispatch, ms(10, 9, 9, 0), {{"reason", "群众反映未解决"}});
  EXPECT_EQ(h.at(ms(10, 8, 18, 0)).closed_at_ms, ms(10, 8, 15, 45));  // before the reopen
  const auto c = h.at(ms(10, 9, 10, 0));
  EXPECT_FALSE(c.closed_at_ms);
  EXPECT_TRUE(c.open);
}

}  // namespace
}  // namespace ug::evaluation
