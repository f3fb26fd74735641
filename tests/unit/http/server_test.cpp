// The socket server in-process: keep-alive limits, timeouts, request ids, the bounded worker queue
// (503 + Retry-After), and graceful shutdown that lets in-flight requests finish.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <fstream>
#include <future>
#include <regex>
#include <thread>

#include "http/server.hpp"
#include "http_fixture.hpp"
#include "support/http_client.hpp"

namespace ug::http {
namespace {

using namespace std::chrono_literals;

class ServerTest : public ::testing::Test {
 protected:
  void start(ServerOptions options = {}) {
    options.port = 0;
    options.handle_signals = false;
    options.access_log = false;
    server_ = std::make_unique<Server>(options, fixture_.router, fixture_.metrics);
    port_ = server_->listen().value();
    thread_ = std::thread([this] { server_->run(); });
  }
  void TearDown() override {
    fixture_.gate.release();
    if (server_) server_->request_shutdown();
    if (thread_.joinable()) thread_.join();
  }
  test::HttpFixture fixture_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
  int port_ = 0;
};

TEST_F(ServerTest, KeepAliveServesManyRequestsOnOneConnection) {
  start();
  test::HttpConnection c(port_);
  for (int i = 0; i < 5; ++i) {
    const auto r = c.request("GET", "/api/v1/version");
    ASSERT_TRUE(r) << i;
    EXPECT_EQ(r->status, 200);
    EXPECT_NE(r->header("connection"), "close");
  }
}

TEST_F(ServerTest, ConnectionClosesAfterMaxRequests) {
  ServerOptions o;
  o.max_requests_per_connection = 2;
  start(o);
  test::HttpConnection c(port_);
  EXPECT_NE(c.request("GET", "/api/v1/version")->header("connection"), "close");
  EXPECT_EQ(c.request("GET", "/api/v1/version")->header("connection"), "close");
  EXPECT_TRUE(c.wait_closed());
}

TEST_F(ServerTest, IdleKeepAliveConnectionIsClosed) {
  ServerOptions o;
  o.idle_timeout = 200ms;
  start(o);
  test::HttpConnection c(port_);
  ASSERT_EQ(c.request("GET", "/api/v1/version")->status, 200);
  const auto before = std::chrono::steady_clock::now();
  EXPECT_TRUE(c.wait_closed(3s));
  EXPECT_LT(std::chrono::steady_clock::now() - before, 2s);
}

TEST_F(ServerTest, SlowBodyGets408) {
  ServerOptions o;
  o.request_timeout = 200ms;
  start(o);
  test::HttpConnection c(port_);
  c.send_raw("POST /test/echo HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n{\"");
  const auto r = c.read_reply();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 408);
  EXPECT_NE(r->body.find("request_timeout"), std::string::npos);
}

TEST_F(ServerTest, TruncatedBodyOverASocketIs400) {
  start();
  test::HttpConnection c(port_);
  c.send_raw("POST /test/echo HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"a\": 1");
  c.shutdown_write();
  const auto r = c.read_reply();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(r->body.find("bad_request"), std::string::npos);
}

TEST_F(ServerTest, OversizedBodyIs413EvenWhileTheClientKeepsSending) {
  ServerOptions o;
  o.body_limit = 1024;
  start(o);
  test::HttpConnection c(port_);
  c.send_raw("POST /test/echo HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 200000\r\n\r\n");
  c.send_raw(std::string(200000, ' '));
  const auto r = c.read_reply();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
}

TEST_F(ServerTest, JsonBodiesRoundTripAndBadOnesAre4xx) {
  start();
  const auto ok = test::http_request(port_, "POST", "/test/echo", {{"Content-Type", "application/json"}},
                                     R"({"描述":"井盖缺失","lon":116.39})");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  EXPECT_EQ(boost::json::parse(ok->body).at("描述").as_string(), "井盖缺失");
  EXPECT_EQ(test::http_request(port_, "POST", "/test/echo", {{"Content-Type", "application/json"}}, "{oops")->status,
            400);
  EXPECT_EQ(test::http_request(port_, "POST", "/test/echo", {{"Content-Type", "text/csv"}}, "a,b")->status, 415);
}

TEST_F(ServerTest, ExpectContinueIsHonoured) {
  start();
  test::HttpConnection c(port_);
  c.send_raw(
      "POST /test/echo HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\nExpect: "
      "100-continue\r\n\r\n");
  const auto interim = c.read_reply();
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->status, 100);
  c.send_raw("{}");
  const auto r = c.read_reply();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
}

