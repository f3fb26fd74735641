// The case lifecycle on both databases, one scenario per path of DOMAIN.md §4, with the service's
// clock set to Beijing wall-clock instants so that every deadline and light can be written down
// by hand: the default periods 08:30–12:00 and 13:30–17:30, the national calendar of 2026. Each
// scenario checks the states, events and deadlines at each step and ends with a rebuild that
// finds the rows equal to the fold of their events. Also: stale versions and illegal actions
// answer 409 with what is allowed, scopes hide cases, Idempotency-Key replays, and N writers
// racing one action get exactly one success.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <thread>

#include "../unit/calendar/national_calendar.hpp"
#include "app/commands.hpp"
#include "backends.hpp"
#include "service/case_service.hpp"
#include "service/history_simulator.hpp"
#include "service/light_watch.hpp"
#include "service/webhook_service.hpp"
#include "two_streets.hpp"

namespace ug::service {
namespace {

using workflow::Action;
using workflow::State;

const access::Principal kCli = access::Principal::command_line();

using test::bj;
using test::kInA;
using test::kInB;
using test::person;

class CaseServiceTest : public ::testing::TestWithParam<storage::Backend> {
 protected:
  void SetUp() override {
    db_ = test::migrated_database(GetParam(), "cases");
    ASSERT_TRUE(app::prepare_schema(*db_));
    test::TwoStreetServices city;
    test::build_two_streets(
        *db_, [this] { return now_.load(); }, city);
    grids_ = std::move(city.grids);
    routing_ = std::move(city.routing);
    calendar_ = std::move(city.calendar);
    cases_ = std::move(city.cases);
    supervision_ = std::move(city.supervision);
  }

  CaseView report(const access::Principal& who, std::string description, std::string category = "06010",
                  std::optional<geo::LonLat> point = kInA) {
    IntakeRequest in;
    in.description = std::move(description);
    in.category = std::move(category);
    in.point = point;
    in.reporter_name = "张三";
    in.reporter_phone = "13812345678";
    auto done = cases_->intake(who, in);
    EXPECT_TRUE(done) << done.error().public_message();
    return done ? *done->view : CaseView{};
  }

  Result<CaseOutcome> try_act(const access::Principal& who, const std::string& id, Action action,
                              ActionRequest request = {}) {
    if (request.version == 0) request.version = cases_->get(kCli, id).value().row.projection.version;
    return cases_->act(who, id, action, request);
  }

  CaseView act(const access::Principal& who, const std::string& id, Action action, ActionRequest request = {}) {
    auto done = try_act(who, id, action, std::move(request));
    EXPECT_TRUE(done) << workflow::to_string(action) << ": " << done.error().public_message();
    return done ? *done->view : CaseView{};
  }

  static ActionRequest with(std::string comment = "已办理") {
    ActionRequest r;
    r.comment = std::move(comment);
    r.reason = "原因";
    return r;
  }

  // A supervisor's report at 09:00 on Monday 23 Nov, registered and dispatched at once.
  std::string dispatched(std::string department) {
    const auto id = report(patrol_, "垃圾堆积").row.projection.id;
    ActionRequest reg;
    reg.category = "06010";
    reg.urgency = "normal";
    act(leader_on_shift_, id, Action::register_, reg);
    ActionRequest send;
    send.department = std::move(department);
    act(dispatcher_, id, Action::dispatch, send);
    return id;
  }

  // An uploaded photo of `who`, as the attachment service records it (the files are its business).
  std::string photo(const access::Principal& who) {
    const auto a = test::photo_record(fmt::format("P{:04}", ++photos_), who, now_);
    EXPECT_TRUE(db_->write([&](storage::Transaction& tx) { return tx.attachments().insert(a); }));
    return a.id;
  }

  void expect_rebuild_clean() {
    const auto report = cases_->rebuild(false).value();
    EXPECT_TRUE(report.differences.empty()) << report.differences.front();
  }

  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<GridService> grids_;
  std::unique_ptr<RoutingService> routing_;
  std::unique_ptr<CalendarService> calendar_;
  std::unique_ptr<CaseService> cases_;
  std::unique_ptr<SupervisionService> supervision_;
  std::atomic<std::int64_t> now_{bj(11, 23, 9, 0)};
  int photos_ = 0;

