// Black-box tests of the real `urbangrid` binary over HTTP: the system endpoints, malformed input
// answered with the JSON error envelope, static files, JSON logs, graceful SIGTERM, PostgreSQL.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <fstream>
#include <sstream>

#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/test_env.hpp"

namespace ug {
namespace {

std::string envelope_code(const test::HttpReply& r) {
  return std::string(boost::json::parse(r.body).at("error").at("code").as_string());
}

class ApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const auto dir = test::temp_dir("ug-api");
    std::filesystem::create_directories(dir / "dist");
    std::ofstream(dir / "dist" / "index.html") << "<!doctype html><html lang=\"zh-CN\"><title>UrbanGrid</title></html>";
    server_ = new test::ServerProcess(
        (dir / "api.db").string(), {"--static-dir", (dir / "dist").string(), "--set", "server.header_limit_bytes=4096",
                                    "--set", "server.body_limit_bytes=65536"});
    ASSERT_TRUE(server_->ready()) << server_->log();
    staff_ = test::bearer_for((dir / "api.db").string(), "api-staff", {"operator"}, {"370811"});
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static int port() { return server_->port(); }
  static test::ServerProcess* server_;
  static std::pair<std::string, std::string> staff_;  // Authorization header of an operator
};
test::ServerProcess* ApiTest::server_ = nullptr;
std::pair<std::string, std::string> ApiTest::staff_;

TEST_F(ApiTest, HealthzChecksTheDatabase) {
  const auto r = test::http_request(port(), "GET", "/healthz");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  const auto body = boost::json::parse(r->body);
  EXPECT_EQ(body.at("status").as_string(), "ok");
  EXPECT_EQ(body.at("database").at("backend").as_string(), "sqlite");
  EXPECT_EQ(body.at("database").at("schema_version").as_int64(),
            body.at("database").at("expected_schema_version").as_int64());
}

TEST_F(ApiTest, VersionNamesTheProductAndBackend) {
  const auto r = test::http_request(port(), "GET", "/api/v1/version");
  ASSERT_TRUE(r);
  const auto body = boost::json::parse(r->body);
  EXPECT_EQ(body.at("name").as_string(), "UrbanGrid");
  EXPECT_EQ(body.at("api").as_string(), "v1");
  EXPECT_FALSE(body.at("version").as_string().empty());
}

TEST_F(ApiTest, OpenApiDocumentIsServed) {
  const auto r = test::http_request(port(), "GET", "/api/v1/openapi.json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(boost::json::parse(r->body).at("openapi").as_string(), "3.1.0");
}

TEST_F(ApiTest, CategoryDirectoryIsInstalledAndSearchable) {
  const auto all = test::http_request(port(), "GET", "/api/v1/categories", {staff_});
  ASSERT_TRUE(all);
  ASSERT_EQ(all->status, 200);
  EXPECT_EQ(boost::json::parse(all->body).at("categories").as_array().size(), 403u);
  const auto lids =
      test::http_request(port(), "GET", "/api/v1/categories?kind=component&q=%E4%BA%95%E7%9B%96", {staff_});  // 井盖
  const auto parsed = boost::json::parse(lids->body);
  const auto& found = parsed.at("categories").as_array();
  ASSERT_FALSE(found.empty());
  for (const auto& c : found) {
    EXPECT_EQ(c.at("kind").as_string(), "component");
    EXPECT_NE(std::string(c.at("name").as_string()).find("井盖"), std::string::npos);
  }
  EXPECT_EQ(test::http_request(port(), "GET", "/api/v1/categories?kind=thing", {staff_})->status, 422);
}

TEST(CatalogApi, LocalCategoriesAndSettingsChangeOverHttp) {
  const auto dir = test::temp_dir("ug-catalog-api");
  const auto db = (dir / "c.db").string();
  test::ServerProcess server(db);
  ASSERT_TRUE(server.ready()) << server.log();
  const auto admin = test::bearer_for(db, "catalog-admin", {"admin"});
  const auto seat = test::bearer_for(db, "catalog-seat", {"operator"}, {"370811"});
  const auto send = [&](const std::string& method, const std::string& target, const std::string& body,
                        const std::pair<std::string, std::string>& who) {
    return test::http_request(server.port(), method, target, {who, {"content-type", "application/json"}}, body);
  };
  const auto search = [&](const std::string& query) {
    const auto r = test::http_request(server.port(), "GET", "/api/v1/categories?" + query, {seat});
    return boost::json::parse(r->body).at("categories").as_array();
  };

  const auto added = send("POST", "/api/v1/categories",
                          R"({"kind":"matter","code":"01901","name":"共享单车乱停放","synonyms":["单车","电单车"],
                              "close_condition":"车辆移走"})",
                          admin);
  ASSERT_EQ(added->status, 201) << added->body;
  const auto category = boost::json::parse(added->body);
  EXPECT_FALSE(category.at("standard").as_bool());
  EXPECT_EQ(category.at("major_code").as_string(), "01");
  EXPECT_FALSE(category.at("major_name").as_string().empty());
  ASSERT_EQ(search("q=%E7%94%B5%E5%8D%95%E8%BD%A6").size(), 1u);  // 电单车, a synonym

