// The case projection as a fold over events: a full loop with a return, an extension, rework and a
// reopen gives the counts and state a reader expects; an event out of sequence, from the wrong
// state or not in the table is refused, so a corrupted history cannot pass as a case.
#include "workflow/case_record.hpp"

#include <gtest/gtest.h>

namespace ug::workflow {
namespace {

class History {
 public:
  History& then(Action action, State to, std::vector<std::pair<std::string, std::string>> payload = {}) {
    CaseEvent e;
    e.case_id = "20261123000042";
    e.sequence = static_cast<std::int64_t>(events_.size()) + 1;
    e.action = action;
    e.actor = "someone";
    e.role = "operator";
    e.channel = "hotline_12345";
    e.at_ms = 1'000 * e.sequence;
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
      .then(Action::dispatch, State::dispatched, {{"department", "SZ"}})
      .then(Action::request_return, State::dispatched)
      .then(Action::approve_return, State::pending_dispatch)
      .then(Action::dispatch, State::dispatched, {{"department", "HW"}})
      .then(Action::sign, State::handling)
      .then(Action::request_extension, State::handling)
      .then(Action::supervise, State::handling)
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
  EXPECT_EQ(p.supervision_count, 1);
  EXPECT_EQ(p.pending, 0);  // the extension request lapsed when the work was finished
  EXPECT_EQ(p.created_at_ms, 1'000);
  EXPECT_EQ(p.updated_at_ms, 19'000);
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

}  // namespace
}  // namespace ug::workflow
