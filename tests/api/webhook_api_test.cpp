// Webhooks end to end: an administrator subscribes a receiver, a report is made, and the real
// server posts it — signed with HMAC-SHA256, retried after the receiver's 500 with the same
// delivery id, recorded as delivered after the 200; bad subscriptions are 422; only admins manage.
#include <gtest/gtest.h>
#include <sodium.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/test_env.hpp"
#include "support/webhook_receiver.hpp"

namespace ug {
namespace {

namespace json = boost::json;

std::string hmac_hex(const std::string& key, const std::string& message) {
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()), message.size());
  crypto_auth_hmacsha256_final(&state, mac);
  std::string hex(2 * sizeof mac + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), mac, sizeof mac);
  hex.pop_back();
  return hex;
}

TEST(WebhookApi, AReportReachesTheReceiverSignedAndRetriedUntilAccepted) {
  const auto dir = test::temp_dir("ug-webhook-api");
  const auto db = (dir / "w.db").string();
  ASSERT_EQ(
      test::run_urbangrid({"demo", "create", "--db", db, "--data", (test::source_dir() / "data").string()}).exit_code,
      0);
  test::ServerProcess server(db, {"--set", "webhooks.dispatch_interval_ms=100", "--set", "webhooks.first_retry_ms=300",
                                  "--set", "webhooks.timeout_ms=2000"});
  ASSERT_TRUE(server.ready()) << server.log();
  const auto admin = test::bearer_for(db, "w-admin", {"admin"});
  const auto seat = test::bearer_for(db, "w-seat", {"operator"}, {"370811"});
  const auto post = [&](const std::pair<std::string, std::string>& who, const std::string& target,
                        const std::string& body) {
    return test::http_request(server.port(), "POST", target, {who, {"content-type", "application/json"}}, body);
  };

  test::WebhookReceiver receiver({500});  // the first attempt fails
  const auto url = "http://127.0.0.1:" + std::to_string(receiver.port()) + "/hooks/urbangrid";
  EXPECT_EQ(post(admin, "/api/v1/webhooks", R"({"name":"bad","url":"ftp://x"})")->status, 422);
  EXPECT_EQ(post(admin, "/api/v1/webhooks", R"({"name":"bad","url":")" + url + R"(","topics":["everything"]})")->status,
            422);
  EXPECT_EQ(post(seat, "/api/v1/webhooks", R"({"name":"hotline","url":")" + url + R"("})")->status, 403);
  const auto created =
      post(admin, "/api/v1/webhooks", R"({"name":"12345-hotline","url":")" + url + R"(","topics":["case.event"]})");
  ASSERT_EQ(created->status, 201) << created->body;
  const auto subscription = json::parse(created->body);
  const std::string secret(subscription.at("secret").as_string());
  const auto id = std::to_string(subscription.at("id").as_int64());
  EXPECT_EQ(post(admin, "/api/v1/webhooks", R"({"name":"12345-hotline","url":")" + url + R"("})")->status, 422);

  const auto reported = post(seat, "/api/v1/cases", R"({"description":"路灯不亮","lon":116.5301,"lat":35.3706,
    "external_ref":"12345-0001"})");
  ASSERT_EQ(reported->status, 201);
  const std::string case_id(json::parse(reported->body).at("id").as_string());

  const auto arrived = receiver.wait_for(2);
  ASSERT_EQ(arrived.size(), 2u) << server.log();
  EXPECT_EQ(arrived[0].answered, 500);
  EXPECT_EQ(arrived[1].answered, 200);
  for (const auto& r : arrived) {
    EXPECT_EQ(r.target, "/hooks/urbangrid");
    EXPECT_EQ(r.headers.at("x-urbangrid-topic"), "case.event");
    const auto& timestamp = r.headers.at("x-urbangrid-timestamp");
    EXPECT_EQ(r.headers.at("x-urbangrid-signature"), "sha256=" + hmac_hex(secret, timestamp + "." + r.body));
    const auto body = json::parse(r.body);
    EXPECT_EQ(body.at("case").at("id").as_string(), case_id);
    EXPECT_EQ(body.at("case").at("external_ref").as_string(), "12345-0001");
    EXPECT_EQ(body.at("event").at("action").as_string(), "report");
    EXPECT_EQ(body.at("delivery_id").as_string(), r.headers.at("x-urbangrid-delivery"));
  }
  // The retry is the same delivery: the receiver deduplicates on its id.
  EXPECT_EQ(arrived[0].headers.at("x-urbangrid-delivery"), arrived[1].headers.at("x-urbangrid-delivery"));
  EXPECT_EQ(arrived[0].body, arrived[1].body);

  // The outbox records the outcome per recipient.
  std::string state;
  for (int i = 0; i < 50 && state != "delivered"; ++i) {
    const auto listed = test::http_request(server.port(), "GET", "/api/v1/webhooks/" + id + "/deliveries", {admin});
    const auto deliveries = json::parse(listed->body).at("deliveries").as_array();
    ASSERT_EQ(deliveries.size(), 1u);
    state = std::string(deliveries[0].at("state").as_string());
    if (state == "delivered") {
      EXPECT_EQ(deliveries[0].at("attempts").as_int64(), 2);
      EXPECT_EQ(deliveries[0].at("last_status").as_int64(), 200);
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  EXPECT_EQ(state, "delivered");
  const auto listing = json::parse(test::http_request(server.port(), "GET", "/api/v1/webhooks", {admin})->body);
  const auto& first = listing.at("subscriptions").as_array()[0];
  EXPECT_FALSE(first.as_object().contains("secret"));  // shown once, at creation
  EXPECT_EQ(first.at("deliveries").at("delivered").as_int64(), 1);
  EXPECT_EQ(test::http_request(server.port(), "DELETE", "/api/v1/webhooks/" + id, {admin})->status, 204);
  EXPECT_EQ(test::http_request(server.port(), "DELETE", "/api/v1/webhooks/999", {admin})->status, 404);
}

}  // namespace
}  // namespace ug
