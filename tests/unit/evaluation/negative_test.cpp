// The negative list and the red and black lists on histories drawn by hand around the 2026
// National Day holiday, evaluated for 28 Sep – 8 Oct at 18:00 on 8 Oct, every entry worked out in
// the comments.
#include "evaluation/negative.hpp"

#include <gtest/gtest.h>

#include "evaluation/composite.hpp"
#include "history.hpp"

namespace ug::evaluation {

void PrintTo(const NegativeEntry& e, std::ostream* out) {
  *out << e.department << " " << to_string(e.kind) << " " << e.case_id << " "
       << calendar::format_iso8601(e.at_ms / 1000, 480);
}

namespace {

using test::History;
using test::kPeriod;
using test::ms;
using workflow::Action;
using workflow::State;

using Payload = std::vector<std::pair<std::string, std::string>>;

Payload dispatch_to(std::string department, std::string handling = "4 working_hours") {
  return {{"department", std::move(department)},
          {"handling_limit", std::move(handling)},
          {"stage_limit", "30 natural_minutes"}};
}

// Passed from SZ to HW to CG on 30 Sep, CG never signs.
History passed_around() {
  History h("20260930000009");
  h.then(Action::report, State::pending_register, ms(9, 30, 8, 40))
      .then(Action::register_, State::pending_dispatch, ms(9, 30, 8, 50), {{"category", "06010"}})
      // SZ should sign by 09:30; it asks to return it at 09:40, approved at 09:50: late.
      .then(Action::dispatch, State::dispatched, ms(9, 30, 9, 0), dispatch_to("SZ"))
      .then(Action::request_return, State::dispatched, ms(9, 30, 9, 40), {{"reason", "不属于本单位"}})
      .then(Action::approve_return, State::pending_dispatch, ms(9, 30, 9, 50))
      // HW's return is approved at 10:20, within its sign time (10:30): not late, but the second return.
      .then(Action::dispatch, State::dispatched, ms(9, 30, 10, 0), dispatch_to("HW"))
      .then(Action::request_return, State::dispatched, ms(9, 30, 10, 10), {{"reason", "不属于本单位"}})
      .then(Action::approve_return, State::pending_dispatch, ms(9, 30, 10, 20))
      // CG: sign by 11:00, handle within one natural hour (11:30); neither happens.
      .then(Action::dispatch, State::dispatched, ms(9, 30, 10, 30), dispatch_to("CG", "1 natural_hours"));
  return h;
}

// A citizen's report of 2 Oct handled by HW and called back 不满意 on 3 Oct at 10:00.
History unsatisfied() {
  History h("20261002000001", "citizen_web");
  h.then(Action::report, State::reported, ms(10, 2, 9, 0))
      .then(Action::request_verify, State::verifying, ms(10, 2, 9, 5))
      .then(Action::verify_ok, State::pending_register, ms(10, 2, 9, 30))
      .then(Action::register_, State::pending_dispatch, ms(10, 2, 9, 40), {{"category", "06010"}})
      .then(Action::dispatch, State::dispatched, ms(10, 2, 9, 50),
            {{"department", "HW"}, {"handling_limit", "2 natural_hours"}})
      .then(Action::sign, State::handling, ms(10, 2, 10, 0))
      .then(Action::finish, State::handled, ms(10, 2, 11, 0))
      .then(Action::request_check, State::checking, ms(10, 2, 11, 5))
      .then(Action::check_pass, State::pending_close, ms(10, 2, 11, 30))
      .then(Action::close, State::closed, ms(10, 2, 11, 40))
      .then(Action::callback, State::closed, ms(10, 3, 10, 0), {{"satisfaction", "不满意"}});
  return h;
}

TEST(NegativeList, EntriesPerDepartmentDatedWhenTheyArose) {
  auto histories = test::around_national_day();
  histories.push_back(passed_around());
  histories.push_back(unsatisfied());
  const auto at = ms(10, 8, 18, 0);
  const auto cases = test::cases_at(histories, at);
  const auto list = negative_list(cases, kPeriod, at);
  const std::vector<NegativeEntry> expected = {
      {"CG", NegativeKind::not_signed_in_time, "20260930000009", ms(9, 30, 11, 0)},
      {"CG", NegativeKind::overdue_handling, "20260930000009", ms(9, 30, 11, 30)},
      {"HW", NegativeKind::pushed_around, "20260930000009", ms(9, 30, 10, 20)},
      // Case 5, registered before the period on 25 Sep (中秋节, off until the 27th), was due at 09:30 on
      // the 28th and finished on the 29th: the entry arose in the period though the case is not in its
      // cohort.
      {"HW", NegativeKind::overdue_handling, "20260925000001", ms(9, 28, 9, 30)},
      // Case 1 was finished at 15:00 after its rework, against a fresh 14:30.
      {"HW", NegativeKind::overdue_handling, "20260930000001", ms(10, 8, 14, 30)},
      {"HW", NegativeKind::unsatisfied, "20261002000001", ms(10, 3, 10, 0)},
      {"SZ", NegativeKind::not_signed_in_time, "20260930000009", ms(9, 30, 9, 30)},
      {"SZ", NegativeKind::pushed_around, "20260930000009", ms(9, 30, 10, 20)},
      // Case 3, never finished, was due at 13:40 on 30 Sep.
      {"SZ", NegativeKind::overdue_handling, "20260930000003", ms(9, 30, 13, 40)},
  };
  EXPECT_EQ(list, expected);

  // At 10:45 on 30 Sep: SZ's late signing and the passing around had arisen; CG's deadlines not yet.
  const auto early_at = ms(9, 30, 10, 45);
  const auto early = negative_list(test::cases_at({passed_around()}, early_at), kPeriod, early_at);
  ASSERT_EQ(early.size(), 3u);
  EXPECT_EQ(early[0].department, "HW");
  EXPECT_EQ(early[1].kind, NegativeKind::not_signed_in_time);
  EXPECT_EQ(early[2].kind, NegativeKind::pushed_around);
  EXPECT_EQ(parse_negative_kind(to_string(NegativeKind::unsatisfied)), NegativeKind::unsatisfied);
  EXPECT_EQ(zh_name(NegativeKind::pushed_around), "推诿扯皮");
}

TEST(RedBlackLists, TheBestAndTheWorstRankedNeverBoth) {
  const auto ranked_unit = [](std::string unit, std::optional<int> rank) {
    Ranked r;
    r.unit = std::move(unit);
    r.rank = rank;
    return r;
  };
  const std::vector<Ranked> ranked = {ranked_unit("A", 1), ranked_unit("B", 2), ranked_unit("C", 2),
                                      ranked_unit("D", 4), ranked_unit("E", std::nullopt)};
  const auto two = red_black<Ranked>(ranked, 2);
  ASSERT_EQ(two.red.size(), 2u);
  EXPECT_EQ(two.red[1].unit, "B");
  ASSERT_EQ(two.black.size(), 2u);
  EXPECT_EQ(two.black[0].unit, "D");  // worst first; E has no composite and is on neither list
  EXPECT_EQ(two.black[1].unit, "C");
  const auto three = red_black<Ranked>(ranked, 3);
  EXPECT_EQ(three.black.size(), 1u);  // four ranked: three red, one black
  EXPECT_TRUE(red_black<Ranked>({}, 3).red.empty());
}

// 督办超期 (DOMAIN.md §9): a notice counts when its deadline passed unanswered, dated at the deadline.
TEST(NegativeList, ANoticeNotAnsweredByItsDeadlineIsSupervisionOverdue) {
  const auto due = ms(10, 8, 17, 30);
  const std::vector<NoticeAt> notices = {
      {"HW", "c-replied-in-time", due, ms(10, 8, 17, 0)},  // answered before: nothing
      {"HW", "c-replied-at-due", due, due},                // answered at the deadline itself: in time
      {"HW", "c-replied-late", due, ms(10, 8, 17, 45)},    // answered late: counts
      {"SZ", "c-unanswered", due, std::nullopt},           // still waiting at T: counts
      {"", "c-centre", due, std::nullopt},                 // the centre is not a department
      {"SZ", "c-before-period", ms(9, 27, 17, 30), std::nullopt},
      {"SZ", "c-due-after-T", ms(10, 8, 18, 30), std::nullopt},  // not yet late at 18:00
  };
  const auto list = overdue_notices(notices, kPeriod, ms(10, 8, 18, 0));
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0], (NegativeEntry{"HW", NegativeKind::supervision_overdue, "c-replied-late", due}));
  EXPECT_EQ(list[1], (NegativeEntry{"SZ", NegativeKind::supervision_overdue, "c-unanswered", due}));
  EXPECT_EQ(to_string(NegativeKind::supervision_overdue), "supervision_overdue");
  EXPECT_EQ(zh_name(NegativeKind::supervision_overdue), "督办超期");
  EXPECT_EQ(parse_negative_kind("supervision_overdue"), NegativeKind::supervision_overdue);
}

}  // namespace
}  // namespace ug::evaluation