  const access::Principal seat_ = person(1, "受理员", access::Role::operator_, {"370811"});
  const access::Principal patrol_ = person(2, "监督员", access::Role::supervisor, {"370811002"});
  const access::Principal leader_on_shift_ = person(3, "值班长", access::Role::shift_leader, {"370811"});
  const access::Principal dispatcher_ = person(4, "派遣员", access::Role::dispatcher, {"370811"});
  const access::Principal sanitation_ = person(5, "环卫", access::Role::handler, {"370811"}, {"HW"});
  const access::Principal works_ = person(6, "市政", access::Role::handler, {"370811"}, {"SZ"});
  const access::Principal bureau_ = person(7, "局领导", access::Role::leader, {"370811"});
};

TEST_P(CaseServiceTest, HappyPathOfAHotlineReportWithEveryDeadlineAndLight) {
  // Monday 23 Nov 2026, 09:00: a hotline seat takes a call about exposed garbage (06010).
  const auto created = report(seat_, "路边垃圾堆积");
  const auto id = created.row.projection.id;
  EXPECT_EQ(id.substr(0, 8), "20261123");
  EXPECT_EQ(id.size(), 14u);
  EXPECT_EQ(created.row.projection.channel, "hotline_12319");
  EXPECT_EQ(created.row.projection.state, State::reported);
  EXPECT_EQ(created.row.projection.grid_code, "370811002001001");
  EXPECT_EQ(created.row.projection.tracking_code.size(), 10u);   // a public channel: the caller can follow it
  EXPECT_EQ(created.row.schedule.due_at_ms, bj(11, 23, 9, 10));  // accept within 10 natural minutes
  EXPECT_EQ(created.routing->decision.department_id, "HW");
  EXPECT_EQ(created.reporter.phone, "13812345678");  // a seat sees the caller's number in full
  EXPECT_EQ(
      (std::vector<Action>{Action::request_verify, Action::reject, Action::merge, Action::request_void, Action::place}),
      created.allowed_actions);  // a public report cannot be accepted without verification

  now_ = bj(11, 23, 9, 5);
  auto v = act(seat_, id, Action::request_verify);
  EXPECT_EQ(v.row.projection.state, State::verifying);
  EXPECT_EQ(v.row.schedule.due_at_ms, bj(11, 23, 10, 5));
  now_ = bj(11, 23, 9, 30);
  v = act(patrol_, id, Action::verify_ok, with("现场属实"));
  EXPECT_EQ(v.row.schedule.due_at_ms, bj(11, 23, 10, 0));
  now_ = bj(11, 23, 9, 40);
  ActionRequest reg;
  reg.category = "06010";
  reg.urgency = "normal";
  v = act(leader_on_shift_, id, Action::register_, reg);
  EXPECT_EQ(v.row.projection.state, State::pending_dispatch);
  EXPECT_EQ(v.row.projection.suggested_department_id, "HW");

  now_ = bj(11, 23, 9, 50);
  ActionRequest send;
  send.department = "HW";
  v = act(dispatcher_, id, Action::dispatch, send);
  EXPECT_EQ(v.row.projection.state, State::dispatched);
  EXPECT_EQ(v.row.schedule.due_at_ms, bj(11, 23, 10, 20));  // sign within 30 minutes
  // 4 working hours from 09:50: 130 minutes before noon, 110 after 13:30 → 15:20.
  EXPECT_EQ(v.row.schedule.handling_due_at_ms, bj(11, 23, 15, 20));
  EXPECT_EQ(*v.events.back().field("handling_due"), "2026-11-23T15:20:00+08:00");

  now_ = bj(11, 23, 10, 17);  // 27 of 30 minutes used: yellow (after 80 %, 10:14)
  EXPECT_EQ(cases_->get(sanitation_, id).value().stage_reading->light, calendar::Light::yellow);
  now_ = bj(11, 23, 10, 30);
  EXPECT_EQ(cases_->get(sanitation_, id).value().stage_reading->light, calendar::Light::red);
  v = act(sanitation_, id, Action::sign);
  EXPECT_EQ(v.row.projection.state, State::handling);
  EXPECT_EQ(v.row.schedule.due_at_ms, bj(11, 23, 15, 20));
  EXPECT_EQ(v.stage_reading->light, calendar::Light::green);
  now_ = bj(11, 23, 14, 50);  // 210 of 240 working minutes used
  const auto busy = cases_->get(sanitation_, id).value();
  EXPECT_EQ(busy.stage_reading->light, calendar::Light::yellow);
  EXPECT_EQ(busy.stage_reading->remaining_seconds, 30 * 60);

  now_ = bj(11, 23, 15, 0);
  ActionRequest done = with("已清运");
  done.attachments = {photo(sanitation_)};
  v = act(sanitation_, id, Action::finish, done);
  EXPECT_EQ(v.row.projection.state, State::handled);
  EXPECT_EQ(v.row.schedule.due_at_ms, bj(11, 23, 17, 0));  // check within 120 minutes of the finish
  now_ = bj(11, 23, 15, 5);
  act(seat_, id, Action::request_check);
  now_ = bj(11, 23, 15, 30);
  v = act(patrol_, id, Action::check_pass, with("已清理干净"));
  EXPECT_EQ(v.row.schedule.due_at_ms, bj(11, 23, 16, 0));
  now_ = bj(11, 23, 15, 40);
  v = act(leader_on_shift_, id, Action::close);
  EXPECT_EQ(v.row.projection.state, State::closed);
  EXPECT_EQ(v.row.projection.closed_at_ms, bj(11, 23, 15, 40));
  EXPECT_FALSE(v.row.schedule.due_at_ms);

  // The caller follows it by tracking code and rates it once.
  const auto code = created.row.projection.tracking_code;
  auto seen = cases_->public_view(code).value();
  EXPECT_TRUE(seen.can_rate);
  EXPECT_EQ(seen.steps.size(), 10u);
  seen = cases_->public_rate(code, "满意", "", "203.0.113.9").value();
  EXPECT_EQ(seen.satisfaction, "满意");
  EXPECT_FALSE(seen.can_rate);
  EXPECT_EQ(cases_->public_rate(code, "满意", "", "203.0.113.9").error().code, ErrorCode::conflict);

  const auto events = cases_->events(kCli, id).value();
  ASSERT_EQ(events.size(), 11u);
  const std::vector<Action> expected = {
      Action::report, Action::request_verify, Action::verify_ok,  Action::register_, Action::dispatch, Action::sign,
      Action::finish, Action::request_check,  Action::check_pass, Action::close,     Action::callback};
  for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(events[i].action, expected[i]) << i;
  EXPECT_EQ(events[3].role, "shift_leader");
  EXPECT_EQ(events[10].role, "citizen");
  EXPECT_EQ(cases_->ledger(bureau_, Action::callback, bj(11, 23, 0, 0), bj(11, 24, 0, 0), 10).value().entries.size(),
            1u);
  expect_rebuild_clean();
}

TEST_P(CaseServiceTest, VerificationNotFoundRejectAndDeclineEndTheCase) {
  const auto a = report(seat_, "井盖缺失", "01001").row.projection.id;
  act(seat_, a, Action::request_verify);
  EXPECT_EQ(act(patrol_, a, Action::verify_not_found, with("现场无此问题")).row.projection.state, State::invalid);

  const auto b = report(seat_, "重复来电").row.projection.id;
  ActionRequest no_reason;
  EXPECT_EQ(try_act(seat_, b, Action::reject, no_reason).error().code, ErrorCode::validation_failed);
  EXPECT_EQ(act(seat_, b, Action::reject, with()).row.projection.state, State::invalid);

  // A supervisor's own report skips verification; the shift leader may decline it.
  const auto c = report(patrol_, "不属于城管范围");
  EXPECT_EQ(c.row.projection.state, State::pending_register);
  EXPECT_TRUE(c.row.projection.tracking_code.empty());  // not a public channel
  EXPECT_EQ(c.reporter.phone, "138****5678");           // a supervisor sees the number masked
  EXPECT_EQ(act(leader_on_shift_, c.row.projection.id, Action::decline_register, with()).row.projection.state,
            State::rejected);
  expect_rebuild_clean();
}

TEST_P(CaseServiceTest, MergeCountsTheReportOnAnOpenTarget) {
  const auto first = report(patrol_, "垃圾堆积").row.projection.id;
  now_ = bj(11, 23, 9, 20);
  const auto second = report(seat_, "又一个电话说垃圾堆积");
  ASSERT_EQ(second.duplicates.size(), 1u);  // within 50 m and 72 h, same category
  EXPECT_EQ(second.duplicates[0].id, first);
  ActionRequest into;
  into.merge_target = second.row.projection.id;
  EXPECT_EQ(try_act(seat_, second.row.projection.id, Action::merge, into).error().code, ErrorCode::validation_failed);
  into.merge_target = first;
  EXPECT_EQ(act(seat_, second.row.projection.id, Action::merge, into).row.projection.state, State::merged);
  EXPECT_EQ(cases_->get(seat_, first).value().merged_reports, 1);

  const auto closed = report(seat_, "第三个").row.projection.id;
  act(seat_, closed, Action::reject, with());
  const auto late = report(seat_, "第四个").row.projection.id;
  into.merge_target = closed;
  EXPECT_EQ(try_act(seat_, late, Action::merge, into).error().code, ErrorCode::validation_failed);
  expect_rebuild_clean();
}

// The lookup reads the grids the search box meets: a report near a grid's edge finds the case
// across it, also one placed outside every grid, and nothing beyond the radius.
TEST_P(CaseServiceTest, DuplicatesAreFoundAcrossAGridEdge) {
  const geo::LonLat inside_edge{116.5309, 35.3705};  // in grid A, 9 m from its east edge
  const geo::LonLat outside{116.5311, 35.3705};      // in no grid, 9 m beyond the edge
  const geo::LonLat far_out{116.5315, 35.3705};      // 54 m from the first, 36 m from the second
  const auto first = report(patrol_, "井盖缺失", "06010", inside_edge).row.projection.id;
  now_ = bj(11, 23, 9, 20);
  const auto across = report(seat_, "路边井盖没了", "06010", outside);
  EXPECT_TRUE(across.row.projection.grid_code.empty());
  ASSERT_EQ(across.duplicates.size(), 1u);
  EXPECT_EQ(across.duplicates[0].id, first);
  const auto back = cases_->duplicates(seat_, inside_edge, "06010").value();
  ASSERT_EQ(back.size(), 2u);  // both, nearest first
  EXPECT_EQ(back[0].id, first);
  EXPECT_EQ(back[1].id, across.row.projection.id);
  EXPECT_EQ(cases_->duplicates(seat_, far_out, "06010").value().size(), 1u);     // only the one outside
  EXPECT_TRUE(cases_->duplicates(seat_, inside_edge, "06011").value().empty());  // another category
}

TEST_P(CaseServiceTest, ReturnAndRedispatchRestartTheHandlingClock) {
  const struct { std::string id; } c{dispatched("SZ")};                          // the wrong department
  EXPECT_EQ(cases_->get(sanitation_, c.id).error().code, ErrorCode::not_found);  // not HW's case yet
  now_ = bj(11, 23, 9, 30);
  auto v = act(works_, c.id, Action::request_return, with());
  EXPECT_EQ(v.row.projection.pending, workflow::bits(workflow::Pending::return_));
  EXPECT_EQ(try_act(works_, c.id, Action::request_return, with()).error().code, ErrorCode::illegal_transition);
  v = act(dispatcher_, c.id, Action::approve_return);
  EXPECT_EQ(v.row.projection.state, State::pending_dispatch);
  EXPECT_EQ(v.row.projection.return_count, 1);
  EXPECT_EQ(v.row.schedule.due_at_ms, bj(11, 23, 10, 0));
  now_ = bj(11, 23, 10, 0);
  ActionRequest send;
  send.department = "HW";
  v = act(dispatcher_, c.id, Action::dispatch, send);
  // A fresh 4 working hours from 10:00: 120 before noon, 120 after → 15:30.
  EXPECT_EQ(v.row.schedule.handling_due_at_ms, bj(11, 23, 15, 30));
  EXPECT_EQ(v.row.projection.dispatch_count, 2);
  EXPECT_EQ(cases_->get(works_, c.id).error().code, ErrorCode::not_found);
  act(sanitation_, c.id, Action::sign);
  expect_rebuild_clean();
}

TEST_P(CaseServiceTest, ExtensionAddsAndSuspensionPausesTheHandlingClock) {
  const struct { std::string id; } c{dispatched("HW")};  // dispatched 09:00: 180 minutes before noon, 60 after → 14:30
  act(sanitation_, c.id, Action::sign);
  EXPECT_EQ(cases_->get(kCli, c.id).value().row.schedule.due_at_ms, bj(11, 23, 14, 30));
  now_ = bj(11, 23, 10, 0);
  ActionRequest ask = with();
  ask.extension = "1 natural_days";
  EXPECT_EQ(try_act(sanitation_, c.id, Action::request_extension, ask).error().code, ErrorCode::validation_failed);
  ask.extension = "1 working_days";
  storage::CaseFilter mine;
  mine.queue = true;
  const auto in_queue = [&](const access::Principal& who) {
    const auto page = cases_->list(who, mine).value();
    return std::any_of(page.begin(), page.end(), [&](const auto& v) { return v.row.projection.id == c.id; });
  };
  EXPECT_FALSE(in_queue(dispatcher_));  // handling is the department's to move on
  EXPECT_TRUE(in_queue(sanitation_));
  auto v = act(sanitation_, c.id, Action::request_extension, ask);
  EXPECT_EQ(v.row.projection.requested_extension, "1 working_days");
  EXPECT_TRUE(in_queue(dispatcher_));  // the request waits for the dispatcher's decision
  v = act(dispatcher_, c.id, Action::approve_extension);
  EXPECT_FALSE(in_queue(dispatcher_));
  EXPECT_EQ(v.row.schedule.due_at_ms, bj(11, 24, 14, 30));  // one working day (450 min) later

  now_ = bj(11, 23, 11, 0);  // 120 working minutes used
  act(sanitation_, c.id, Action::request_suspend, with());
  v = act(dispatcher_, c.id, Action::approve_suspend);
  EXPECT_EQ(v.row.projection.state, State::suspended);
  EXPECT_FALSE(v.row.schedule.due_at_ms);
  EXPECT_TRUE(v.handling_reading->suspended);
  now_ = bj(11, 25, 9, 0);  // resumed on Wednesday 09:00 with 240 + 450 − 120 = 570 minutes left
  v = act(dispatcher_, c.id, Action::resume);
  EXPECT_EQ(v.row.projection.state, State::handling);
  // 570 minutes from Wed 09:00: 180 to noon, 240 in the afternoon, 150 on Thursday from 08:30.
  EXPECT_EQ(v.row.schedule.due_at_ms, bj(11, 26, 11, 0));
  expect_rebuild_clean();
}

TEST_P(CaseServiceTest, ReworkTwiceRestartsHandlingEachTime) {
  const struct { std::string id; } c{dispatched("HW")};
  act(sanitation_, c.id, Action::sign);
  for (int round = 1; round <= 2; ++round) {
    now_ = bj(11, 23, 9 + round, 0);
    ActionRequest done = with();
    done.attachments = {photo(sanitation_)};
    act(sanitation_, c.id, Action::finish, done);
    act(seat_, c.id, Action::request_check);
    now_ = bj(11, 23, 9 + round, 30);
    const auto v = act(patrol_, c.id, Action::check_fail, with());
    EXPECT_EQ(v.row.projection.rework_count, round);
    EXPECT_EQ(v.row.projection.state, State::handling);
    // A fresh 4 working hours from 10:30 (90 before noon → 16:00), then from 11:30 (30 → 17:00).
    EXPECT_EQ(v.row.schedule.due_at_ms, round == 1 ? bj(11, 23, 16, 0) : bj(11, 23, 17, 0));
  }
  expect_rebuild_clean();
}

TEST_P(CaseServiceTest, VoidNeedsAShiftLeadersApprovalAndReopenWritesTheRedoLedger) {
  const auto id = report(seat_, "误报").row.projection.id;
  act(seat_, id, Action::request_void, with());
  EXPECT_EQ(try_act(seat_, id, Action::approve_void).error().code, ErrorCode::forbidden);
  EXPECT_EQ(act(leader_on_shift_, id, Action::approve_void).row.projection.state, State::void_);

  // Self-handled by a supervisor on the spot, then closed, then reopened (重办).
  IntakeRequest in;
  in.description = "小广告";
  in.category = "06010";
  in.point = kInA;
  in.self_handled = true;
  in.comment = "已当场清除";
  EXPECT_EQ(cases_->intake(patrol_, in).error().code, ErrorCode::validation_failed);  // no after-photo
  in.attachments = {photo(patrol_)};
  EXPECT_EQ(cases_->intake(seat_, in).error().code, ErrorCode::illegal_transition);  // only supervisors
  const auto self = cases_->intake(patrol_, in).value().view->row.projection;
  EXPECT_EQ(self.state, State::pending_close);
  act(leader_on_shift_, self.id, Action::close);
  now_ = bj(11, 23, 10, 0);
  ActionRequest again = with();
  const auto v = act(leader_on_shift_, self.id, Action::reopen, again);
  EXPECT_EQ(v.row.projection.state, State::pending_dispatch);
  EXPECT_EQ(v.row.projection.reopen_count, 1);
  EXPECT_FALSE(v.row.projection.closed_at_ms);
  const auto redo = cases_->ledger(bureau_, Action::reopen, bj(11, 23, 0, 0), bj(11, 24, 0, 0), 10).value();
  ASSERT_EQ(redo.entries.size(), 1u);
  EXPECT_EQ(redo.entries[0].case_id, self.id);

  // 督办 is its own process (issue 21 §3): the case shows it through its notices.
  const auto notice =
      supervision_->issue(bureau_, {.case_id = self.id, .level = "重点", .comment = "请尽快处置", .reply_limit = ""});
  ASSERT_TRUE(notice) << notice.error().public_message();
  EXPECT_EQ(notice->item.level, "important");
  EXPECT_EQ(cases_->get(bureau_, self.id).value().supervision_notices, 1);
  storage::CaseFilter supervised;
  supervised.supervised = true;
  EXPECT_EQ(cases_->list(bureau_, supervised).value().size(), 1u);
  expect_rebuild_clean();
}

// Issue 21 §5: the permission is checked before the version, so a caller who may never take the
// action learns nothing of the case's state or version from the answer.
TEST_P(CaseServiceTest, APermissionIsCheckedBeforeTheVersion) {
  const auto id = report(seat_, "路灯不亮", "01001").row.projection.id;
  ActionRequest stale;
  stale.version = 7;
  stale.category = "01001";
  stale.urgency = "normal";
  const auto refused = cases_->act(seat_, id, Action::register_, stale).error();
  EXPECT_EQ(refused.code, ErrorCode::forbidden);
  for (const auto& [key, value] : refused.details) EXPECT_NE(key, "version");
  EXPECT_EQ(cases_->act(seat_, id, Action::request_verify, stale).error().code, ErrorCode::conflict);
}

TEST_P(CaseServiceTest, StaleVersionsAndIllegalActionsSayWhatIsAllowed) {
  const auto id = report(seat_, "路灯不亮", "01001").row.projection.id;
  ActionRequest stale;
  stale.version = 7;
  const auto old = cases_->act(seat_, id, Action::request_verify, stale).error();
  EXPECT_EQ(old.code, ErrorCode::conflict);
  const auto detail = [](const Error& e, const std::string& key) {
    for (const auto& [k, v] : e.details) {
      if (k == key) return v;
    }
    return ErrorDetailValue{std::string("absent")};
  };
  EXPECT_EQ(std::get<std::string>(detail(old, "state")), "reported");
  EXPECT_EQ(std::get<std::int64_t>(detail(old, "version")), 1);
  const auto illegal = try_act(dispatcher_, id, Action::dispatch).error();
  EXPECT_EQ(illegal.code, ErrorCode::illegal_transition);
  EXPECT_EQ(std::get<std::int64_t>(detail(illegal, "version")), 1);
  EXPECT_EQ(std::get<std::vector<std::string>>(detail(illegal, "allowed_actions")), std::vector<std::string>{});
  // Issue 21 §5 changed this: an action the seat may never take (sign) is refused as forbidden before
  // the state is looked at; one it may take but not now (accepting a public report) says what it may.
  EXPECT_EQ(try_act(seat_, id, Action::sign).error().code, ErrorCode::forbidden);
  EXPECT_EQ(std::get<std::vector<std::string>>(detail(try_act(seat_, id, Action::accept).error(), "allowed_actions")),
            (std::vector<std::string>{"request_verify", "reject", "merge", "request_void", "place"}));

  // Out of scope is not found, for reading and acting alike.
  const auto elsewhere = report(seat_, "另一条街", "06010", kInB).row.projection.id;
  EXPECT_EQ(cases_->get(patrol_, elsewhere).error().code, ErrorCode::not_found);
  // (An action the supervisor may take: since issue 21 §5 one they may never take is 403 first.)
  EXPECT_EQ(try_act(patrol_, elsewhere, Action::verify_ok, with()).error().code, ErrorCode::not_found);
  storage::CaseFilter all;
  const auto seen = cases_->list(patrol_, all).value();
  EXPECT_TRUE(std::none_of(seen.begin(), seen.end(), [&](const auto& v) { return v.row.projection.id == elsewhere; }));
}

// Reporting a case does not put it in one's scope (issue 19 §2.3): a one-street supervisor's report
// in another street is theirs to follow, read-only, not to handle or check; a citizen account sees
// its own report the same way.
TEST_P(CaseServiceTest, AReportersOwnCaseOutsideTheirScopeIsReadOnly) {
  // Self-handling is acting: only within one's scope.
  IntakeRequest self;
  self.description = "小广告已清理";
  self.category = "06010";
  self.point = kInB;
  self.self_handled = true;
  self.comment = "已清除";
  self.attachments = {photo(patrol_)};
  EXPECT_EQ(cases_->intake(patrol_, self).error().code, ErrorCode::forbidden);
  self.point = kInA;
  EXPECT_EQ(cases_->intake(patrol_, self).value().view->row.projection.state, State::pending_close);

  const auto elsewhere = report(patrol_, "隔壁街道井盖缺失", "06010", kInB).row.projection.id;
  EXPECT_EQ(cases_->get(patrol_, elsewhere).error().code, ErrorCode::not_found);
  const auto status = cases_->report_status(patrol_, elsewhere).value();
  EXPECT_EQ(status.state, "pending_register");
  ASSERT_FALSE(status.steps.empty());
  EXPECT_EQ(status.steps.front().first, "report");
  // Its check cannot be passed by its reporter: the case goes round the loop to the check.
  ActionRequest reg;
  reg.category = "06010";
  reg.urgency = "normal";
  act(leader_on_shift_, elsewhere, Action::register_, reg);
  ActionRequest send;
  send.department = "HW";
  act(dispatcher_, elsewhere, Action::dispatch, send);
  act(sanitation_, elsewhere, Action::sign);
  ActionRequest done = with();
  done.attachments = {photo(sanitation_)};
  act(sanitation_, elsewhere, Action::finish, done);
  act(seat_, elsewhere, Action::request_check, with());
  EXPECT_EQ(try_act(patrol_, elsewhere, Action::check_pass, with()).error().code, ErrorCode::not_found);
  // In lists it is a row without actions.
  storage::CaseFilter all;
  const auto mine = cases_->list(patrol_, all).value();
  const auto row =
      std::find_if(mine.begin(), mine.end(), [&](const auto& v) { return v.row.projection.id == elsewhere; });
  ASSERT_NE(row, mine.end());
  EXPECT_TRUE(row->allowed_actions.empty());
  // Someone else's report out of scope stays hidden, status included.
  const auto other = person(16, "另一位监督员", access::Role::supervisor, {"370811002"});
  EXPECT_EQ(cases_->report_status(other, elsewhere).error().code, ErrorCode::not_found);

  // A citizen account (no case.view at all) follows its own report.
  const auto resident = person(17, "市民", access::Role::citizen, {});
  const auto theirs = report(resident, "楼下垃圾没人收").row.projection.id;
  EXPECT_EQ(cases_->get(resident, theirs).error().code, ErrorCode::not_found);
  EXPECT_EQ(cases_->report_status(resident, theirs).value().state, "reported");
  EXPECT_EQ(cases_->report_status(resident, elsewhere).error().code, ErrorCode::not_found);
}

// What a caller reads out on the phone finds their case (issue 19 §1.5): the tracking code, the
// hotline's order number, their phone in full or its last four digits — for staff who may see
// contacts, each search by a number audited; words still search the description.
TEST_P(CaseServiceTest, ACaseIsFoundByTrackingCodePhoneAndExternalReference) {
  const auto hotline_case = report(seat_, "小区门口垃圾堆积");  // reporter 13812345678
  const auto& p = hotline_case.row.projection;
  access::Principal hotline = person(9, "12345", access::Role::integration, {"*"});
  hotline.channel = "hotline_12345";
  IntakeRequest order;
  order.description = "路灯不亮";
  order.point = kInA;
  order.external_ref = "GD-2026-0042";
  order.reporter_phone = "+86 139-0000-4321";
  const auto ordered = cases_->intake(hotline, order).value().view->row.projection.id;
  const auto ids = [&](const access::Principal& who, const std::string& q) {
    storage::CaseFilter query;
    query.text = q;
    std::vector<std::string> out;
    const auto found = cases_->list(who, query).value();
    for (const auto& v : found) out.push_back(v.row.projection.id);
    return out;
  };
  using Ids = std::vector<std::string>;
  EXPECT_EQ(ids(seat_, p.tracking_code), Ids{p.id});
  EXPECT_EQ(ids(seat_, "13812345678"), Ids{p.id});
  EXPECT_EQ(ids(seat_, "138 1234 5678"), Ids{p.id});
  EXPECT_EQ(ids(seat_, "5678"), Ids{p.id});
  EXPECT_EQ(ids(seat_, "GD-2026-0042"), Ids{ordered});
  EXPECT_EQ(ids(seat_, "8613900004321"), Ids{ordered});
  EXPECT_EQ(ids(seat_, "4321"), Ids{ordered});
  EXPECT_EQ(ids(seat_, p.id), Ids{p.id});
  EXPECT_EQ(ids(seat_, "垃圾堆积"), Ids{p.id});  // words: the description
  EXPECT_TRUE(ids(seat_, "0000").empty());
  // A code that names no case is searched as words: a road number in an address.
  IntakeRequest road;
  road.description = "护栏损坏";
  road.address = "G104 国道 K12 处";
  road.point = kInA;
  const auto on_road = cases_->intake(seat_, road).value().view->row.projection.id;
  EXPECT_EQ(ids(seat_, "G104"), Ids{on_road});
  // Without the right to see contacts, a number finds only a case number.
  EXPECT_TRUE(ids(bureau_, "5678").empty());
  EXPECT_TRUE(ids(bureau_, p.tracking_code).empty());
  EXPECT_EQ(ids(bureau_, p.id), Ids{p.id});
  // Each search by a phone number is in the audit log, the number masked; a code search is not.
  storage::AuditQuery audited;
  audited.action_prefix = "case.search_phone";
  const auto entries = db_->read([&](storage::Transaction& tx) { return tx.audit().query(audited); }).value();
  ASSERT_EQ(entries.size(), 6u);  // 13812345678, 138 1234 5678, 5678, 8613900004321, 4321, 0000
  EXPECT_EQ(entries.back().actor, "受理员");
  EXPECT_EQ(entries.back().target, "138****5678");
  EXPECT_EQ(entries.front().target, "****0000");
}

TEST_P(CaseServiceTest, IntakeRefusesBadInputAndWritesNothing) {
  const auto count = [&] { return cases_->list(kCli, {}).value().size(); };
  const auto before = count();
  IntakeRequest in;
  in.description = "  ";
  in.point = kInA;
  EXPECT_EQ(cases_->intake(seat_, in).error().code, ErrorCode::validation_failed);
  in.description = "问题";
  in.category = "99999";
  EXPECT_EQ(cases_->intake(seat_, in).error().code, ErrorCode::validation_failed);
  in.category = "06010";
  in.point = geo::LonLat{200, 35};
  EXPECT_EQ(cases_->intake(seat_, in).error().code, ErrorCode::validation_failed);
  in.point.reset();
  EXPECT_EQ(cases_->intake(seat_, in).error().code, ErrorCode::validation_failed);  // no place at all
  in.reporter_phone = "call me";
  in.address = "古槐路 1 号";
  EXPECT_EQ(cases_->intake(seat_, in).error().code, ErrorCode::validation_failed);
  in.reporter_phone = "";
  in.urgency = "soon";
  EXPECT_EQ(cases_->intake(seat_, in).error().code, ErrorCode::validation_failed);
  EXPECT_EQ(count(), before);

  // An address alone is kept and waits to be placed.
  in.urgency = "urgent";
  const auto placed_later = cases_->intake(seat_, in).value().view->row.projection;
  EXPECT_FALSE(placed_later.located());
  storage::CaseFilter unplaced;
  unplaced.unplaced = true;
  EXPECT_EQ(cases_->list(kCli, unplaced).value().size(), 1u);
  // The seat places it on the map: the grid and divisions follow, the queue of unplaced is empty.
  ActionRequest place;
  EXPECT_EQ(try_act(seat_, placed_later.id, Action::place, place).error().code, ErrorCode::validation_failed);
  place.point = kInB;
  // Without a place it has no region: the centre reaches it whatever its scopes (a dispatcher sees
  // it but may not place it; another street's seat, not its reporter, places it), nobody else does.
  EXPECT_EQ(try_act(dispatcher_, placed_later.id, Action::place, place).error().code, ErrorCode::forbidden);
  EXPECT_EQ(
      supervision_->issue(bureau_, {.case_id = placed_later.id, .level = "", .comment = "请处置", .reply_limit = ""})
          .error()
          .code,
      ErrorCode::not_found);
  EXPECT_EQ(cases_->get(works_, placed_later.id).error().code, ErrorCode::not_found);
  const auto other_seat = person(15, "另一街道受理员", access::Role::operator_, {"370811003"});
  EXPECT_TRUE(cases_->get(other_seat, placed_later.id));
  storage::CaseFilter in_their_queue;
  in_their_queue.unplaced = true;
  EXPECT_EQ(cases_->list(other_seat, in_their_queue).value().size(), 1u);
  const auto placed = act(other_seat, placed_later.id, Action::place, place).row.projection;
  EXPECT_TRUE(placed.located());
  EXPECT_EQ(placed.grid_code, "370811003001001");
  EXPECT_EQ(placed.state, State::reported);
  EXPECT_TRUE(cases_->list(kCli, unplaced).value().empty());
  expect_rebuild_clean();

  // One external reference per channel.
  access::Principal hotline = person(9, "12345", access::Role::integration, {"*"});
  hotline.channel = "hotline_12345";
  in.external_ref = "GD-2026-0001";
  ASSERT_TRUE(cases_->intake(hotline, in));
  EXPECT_EQ(cases_->intake(hotline, in).error().code, ErrorCode::conflict);
}

TEST_P(CaseServiceTest, AnIdempotencyKeyReplaysTheFirstAnswer) {
  IntakeRequest in;
  in.description = "重复提交";
  in.point = kInA;
  IdempotentRequest idem{"user:1", "key-1", "fingerprint-a", 201,
                         [](const CaseView& v) { return v.row.projection.id; }};
  const auto first = cases_->intake(seat_, in, &idem).value();
  ASSERT_TRUE(first.view);
  const auto again = cases_->intake(seat_, in, &idem).value();
  ASSERT_TRUE(again.replay);
  EXPECT_EQ(again.replay->response_body, first.view->row.projection.id);
  idem.fingerprint = "fingerprint-b";
  EXPECT_EQ(cases_->intake(seat_, in, &idem).error().code, ErrorCode::validation_failed);
  storage::CaseFilter mine;
  mine.text = "重复提交";
  EXPECT_EQ(cases_->list(kCli, mine).value().size(), 1u);
}

TEST_P(CaseServiceTest, RacingWritersOfOneActionGetExactlyOneSuccess) {
  const auto id = report(seat_, "并发测试").row.projection.id;
  std::atomic<int> ok{0}, conflicts{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      ActionRequest r;
      r.version = 1;
      const auto done = cases_->act(seat_, id, Action::request_verify, r);
      if (done) {
        ++ok;
      } else if (done.error().code == ErrorCode::conflict) {
        ++conflicts;
      } else {
        ++other;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(conflicts.load(), 7);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(cases_->events(kCli, id).value().size(), 2u);
}

TEST_P(CaseServiceTest, QueuesFilterSortAndPageWithinScope) {
  for (int i = 0; i < 5; ++i) {
    now_ = bj(11, 23, 9, i);
    report(patrol_, "巡查上报 " + std::to_string(i));
  }
  now_ = bj(11, 23, 9, 30);
  IntakeRequest urgent;
  urgent.description = "热线上报";
  urgent.category = "06010";
  urgent.point = kInA;
  urgent.urgency = "urgent";
  ASSERT_TRUE(cases_->intake(seat_, urgent));
  storage::CaseFilter q;
  q.limit = 2;
  auto page = cases_->list(leader_on_shift_, q).value();
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].row.projection.description, "热线上报");  // newest first
  q.after = std::pair{std::int64_t{0}, page[1].row.projection.id};
  page = cases_->list(leader_on_shift_, q).value();
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].row.projection.description, "巡查上报 3");

