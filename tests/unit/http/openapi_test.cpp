// Every registered route is described in /api/v1/openapi.json: summary, responses with a schema,
// path parameters declared.
#include <gtest/gtest.h>

#include <set>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "app/application.hpp"
#include "http/dispatcher.hpp"
#include "http/openapi.hpp"
#include "http/raw_exchange.hpp"
#include "http_fixture.hpp"

namespace ug::http {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Checks every route of `router` in the document it serves.
void expect_every_route_described(const Router& router) {
  Dispatcher dispatcher(router, nullptr);
  const auto raw = exchange_raw("GET /api/v1/openapi.json HTTP/1.1\r\n\r\n", dispatcher, 8192, 1024);
  const auto body = raw.substr(raw.find("\r\n\r\n") + 4);
  const auto doc = boost::json::parse(body);
  EXPECT_EQ(doc.at("openapi").as_string(), "3.1.0");
  const auto& paths = doc.at("paths").as_object();
  ASSERT_FALSE(router.routes().empty());
  for (const auto& route : router.routes()) {
    SCOPED_TRACE(route->pattern);
    ASSERT_TRUE(paths.contains(route->pattern));
    const auto& op = paths.at(route->pattern).at(lower(to_string(route->method))).as_object();
    EXPECT_FALSE(op.at("summary").as_string().empty());
    bool has_success = false;
    for (const auto& [status, response] : op.at("responses").as_object()) {
      EXPECT_FALSE(response.at("description").as_string().empty()) << status;
      if (status.starts_with("2")) has_success = status == "204" || response.as_object().contains("content");
    }
    EXPECT_TRUE(has_success) << "no described 2xx response";
    for (const auto& segment : route->segments) {
      if (segment.front() != '{') continue;
      const auto name = segment.substr(1, segment.size() - 2);
      bool declared = false;
      if (op.contains("parameters")) {
        for (const auto& p : op.at("parameters").as_array()) declared |= p.at("name").as_string() == name;
      }
      EXPECT_TRUE(declared) << "path parameter " << name << " not declared";
    }
  }
  EXPECT_TRUE(paths.contains("/healthz"));
  EXPECT_TRUE(paths.contains("/metrics"));
  EXPECT_TRUE(paths.contains("/api/v1/version"));
  EXPECT_TRUE(paths.contains("/api/v1/openapi.json"));
}

TEST(OpenApi, EveryRouteIsDescribed) {
  test::HttpFixture fixture;
  expect_every_route_described(fixture.router);
}

// The route table `serve` uses, built by the same Application.
TEST(OpenApi, EveryRouteOfTheServerIsDescribed) {
  test::HttpFixture fixture;
  app::Application application(*fixture.database, app::Config{}, service::CalendarSettings{});
  expect_every_route_described(application.router());
  for (const char* path : {"/api/v1/grids/locate", "/api/v1/responsibility-grids", "/api/v1/categories",
                           "/api/v1/routing/suggest", "/api/v1/components/nearest", "/api/v1/components/{id}"}) {
    const auto match = application.router().match(Method::get, path, nullptr);
    EXPECT_NE(match.route, nullptr) << path;
  }
}

// Only these routes answer without credentials; any other that is open is a mistake.
TEST(OpenApi, OnlyTheListedRoutesAreOpen) {
  test::HttpFixture fixture;
  app::Application application(*fixture.database, app::Config{}, service::CalendarSettings{});
  const std::set<std::string> open = {
      "GET /healthz", "GET /metrics", "GET /api/v1/version", "GET /api/v1/openapi.json", "POST /api/v1/session",
      // the citizen's pages: no account, rate-limited per address
      "POST /api/v1/public/cases", "GET /api/v1/public/cases/{tracking_code}",
      "POST /api/v1/public/cases/{tracking_code}/rating", "POST /api/v1/public/attachments",
      "GET /api/v1/public/cases/{tracking_code}/attachments/{id}",
      // what the citizens' map draws: the base map's settings, the public administrative boundaries
      // and the roads with their names (issue 22)
      "GET /api/v1/map-settings", "GET /api/v1/grids/outlines", "GET /api/v1/roads",
      // the names every page shows (the citizen's tracking page too)
      "GET /api/v1/vocabulary"};
  for (const auto& route : application.router().routes()) {
    const auto name = std::string(to_string(route->method)) + " " + route->pattern;
    EXPECT_EQ(route->doc.access.kind == RouteAccess::Kind::open, open.contains(name)) << name;
  }
}

// Where `schema` leaves a shape undeclared: an object that neither lists its properties nor says
// what else it takes, or an array without items. The contract check of the API tests can only
// refuse an undeclared field where the schema declares the fields.
void collect_undeclared_shapes(const boost::json::value& schema, const std::string& where,
                               std::vector<std::string>& out) {
  const auto* s = schema.if_object();
  if (s == nullptr) return;
  const auto* type = s->if_contains("type");
  const auto is = [&](std::string_view name) {
    if (type == nullptr) return false;
    if (type->is_string()) return type->get_string() == name;
    for (const auto& t : type->as_array()) {
      if (t.as_string() == name) return true;
    }
    return false;
  };
  if (is("object") && !s->contains("properties") && !s->contains("additionalProperties")) out.push_back(where);
  if (is("array") && !s->contains("items")) out.push_back(where + " (array without items)");
  if (const auto* p = s->if_contains("properties")) {
    for (const auto& [name, sub] : p->as_object()) collect_undeclared_shapes(sub, where + "." + std::string(name), out);
  }
  for (const char* key : {"items", "additionalProperties"}) {
    if (const auto* sub = s->if_contains(key)) collect_undeclared_shapes(*sub, where + "[]", out);
  }
  for (const char* key : {"oneOf", "anyOf", "allOf"}) {
    if (const auto* list = s->if_contains(key)) {
      for (const auto& sub : list->as_array()) collect_undeclared_shapes(sub, where, out);
    }
  }
}

// Every answer the server documents says what it holds, field by field: an object that is truly
// free-form (an audit summary, a GeoJSON file's properties) says so with additionalProperties.
TEST(OpenApi, EveryResponseDeclaresItsFields) {
  test::HttpFixture fixture;
  app::Application application(*fixture.database, app::Config{}, service::CalendarSettings{});
  const auto doc = build_openapi_document(application.router(), "test");
  std::vector<std::string> undeclared;
  for (const auto& [path, item] : doc.at("paths").as_object()) {
    for (const auto& [method, operation] : item.as_object()) {
      for (const auto& [status, response] : operation.at("responses").as_object()) {
        const auto* content = response.as_object().if_contains("content");
        if (content == nullptr) continue;
        for (const auto& [media, body] : content->as_object()) {
          if (const auto* schema = body.as_object().if_contains("schema")) {
            collect_undeclared_shapes(
                *schema, std::string(method) + " " + std::string(path) + " " + std::string(status), undeclared);
          }
        }
      }
    }
  }
  std::string listed;
  for (const auto& u : undeclared) listed += "\n  " + u;
  EXPECT_TRUE(undeclared.empty()) << undeclared.size() << " shapes without their fields:" << listed;
}

}  // namespace
}  // namespace ug::http