  EXPECT_EQ(send("POST", "/api/v1/categories", R"({"kind":"matter","code":"01901","name":"又一个"})", admin)->status,
            409);
  for (const char* bad :
       {R"({"kind":"matter","code":"01001","name":"占用国家标准代码"})",
        R"({"kind":"matter","code":"99901","name":"没有这个大类"})", R"({"kind":"matter","code":"01902","name":""})",
        R"({"kind":"thing","code":"01902","name":"某"})",
        R"({"kind":"matter","code":"01902","name":"某","synonyms":"单车"})"}) {
    EXPECT_EQ(send("POST", "/api/v1/categories", bad, admin)->status, 422) << bad;
  }

  // A standard category switched off leaves the searches (unless asked for) and comes back.
  const auto off =
      send("PATCH", "/api/v1/categories/matter/01001", R"({"enabled":false,"close_condition":"恢复通行"})", admin);
  ASSERT_EQ(off->status, 200) << off->body;
  EXPECT_FALSE(boost::json::parse(off->body).at("enabled").as_bool());
  EXPECT_TRUE(search("kind=matter&q=01001").empty());
  EXPECT_EQ(search("kind=matter&q=01001&include_disabled=true").size(), 1u);
  const auto synonyms = send("PATCH", "/api/v1/categories/matter/01001",
                             R"({"enabled":true,"synonyms":["矩阵测试同义词"],"register_condition":"有照片"})", admin);
  ASSERT_EQ(synonyms->status, 200) << synonyms->body;
  const auto found = search("q=%E7%9F%A9%E9%98%B5%E6%B5%8B%E8%AF%95%E5%90%8C%E4%B9%89%E8%AF%8D");  // 矩阵测试同义词
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found.at(0).at("register_condition").as_string(), "有照片");
  EXPECT_EQ(found.at(0).at("close_condition").as_string(), "恢复通行");  // untouched by the second change

  EXPECT_EQ(send("PATCH", "/api/v1/categories/matter/01999", R"({"enabled":false})", admin)->status, 404);
  EXPECT_EQ(send("PATCH", "/api/v1/categories/thing/01001", R"({"enabled":false})", admin)->status, 422);
  EXPECT_EQ(send("PATCH", "/api/v1/categories/matter/01001", R"({"enabled":"no"})", admin)->status, 422);
  EXPECT_EQ(send("PATCH", "/api/v1/categories/matter/01001", R"({"enabled":false})", seat)->status, 403);
  EXPECT_EQ(search("kind=matter&q=01001").size(), 1u);
  EXPECT_EQ(test::http_request(server.port(), "GET", "/api/v1/categories?include_disabled=yes", {seat})->status, 422);
}