  storage::CaseFilter mine;
  mine.queue = true;  // the shift leader registers supervisor reports (pending_register)
  EXPECT_EQ(cases_->list(leader_on_shift_, mine).value().size(), 5u);
  EXPECT_EQ(cases_->list(seat_, mine).value().size(), 1u);  // the hotline report waits for the seat

  storage::CaseFilter red;
  red.light = "red";  // register within 30 minutes of 09:00–09:04: red at 09:40
  now_ = bj(11, 23, 9, 40);
  EXPECT_EQ(cases_->list(leader_on_shift_, red).value().size(), 5u);
  red.light = "yellow";  // the hotline report: accept by 09:40, yellow after 09:38
  EXPECT_EQ(cases_->list(leader_on_shift_, red).value().size(), 1u);
  storage::CaseFilter due;
  due.sort = storage::CaseSort::due;
  const auto soonest = cases_->list(leader_on_shift_, due).value();
  ASSERT_EQ(soonest.size(), 6u);
  EXPECT_EQ(soonest[0].row.projection.description, "巡查上报 0");
  const auto counts = cases_->counts(leader_on_shift_, {}).value();
  ASSERT_EQ(counts.size(), 2u);
  storage::CaseFilter pressing;  // a handler's "urgent first"
  pressing.urgencies = {"urgent", "critical"};
  const auto urgent_ones = cases_->list(leader_on_shift_, pressing).value();
  ASSERT_EQ(urgent_ones.size(), 1u);
  EXPECT_EQ(urgent_ones[0].row.projection.description, "热线上报");
  pressing.urgencies = {"normal"};
  EXPECT_EQ(cases_->list(leader_on_shift_, pressing).value().size(), 5u);

