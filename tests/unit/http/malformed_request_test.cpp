// Malformed requests get a 4xx with the JSON error envelope, parsed exactly as a connection would
// parse them (exchange_raw uses the server's parser and limits).
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "http/dispatcher.hpp"
#include "http/raw_exchange.hpp"
#include "http_fixture.hpp"

namespace ug::http {
namespace {

struct Parsed {
  int status = 0;
  std::string head;
  std::string body;
};

Parsed parse(const std::string& raw) {
  Parsed p;
  p.status = std::atoi(raw.c_str() + raw.find(' ') + 1);
  const auto end = raw.find("\r\n\r\n");
  p.head = raw.substr(0, end);
  p.body = raw.substr(end + 4);
  return p;
}

class MalformedRequestTest : public ::testing::Test {
 protected:
  Parsed exchange(const std::string& raw, std::size_t header_limit = 8192, std::size_t body_limit = 1024) {
    Dispatcher dispatcher(fixture_.router, nullptr);
    return parse(exchange_raw(raw, dispatcher, header_limit, body_limit));
  }
  static std::string error_code(const Parsed& p) {
    return std::string(boost::json::parse(p.body).at("error").at("code").as_string());
  }
  test::HttpFixture fixture_;
};

TEST_F(MalformedRequestTest, WellFormedRequestIsAnswered) {
  const auto p = exchange("GET /api/v1/version HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(p.status, 200);
  EXPECT_NE(p.body.find("UrbanGrid"), std::string::npos);
}

// Regression (fuzz_http_request): an empty request tripped an assertion in Beast's put_eof.
TEST_F(MalformedRequestTest, EmptyRequestIs400) {
  const auto p = exchange("");
  EXPECT_EQ(p.status, 400);
  EXPECT_EQ(error_code(p), "bad_request");
}

// Regression (fuzz_http_request): a chunked body ending after its last-chunk line tripped a Beast
// assertion when the same bytes were parsed twice.
TEST_F(MalformedRequestTest, ChunkedBodyCutAfterTheLastChunkIs400) {
  const auto p =
      exchange("POST /test/echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n0\r\n");
  EXPECT_EQ(p.status, 400);
  EXPECT_EQ(error_code(p), "bad_request");
}

TEST_F(MalformedRequestTest, BadMethodTokenIs400) {
  const auto p = exchange("G(ET /api/v1/version HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(p.status, 400);
  EXPECT_EQ(error_code(p), "bad_request");
}

TEST_F(MalformedRequestTest, UnknownMethodOnAKnownPathIs405) {
  const auto p = exchange("BREW /api/v1/version HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(p.status, 405);
  EXPECT_EQ(error_code(p), "method_not_allowed");
  EXPECT_NE(p.head.find("allow: GET, HEAD"), std::string::npos);
}

TEST_F(MalformedRequestTest, BadVersionAndGarbageAre400) {
  for (const char* raw : {"GET /api/v1/version HTTP/9.x\r\n\r\n", "\x01\x02\x03\r\n\r\n", "GET\r\n\r\n",
                          "GET /a b HTTP/1.1\r\n\r\n", "GET /api/v1/version HTTP/1.1\r\nBad Header\r\n\r\n"}) {
    const auto p = exchange(raw);
    EXPECT_EQ(p.status, 400) << raw;
    EXPECT_EQ(error_code(p), "bad_request") << raw;
  }
}

TEST_F(MalformedRequestTest, HugeHeadersAre431) {
  const auto p = exchange("GET /api/v1/version HTTP/1.1\r\nX-Big: " + std::string(9000, 'a') + "\r\n\r\n");
  EXPECT_EQ(p.status, 431);
  EXPECT_EQ(error_code(p), "headers_too_large");
}

TEST_F(MalformedRequestTest, BodyOverTheLimitIs413) {
  const auto p = exchange("POST /test/echo HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n" +
                          std::string(5000, ' '));
  EXPECT_EQ(p.status, 413);
  EXPECT_EQ(error_code(p), "payload_too_large");
}

TEST_F(MalformedRequestTest, TruncatedBodyIs400) {
  const auto p =
      exchange("POST /test/echo HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n{\"a\":");
  EXPECT_EQ(p.status, 400);
  EXPECT_EQ(error_code(p), "bad_request");
}

TEST_F(MalformedRequestTest, InvalidJsonIs400) {
  const auto p =
      exchange("POST /test/echo HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n{\"a\":}x");
  EXPECT_EQ(p.status, 400);
  EXPECT_EQ(error_code(p), "invalid_json");
}

TEST_F(MalformedRequestTest, WrongContentTypeIs415) {
  const auto p = exchange("POST /test/echo HTTP/1.1\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\n{}");
  EXPECT_EQ(p.status, 415);
  EXPECT_EQ(error_code(p), "unsupported_media_type");
}

TEST_F(MalformedRequestTest, UnknownRouteIs404) {
  const auto p = exchange("GET /api/v1/nothing-here HTTP/1.1\r\n\r\n");
  EXPECT_EQ(p.status, 404);
  EXPECT_EQ(error_code(p), "not_found");
}

TEST_F(MalformedRequestTest, BadChunkedEncodingIs400) {
  const auto p = exchange(
      "POST /test/echo HTTP/1.1\r\nContent-Type: application/json\r\nTransfer-Encoding: "
      "chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");
  EXPECT_EQ(p.status, 400);
}

TEST_F(MalformedRequestTest, HandlerExceptionIs500WithoutInternals) {
  const auto p = exchange("GET /test/boom HTTP/1.1\r\n\r\n");
  EXPECT_EQ(p.status, 500);
  EXPECT_EQ(error_code(p), "internal");
  EXPECT_EQ(p.body.find("secret"), std::string::npos);
  EXPECT_NE(p.body.find("request_id"), std::string::npos);
}

}  // namespace
}  // namespace ug::http