TEST_F(ApiTest, UnknownRouteIs404Envelope) {
  const auto r = test::http_request(port(), "GET", "/api/v1/does-not-exist");
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(envelope_code(*r), "not_found");
  EXPECT_EQ(r->header("content-type"), "application/json; charset=utf-8");
}

TEST_F(ApiTest, BadMethodIs405Envelope) {
  const auto r = test::http_request(port(), "DELETE", "/api/v1/version");
  EXPECT_EQ(r->status, 405);
  EXPECT_EQ(envelope_code(*r), "method_not_allowed");
  EXPECT_EQ(r->header("allow"), "GET, HEAD");
}

TEST_F(ApiTest, UnparsableRequestLineIs400Envelope) {
  test::HttpConnection c(port());
  c.send_raw("GE(T / HTTP/1.1\r\n\r\n");
  const auto r = c.read_reply();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(envelope_code(*r), "bad_request");
}

TEST_F(ApiTest, HugeHeadersAre431Envelope) {
  const auto r = test::http_request(port(), "GET", "/api/v1/version", {{"X-Huge", std::string(8000, 'x')}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 431);
  EXPECT_EQ(envelope_code(*r), "headers_too_large");
}

TEST_F(ApiTest, HugeBodyIs413Envelope) {
  const auto r = test::http_request(port(), "POST", "/api/v1/version", {{"Content-Type", "application/json"}},
                                    std::string(100000, ' '));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(envelope_code(*r), "payload_too_large");
}

TEST_F(ApiTest, TruncatedBodyIs400Envelope) {
  test::HttpConnection c(port());
  c.send_raw("POST /api/v1/version HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n{\"a\"");
  c.shutdown_write();
  const auto r = c.read_reply();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(envelope_code(*r), "bad_request");
}

TEST_F(ApiTest, StaticFilesAndClientRoutes) {
  const auto index = test::http_request(port(), "GET", "/");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->status, 200);
  EXPECT_EQ(index->header("content-type"), "text/html; charset=utf-8");
  EXPECT_NE(index->body.find("UrbanGrid"), std::string::npos);
  const auto etag = index->header("etag");
  EXPECT_EQ(test::http_request(port(), "GET", "/", {{"If-None-Match", etag}})->status, 304);
  EXPECT_EQ(test::http_request(port(), "GET", "/cases/42")->status, 200);
  EXPECT_EQ(test::http_request(port(), "GET", "/../../etc/passwd")->body.find("root:"), std::string::npos);
  EXPECT_EQ(test::http_request(port(), "GET", "/missing.css")->status, 404);
  EXPECT_EQ(test::http_request(port(), "POST", "/")->status, 405);
}

// Regression (issue 19): with the web UI served, an absolute-form target (RFC 9112 §3.2.2, which
// a server must accept) got index.html instead of its route, and so did "*" outside OPTIONS.
TEST_F(ApiTest, AbsoluteFormTargetsAreRoutedAndAsteriskIsOptionsOnly) {
  test::HttpConnection c(port());
  c.send_raw("GET http://urbangrid.example.gov.cn/api/v1/version HTTP/1.1\r\nHost: urbangrid.example.gov.cn\r\n\r\n");
  const auto routed = c.read_reply();
  ASSERT_TRUE(routed);
  EXPECT_EQ(routed->status, 200);
  EXPECT_EQ(routed->header("content-type"), "application/json; charset=utf-8");
  EXPECT_EQ(boost::json::parse(routed->body).at("name").as_string(), "UrbanGrid");
  c.send_raw("GET * HTTP/1.1\r\nHost: x\r\n\r\n");
  const auto asterisk = c.read_reply();
  ASSERT_TRUE(asterisk);
  EXPECT_EQ(asterisk->status, 400);
  EXPECT_EQ(envelope_code(*asterisk), "bad_request");
  test::HttpConnection options(port());
  options.send_raw("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n");
  const auto asked = options.read_reply();
  ASSERT_TRUE(asked);
  EXPECT_EQ(asked->status, 204);
  EXPECT_NE(asked->header("allow").find("GET"), std::string::npos);
}