  // Grouped, as the dashboard reads them: by channel, and by the local day of the report (09:00
  // Beijing time is 01:00 UTC, the same date either way; 07:59 would not be).
  const auto channels = cases_->counts_by(leader_on_shift_, {}, storage::CaseGroup::channel).value();
  ASSERT_EQ(channels.size(), 2u);
  EXPECT_EQ(channels[0].key + "=" + std::to_string(channels[0].count), "hotline_12319=1");
  EXPECT_EQ(channels[1].key + "=" + std::to_string(channels[1].count), "supervisor=5");
  now_ = bj(11, 24, 7, 59);
  report(seat_, "清晨上报");
  const auto days = cases_->counts_by(leader_on_shift_, {}, storage::CaseGroup::created_day).value();
  ASSERT_EQ(days.size(), 2u);
  EXPECT_EQ(days[0].key + "=" + std::to_string(days[0].count), "2026-11-23=6");
  EXPECT_EQ(days[1].key + "=" + std::to_string(days[1].count), "2026-11-24=1");
  storage::CaseFilter closed;
  closed.open = false;
  EXPECT_TRUE(cases_->counts_by(leader_on_shift_, closed, storage::CaseGroup::grid).value().empty());
}

TEST_P(CaseServiceTest, ImportingTheNextYearSettlesProvisionalDeadlinesOfOpenCases) {
  calendar_->on_change([this] { ASSERT_TRUE(cases_->recompute_open_schedules()); });
  now_ = bj(12, 30, 16, 0);  // Wednesday; 2027's arrangement is not published yet
  const auto id = dispatched("HW");
  auto row = cases_->get(kCli, id).value().row;
  // 90 minutes on 30 Dec, 150 on Thursday 31 Dec by the weekday rule → 11:00, provisional.
  EXPECT_EQ(row.schedule.handling_due_at_ms, bj(12, 31, 11, 0));
  EXPECT_TRUE(row.schedule.provisional);
  std::ifstream file(test::source_dir() / "tests/data/calendar/2027-invented.json");
  const std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  ASSERT_TRUE(calendar_->import_year(kCli, text));  // invented: 31 Dec – 3 Jan off
  row = cases_->get(kCli, id).value().row;
  EXPECT_EQ(row.schedule.handling_due_at_ms, bj(1, 4, 11, 0, 2027));
  EXPECT_FALSE(row.schedule.provisional);
  // The event keeps the deadline as it was computed at dispatch.
  EXPECT_EQ(*cases_->events(kCli, id).value()[2].field("handling_due"), "2026-12-31T11:00:00+08:00");
  expect_rebuild_clean();
}

