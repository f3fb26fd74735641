// Issue 21 §3 and DOMAIN.md §9: the 督办 process end to end through the API — issued on a case,
// answered in time by the supervised unit; issued, not answered, and escalated to the next level
// when a test deployment's clock passes its working-time deadline — with the refusals around it.
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <chrono>
#include <thread>

#include "support/json_request.hpp"
#include "support/server_process.hpp"
#include "support/test_env.hpp"

namespace ug {
namespace {

namespace json = boost::json;
using Header = std::pair<std::string, std::string>;
using Reply = test::JsonReply;

Reply send(int port, const std::string& method, const std::string& target, const std::vector<Header>& auth,
           const std::string& body = {}) {
  return test::json_request(port, method, target, auth, body);
}

std::string text(const json::value& v, const char* key) { return std::string(v.at(key).as_string()); }

// "2026-12-07T09:00:03+08:00" → its date and its second of the day (the clock runs on from its
// start, so on a busy machine a notice is issued a few seconds after it).
std::pair<std::string, int> day_and_second(const std::string& iso) {
  return {iso.substr(0, 10),
          std::stoi(iso.substr(11, 2)) * 3600 + std::stoi(iso.substr(14, 2)) * 60 + std::stoi(iso.substr(17, 2))};
}

TEST(Supervision, ANoticeIsAnsweredInTimeOrEscalatedWhenTheClockPassesItsDeadline) {
  const auto db = (test::temp_dir("ug-supervision") / "c.db").string();
  ASSERT_EQ(
      test::run_urbangrid({"demo", "create", "--db", db, "--data", (test::source_dir() / "data").string()}).exit_code,
      0);
  // Monday 7 December 2026, 09:00 in Beijing: a working day (08:30–12:00, 13:30–17:30).
  test::ServerProcess server(
      db, {"--set", "testing.enabled=true", "--set", "testing.clock_start=2026-12-07T09:00:00+08:00", "--set",
           "supervision.escalation_interval_ms=100"});
  ASSERT_TRUE(server.ready()) << server.log();
  const auto port = server.port();
  const auto admin = test::bearer_for(db, "sv-admin", {"admin"});
  const auto seat = test::bearer_for(db, "sv-seat", {"operator"});
  const auto leader = test::bearer_for(db, "sv-leader", {"leader"});
  const auto shift = test::bearer_for(db, "sv-shift", {"shift_leader"});
  const auto crew = test::bearer_for(db, "sv-crew", {"handler"});
  const auto elsewhere = test::bearer_for(db, "sv-leader-elsewhere", {"leader"}, {"370812"});

  const auto made =
      send(port, "POST", "/api/v1/cases", {seat}, R"({"description":"井盖缺失","lon":116.5301,"lat":35.3706})");
  ASSERT_EQ(made.status, 201) << json::serialize(made.body);
  const auto case_id = text(made.body, "id");
  const auto issue = [&](const Header& who, const std::string& extra) {
    return send(port, "POST", "/api/v1/supervision-notices", {who},
                R"({"case_id":")" + case_id + R"(","comment":"请尽快处置")" + extra + "}");
  };

  // Refused and nothing issued: a seat may not supervise, a leader of another district does not
  // see the case, a notice needs what is asked, a known level and a working-time limit.
  EXPECT_EQ(issue(seat, "").status, 403);
  EXPECT_EQ(issue(elsewhere, "").status, 404);
  EXPECT_EQ(send(port, "POST", "/api/v1/supervision-notices", {leader}, R"({"case_id":")" + case_id + R"("})").status,
            422);
  EXPECT_EQ(issue(leader, R"(,"level":"urgent")").status, 422);
  EXPECT_EQ(issue(leader, R"(,"reply_limit":"2 natural_hours")").status, 422);
  EXPECT_EQ(issue(leader, R"(,"reply_limit":"31 working_days")").status, 422);  // days, not months
  EXPECT_EQ(send(port, "GET", "/api/v1/supervision-notices", {leader}).body.at("notices").as_array().size(), 0u);

  // 1. Issued with two working hours to reply: due two hours later, before noon. Before any dispatch the centre's shift
  // leader answers for the case, so a department's handler may not reply.
  const auto first = issue(leader, R"(,"level":"重点","reply_limit":"2 working_hours")");
  ASSERT_EQ(first.status, 201) << json::serialize(first.body);
  const auto first_id = text(first.body, "id");
  EXPECT_EQ(first_id.substr(0, 7), "DB2026-");
  EXPECT_EQ(text(first.body, "state"), "issued");
  EXPECT_EQ(text(first.body, "state_name"), "待回复");
  EXPECT_EQ(text(first.body, "level"), "important");
  EXPECT_EQ(text(first.body, "unit"), "");
  const auto [issued_day, issued_second] = day_and_second(text(first.body, "issued_at"));
  ASSERT_EQ(issued_day, "2026-12-07");
  ASSERT_LT(issued_second, 9 * 3600 + 50 * 60) << "the morning's work period must hold the two hours";
  EXPECT_EQ(day_and_second(text(first.body, "due_at")), std::pair(issued_day, issued_second + 2 * 3600));
  EXPECT_EQ(text(first.body.at("reply_clock"), "light"), "green");
  const auto the_case = send(port, "GET", "/api/v1/cases/" + case_id, {seat});
  EXPECT_EQ(the_case.body.at("counts").at("supervision").as_int64(), 1);
  EXPECT_EQ(send(port, "GET", "/api/v1/cases?supervised=true", {seat}).body.at("cases").as_array().size(), 1u);
  const auto as_shift = send(port, "GET", "/api/v1/supervision-notices/" + first_id, {shift});
  // The supervised unit replies; it may not withdraw its own notice. A second one waits for this one.
  EXPECT_EQ(as_shift.body.at("allowed_actions").as_array(), json::array{"reply"});
  EXPECT_EQ(send(port, "POST", "/api/v1/supervision-notices/" + first_id + "/actions/withdraw", {shift},
                 R"({"version":1,"reason":"不想回复"})")
                .status,
            403);
  EXPECT_EQ(issue(leader, "").status, 409);
  EXPECT_EQ(text(as_shift.body.at("action_fields").at("reply").at(0), "field"), "reply");

  const auto reply = [&](const Header& who, const std::string& id, int version) {
    return send(port, "POST", "/api/v1/supervision-notices/" + id + "/actions/reply", {who},
                R"({"version":)" + std::to_string(version) + R"(,"reply":"已派人处置"})");
  };
  EXPECT_EQ(reply(crew, first_id, 1).status, 403);
  EXPECT_EQ(reply(shift, first_id, 7).status, 409);
  EXPECT_EQ(
      send(port, "POST", "/api/v1/supervision-notices/" + first_id + "/actions/reply", {shift}, R"({"version":1})")
          .status,
      422);
  EXPECT_EQ(send(port, "POST", "/api/v1/supervision-notices/" + first_id + "/actions/reply", {shift},
                 R"({"version":1,"reply":"已派人处置","reason":"顺带一个理由"})")
                .status,
            422);  // a reply carries no reason
  const auto replied = reply(shift, first_id, 1);
  ASSERT_EQ(replied.status, 200) << json::serialize(replied.body);
  EXPECT_EQ(text(replied.body, "state"), "replied");
  EXPECT_EQ(text(replied.body, "reply"), "已派人处置");
  EXPECT_FALSE(replied.body.at("late").as_bool());
  EXPECT_EQ(reply(shift, first_id, 2).status, 409);  // answered once

  // 2. Issued with the default limit (one working day: due Tuesday morning) and not answered. When
  // the clock passes the deadline, the server escalates it: 已超期, and a 重点 notice to the same unit.
  const auto second = issue(leader, "");
  ASSERT_EQ(second.status, 201) << json::serialize(second.body);
  const auto second_id = text(second.body, "id");
  EXPECT_EQ(text(second.body, "level"), "normal");
  // Issued on Monday morning, 7.5 working hours are due the same time on Tuesday.
  const auto [second_day, second_second] = day_and_second(text(second.body, "issued_at"));
  ASSERT_EQ(second_day, "2026-12-07");
  EXPECT_EQ(day_and_second(text(second.body, "due_at")), std::pair(std::string("2026-12-08"), second_second));
  const auto moved = send(port, "PUT", "/api/v1/testing/clock", {admin}, R"({"advance_seconds":90000})");
  ASSERT_EQ(moved.status, 200) << json::serialize(moved.body);
  Reply escalated;
  for (int i = 0; i < 200; ++i) {  // the sweep runs every 100 ms: wait for its result, not a time
    escalated = send(port, "GET", "/api/v1/supervision-notices/" + second_id, {leader});
    if (escalated.status == 200 && text(escalated.body, "state") != "issued") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(text(escalated.body, "state"), "overdue") << json::serialize(escalated.body);
  EXPECT_TRUE(escalated.body.at("late").as_bool());
  const auto next_id = text(escalated.body, "escalated_to");
  ASSERT_FALSE(next_id.empty());
  const auto& timeline = escalated.body.at("events").as_array();
  ASSERT_EQ(timeline.size(), 2u);
  EXPECT_EQ(text(timeline[1], "action"), "escalate");
  EXPECT_EQ(text(timeline[1], "actor"), "system");
  const auto next = send(port, "GET", "/api/v1/supervision-notices/" + next_id, {leader});
  EXPECT_EQ(text(next.body, "state"), "issued");
  EXPECT_EQ(text(next.body, "level"), "important");
  EXPECT_EQ(text(next.body, "escalated_from"), second_id);
  EXPECT_EQ(issue(leader, "").status, 409);  // the escalated notice is the one waiting

  // The ledger lists the three with their states and counts; filters narrow it.
  const auto ledger = send(port, "GET", "/api/v1/supervision-notices", {leader});
  ASSERT_EQ(ledger.status, 200);
  EXPECT_EQ(ledger.body.at("notices").as_array().size(), 3u);
  EXPECT_EQ(ledger.body.at("counts").at("issued").as_int64(), 1);
  EXPECT_EQ(ledger.body.at("counts").at("replied").as_int64(), 1);
  EXPECT_EQ(ledger.body.at("counts").at("overdue").as_int64(), 1);
  const auto open = send(port, "GET", "/api/v1/supervision-notices?state=issued", {leader});
  ASSERT_EQ(open.body.at("notices").as_array().size(), 1u);
  EXPECT_EQ(text(open.body.at("notices").at(0), "id"), next_id);
  EXPECT_EQ(send(port, "GET", "/api/v1/supervision-notices?state=late", {leader}).status, 422);
  EXPECT_EQ(send(port, "GET", "/api/v1/supervision-notices", {elsewhere}).body.at("notices").as_array().size(), 0u);
  EXPECT_EQ(send(port, "GET", "/api/v1/supervision-notices/" + next_id, {elsewhere}).status, 404);

  // Withdrawn by the issuer's side, with a reason; the old case action is gone.
  EXPECT_EQ(
      send(port, "POST", "/api/v1/supervision-notices/" + next_id + "/actions/withdraw", {leader}, R"({"version":1})")
          .status,
      422);
  const auto withdrawn = send(port, "POST", "/api/v1/supervision-notices/" + next_id + "/actions/withdraw", {leader},
                              R"({"version":1,"reason":"已现场协调"})");
  EXPECT_EQ(text(withdrawn.body, "state"), "withdrawn") << json::serialize(withdrawn.body);
  EXPECT_EQ(send(port, "POST", "/api/v1/cases/" + case_id + "/actions/supervise", {leader},
                 R"({"version":1,"comment":"旧的督办"})")
                .status,
            404);

  // Every notice folds back to its row (read beside the running server).
  const auto rebuilt = test::run_urbangrid({"cases", "rebuild", "--db", db});
  EXPECT_EQ(rebuilt.exit_code, 0) << rebuilt.out << rebuilt.err;
  EXPECT_NE(rebuilt.out.find("3 条流程记录"), std::string::npos) << rebuilt.out;
}

}  // namespace
}  // namespace ug