// Regression (issue 19): a description of "\n" was accepted, and NUL bytes were stored in text
// fields. Whitespace alone is no description; C0 controls but line breaks and tabs are refused
// in any text field of a JSON body, before anything is stored.
TEST_F(ApiTest, TextFieldsRefuseControlCharactersAndBlankDescriptions) {
  const auto report = [&](const std::string& body) {
    return test::http_request(port(), "POST", "/api/v1/cases", {staff_, {"content-type", "application/json"}}, body);
  };
  const auto field_of = [](const test::HttpReply& r) {
    return std::string(boost::json::parse(r.body).at("error").at("details").at("field").as_string());
  };
  for (const std::string description : {R"("\n")", R"(" \r\n\t ")", "\"\xE3\x80\x80\""}) {
    SCOPED_TRACE(description);
    const auto r = report(R"({"description":)" + description + R"(,"lon":116.5301,"lat":35.3706})");
    ASSERT_EQ(r->status, 422) << r->body;
    EXPECT_EQ(field_of(*r), "description");
  }
  for (const auto& [field, value] : std::vector<std::pair<std::string, std::string>>{
           {"description", R"("路灯\u0000不亮")"}, {"address", R"("\u001b[31m红")"}, {"comment", R"("\u0007")"}}) {
    SCOPED_TRACE(field);
    const auto body = field == "description" ? R"({"description":)" + value + "}"
                                             : R"({"description":"路灯不亮",")" + field + R"(":)" + value + "}";
    const auto r = report(body);
    ASSERT_EQ(r->status, 422) << r->body;
    EXPECT_EQ(field_of(*r), field);
    EXPECT_NE(r->body.find("控制字符"), std::string::npos) << r->body;
  }
}

// Regression (issue 19): bytes of the target that are not UTF-8 were echoed raw into the error's
// JSON, which is then not JSON text; they come back as U+FFFD.
TEST_F(ApiTest, InvalidUtf8InThePathStaysValidJson) {
  test::HttpConnection c(port());
  c.send_raw("GET /api/v1/\xff\xfe\xc3( HTTP/1.1\r\nHost: x\r\n\r\n");
  const auto r = c.read_reply();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  boost::system::error_code ec;
  const auto body = boost::json::parse(r->body, ec);  // refuses invalid UTF-8
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(body.at("error").at("details").at("path").as_string(), "/api/v1/\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD(");
}

// Regression (issue 19): no Content-Security-Policy, X-Frame-Options or Referrer-Policy.
TEST_F(ApiTest, SecurityHeadersOnTheUiAndTheApi) {
  for (const std::string target : {"/", "/cases/42", "/api/v1/version", "/api/v1/does-not-exist"}) {
    SCOPED_TRACE(target);
    const auto r = test::http_request(port(), "GET", target);
    ASSERT_TRUE(r);
    EXPECT_NE(r->header("content-security-policy").find("frame-ancestors 'none'"), std::string::npos);
    EXPECT_EQ(r->header("x-frame-options"), "DENY");
    EXPECT_EQ(r->header("referrer-policy"), "strict-origin-when-cross-origin");
    EXPECT_EQ(r->header("x-content-type-options"), "nosniff");
  }
}

// Regression (issue 19): /metrics answered anyone. Without metrics.token it is not served; with
// one, only to its bearer.
TEST_F(ApiTest, MetricsAreNotServedWithoutAToken) {
  EXPECT_EQ(test::http_request(port(), "GET", "/metrics")->status, 404);
}

TEST(ApiServer, MetricsAnswerTheBearerOfTheirToken) {
  const auto dir = test::temp_dir("ug-api-metrics");
  const std::string token = "scraper-token-0123456789";
  test::ServerProcess server((dir / "m.db").string(), {"--set", "metrics.token=" + token});
  ASSERT_TRUE(server.ready()) << server.log();
  EXPECT_EQ(test::http_request(server.port(), "GET", "/metrics")->status, 401);
  EXPECT_EQ(test::http_request(server.port(), "GET", "/metrics", {{"authorization", "Bearer wrong-token-0123456789"}})
                ->status,
            401);
  const auto scraped = test::http_request(server.port(), "GET", "/metrics", {{"authorization", "Bearer " + token}});
  ASSERT_EQ(scraped->status, 200);
  EXPECT_NE(scraped->body.find("urbangrid_build_info"), std::string::npos);
  EXPECT_NE(test::run_urbangrid({"serve", "--db", (dir / "n.db").string(), "--set", "metrics.token=short"}).exit_code,
            0);  // too short a token is a configuration error
}

TEST_F(ApiTest, AccessLogHasOneLinePerRequest) {
  test::http_request(port(), "GET", "/api/v1/version", {{"X-Request-Id", "api-test-log-line"}});
  std::string log;
  for (int i = 0; i < 100 && log.find("api-test-log-line") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(30));  // the logger flushes every second
    log = server_->log();
  }
  EXPECT_NE(log.find("\"GET /api/v1/version\" 200"), std::string::npos) << log;
  EXPECT_NE(log.find("rid=api-test-log-line"), std::string::npos);
}

