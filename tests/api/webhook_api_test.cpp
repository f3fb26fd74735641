// Webhooks end to end: an administrator subscribes a receiver, a report is made, and the real
// server posts it — signed with HMAC-SHA256, retried after the receiver's 500 with the same
// delivery id, recorded as delivered after the 200; bad subscriptions are 422; only admins manage,
// and each subscription and its end is in the audit log. Internal receivers (this test's, on
// loopback) need webhooks.allowed_targets, checked at subscription and again at delivery.
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
  test::ServerProcess server(
      db, {"--set", "webhooks.dispatch_interval_ms=100", "--set", "webhooks.first_retry_ms=300", "--set",
           "webhooks.timeout_ms=2000", "--set", "webhooks.allowed_targets=127.0.0.1/32"});
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

  // Regression (issue 19): subscriptions were not audited. Newest first: the end, then the start.
  const auto audit =
      json::parse(test::http_request(server.port(), "GET", "/api/v1/audit?action=webhook.", {admin})->body);
  const auto& entries = audit.at("entries").as_array();
  ASSERT_EQ(entries.size(), 2u) << audit;
  EXPECT_EQ(entries[0].at("action").as_string(), "webhook.deactivate");
  EXPECT_EQ(entries[1].at("action").as_string(), "webhook.subscribe");
  for (const auto& e : entries) {
    EXPECT_EQ(e.at("target").as_string(), "12345-hotline");
    EXPECT_EQ(e.at("actor").as_string(), "w-admin");
    EXPECT_EQ(e.at("summary").at("url").as_string(), url);
    EXPECT_EQ(json::serialize(e).find(secret), std::string::npos);  // never the secret
  }
}

// Regression (issue 19): a subscription could target loopback, private ranges or the cloud
// metadata address, and the dispatcher posted there. Without webhooks.allowed_targets they are
// 422 at subscription, and a subscription made while they were allowed is refused at delivery:
// recorded as a failed attempt with the reason, nothing sent.
TEST(WebhookApi, InternalTargetsAreRefusedUnlessAllowed) {
  const auto dir = test::temp_dir("ug-webhook-ssrf");
  const auto db = (dir / "w.db").string();
  ASSERT_EQ(
      test::run_urbangrid({"demo", "create", "--db", db, "--data", (test::source_dir() / "data").string()}).exit_code,
      0);
  const auto admin = test::bearer_for(db, "w-admin", {"admin"});
  const auto seat = test::bearer_for(db, "w-seat", {"operator"}, {"370811"});
  test::WebhookReceiver receiver;
  const auto url = "http://127.0.0.1:" + std::to_string(receiver.port()) + "/hooks";
  const auto subscribe = [&](int port, const std::string& name, const std::string& target) {
    return test::http_request(port, "POST", "/api/v1/webhooks", {admin, {"content-type", "application/json"}},
                              R"({"name":")" + name + R"(","url":")" + target + R"("})");
  };
  std::string id;
  {
    test::ServerProcess allowing(
        db, {"--set", "webhooks.dispatch_interval_ms=0", "--set", "webhooks.allowed_targets=127.0.0.0/8, fd00::/8"});
    ASSERT_TRUE(allowing.ready()) << allowing.log();
    const auto created = subscribe(allowing.port(), "inside", url);
    ASSERT_EQ(created->status, 201) << created->body;
    id = std::to_string(json::parse(created->body).at("id").as_int64());
    EXPECT_EQ(subscribe(allowing.port(), "metadata", "http://169.254.169.254/latest/meta-data/")->status, 422);
  }

  test::ServerProcess server(db, {"--set", "webhooks.dispatch_interval_ms=100", "--set", "webhooks.timeout_ms=2000"});
  ASSERT_TRUE(server.ready()) << server.log();
  for (const std::string& target :
       {url, std::string("http://localhost:9/"), std::string("http://169.254.169.254/latest/meta-data/"),
        std::string("http://10.1.2.3/"), std::string("http://172.20.0.1/"), std::string("http://192.168.1.1/"),
        std::string("http://100.64.0.1/"), std::string("http://0.0.0.0:8080/"), std::string("http://[::1]/"),
        std::string("http://[::ffff:127.0.0.1]/"), std::string("http://[fd12::1]/"), std::string("http://[fe80::1]/"),
        std::string("http://2130706433/"), std::string("http://127.1/")}) {
    SCOPED_TRACE(target);
    const auto refused = subscribe(server.port(), "outside", target);
    ASSERT_EQ(refused->status, 422) << refused->body;
    const auto error = json::parse(refused->body).at("error");
    EXPECT_EQ(error.at("details").at("field").as_string(), "url");
    EXPECT_NE(std::string(error.at("message").as_string()).find("webhooks.allowed_targets"), std::string::npos);
  }

  const auto reported =
      test::http_request(server.port(), "POST", "/api/v1/cases", {seat, {"content-type", "application/json"}},
                         R"({"description":"路灯不亮","lon":116.5301,"lat":35.3706})");
  ASSERT_EQ(reported->status, 201) << reported->body;
  json::value delivery;
  for (int i = 0; i < 100; ++i) {
    const auto listed = test::http_request(server.port(), "GET", "/api/v1/webhooks/" + id + "/deliveries", {admin});
    const auto deliveries = json::parse(listed->body).at("deliveries").as_array();
    if (!deliveries.empty() && deliveries[0].at("attempts").as_int64() > 0) {
      delivery = deliveries[0];
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(delivery.is_object()) << server.log();
  EXPECT_EQ(delivery.at("state").as_string(), "pending");  // retried later, should the setting change
  EXPECT_TRUE(delivery.at("last_status").is_null());
  const std::string reason(delivery.at("last_error").as_string());
  EXPECT_NE(reason.find("refused target 127.0.0.1"), std::string::npos) << reason;
  EXPECT_NE(reason.find("loopback"), std::string::npos) << reason;
  EXPECT_TRUE(receiver.wait_for(1, 500).empty());  // nothing was sent
}

}  // namespace
}  // namespace ug