TEST_F(ServerTest, HeadHasLengthButNoBody) {
  start();
  test::HttpConnection c(port_);
  c.send_raw("HEAD /api/v1/version HTTP/1.1\r\n\r\n");
  const auto head = c.read_reply(true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_GT(std::stoi(head->header("content-length")), 0);
  const auto next = c.request("GET", "/api/v1/version");  // nothing stray was left on the wire
  ASSERT_TRUE(next);
  EXPECT_EQ(std::to_string(next->body.size()), head->header("content-length"));
}

TEST_F(ServerTest, ResponsesCarryAnHttpDate) {
  start();
  const auto r = test::http_request(port_, "GET", "/api/v1/version");
  ASSERT_TRUE(r);
  // IMF-fixdate, e.g. "Mon, 23 Nov 2026 04:15:00 GMT" (RFC 9110 §5.6.7).
  EXPECT_TRUE(
      std::regex_match(r->header("date"),
                       std::regex(R"((Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT)")))
      << r->header("date");
}

TEST_F(ServerTest, RequestIdsAreEchoedWhenSaneAndMadeOtherwise) {
  start();
  const auto given = test::http_request(port_, "GET", "/api/v1/version", {{"X-Request-Id", "hotline-7f3a.1"}});
  EXPECT_EQ(given->header("x-request-id"), "hotline-7f3a.1");
  const auto bad = test::http_request(port_, "GET", "/api/v1/version", {{"X-Request-Id", "bad id with spaces"}});
  EXPECT_FALSE(bad->header("x-request-id").empty());
  EXPECT_NE(bad->header("x-request-id"), "bad id with spaces");
  const auto a = test::http_request(port_, "GET", "/api/v1/version");
  const auto b = test::http_request(port_, "GET", "/api/v1/version");
  EXPECT_NE(a->header("x-request-id"), b->header("x-request-id"));
}

TEST_F(ServerTest, FullWorkerQueueAnswers503WithRetryAfter) {
  ServerOptions o;
  o.worker_threads = 1;
  o.worker_queue_capacity = 1;
  o.retry_after_seconds = 3;
  start(o);
  auto first = std::async(std::launch::async, [&] { return test::http_request(port_, "GET", "/test/slow"); });
  while (fixture_.gate.waiting.load() < 1) std::this_thread::sleep_for(5ms);  // the worker is busy
  auto second = std::async(std::launch::async, [&] { return test::http_request(port_, "GET", "/test/slow"); });
  // Wait until the second one sits in the queue.
  for (int i = 0;
       i < 400 && fixture_.metrics.render_prometheus().find("urbangrid_worker_queue_depth 1") == std::string::npos;
       ++i) {
    std::this_thread::sleep_for(5ms);
  }
  const auto third = test::http_request(port_, "GET", "/test/slow");
  ASSERT_TRUE(third);
  EXPECT_EQ(third->status, 503);
  EXPECT_EQ(third->header("retry-after"), "3");
  EXPECT_NE(third->body.find("overloaded"), std::string::npos);
  // Quick routes on the I/O threads still answer while the pool is saturated.
  EXPECT_EQ(test::http_request(port_, "GET", "/api/v1/version")->status, 200);
  fixture_.gate.release();
  EXPECT_EQ(first.get()->status, 200);
  EXPECT_EQ(second.get()->status, 200);
  EXPECT_NE(fixture_.metrics.render_prometheus().find("urbangrid_worker_queue_rejections_total 1"), std::string::npos);
}

TEST_F(ServerTest, GracefulShutdownFinishesInFlightRequestsAndClosesIdleOnes) {
  start();
  test::HttpConnection idle(port_);
  ASSERT_EQ(idle.request("GET", "/api/v1/version")->status, 200);
  auto in_flight = std::async(std::launch::async, [&] { return test::http_request(port_, "GET", "/test/slow"); });
  while (fixture_.gate.waiting.load() < 1) std::this_thread::sleep_for(5ms);

  server_->request_shutdown();
  EXPECT_TRUE(idle.wait_closed(2s));  // the idle keep-alive connection goes at once
  // No new connections: the listener closes soon after (waited for, not slept on: the machine may be busy).
  bool refused = false;
  for (const auto until = std::chrono::steady_clock::now() + 5s;
       !refused && std::chrono::steady_clock::now() < until;) {
    refused = !test::HttpConnection(port_).connected();
    if (!refused) std::this_thread::sleep_for(5ms);
  }
  EXPECT_TRUE(refused);
  fixture_.gate.release();
  const auto r = in_flight.get();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);  // the in-flight request finished
  EXPECT_EQ(r->header("connection"), "close");
  thread_.join();  // run() returned
}

TEST_F(ServerTest, MetricsCountRequestsByRouteAndStatus) {
  start();
  test::http_request(port_, "GET", "/api/v1/version");
  test::http_request(port_, "GET", "/api/v1/version");
  test::http_request(port_, "GET", "/no/such/thing");
  const auto m = test::http_request(port_, "GET", "/metrics",
                                    {{"authorization", "Bearer " + std::string(test::HttpFixture::kMetricsToken)}});
  ASSERT_TRUE(m);
  EXPECT_EQ(m->header("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_NE(m->body.find("urbangrid_http_requests_total{route=\"/api/v1/version\",method=\"GET\",status=\"200\"} 2"),
            std::string::npos);
  EXPECT_NE(m->body.find("urbangrid_http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"} 1"),
            std::string::npos);
  EXPECT_NE(m->body.find("urbangrid_http_request_duration_seconds_bucket{route=\"/api/v1/version\",method=\"GET\","
                         "status=\"200\",le=\"+Inf\"} 2"),
            std::string::npos);
  EXPECT_NE(m->body.find("urbangrid_worker_queue_depth 0"), std::string::npos);
  EXPECT_NE(m->body.find("urbangrid_build_info{version=\""), std::string::npos);
  EXPECT_NE(m->body.find("process_start_time_seconds 1"), std::string::npos);
}

}  // namespace
}  // namespace ug::http

