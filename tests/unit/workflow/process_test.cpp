// The process engine (issue 21 §2) on the 督办 table (DOMAIN.md §9): who may take which action in
// which state and what a refusal says, the system's own rows, the fold of an item's events, and
// the levels' escalation order.
#include "workflow/process.hpp"

#include <gtest/gtest.h>

#include "workflow/supervision.hpp"
#include "workflow/workflow.hpp"

namespace ug::workflow {
namespace {

namespace sv = supervision;

access::Principal with_role(access::Role role) {
  access::Principal p;
  p.username = "someone";
  p.roles = {role};
  return p;
}

GuardCheck all_hold() {
  return [](std::string_view) { return true; };
}

TEST(ProcessEngine, TheSupervisionTableDecidesWhoIssuesRepliesAndWithdraws) {
  const auto& p = supervision_process();
  const std::vector<std::string> comment = {"comment"}, reply = {"reply"}, reason = {"reason"}, none;
  const auto leader = with_role(access::Role::leader), shift = with_role(access::Role::shift_leader),
             handler = with_role(access::Role::handler), seat = with_role(access::Role::operator_);

  EXPECT_EQ((*decide(p, "", sv::issue, leader, comment, all_hold()))->to, sv::issued);
  EXPECT_EQ((*decide(p, "", sv::issue, shift, comment, all_hold()))->to, sv::issued);
  EXPECT_EQ(decide(p, "", sv::issue, seat, comment, all_hold()).error().code, ErrorCode::forbidden);
  const auto bare = decide(p, "", sv::issue, leader, none, all_hold());
  ASSERT_FALSE(bare);
  EXPECT_EQ(bare.error().code, ErrorCode::validation_failed);
  // A guard with a refusal of its own answers with it: a closed case, another unit's notice.
  const auto closed = [](std::string_view g) { return g != sv::case_open; };
  EXPECT_EQ(decide(p, "", sv::issue, leader, comment, closed).error().code, ErrorCode::conflict);
  const auto not_mine = [](std::string_view g) { return g != sv::supervised_unit; };
  EXPECT_EQ(decide(p, sv::issued, sv::reply, handler, reply, not_mine).error().code, ErrorCode::forbidden);
  EXPECT_EQ((*decide(p, sv::issued, sv::reply, handler, reply, all_hold()))->to, sv::replied);
  EXPECT_EQ((*decide(p, sv::issued, sv::withdraw, leader, reason, all_hold()))->to, sv::withdrawn);
  // Once answered nothing follows; the system's rows are never a caller's.
  const auto after = decide(p, sv::replied, sv::reply, handler, reply, all_hold());
  ASSERT_FALSE(after);
  EXPECT_EQ(after.error().code, ErrorCode::illegal_transition);
  EXPECT_EQ(decide(p, sv::issued, sv::escalate, leader, none, all_hold()).error().code, ErrorCode::illegal_transition);
  EXPECT_NE(system_row(p, sv::issued, sv::escalate, all_hold()), nullptr);
  EXPECT_EQ(system_row(p, sv::issued, sv::escalate, [](std::string_view) { return false; }), nullptr);
  EXPECT_EQ(system_row(p, sv::issued, sv::reply, all_hold()), nullptr);

  // The forms: the shift leader may reply and withdraw; a seat may do nothing.
  const auto forms = allowed_forms(p, sv::issued, shift, all_hold());
  ASSERT_EQ(forms.size(), 2u);
  EXPECT_EQ(forms[0].action, sv::reply);
  EXPECT_EQ(forms[0].required, std::vector<std::string_view>{"reply"});
  EXPECT_TRUE(allowed_forms(p, sv::issued, seat, all_hold()).empty());
}

ProcessEvent event(std::int64_t sequence, std::string action, std::string from, std::string to,
                   std::vector<std::pair<std::string, std::string>> payload, std::int64_t at_ms) {
  return ProcessEvent{.process = "supervision",
                      .item_id = "DB2026-00001",
                      .sequence = sequence,
                      .action = std::move(action),
                      .actor = "a",
                      .actor_user_id = std::nullopt,
                      .role = "leader",
                      .at_ms = at_ms,
                      .from = std::move(from),
                      .to = std::move(to),
                      .payload = std::move(payload)};
}

TEST(ProcessEngine, AnItemIsTheFoldOfItsEvents) {
  const auto& p = supervision_process();
  const std::vector<ProcessEvent> events = {
      event(1, "issue", "", "issued",
            {{"case", "20261207000001"},
             {"unit", "HW"},
             {"level", "important"},
             {"comment", "请处置"},
             {"limit", "1 working_days"},
             {"due_at", "2000"}},
            1000),
      event(2, "reply", "issued", "replied", {{"reply", "已处置"}}, 1500),
  };
  const auto item = fold(p, events);
  ASSERT_TRUE(item) << item.error().public_message();
  EXPECT_EQ(item->case_id, "20261207000001");
  EXPECT_EQ(item->unit, "HW");
  EXPECT_EQ(item->level, "important");
  EXPECT_EQ(item->state, "replied");
  EXPECT_FALSE(item->open);
  EXPECT_EQ(item->version, 2);
  EXPECT_EQ(item->due_at_ms, 2000);  // kept after the reply: it was met
  EXPECT_EQ(item->opened_at_ms, 1000);
  EXPECT_EQ(item->closed_at_ms, 1500);
  EXPECT_EQ(*item->field("comment"), "请处置");
  EXPECT_EQ(*item->field("reply"), "已处置");

  // Events that do not follow are refused: a gap, the wrong from-state, a step the table lacks, a
  // deadline that is not a number, another process's event.
  auto gap = events;
  gap[1].sequence = 3;
  EXPECT_FALSE(fold(p, gap));
  auto wrong_from = events;
  wrong_from[1].from = "replied";
  EXPECT_FALSE(fold(p, wrong_from));
  auto unknown = events;
  unknown[1].to = "issued";
  EXPECT_FALSE(fold(p, unknown));
  auto bad_due = events;
  bad_due[0].payload[5].second = "tomorrow";
  EXPECT_FALSE(fold(p, bad_due));
  auto other = events;
  other[0].process = "case";
  EXPECT_FALSE(fold(p, other));
  EXPECT_FALSE(fold(p, std::vector<ProcessEvent>{}));
}

TEST(ProcessEngine, LevelsEscalateToTheNextAndListedStaysListed) {
  EXPECT_EQ(sv::parse_level("")->code, "normal");
  EXPECT_EQ(sv::parse_level("重点")->code, "important");
  EXPECT_FALSE(sv::parse_level("urgent"));
  EXPECT_EQ(sv::next_level(*sv::parse_level("normal")).code, "important");
  EXPECT_EQ(sv::next_level(*sv::parse_level("important")).code, "listed");
  EXPECT_EQ(sv::next_level(*sv::parse_level("listed")).code, "listed");
}

TEST(ProcessEngine, EveryProcessIsListedWithItsPage) {
  ASSERT_EQ(processes().size(), 2u);
  EXPECT_EQ(find_process("case"), &case_process());
  EXPECT_EQ(find_process("supervision"), &supervision_process());
  EXPECT_EQ(find_process("inspection"), nullptr);
  // The case loop's description is its table: one row per transition, every state.
  EXPECT_EQ(case_process().rows.size(), transitions().size());
  EXPECT_EQ(case_process().states.size(), kStateCount);
  for (const auto* p : processes()) {
    for (const auto& row : p->rows) {
      EXPECT_TRUE(row.from.empty() || p->state(row.from) != nullptr) << p->code << " " << row.from;
      EXPECT_NE(p->state(row.to), nullptr) << p->code << " " << row.to;
      EXPECT_NE(p->action(row.action), nullptr) << p->code << " " << row.action;
      for (const auto g : row.guards) {
        EXPECT_TRUE(std::any_of(p->guards.begin(), p->guards.end(), [&](const auto& pg) { return pg.code == g; }))
            << p->code << " guard " << g;
      }
    }
  }
}

}  // namespace
}  // namespace ug::workflow
