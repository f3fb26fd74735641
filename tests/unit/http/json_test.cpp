// JSON bodies: content type checks (415), syntax errors (400 invalid_json), depth limit, and the
// error envelope every failure uses.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "http/json.hpp"

namespace ug::http {
namespace {

Request json_request(std::string content_type, std::string body) {
  Request r;
  r.method = Method::post;
  if (!content_type.empty()) r.headers.emplace_back("content-type", std::move(content_type));
  r.body = std::move(body);
  return r;
}

TEST(JsonBody, AcceptsApplicationJsonWithOrWithoutUtf8Charset) {
  for (const char* type : {"application/json", "application/json; charset=utf-8", "Application/JSON;charset=UTF-8",
                           "application/json; charset=\"utf-8\""}) {
    const auto v = parse_json_body(json_request(type, R"({"a":1})"));
    ASSERT_TRUE(v) << type;
    EXPECT_EQ(v->at("a").as_int64(), 1);
  }
}

TEST(JsonBody, WrongContentTypeIs415) {
  for (const char* type : {"", "text/plain", "application/x-www-form-urlencoded", "application/jsonx",
                           "application/json; charset=gbk", "multipart/form-data; boundary=x"}) {
    const auto v = parse_json_body(json_request(type, "{}"));
    ASSERT_FALSE(v) << type;
    EXPECT_EQ(v.error().code, ErrorCode::unsupported_media_type) << type;
  }
}

TEST(JsonBody, MalformedJsonIs400InvalidJson) {
  for (const char* body : {"", "{", "{\"a\":}", "[1,2,]", "{} {}", "nul", "\"\xff\"", "{'a':1}"}) {
    const auto v = parse_json_body(json_request("application/json", body));
    ASSERT_FALSE(v) << body;
    EXPECT_EQ(v.error().code, ErrorCode::invalid_json) << body;
  }
}

// Regression (fuzz_json_body): Boost.JSON reads 1e400 as infinity and writes it as `Infinity`.
TEST(JsonBody, NumbersBeyondTheDoubleRangeAreRefused) {
  for (const char* body : {"[12.5e1010]", "{\"lon\":1e400}", "-1e400", "{\"a\":[1,{\"b\":-9e999}]}"}) {
    const auto v = parse_json_text(body);
    ASSERT_FALSE(v) << body;
    EXPECT_EQ(v.error().code, ErrorCode::invalid_json) << body;
  }
  EXPECT_TRUE(parse_json_text("[1.7976931348623157e308, 1e-400, -0.0]"));
}

TEST(JsonBody, NestingBeyondTheLimitIsRefused) {
  const std::string deep = std::string(kMaxJsonDepth + 1, '[') + std::string(kMaxJsonDepth + 1, ']');
  EXPECT_FALSE(parse_json_text(deep));
  const std::string ok = std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']');
  EXPECT_TRUE(parse_json_text(ok));
}

TEST(ErrorEnvelope, HasCodeMessageDetailsAndRequestId) {
  const auto response = error_response(Error(ErrorCode::illegal_transition, {})
                                           .with("state", std::string("closed"))
                                           .with("version", std::int64_t{7})
                                           .with("allowed_actions", std::vector<std::string>{"reopen"}),
                                       "rid-1", Language::zh_cn);
  EXPECT_EQ(response.status, 409);
  EXPECT_EQ(response.header("content-type"), kJsonContentType);
  const auto body = boost::json::parse(response.body);
  const auto& e = body.at("error");
  EXPECT_EQ(e.at("code").as_string(), "illegal_transition");
  EXPECT_EQ(e.at("message").as_string(), "当前状态不允许此操作");
  EXPECT_EQ(e.at("details").at("state").as_string(), "closed");
  EXPECT_EQ(e.at("details").at("version").as_int64(), 7);
  EXPECT_EQ(e.at("details").at("allowed_actions").as_array().size(), 1u);
  EXPECT_EQ(e.at("request_id").as_string(), "rid-1");
}

TEST(ErrorEnvelope, InternalDetailNeverLeaks) {
  const auto response =
      error_response(Error(ErrorCode::internal, {}, "SQLITE_CORRUPT at /var/secret.db"), "r", Language::zh_cn);
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.body.find("secret"), std::string::npos);
  EXPECT_EQ(response.body.find("SQLITE"), std::string::npos);
}

Request asking_in(std::string accept_language) {
  Request r;
  r.headers.emplace_back("accept-language", std::move(accept_language));
  return r;
}

// Issue 20: error messages come in the language the request asks for, zh-CN unless it prefers English.
TEST(AcceptLanguage, PicksTheLanguageRankedHigherAndDefaultsToChinese) {
  EXPECT_EQ(Request{}.language(), Language::zh_cn);
  EXPECT_EQ(asking_in("en").language(), Language::en);
  EXPECT_EQ(asking_in("en-US,en;q=0.9").language(), Language::en);
  EXPECT_EQ(asking_in("EN-gb").language(), Language::en);
  EXPECT_EQ(asking_in("zh-CN,zh;q=0.9,en;q=0.8").language(), Language::zh_cn);
  EXPECT_EQ(asking_in("zh-CN;q=0.5, en;q=0.8").language(), Language::en);
  EXPECT_EQ(asking_in("zh-TW, en;q=0.5").language(), Language::zh_cn);
  EXPECT_EQ(asking_in("fr-FR, de").language(), Language::zh_cn);  // neither: the default
  EXPECT_EQ(asking_in("*").language(), Language::zh_cn);
  EXPECT_EQ(asking_in("en;q=0").language(), Language::zh_cn);  // q=0: not acceptable
  EXPECT_EQ(asking_in("en;q=1.000").language(), Language::en);
  EXPECT_EQ(asking_in("en;q=2, zh;q=0.1").language(), Language::zh_cn);  // a bad q is not a preference
  EXPECT_EQ(asking_in("en;q=abc").language(), Language::zh_cn);
  EXPECT_EQ(asking_in(",,;;=,en").language(), Language::en);
  EXPECT_EQ(asking_in(std::string(10000, 'e')).language(), Language::zh_cn);
}

TEST(ErrorEnvelope, MessageInTheRequestsLanguageWithContentLanguage) {
  const auto error = invalid("description", "field.required");
  const auto zh = error_response(error, Request{});
  EXPECT_EQ(boost::json::parse(zh.body).at("error").at("message").as_string(), "缺少字段 description");
  EXPECT_EQ(zh.header("content-language"), "zh-CN");
  const auto en = error_response(error, asking_in("en-US,en;q=0.9,zh-CN;q=0.8"));
  EXPECT_EQ(boost::json::parse(en.body).at("error").at("message").as_string(), "Missing field description");
  EXPECT_EQ(en.header("content-language"), "en");
  EXPECT_EQ(boost::json::parse(en.body).at("error").at("code").as_string(), "validation_failed");
}

}  // namespace
}  // namespace ug::http