TEST_P(CaseServiceTest, PhotosJoinTheCaseOnceAsBeforeOrAfterAndOnlyTheirUploaderMayUseThem) {
  IntakeRequest in;
  in.description = "井盖缺失";
  in.category = "01001";
  in.point = kInA;
  const auto mine = photo(patrol_);
  const auto theirs = photo(seat_);
  const auto count_cases = [&] {
    return db_->read([](storage::Transaction& tx) { return tx.cases().ids_after("", 1000); }).value().size();
  };
  const auto before_count = count_cases();

  // Unknown, someone else's, or the same one twice: 422 naming the field, and no case is written.
  for (const auto& ids : std::vector<std::vector<std::string>>{{"NOSUCHPHOTO"}, {theirs}, {mine, mine}}) {
    in.attachments = ids;
    const auto refused = cases_->intake(patrol_, in);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::validation_failed);
    EXPECT_EQ(std::get<std::string>(refused.error().details.front().second), "attachments");
  }
  EXPECT_EQ(count_cases(), before_count);
  in.attachments.assign(10, "");
  for (auto& id : in.attachments) id = photo(patrol_);
  EXPECT_EQ(cases_->intake(patrol_, in).error().code, ErrorCode::validation_failed);  // 9 at most

  in.attachments = {mine};
  const auto id = cases_->intake(patrol_, in).value().view->row.projection.id;
  // Used once, it belongs to that case: another report may not take it.
  EXPECT_EQ(cases_->intake(patrol_, in).error().code, ErrorCode::validation_failed);

  ActionRequest reg;
  reg.category = "01001";
  reg.urgency = "normal";
  act(leader_on_shift_, id, Action::register_, reg);
  ActionRequest send;
  send.department = "SZ";
  act(dispatcher_, id, Action::dispatch, send);
  act(works_, id, Action::sign);
  ActionRequest done = with("已补装井盖");
  done.attachments = {photo(works_), photo(works_)};
  const auto finished = act(works_, id, Action::finish, done);
  ASSERT_EQ(finished.attachments.size(), 3u);
  EXPECT_EQ(finished.attachments[0].id, mine);
  EXPECT_EQ(finished.attachments[0].role, "before");
  EXPECT_EQ(finished.attachments[0].event_sequence, 1);
  EXPECT_EQ(finished.attachments[1].role, "after");
  EXPECT_EQ(finished.attachments[2].role, "after");
  EXPECT_EQ(finished.attachments[2].case_id, id);
  EXPECT_EQ(cases_->get(bureau_, id).value().attachments, finished.attachments);
  EXPECT_TRUE(cases_->can_see(bureau_, id).value());
  EXPECT_FALSE(cases_->can_see(sanitation_, id).value());  // another department's case
  EXPECT_FALSE(cases_->can_see(bureau_, "NOSUCHCASE").value());
}

