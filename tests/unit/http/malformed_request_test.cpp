// Malformed requests get a 4xx with the JSON error envelope, parsed exactly as a connection would
// parse them (exchange_raw uses the server's parser and limits). One row per kind of mistake.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "http/dispatcher.hpp"
#include "http/json.hpp"
#include "http/query_params.hpp"
#include "http/raw_exchange.hpp"
#include "http_fixture.hpp"

namespace ug::http {
namespace {

constexpr std::size_t kHeaderLimit = 8192;
constexpr std::size_t kBodyLimit = 1024;

struct Exchanged {
  int status = 0;
  std::string head;
  std::string body;
  std::string error_code() const { return std::string(boost::json::parse(body).at("error").at("code").as_string()); }
};

Exchanged send_raw(const test::HttpFixture& fixture, const std::string& raw) {
  Dispatcher dispatcher(fixture.router, nullptr);
  const auto out = exchange_raw(raw, dispatcher, kHeaderLimit, kBodyLimit);
  const auto end = out.find("\r\n\r\n");
  return {std::atoi(out.c_str() + out.find(' ') + 1), out.substr(0, end), out.substr(end + 4)};
}

struct MalformedCase {
  std::string name;
  std::string raw;
  int status;
  std::string code;
};

std::string post_echo(const std::string& headers, const std::string& body) {
  return "POST /test/echo HTTP/1.1\r\n" + headers + "\r\n" + body;
}

const std::vector<MalformedCase>& cases() {
  static const std::vector<MalformedCase> table = {
      // Regression (fuzz_http_request): an empty request tripped an assertion in Beast's put_eof.
      {"EmptyRequest", "", 400, "bad_request"},
      {"BadMethodToken", "G(ET /api/v1/version HTTP/1.1\r\nHost: x\r\n\r\n", 400, "bad_request"},
      {"UnknownMethodOnKnownPath", "BREW /api/v1/version HTTP/1.1\r\nHost: x\r\n\r\n", 405, "method_not_allowed"},
      {"BadVersion", "GET /api/v1/version HTTP/9.x\r\n\r\n", 400, "bad_request"},
      {"Garbage", "\x01\x02\x03\r\n\r\n", 400, "bad_request"},
      {"NoTarget", "GET\r\n\r\n", 400, "bad_request"},
      {"SpaceInTarget", "GET /a b HTTP/1.1\r\n\r\n", 400, "bad_request"},
      {"HeaderWithoutColon", "GET /api/v1/version HTTP/1.1\r\nBad Header\r\n\r\n", 400, "bad_request"},
      {"HugeHeaders", "GET /api/v1/version HTTP/1.1\r\nX-Big: " + std::string(9000, 'a') + "\r\n\r\n", 431,
       "headers_too_large"},
      {"BodyOverTheLimit",
       post_echo("Content-Type: application/json\r\nContent-Length: 5000\r\n", std::string(5000, ' ')), 413,
       "payload_too_large"},
      {"TruncatedBody", post_echo("Content-Type: application/json\r\nContent-Length: 50\r\n", "{\"a\":"), 400,
       "bad_request"},
      // Regression (fuzz_http_request): a chunked body cut after its last-chunk line tripped a Beast
      // assertion when the same bytes were parsed twice.
      {"ChunkedBodyCutAfterLastChunk",
       post_echo("Transfer-Encoding: chunked\r\nContent-Type: application/json\r\n", "0\r\n"), 400, "bad_request"},
      {"BadChunkSize",
       post_echo("Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n", "zz\r\n{}\r\n0\r\n\r\n"), 400,
       "bad_request"},
      {"InvalidJson", post_echo("Content-Type: application/json\r\nContent-Length: 7\r\n", "{\"a\":}x"), 400,
       "invalid_json"},
      {"WrongContentType", post_echo("Content-Type: text/plain\r\nContent-Length: 2\r\n", "{}"), 415,
       "unsupported_media_type"},
      {"UnknownRoute", "GET /api/v1/nothing-here HTTP/1.1\r\n\r\n", 404, "not_found"},
      {"BadPercentEncodingInParameter", "GET /test/items/%zz HTTP/1.1\r\n\r\n", 400, "bad_request"},
      // Regression (issue 19): "*" is the target of OPTIONS alone (RFC 9112 §3.2.4).
      {"AsteriskTargetOutsideOptions", "GET * HTTP/1.1\r\nHost: x\r\n\r\n", 400, "bad_request"},
  };
  return table;
}

class MalformedRequestTest : public ::testing::TestWithParam<MalformedCase> {
 protected:
  test::HttpFixture fixture_;
};

TEST_P(MalformedRequestTest, Gets4xxWithTheErrorEnvelope) {
  const auto& c = GetParam();
  const auto p = send_raw(fixture_, c.raw);
  EXPECT_EQ(p.status, c.status);
  EXPECT_EQ(p.error_code(), c.code);
  EXPECT_NE(p.head.find("content-type: application/json; charset=utf-8"), std::string::npos);
  EXPECT_NE(p.head.find("x-request-id: "), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Kinds, MalformedRequestTest, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<MalformedCase>& row) { return row.param.name; });

TEST(RawExchange, WellFormedRequestIsAnswered) {
  test::HttpFixture fixture;
  const auto p = send_raw(fixture, "GET /api/v1/version HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(p.status, 200);
  EXPECT_NE(p.body.find("UrbanGrid"), std::string::npos);
}

TEST(RawExchange, WrongMethodNamesTheAllowedOnes) {
  test::HttpFixture fixture;
  const auto p = send_raw(fixture, "DELETE /api/v1/version HTTP/1.1\r\n\r\n");
  EXPECT_EQ(p.status, 405);
  EXPECT_NE(p.head.find("allow: GET, HEAD"), std::string::npos);
}

// Regression (issue 19): invalid UTF-8 from the request target was echoed raw into the error,
// making the answer invalid JSON text. Raw bytes in the path and a percent-encoded lone byte in a
// query value must come back as U+FFFD inside valid JSON.
TEST(RawExchange, InvalidUtf8FromTheTargetIsReplacedInTheError) {
  test::HttpFixture fixture;
  RouteDoc doc;
  doc.summary = "test: reads ?limit";
  fixture.router.add(
      Method::get, "/test/limited", Execution::io_thread,
      [](Request& r) {
        auto limit = integer_query_param(r, "limit", 1, 10, 5);
        if (!limit) return error_response(limit.error(), r);
        return json_response(200, boost::json::object{{"limit", *limit}});
      },
      doc);
  for (const std::string target : {"/api/v1/\xff\xfe\xc3(", "/api/v1/\xe4\xbd", "/test/limited?limit=%FF%E4"}) {
    SCOPED_TRACE(target);
    const auto p = send_raw(fixture, "GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_GE(p.status, 400);
    EXPECT_LT(p.status, 500);
    boost::system::error_code ec;
    const auto body = boost::json::parse(p.body, ec);  // Boost.JSON refuses invalid UTF-8
    ASSERT_FALSE(ec) << ec.message();
    EXPECT_TRUE(body.as_object().contains("error"));
    EXPECT_NE(p.body.find("\xEF\xBF\xBD"), std::string::npos) << p.body;  // U+FFFD where the bad bytes were
  }
  // Valid UTF-8 is echoed as it came.
  const auto chinese = send_raw(fixture, "GET /test/limited?limit=%E5%8D%81 HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_NE(chinese.body.find("\xE5\x8D\x81"), std::string::npos) << chinese.body;
}

// Regression (issue 19): an absolute-form target (RFC 9112 §3.2.2: a server must accept it) was
// looked up as a path beginning "http:" instead of routed.
TEST(RawExchange, AbsoluteFormTargetIsRouted) {
  test::HttpFixture fixture;
  for (const std::string target : {"http://example.gov.cn/api/v1/version", "HTTPS://example.gov.cn:8443/api/v1/version",
                                   "http://example.gov.cn/api/v1/version?x=1"}) {
    SCOPED_TRACE(target);
    const auto p = send_raw(fixture, "GET " + target + " HTTP/1.1\r\nHost: example.gov.cn\r\n\r\n");
    EXPECT_EQ(p.status, 200) << p.body;
    EXPECT_NE(p.body.find("UrbanGrid"), std::string::npos);
  }
  EXPECT_EQ(send_raw(fixture, "GET http://example.gov.cn HTTP/1.1\r\nHost: x\r\n\r\n").status, 404);  // path "/"
  EXPECT_EQ(send_raw(fixture, "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n").status, 204);
}

TEST(RawExchange, HandlerExceptionIs500WithoutInternals) {
  test::HttpFixture fixture;
  const auto p = send_raw(fixture, "GET /test/boom HTTP/1.1\r\n\r\n");
  EXPECT_EQ(p.status, 500);
  EXPECT_EQ(p.error_code(), "internal");
  EXPECT_EQ(p.body.find("secret"), std::string::npos);
  EXPECT_NE(p.body.find("request_id"), std::string::npos);
}

}  // namespace
}  // namespace ug::http
