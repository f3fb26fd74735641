// The case projection as a fold over events: a full loop with a return, an extension, rework and a
// reopen gives the counts and state a reader expects; the stage and handling clocks follow the
// events (suspension pauses, extension adds, rework restarts) and give the deadlines worked out by
// hand across the 2026 National Day holiday; an event out of sequence, from the wrong state or not
// in the table is refused, so a corrupted history cannot pass as a case.
#include "workflow/case_record.hpp"

#include <gtest/gtest.h>

#include "../calendar/national_calendar.hpp"

namespace ug::workflow {
namespace {

class History {
 public:
  History& then(Action action, State to, std::vector<std::pair<std::string, std::string>> payload = {},
                std::int64_t at_ms = 0) {
    CaseEvent e;
    e.case_id = "20261123000042";
    e.sequence = static_cast<std::int64_t>(events_.size()) + 1;
    e.action = action;
    e.actor = "someone";
    e.role = "operator";
    e.channel = "hotline_12345";
    e.at_ms = at_ms != 0 ? at_ms : 1'000 * e.sequence;
    e.from = events_.empty() ? std::nullopt : std::optional<State>(events_.back().to);
    e.to = to;
    e.payload = std::move(payload);
    events_.push_back(std::move(e));
    return *this;
  }
  std::vector<CaseEvent>& events() { return events_; }