// A receiver that answers from a script and keeps what it was sent.
class ScriptedSender final : public WebhookSender {
 public:
  std::vector<int> script;  // statuses to answer, then 200; 0: unreachable
  std::vector<std::pair<std::vector<std::pair<std::string, std::string>>, std::string>> sent;
  Result<int> post(const std::string&, const std::vector<std::pair<std::string, std::string>>& headers,
                   const std::string& body) override {
    const auto status = sent.size() < script.size() ? script[sent.size()] : 200;
    sent.emplace_back(headers, body);
    if (status == 0) return tl::unexpected(Error(ErrorCode::unavailable, {}, "connection refused"));
    return status;
  }
  std::string header(std::size_t i, const std::string& name) const {
    for (const auto& [k, v] : sent.at(i).first) {
      if (k == name) return v;
    }
    return {};
  }
};

TEST_P(CaseServiceTest, TheOutboxHoldsEveryChangeUntilEachReceiverAcceptsIt) {
  WebhookSettings settings;
  settings.clock = [this] { return now_.load(); };
  settings.max_attempts = 3;
  WebhookService webhooks(*db_, settings);
  const auto admin = person(9, "管理员", access::Role::admin, {"*"});
  EXPECT_EQ(webhooks.subscribe(seat_, {"x", "http://127.0.0.1:9/h", {}, "", ""}).error().code, ErrorCode::forbidden);
  EXPECT_EQ(webhooks.subscribe(admin, {"x", "ftp://host/h", {}, "", ""}).error().code, ErrorCode::validation_failed);
  EXPECT_EQ(webhooks.subscribe(admin, {"x", "http://h/", {"case.moved"}, "", ""}).error().code,
            ErrorCode::validation_failed);
  const auto hotline = webhooks.subscribe(admin, {"12345", "http://127.0.0.1:9/h", {"case.event"}, "3708", ""}).value();
  EXPECT_TRUE(hotline.secret.starts_with("whsec_"));
  const auto elsewhere = webhooks.subscribe(admin, {"other-city", "http://h/", {}, "3709", ""}).value();
  const auto lights_only = webhooks.subscribe(admin, {"lights", "http://h/", {"case.light"}, "", ""}).value();
  EXPECT_EQ(webhooks.subscribe(admin, {"12345", "http://h/", {}, "", ""}).error().code, ErrorCode::validation_failed);

  const auto id = report(seat_, "垃圾堆积").row.projection.id;
  act(seat_, id, Action::request_verify);
  const auto outbox = [&](std::int64_t subscription) {
    return webhooks.deliveries(admin, subscription, "", 100).value();
  };
  ASSERT_EQ(outbox(hotline.id).size(), 2u);   // report, request_verify
  EXPECT_TRUE(outbox(elsewhere.id).empty());  // another region
  EXPECT_TRUE(outbox(lights_only.id).empty());

  // An action refused (stale version) writes nothing to the outbox either.
  ActionRequest stale;
  stale.version = 1;
  EXPECT_FALSE(cases_->act(patrol_, id, Action::verify_ok, stale));
  EXPECT_EQ(outbox(hotline.id).size(), 2u);

  // First pass: the receiver fails both; each waits 10 s, then 20 s, then is given up.
  ScriptedSender receiver;
  receiver.script = {503, 0, 503, 503, 500};
  EXPECT_EQ(webhooks.deliver_due(receiver).value(), 2);
  for (const auto& d : outbox(hotline.id)) {
    EXPECT_EQ(d.state, "pending");
    EXPECT_EQ(d.attempts, 1);
    EXPECT_EQ(d.next_attempt_at_ms, now_ + 10'000);
  }
  now_ += 5'000;
  EXPECT_EQ(webhooks.deliver_due(receiver).value(), 0);  // not yet due
  now_ += 5'000;
  EXPECT_EQ(webhooks.deliver_due(receiver).value(), 2);  // 503 and 503
  now_ += 20'000;
  EXPECT_EQ(webhooks.deliver_due(receiver).value(), 2);  // 500, then 200
  const auto after = outbox(hotline.id);
  std::map<std::string, int> states;
  for (const auto& d : after) ++states[d.state];
  EXPECT_EQ(states["dead"], 1);
  EXPECT_EQ(states["delivered"], 1);
  // Every attempt of one delivery carried the same id and body, signed with the secret.
  ASSERT_EQ(receiver.sent.size(), 6u);
  for (std::size_t i = 0; i < receiver.sent.size(); ++i) {
    const auto& body = receiver.sent[i].second;
    EXPECT_EQ(receiver.header(i, "x-urbangrid-signature"),
              "sha256=" + webhook_signature(hotline.secret, receiver.header(i, "x-urbangrid-timestamp"), body));
    EXPECT_NE(body.find(receiver.header(i, "x-urbangrid-delivery")), std::string::npos);
  }
  // A stopped subscription is not posted to.
  act(patrol_, id, Action::verify_ok, with());
  ASSERT_TRUE(webhooks.deactivate(admin, hotline.id));
  EXPECT_EQ(webhooks.deliver_due(receiver).value(), 0);
  EXPECT_EQ(webhooks.list(admin).value().front().counts.pending, 1);
  EXPECT_TRUE(webhooks.list(admin).value().front().subscription.secret.empty());
}

TEST_P(CaseServiceTest, EachLightCrossingIsNoticedOnceAndPostedToItsSubscribers) {
  WebhookSettings settings;
  settings.clock = [this] { return now_.load(); };
  WebhookService webhooks(*db_, settings);
  const auto admin = person(9, "管理员", access::Role::admin, {"*"});
  const auto lights = webhooks.subscribe(admin, {"lights", "http://h/", {"case.light"}, "", ""}).value();
  LightWatch watch(*db_, 480, [this] { return now_.load(); });
  std::vector<std::string> heard;
  watch.on_crossing(
      [&](const storage::LightCrossing& c, const workflow::CaseProjection&) { heard.push_back(c.light); });

  // Reported 09:00: accept within 10 natural minutes; yellow after 8, red after 10.
  const auto id = report(seat_, "井盖缺失", "01001").row.projection.id;
  now_ = bj(11, 23, 9, 7);
  EXPECT_EQ(watch.scan().value(), 0);
  now_ = bj(11, 23, 9, 8);
  EXPECT_EQ(watch.scan().value(), 1);
  EXPECT_EQ(watch.scan().value(), 0);  // noticed once
  now_ = bj(11, 23, 9, 30);
  EXPECT_EQ(watch.scan().value(), 1);
  EXPECT_EQ(watch.scan().value(), 0);
  EXPECT_EQ(heard, (std::vector<std::string>{"yellow", "red"}));
  const auto posted = webhooks.deliveries(admin, lights.id, "", 10).value();
  ASSERT_EQ(posted.size(), 2u);
  EXPECT_NE(posted[0].payload.find(R"("light":"red")"), std::string::npos);
  EXPECT_NE(posted[0].payload.find(R"("due_at":"2026-11-23T09:10:00+08:00")"), std::string::npos);
  EXPECT_EQ(posted[0].case_id, id);

  // A new stage, a new deadline: its crossings are noticed afresh; a closed case never.
  act(seat_, id, Action::request_verify);
  now_ = bj(11, 23, 11, 0);  // verify: 60 minutes from 09:30, long past
  EXPECT_EQ(watch.scan().value(), 1);
  EXPECT_EQ(heard.back(), "red");
}

TEST_P(CaseServiceTest, SimulatedHistoryIsWrittenInBulkAndRebuildsCleanly) {
  HistorySimulator simulator(*db_, *grids_, *routing_, *calendar_, *cases_, *supervision_);
  SimulationRequest request;
  request.cases = 300;
  request.from_ms = bj(11, 2, 0, 0);
  request.to_ms = bj(11, 23, 0, 0);
  request.seed = 5;
  request.batch = 128;  // several batches, and event statements of fewer than 64 rows
  const auto report = simulator.run(request).value();
  EXPECT_EQ(report.cases, 300);
  const auto stored = db_->read([&](storage::Transaction& tx) -> Result<std::int64_t> {
                           std::int64_t events = 0;
                           auto ids = tx.cases().ids_after("", 1000);
                           if (!ids) return tl::unexpected(ids.error());
                           for (const auto& id : *ids)
                             events += static_cast<std::int64_t>(tx.cases().events(id)->size());
                           return events;
                         })
                          .value();
  EXPECT_EQ(stored, report.events);
  EXPECT_GT(report.by_state.at("closed"), 100);
  expect_rebuild_clean();
}

INSTANTIATE_TEST_SUITE_P(Backends, CaseServiceTest,
                         ::testing::Values(storage::Backend::sqlite, storage::Backend::postgres), test::backend_name);

}  // namespace
}  // namespace ug::service
