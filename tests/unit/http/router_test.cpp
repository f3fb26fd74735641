// Router: literal and {param} routes, HEAD through GET, 405 with the allowed methods, decoding.
#include <gtest/gtest.h>

#include "http/router.hpp"

namespace ug::http {
namespace {

Response ok(Request&) { return Response{}; }

Router sample() {
  Router r;
  r.add(Method::get, "/api/v1/cases", Execution::worker_pool, ok, {});
  r.add(Method::post, "/api/v1/cases", Execution::worker_pool, ok, {});
  r.add(Method::get, "/api/v1/cases/{id}", Execution::worker_pool, ok, {});
  r.add(Method::post, "/api/v1/cases/{id}/actions/{action}", Execution::worker_pool, ok, {});
  r.add(Method::get, "/api/v1/cases/duplicates", Execution::worker_pool, ok, {});
  return r;
}

TEST(Router, MatchesLiteralRoutesByMethod) {
  const auto r = sample();
  const auto get = r.match(Method::get, "/api/v1/cases", nullptr);
  ASSERT_NE(get.route, nullptr);
  EXPECT_EQ(get.route->method, Method::get);
  const auto post = r.match(Method::post, "/api/v1/cases", nullptr);
  ASSERT_NE(post.route, nullptr);
  EXPECT_EQ(post.route->method, Method::post);
}

TEST(Router, LiteralSegmentWinsOverParameter) {
  const auto r = sample();
  Request req;
  const auto m = r.match(Method::get, "/api/v1/cases/duplicates", &req);
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/api/v1/cases/duplicates");
  EXPECT_TRUE(req.path_params.empty());
}

TEST(Router, ExtractsAndDecodesParameters) {
  const auto r = sample();
  Request req;
  const auto m = r.match(Method::post, "/api/v1/cases/20261123%30042/actions/dispatch", &req);
  ASSERT_NE(m.route, nullptr);
  ASSERT_NE(req.path_param("id"), nullptr);
  EXPECT_EQ(*req.path_param("id"), "202611230042");
  EXPECT_EQ(*req.path_param("action"), "dispatch");
}

TEST(Router, HeadIsAnsweredByGetRoutes) {
  const auto r = sample();
  const auto m = r.match(Method::head, "/api/v1/cases/7", nullptr);
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->method, Method::get);
}

TEST(Router, WrongMethodListsAllowedMethods) {
  const auto r = sample();
  const auto m = r.match(Method::delete_, "/api/v1/cases", nullptr);
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(m.allowed_methods, (std::vector<std::string>{"GET", "HEAD", "POST"}));
  const auto other = r.match(Method::other, "/api/v1/cases/9", nullptr);
  EXPECT_EQ(other.allowed_methods, (std::vector<std::string>{"GET", "HEAD"}));
}

TEST(Router, UnknownPathsAndShapesDoNotMatch) {
  const auto r = sample();
  for (const char* path : {"/api/v1/case", "/api/v1/cases/", "/api/v1/cases/1/actions", "/", "",
                           "/api/v1/cases/1/actions/x/y", "/API/V1/CASES"}) {
    const auto m = r.match(Method::get, path, nullptr);
    EXPECT_EQ(m.route, nullptr) << path;
  }
}

TEST(Router, InvalidPercentEncodingInAParameterIsReported) {
  const auto r = sample();
  const auto m = r.match(Method::get, "/api/v1/cases/%zz", nullptr);
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.bad_encoding);
}

TEST(Router, RegisteringARouteTwiceIsABug) {
  Router r;
  r.add(Method::get, "/x", Execution::io_thread, ok, {});
  EXPECT_ANY_THROW(r.add(Method::get, "/x", Execution::io_thread, ok, {}));
}

TEST(Request, QueryParametersAreDecoded) {
  Request req;
  req.query = "lon=116.39&lat=39.9&from=2026-11-23T08%3A30%3A00%2B08%3A00&q=a+b&flag&lon=2";
  EXPECT_EQ(req.query_param("lon"), "116.39");  // the first one wins
  EXPECT_EQ(req.query_param("from"), "2026-11-23T08:30:00+08:00");
  EXPECT_EQ(req.query_param("q"), "a b");
  EXPECT_EQ(req.query_param("flag"), "");
  EXPECT_EQ(req.query_param("missing"), std::nullopt);
}

TEST(PercentDecode, RejectsTruncatedAndNonHexEscapes) {
  EXPECT_EQ(percent_decode("%E5%9F%8E", false), "城");
  EXPECT_EQ(percent_decode("a+b", false), "a+b");
  EXPECT_EQ(percent_decode("a+b", true), "a b");
  EXPECT_EQ(percent_decode("%", false), std::nullopt);
  EXPECT_EQ(percent_decode("%4", false), std::nullopt);
  EXPECT_EQ(percent_decode("%G0", false), std::nullopt);
}

}  // namespace
}  // namespace ug::http