 private:
  std::vector<CaseEvent> events_;
};

TEST(CaseRecord, AFullLoopProjectsToWhatHappened) {
  History h;
  h.then(Action::report, State::reported, {{"description", "井盖缺失"}})
      .then(Action::request_verify, State::verifying)
      .then(Action::verify_ok, State::pending_register)
      .then(Action::register_, State::pending_dispatch, {{"category", "06001"}, {"urgency", "urgent"}})
      .then(Action::dispatch, State::dispatched, {{"department", "SZ"}, {"handling_limit", "4 working_hours"}})
      .then(Action::request_return, State::dispatched)
      .then(Action::approve_return, State::pending_dispatch)
      .then(Action::dispatch, State::dispatched, {{"department", "HW"}, {"handling_limit", "4 working_hours"}})
      .then(Action::sign, State::handling)
      .then(Action::request_extension, State::handling, {{"extension", "1 working_days"}})
      .then(Action::supervise, State::handling)  // recorded before 督办 became a process: still folds
      .then(Action::finish, State::handled)
      .then(Action::request_check, State::checking)
      .then(Action::check_fail, State::handling)
      .then(Action::finish, State::handled)
      .then(Action::request_check, State::checking)
      .then(Action::check_pass, State::pending_close)
      .then(Action::close, State::closed)
      .then(Action::reopen, State::pending_dispatch);
  const auto p = project(h.events()).value();
  EXPECT_EQ(p.id, "20261123000042");
  EXPECT_EQ(p.version, 19);
  EXPECT_EQ(p.state, State::pending_dispatch);
  EXPECT_EQ(p.description, "井盖缺失");
  EXPECT_EQ(p.category_code, "06001");
  EXPECT_EQ(p.urgency, "urgent");
  EXPECT_EQ(p.department_id, "HW");  // the return cleared SZ, the second dispatch set HW
  EXPECT_EQ(p.rework_count, 1);
  EXPECT_EQ(p.reopen_count, 1);
  EXPECT_EQ(p.pending, 0);  // the extension request lapsed when the work was finished
  EXPECT_EQ(p.requested_extension, "");
  EXPECT_EQ(p.return_count, 1);
  EXPECT_EQ(p.dispatch_count, 2);
  EXPECT_FALSE(p.closed_at_ms);  // reopened
  EXPECT_FALSE(p.handling_clock);
  EXPECT_EQ(p.created_at_ms, 1'000);
  EXPECT_EQ(p.updated_at_ms, 19'000);
}

// 2026: 25–27 Sep and 1–7 Oct are off; periods 08:30–12:00 and 13:30–17:30.
std::int64_t ms(int y, unsigned m, unsigned d, int hh, int mm) { return calendar::beijing(y, m, d, hh, mm) * 1000; }

TEST(CaseRecord, ClocksFollowTheEventsAcrossTheNationalDayHoliday) {
  const auto& cal = calendar::national();
  History h;
  h.then(Action::report, State::pending_register,
         {{"description", "路灯不亮"},
          {"stage_limit", "30 natural_minutes"},
          {"lon", "116.397128000"},
          {"lat", "39.916527000"}},
         ms(2026, 9, 30, 15, 0));
  h.events()[0].channel = "supervisor";
  h.then(Action::register_, State::pending_dispatch,
         {{"category", "01004"}, {"urgency", "normal"}, {"stage_limit", "30 natural_minutes"}}, ms(2026, 9, 30, 16, 0))
      .then(Action::dispatch, State::dispatched,
            {{"department", "SZ"}, {"handling_limit", "4 working_hours"}, {"stage_limit", "30 natural_minutes"}},
            ms(2026, 9, 30, 16, 30));
  auto p = project(h.events()).value();
  EXPECT_EQ(p.lon_nano, 116'397'128'000);
  EXPECT_EQ(p.lat_nano, 39'916'527'000);
  EXPECT_EQ(p.stage_clock->stage, Stage::sign);
  auto s = schedule_of(p, cal, {}).value();
  // Sign within 30 natural minutes: due 17:00, yellow after 24 minutes.
  EXPECT_EQ(s.due_at_ms, ms(2026, 9, 30, 17, 0));
  EXPECT_EQ(s.yellow_at_ms, ms(2026, 9, 30, 16, 54));
  // Handling: 1 h on 30 Sep (16:30–17:30), the holiday, 3 h on 8 Oct (08:30–11:30).
  EXPECT_EQ(s.handling_due_at_ms, ms(2026, 10, 8, 11, 30));

  h.then(Action::sign, State::handling, {}, ms(2026, 9, 30, 16, 40));
  s = schedule_of(project(h.events()).value(), cal, {}).value();
  EXPECT_EQ(s.due_at_ms, ms(2026, 10, 8, 11, 30));
  // 80 % = 192 min: 60 on 30 Sep, 132 on 8 Oct from 08:30.
  EXPECT_EQ(s.yellow_at_ms, ms(2026, 10, 8, 10, 42));
  EXPECT_EQ(s.red_at_ms, s.due_at_ms);

  h.then(Action::request_suspend, State::handling, {{"reason", "等待管线迁改"}}, ms(2026, 9, 30, 16, 50))
      .then(Action::approve_suspend, State::suspended, {}, ms(2026, 9, 30, 17, 0));
  p = project(h.events()).value();
  s = schedule_of(p, cal, {}).value();
  EXPECT_FALSE(s.due_at_ms);  // suspended: no light runs
  EXPECT_FALSE(s.handling_due_at_ms);

  // 30 minutes used before the suspension; 210 left from 09:00 on 8 Oct: 180 before noon, 30 after.
  h.then(Action::resume, State::handling, {}, ms(2026, 10, 8, 9, 0));
  s = schedule_of(project(h.events()).value(), cal, {}).value();
  EXPECT_EQ(s.due_at_ms, ms(2026, 10, 8, 14, 0));

  h.then(Action::request_extension, State::handling, {{"extension", "1 working_hours"}, {"reason", "材料"}},
         ms(2026, 10, 8, 9, 30))
      .then(Action::approve_extension, State::handling, {}, ms(2026, 10, 8, 10, 0));
  p = project(h.events()).value();
  EXPECT_EQ(p.handling_clock->extensions, (std::vector<calendar::TimeLimit>{{1, calendar::Unit::working_hours}}));
  s = schedule_of(p, cal, {}).value();
  EXPECT_EQ(s.due_at_ms, ms(2026, 10, 8, 15, 0));

  h.then(Action::finish, State::handled, {{"comment", "已修复"}, {"stage_limit", "120 natural_minutes"}},
         ms(2026, 10, 8, 11, 0));
  s = schedule_of(project(h.events()).value(), cal, {}).value();
  EXPECT_EQ(s.due_at_ms, ms(2026, 10, 8, 13, 0));  // the check stage's own clock
  EXPECT_FALSE(s.handling_due_at_ms);

  // request_check stays in the check stage: its clock keeps running from the finish.
  h.then(Action::request_check, State::checking, {{"stage_limit", "60 natural_minutes"}}, ms(2026, 10, 8, 11, 10));
  s = schedule_of(project(h.events()).value(), cal, {}).value();
  EXPECT_EQ(s.due_at_ms, ms(2026, 10, 8, 13, 0));

  // Rework with a fresh 2-hour limit from 14:00: due 16:00.
  h.then(Action::check_fail, State::handling, {{"reason", "仍不亮"}, {"handling_limit", "2 working_hours"}},
         ms(2026, 10, 8, 14, 0));
  p = project(h.events()).value();
  EXPECT_EQ(p.rework_count, 1);
  EXPECT_TRUE(p.handling_clock->extensions.empty());
  EXPECT_EQ(schedule_of(p, cal, {}).value().due_at_ms, ms(2026, 10, 8, 16, 0));
}

TEST(CaseRecord, ReworkWithoutAFreshLimitContinuesTheStoppedClock) {
  const auto& cal = calendar::national();
  History h;
  h.then(Action::report, State::pending_register, {}, ms(2026, 11, 23, 8, 0));
  h.events()[0].channel = "supervisor";
  h.then(Action::register_, State::pending_dispatch, {{"category", "06001"}, {"urgency", "normal"}},
         ms(2026, 11, 23, 8, 10))
      .then(Action::dispatch, State::dispatched, {{"department", "HW"}, {"handling_limit", "4 working_hours"}},
            ms(2026, 11, 23, 8, 30))
      .then(Action::sign, State::handling, {}, ms(2026, 11, 23, 8, 40))
      .then(Action::finish, State::handled, {{"comment", "清理"}}, ms(2026, 11, 23, 9, 30))
      .then(Action::request_check, State::checking, {}, ms(2026, 11, 23, 10, 0))
      .then(Action::check_fail, State::handling, {{"reason", "未清理干净"}}, ms(2026, 11, 23, 13, 30));
  // 60 minutes used before the finish; the clock stood from 09:30 to 13:30; 180 left → 16:30.
  EXPECT_EQ(schedule_of(project(h.events()).value(), cal, {}).value().due_at_ms, ms(2026, 11, 23, 16, 30));
}

TEST(CaseRecord, ADispatchWithoutALimitOrABadLimitIsRefused) {
  History h;
  h.then(Action::report, State::pending_register).then(Action::register_, State::pending_dispatch);
  h.events()[0].channel = "supervisor";
  h.then(Action::dispatch, State::dispatched, {{"department", "HW"}});
  EXPECT_EQ(project(h.events()).error().code, ErrorCode::validation_failed);
  h.events().back().payload.emplace_back("handling_limit", "4 hours");
  EXPECT_EQ(project(h.events()).error().code, ErrorCode::validation_failed);
}

TEST(CaseRecord, ACorruptHistoryIsRefused) {
  History gap;
  gap.then(Action::report, State::reported).then(Action::request_verify, State::verifying);
  gap.events()[1].sequence = 3;
  EXPECT_EQ(project(gap.events()).error().code, ErrorCode::validation_failed);

  History wrong_from;
  wrong_from.then(Action::report, State::reported).then(Action::sign, State::handling);
  EXPECT_FALSE(project(wrong_from.events()));  // no such row from reported

  History lying;
  lying.then(Action::report, State::reported).then(Action::request_verify, State::verifying);
  lying.events()[1].from = State::pending_dispatch;  // not the state the case was in
  EXPECT_FALSE(project(lying.events()));
  EXPECT_FALSE(project({}));
}

// The simulator once wrote "camera_ai", a channel DOMAIN.md does not know (its name is video_ai):
// every view then showed the raw code. A first event naming an unknown channel is refused.
TEST(CaseRecord, ACaseFromAnUnknownChannelIsRefused) {
  History h;
  h.then(Action::report, State::reported, {{"description", "摄像头发现占道经营"}});
  h.events()[0].channel = "camera_ai";
  const auto refused = project(h.events());
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().public_message().find("camera_ai"), std::string::npos);
  h.events()[0].channel = "video_ai";
  EXPECT_TRUE(project(h.events()));
}

}  // namespace
}  // namespace ug::workflow