namespace ug::http {
namespace {

// Regression (issue 19): answers carried no Content-Security-Policy, X-Frame-Options or
// Referrer-Policy. Every kind of answer has them: a route, the web UI's files and its client-side
// routes, a 404, and an unparsable request answered before any route is known.
TEST_F(ServerTest, EveryAnswerCarriesTheSecurityHeaders) {
  const auto dist = test::temp_dir("ug-security-headers") / "dist";
  std::filesystem::create_directories(dist);
  std::ofstream(dist / "index.html") << "<!doctype html><title>UrbanGrid</title>";
  ServerOptions options;
  options.static_dir = dist;
  options.security_headers = security_headers("https://t{s}.tianditu.gov.cn/vec_w/wmts?x={x}&y={y}&l={z}");
  start(options);
  std::vector<std::optional<test::HttpReply>> replies = {
      test::http_request(port_, "GET", "/api/v1/version"), test::http_request(port_, "GET", "/"),
      test::http_request(port_, "GET", "/cases/123"), test::http_request(port_, "GET", "/api/v1/nothing")};
  test::HttpConnection raw(port_);
  raw.send_raw("G(ET / HTTP/1.1\r\n\r\n");
  replies.push_back(raw.read_reply());
  for (const auto& reply : replies) {
    ASSERT_TRUE(reply);
    SCOPED_TRACE(reply->status);
    const auto csp = reply->header("content-security-policy");
    EXPECT_NE(csp.find("default-src 'self'"), std::string::npos) << csp;
    EXPECT_NE(csp.find("script-src 'self';"), std::string::npos) << csp;
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << csp;
    EXPECT_NE(csp.find("img-src 'self' data: blob: https://*.tianditu.gov.cn;"), std::string::npos) << csp;
    EXPECT_EQ(reply->header("x-frame-options"), "DENY");
    EXPECT_EQ(reply->header("referrer-policy"), "strict-origin-when-cross-origin");
    EXPECT_EQ(reply->header("x-content-type-options"), "nosniff");
  }
  EXPECT_EQ(replies[4]->status, 400);
}

// Regression (issue 19): /metrics answered anyone. It wants the configured token; without one
// configured it is not served at all.
TEST_F(ServerTest, MetricsWantTheirToken) {
  start();
  const std::string token(test::HttpFixture::kMetricsToken);
  EXPECT_EQ(test::http_request(port_, "GET", "/metrics")->status, 401);
  EXPECT_EQ(test::http_request(port_, "GET", "/metrics", {{"authorization", "Bearer " + token + "x"}})->status, 401);
  EXPECT_EQ(test::http_request(port_, "GET", "/metrics", {{"authorization", "Basic " + token}})->status, 401);
  const auto refused = test::http_request(port_, "GET", "/metrics");
  EXPECT_EQ(refused->header("www-authenticate"), "Bearer realm=\"metrics\"");
  EXPECT_EQ(refused->body.find("urbangrid_"), std::string::npos);
  const auto allowed = test::http_request(port_, "GET", "/metrics", {{"authorization", "bearer " + token}});
  EXPECT_EQ(allowed->status, 200);
  EXPECT_NE(allowed->body.find("urbangrid_build_info"), std::string::npos);

  Router unconfigured;
  Metrics metrics;
  service::SystemService system(*fixture_.database);
  add_system_routes(unconfigured, system, metrics, {}, "");
  Request request;
  request.method = Method::get;
  request.path = "/metrics";
  request.headers.emplace_back("authorization", "Bearer ");
  const auto match = unconfigured.match(Method::get, "/metrics", &request);
  ASSERT_NE(match.route, nullptr);
  EXPECT_EQ(match.route->handler(request)->status, 404);
}

TEST(SecurityHeaders, TileSourceIsTheTemplatesOrigin) {
  EXPECT_EQ(tile_source("https://tiles.example.gov.cn/{z}/{x}/{y}.png"), "https://tiles.example.gov.cn");
  EXPECT_EQ(tile_source("http://{s}.tile.osm.org/{z}/{x}/{y}.png"), "http://*.tile.osm.org");
  EXPECT_EQ(tile_source("https://Tiles.Example.cn:8443/{z}/{x}/{y}.png"), "https://tiles.example.cn:8443");
  EXPECT_EQ(tile_source(""), "");
  EXPECT_EQ(tile_source("https://a.{s}.example.cn/{z}"), "");  // a wildcard only leftmost
  EXPECT_EQ(tile_source("https://x.cn; script-src *"), "");    // no directive injected
  const auto none = security_headers("");
  EXPECT_NE(none.front().second.find("img-src 'self' data: blob:;"), std::string::npos);
}

}  // namespace
}  // namespace ug::http