TEST(ApiServer, JsonLogLinesAreJson) {
  const auto dir = test::temp_dir("ug-api-json");
  test::ServerProcess server((dir / "j.db").string(), {"--log-format", "json"});
  ASSERT_TRUE(server.ready()) << server.log();
  test::http_request(server.port(), "GET", "/api/v1/version");
  EXPECT_EQ(server.terminate(), 0);
  std::istringstream lines(server.log());
  std::string line;
  int access = 0, total = 0;
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    ++total;
    const auto v = boost::json::parse(line);  // throws (fails the test) if not JSON
    EXPECT_TRUE(v.as_object().contains("ts"));
    if (v.as_object().contains("type") && v.at("type").as_string() == "access") ++access;
  }
  EXPECT_GE(access, 1);
  EXPECT_GE(total, 3);
}

TEST(ApiServer, SigtermStopsCleanly) {
  const auto dir = test::temp_dir("ug-api-term");
  test::ServerProcess server((dir / "t.db").string());
  ASSERT_TRUE(server.ready()) << server.log();
  test::HttpConnection keep_alive(server.port());
  ASSERT_EQ(keep_alive.request("GET", "/api/v1/version")->status, 200);
  EXPECT_EQ(server.terminate(), 0);
  EXPECT_NE(server.log().find("stopped"), std::string::npos);
}

TEST(ApiServer, ServesOnPostgres) {
  test::ServerProcess server(test::create_postgres_database());
  ASSERT_TRUE(server.ready()) << server.log();
  const auto r = test::http_request(server.port(), "GET", "/healthz");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(boost::json::parse(r->body).at("database").at("backend").as_string(), "postgres");
}

TEST(ApiServer, HealthzIs503WhenTheSchemaIsBehind) {
  const auto dir = test::temp_dir("ug-api-behind");
  test::ServerProcess server((dir / "b.db").string(), {"--set", "database.migrate_on_start=false"});
  ASSERT_TRUE(server.ready()) << server.log();
  const auto r = test::http_request(server.port(), "GET", "/healthz");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 503);
  const auto body = boost::json::parse(r->body);
  EXPECT_EQ(body.at("status").as_string(), "unavailable");
  EXPECT_NE(std::string(body.at("problem").as_string()).find("migrate"), std::string::npos);
}

}  // namespace
}  // namespace ug
