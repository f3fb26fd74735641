// DOMAIN.md §11 and issue 21 §6: a test deployment's clock can be moved through its admin API, and
// a case's deadline follows it; a deployment that is not for testing has no clock to move.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

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

std::string demo_city(const std::string& name) {
  const auto db = (test::temp_dir(name) / "c.db").string();
  EXPECT_EQ(
      test::run_urbangrid({"demo", "create", "--db", db, "--data", (test::source_dir() / "data").string()}).exit_code,
      0);
  return db;
}

TEST(TestClock, ACasesDeadlinePassesWhenTheTestDeploymentsClockIsMovedOn) {
  const auto db = demo_city("ug-test-clock");
  test::ServerProcess server(db, {"--set", "testing.enabled=true"});
  ASSERT_TRUE(server.ready()) << server.log();
  const auto port = server.port();
  const auto admin = test::bearer_for(db, "clock-admin", {"admin"});
  const auto seat = test::bearer_for(db, "clock-seat", {"operator"});

  const auto health = send(port, "GET", "/healthz", {});
  ASSERT_TRUE(health.body.as_object().contains("test_clock")) << json::serialize(health.body);
  EXPECT_EQ(health.body.at("test_clock").at("offset_seconds").as_int64(), 0);
  EXPECT_NE(server.log().find("TEST DEPLOYMENT"), std::string::npos);
  // The routes are documented where they exist.
  EXPECT_TRUE(
      send(port, "GET", "/api/v1/openapi.json", {}).body.at("paths").as_object().contains("/api/v1/testing/clock"));

  // A new report waits in its first stage for minutes, not hours (DOMAIN.md §5).
  const auto made =
      send(port, "POST", "/api/v1/cases", {seat}, R"({"description":"井盖缺失","lon":116.53,"lat":35.37})");
  ASSERT_EQ(made.status, 201) << json::serialize(made.body);
  const std::string id(made.body.at("id").as_string());
  EXPECT_EQ(made.body.at("deadline").at("light").as_string(), "green");
  EXPECT_FALSE(made.body.at("deadline").at("overdue").as_bool());

  // Two hours on, it is overdue: the case, its light and /healthz all read the moved clock.
  const auto moved = send(port, "PUT", "/api/v1/testing/clock", {admin}, R"({"advance_seconds":7200})");
  ASSERT_EQ(moved.status, 200) << json::serialize(moved.body);
  EXPECT_EQ(moved.body.at("offset_seconds").as_int64(), 7200);
  const auto later = send(port, "GET", "/api/v1/cases/" + id, {seat});
  EXPECT_TRUE(later.body.at("deadline").at("overdue").as_bool()) << json::serialize(later.body.at("deadline"));
  EXPECT_EQ(later.body.at("deadline").at("light").as_string(), "red");
  EXPECT_EQ(send(port, "GET", "/healthz", {}).body.at("test_clock").at("offset_seconds").as_int64(), 7200);

  // Set to a given time, it reads that time and runs on from it.
  const auto set = send(port, "PUT", "/api/v1/testing/clock", {admin}, R"({"now":"2030-01-02T09:00:00+08:00"})");
  ASSERT_EQ(set.status, 200) << json::serialize(set.body);
  EXPECT_EQ(std::string(set.body.at("now").as_string()).substr(0, 16), "2030-01-02T09:00");
  EXPECT_EQ(std::string(send(port, "GET", "/api/v1/testing/clock", {admin}).body.at("now").as_string()).substr(0, 13),
            "2030-01-02T09");

  // Refused, and the clock stays where it is: a caller without the permission, no move or two at
  // once, a time without its offset.
  EXPECT_EQ(send(port, "PUT", "/api/v1/testing/clock", {seat}, R"({"offset_seconds":0})").status, 403);
  for (const char* bad : {R"({})", R"({"offset_seconds":0,"advance_seconds":5})", R"({"now":"2030-01-02 09:00"})",
                          R"({"advance_seconds":"3600"})", R"({"offset_seconds":99999999999})", R"({"speed":2})"}) {
    EXPECT_EQ(send(port, "PUT", "/api/v1/testing/clock", {admin}, bad).status, 422) << bad;
  }
  EXPECT_EQ(std::string(send(port, "GET", "/api/v1/testing/clock", {admin}).body.at("now").as_string()).substr(0, 13),
            "2030-01-02T09");
}

TEST(TestClock, ADeploymentNotForTestingHasNoClockToMove) {
  const auto db = demo_city("ug-real-clock");
  {
    test::ServerProcess server(db);
    ASSERT_TRUE(server.ready()) << server.log();
    const auto admin = test::bearer_for(db, "real-admin", {"admin"});
    EXPECT_EQ(send(server.port(), "PUT", "/api/v1/testing/clock", {admin}, R"({"advance_seconds":3600})").status, 404);
    EXPECT_EQ(send(server.port(), "GET", "/api/v1/testing/clock", {admin}).status, 404);
    EXPECT_FALSE(send(server.port(), "GET", "/healthz", {}).body.as_object().contains("test_clock"));
    EXPECT_FALSE(send(server.port(), "GET", "/api/v1/openapi.json", {})
                     .body.at("paths")
                     .as_object()
                     .contains("/api/v1/testing/clock"));
  }
  // Nor can its configuration move it: the server refuses to start, saying why.
  for (const char* key : {"testing.clock_offset_seconds=60", "testing.clock_start=2030-01-02T09:00:00+08:00"}) {
    const auto refused = test::run_urbangrid({"serve", "--db", db, "--set", key});
    EXPECT_NE(refused.exit_code, 0) << key;
    EXPECT_NE(refused.err.find("testing.enabled"), std::string::npos) << refused.err;
  }
  // A test deployment may start its clock at a given time.
  test::ServerProcess started(
      db, {"--set", "testing.enabled=true", "--set", "testing.clock_start=2030-01-02T09:00:00+08:00"});
  ASSERT_TRUE(started.ready()) << started.log();
  EXPECT_EQ(std::string(send(started.port(), "GET", "/healthz", {}).body.at("test_clock").at("now").as_string())
                .substr(0, 13),
            "2030-01-02T01");  // UTC
}

}  // namespace
}  // namespace ug
