// The access matrix, generated: every route the server documents × every role × a user whose region
// scope holds the demo city (任城区, 370811) or not (370812), plus no credentials at all. The
// expected answer comes from the route's declared permission (x-permission in the OpenAPI file) and
// the user's permissions (GET /api/v1/me, from the role table): no credentials → 401, without the
// permission → 403, with it → 2xx (writes: anything but 401/403), open routes answer anyone, and
// for the routes that read places, outside the scope → 404 or an answer that leaves the place out.
// A route without a sample here fails the test, so new routes join the matrix.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <map>
#include <set>

#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/test_env.hpp"

namespace ug {
namespace {

// filtered: the answer holds the marker only in scope; hidden: 404 out of scope; seen_in_scope: 404
// unless in scope and allowed to view cases (a reporter's own-report routes: the matrix's tokens
// report nothing, the setup case is the seat's).
enum class Scoping { none, filtered, hidden, seen_in_scope };

struct Sample {
  Sample(std::string target_, std::string body_ = {}, Scoping scoping_ = Scoping::none, std::string marker_ = {},
         bool write_ = false, bool session_only_ = false, bool stream_ = false)
      : target(std::move(target_)),
        body(std::move(body_)),
        scoping(scoping_),
        marker(std::move(marker_)),
        write(write_),
        session_only(session_only_),
        stream(stream_) {}
  std::string target;  // "{n}" is replaced by a number unique to the request, "{victim}" by a user's id
  std::string body;
  Scoping scoping;
  std::string marker;  // scoped routes: what the in-scope answer shows and the out-of-scope one must not
  bool write;          // allowed callers may still get 404/409/422 from the data
  bool session_only;   // refused (403) to every API token
  bool stream;         // an event stream that never ends: only its status is read
};

// One place of the demo city: component 37081101002000001 at 116.53, 35.3705 in grid 370811002001001.
const std::map<std::string, Sample>& samples() {
  static const std::map<std::string, Sample> table = {
      {"GET /healthz", {"/healthz"}},
      {"GET /metrics", {"/metrics"}},
      {"GET /api/v1/version", {"/api/v1/version"}},
      {"GET /api/v1/map-settings", {"/api/v1/map-settings"}},
      {"GET /api/v1/vocabulary", {"/api/v1/vocabulary"}},
      {"GET /api/v1/openapi.json", {"/api/v1/openapi.json"}},
      {"POST /api/v1/session", {"/api/v1/session", R"({"username":"nobody","password":"wrong password"})"}},
      {"DELETE /api/v1/session", {"/api/v1/session", "", Scoping::none, "", true}},
      {"GET /api/v1/me", {"/api/v1/me"}},
      {"POST /api/v1/me/password",
       {"/api/v1/me/password", R"({"current_password":"x","new_password":"yyyyyyyy"})", Scoping::none, "", true, true}},
      {"GET /api/v1/users", {"/api/v1/users"}},
      {"POST /api/v1/users",
       {"/api/v1/users", R"({"username":"made{n}","roles":["citizen"]})", Scoping::none, "", true}},
      {"PUT /api/v1/users/{id}",
       {"/api/v1/users/{victim}", R"({"username":"victim","roles":["citizen"],"region_scopes":["370811"]})",
        Scoping::none, "", true}},
      {"POST /api/v1/users/{id}/password-reset",
       {"/api/v1/users/{victim}/password-reset", "", Scoping::none, "", true}},
      {"GET /api/v1/tokens", {"/api/v1/tokens"}},
      {"POST /api/v1/tokens",
       {"/api/v1/tokens", R"({"username":"victim","name":"matrix {n}"})", Scoping::none, "", true}},
      {"DELETE /api/v1/tokens/{id}", {"/api/v1/tokens/999999", "", Scoping::none, "", true}},
      {"GET /api/v1/audit", {"/api/v1/audit?limit=5"}},
      {"GET /api/v1/grids/locate",
       {"/api/v1/grids/locate?lon=116.5301&lat=35.3706", "", Scoping::filtered, "370811002001001"}},
      {"GET /api/v1/grids",
       {"/api/v1/grids?bbox=116.5300,35.3705,116.5302,35.3707", "", Scoping::filtered, "370811002001001"}},
      {"GET /api/v1/grids/outlines", {"/api/v1/grids/outlines?level=street"}},
      {"GET /api/v1/places", {"/api/v1/places?q=%E5%8F%A4%E6%A7%90", "", Scoping::filtered, "370811"}},  // 古槐
      {"POST /api/v1/grids/import",
       {"/api/v1/grids/import?dry_run=true", R"({"type":"FeatureCollection","features":[]})", Scoping::none, "", true}},
      {"GET /api/v1/responsibility-grids", {"/api/v1/responsibility-grids", "", Scoping::filtered, "责任网格"}},
      {"GET /api/v1/components/nearest",
       {"/api/v1/components/nearest?category=01002&lon=116.53&lat=35.3705", "", Scoping::filtered,
        "37081101002000001"}},
      {"GET /api/v1/components/{id}",
       {"/api/v1/components/37081101002000001", "", Scoping::hidden, "37081101002000001"}},
      {"GET /api/v1/org-units", {"/api/v1/org-units"}},
      {"GET /api/v1/categories", {"/api/v1/categories?q=%E4%BA%95%E7%9B%96"}},
      {"POST /api/v1/categories",
       {"/api/v1/categories", R"({"kind":"matter","code":"01999","name":"矩阵测试类别"})", Scoping::none, "", true}},
      {"PATCH /api/v1/categories/{kind}/{code}",
       {"/api/v1/categories/matter/01001", R"({"enabled":true})", Scoping::none, "", true}},
      {"GET /api/v1/routing/rules", {"/api/v1/routing/rules"}},
      {"POST /api/v1/routing/rules",
       {"/api/v1/routing/rules",
        R"({"major_code":"01","area_prefix":"370811","department_id":"HW","limit":{"value":2,"unit":"working_hours"}})",
        Scoping::none, "", true}},
      {"DELETE /api/v1/routing/rules/{id}", {"/api/v1/routing/rules/999999", "", Scoping::none, "", true}},
      {"PUT /api/v1/org-units/{id}",
       {"/api/v1/org-units/MATRIX", R"({"name":"矩阵测试单位","kind":"other"})", Scoping::none, "", true}},
      {"GET /api/v1/routing/suggest",
       {"/api/v1/routing/suggest?category=01001&lon=116.5301&lat=35.3706", "", Scoping::hidden, "370811002001001"}},
      {"GET /api/v1/calendar/due",
       {"/api/v1/calendar/due?from=2026-11-23T08:30:00%2B08:00&amount=1&unit=working_hours"}},
      {"GET /api/v1/calendar/days", {"/api/v1/calendar/days?year=2026"}},
      {"GET /api/v1/calendar/overrides", {"/api/v1/calendar/overrides"}},
      {"PUT /api/v1/calendar/overrides/{date}",
       {"/api/v1/calendar/overrides/2026-12-24", R"({"workday":false,"reason":"矩阵测试"})", Scoping::none, "", true}},
      {"DELETE /api/v1/calendar/overrides/{date}",
       {"/api/v1/calendar/overrides/2026-12-24", "", Scoping::none, "", true}},
      {"POST /api/v1/cases",
       {"/api/v1/cases", R"({"description":"矩阵测试 {n}","lon":116.5301,"lat":35.3706})", Scoping::none, "", true}},
      {"GET /api/v1/cases", {"/api/v1/cases?limit=200", "", Scoping::filtered, "{case}"}},
      // Only the setup case ("井盖缺失"): out-of-scope callers who reported here see their own reports.
      {"GET /api/v1/cases/counts",
       {"/api/v1/cases/counts?by=grid&q=%E4%BA%95%E7%9B%96%E7%BC%BA%E5%A4%B1", "", Scoping::filtered,
        "370811002001001"}},
      {"GET /api/v1/cases/duplicates",
       {"/api/v1/cases/duplicates?lon=116.5301&lat=35.3706", "", Scoping::filtered, "{case}"}},
      {"GET /api/v1/cases/{id}", {"/api/v1/cases/{case}", "", Scoping::hidden, "{case}"}},
      {"GET /api/v1/cases/{id}/events", {"/api/v1/cases/{case}/events", "", Scoping::hidden, "\"report\""}},
      {"GET /api/v1/cases/{id}/status", {"/api/v1/cases/{case}/status", "", Scoping::seen_in_scope, "{case}"}},
      {"POST /api/v1/cases/{id}/actions/{action}",
       {"/api/v1/cases/{case}/actions/supervise", R"({"version":999,"comment":"矩阵测试"})", Scoping::none, "", true}},
      {"GET /api/v1/ledgers/{kind}", {"/api/v1/ledgers/supervision"}},
      {"GET /api/v1/evaluations", {"/api/v1/evaluations?kind=department&from=2026-11-01&to=2026-11-30"}},
      {"GET /api/v1/evaluations/cases",
       {"/api/v1/evaluations/cases?kind=department&from=2026-11-01&to=2026-11-30&unit=HW&indicator=handled"}},
      {"GET /api/v1/evaluations/indicators", {"/api/v1/evaluations/indicators"}},
      {"GET /api/v1/evaluations/analysis", {"/api/v1/evaluations/analysis?from=2026-11-01&to=2026-11-30&bucket=week"}},
      {"GET /api/v1/evaluations/negative-list", {"/api/v1/evaluations/negative-list?from=2026-11-01&to=2026-11-30"}},
      {"GET /api/v1/evaluations/red-black",
       {"/api/v1/evaluations/red-black?kind=department&from=2026-11-01&to=2026-11-30&n=3"}},
      {"GET /api/v1/evaluations/settings/{kind}", {"/api/v1/evaluations/settings/dispatcher"}},
      {"PUT /api/v1/evaluations/settings/{kind}",
       {"/api/v1/evaluations/settings/dispatcher",
        R"({"weights":{"accurate_dispatch_rate":50,"on_time_dispatch_rate":50}})", Scoping::none, "", true}},
      {"POST /api/v1/public/cases",
       {"/api/v1/public/cases", R"({"description":"公众上报 {n}","lon":116.5301,"lat":35.3706})"}},
      {"GET /api/v1/public/cases/{tracking_code}", {"/api/v1/public/cases/NOSUCHCODE"}},
      {"POST /api/v1/public/cases/{tracking_code}/rating",
       {"/api/v1/public/cases/NOSUCHCODE/rating", R"({"satisfaction":"满意"})"}},
      // Photos: the bodies are refused by type (415) once the caller is admitted; no photo exists.
      {"POST /api/v1/attachments", {"/api/v1/attachments", R"({"file":"x"})", Scoping::none, "", true}},
      {"GET /api/v1/attachments/{id}", {"/api/v1/attachments/NOSUCHPHOTO", "", Scoping::none, "", true}},
      {"GET /api/v1/attachments/{id}/content",
       {"/api/v1/attachments/NOSUCHPHOTO/content", "", Scoping::none, "", true}},
      {"POST /api/v1/public/attachments", {"/api/v1/public/attachments", R"({"file":"x"})"}},
      {"GET /api/v1/public/cases/{tracking_code}/attachments/{id}",
       {"/api/v1/public/cases/NOSUCHCODE/attachments/NOSUCHPHOTO"}},
      {"GET /api/v1/events/stream", {"/api/v1/events/stream", "", Scoping::none, "", false, false, true}},
      {"POST /api/v1/webhooks",
       {"/api/v1/webhooks", R"({"name":"matrix-{n}","url":"http://127.0.0.1:9/hook"})", Scoping::none, "", true}},
      {"GET /api/v1/webhooks", {"/api/v1/webhooks"}},
      {"GET /api/v1/webhooks/{id}/deliveries", {"/api/v1/webhooks/999/deliveries", "", Scoping::none, "", true}},
      {"DELETE /api/v1/webhooks/{id}", {"/api/v1/webhooks/999", "", Scoping::none, "", true}},
      {"POST /api/v1/calendar/years",
       {"/api/v1/calendar/years", R"({"year":2027,"days":[{"name":"元旦","date":"2027-01-01","isOffDay":true}]})",
        Scoping::none, "", true}},
  };
  return table;
}

std::string replaced(std::string text, const std::string& key, const std::string& value) {
  for (auto at = text.find(key); at != std::string::npos; at = text.find(key)) text.replace(at, key.size(), value);
  return text;
}

TEST(AccessMatrix, EveryRouteEveryRoleInAndOutOfScope) {
  const auto dir = test::temp_dir("ug-matrix");
  const auto db = (dir / "m.db").string();
  ASSERT_EQ(
      test::run_urbangrid({"demo", "create", "--db", db, "--data", (test::source_dir() / "data").string()}).exit_code,
      0);
  test::ServerProcess server(db, {"--set", "auth.argon2_memory_kib=1024", "--set", "auth.argon2_iterations=1"});
  ASSERT_TRUE(server.ready()) << server.log();
  const auto victim = test::run_urbangrid(
      {"user", "add", "--db", db, "--username", "victim", "--role", "citizen", "--scope", "370811", "--no-password"});
  ASSERT_EQ(victim.exit_code, 0) << victim.err;
  const std::string victim_id =
      victim.out.substr(victim.out.find("(id ") + 4, victim.out.find(')') - victim.out.find("(id ") - 4);

  // One case in the scope's grid, reported by a hotline seat.
  const auto seat = test::bearer_for(db, "m-setup", {"operator"}, {"370811"});
  const auto created =
      test::http_request(server.port(), "POST", "/api/v1/cases", {seat, {"content-type", "application/json"}},
                         R"({"description":"井盖缺失","lon":116.5301,"lat":35.3706})");
  ASSERT_EQ(created->status, 201) << created->body;
  const std::string case_id(boost::json::parse(created->body).at("id").as_string());

  const auto openapi = boost::json::parse(test::http_request(server.port(), "GET", "/api/v1/openapi.json")->body);
  const std::vector<std::string> roles = {"citizen", "supervisor", "operator", "shift_leader", "dispatcher",
                                          "handler", "leader",     "admin",    "integration"};
  int n = 0, checked = 0;
  std::set<std::string> routes_seen;
  for (const auto& [path, item] : openapi.at("paths").as_object()) {
    for (const auto& [method_lower, operation] : item.as_object()) {
      std::string method(method_lower);
      std::transform(method.begin(), method.end(), method.begin(), [](unsigned char c) { return std::toupper(c); });
      const auto name = method + " " + std::string(path);
      routes_seen.insert(name);
      SCOPED_TRACE(name);
      ASSERT_TRUE(samples().contains(name)) << "add a sample for this route to the access matrix";
      const auto& sample = samples().at(name);
      const auto& op = operation.as_object();
      const bool open = !op.contains("security");
      const std::string permission = op.contains("x-permission") ? std::string(op.at("x-permission").as_string()) : "";
      const auto send = [&](const std::vector<std::pair<std::string, std::string>>& auth) {
        auto headers = auth;
        if (!sample.body.empty()) headers.emplace_back("content-type", "application/json");
        ++n;
        const auto target = replaced(replaced(replaced(sample.target, "{n}", std::to_string(n)), "{victim}", victim_id),
                                     "{case}", case_id);
        if (sample.stream) return test::http_status_only(server.port(), target, headers);
        return test::http_request(server.port(), method, target, headers,
                                  replaced(sample.body, "{n}", std::to_string(n)));
      };
      const auto anonymous = send({});
      ASSERT_TRUE(anonymous);
      if (open) {
        EXPECT_TRUE(anonymous->status != 403 && anonymous->status < 500)
            << anonymous->status;  // the sign-in's 401 included
        ++checked;
        continue;
      }
      EXPECT_EQ(anonymous->status, 401);
      for (const auto& role : roles) {
        for (const bool in_scope : {true, false}) {
          SCOPED_TRACE(role + (in_scope ? " in scope" : " out of scope"));
          static std::map<std::string, std::pair<std::string, std::string>> tokens;
          const auto key = role + (in_scope ? "-in" : "-out");
          if (!tokens.contains(key))
            tokens[key] = test::bearer_for(db, "m-" + key, {role}, {in_scope ? "370811" : "370812"});
          const auto me = test::http_request(server.port(), "GET", "/api/v1/me", {tokens[key]});
          ASSERT_EQ(me->status, 200) << me->body;
          const auto granted = boost::json::parse(me->body).at("permissions").as_array();
          const bool allowed = permission.empty() || std::any_of(granted.begin(), granted.end(), [&](const auto& p) {
                                 return p.as_string() == permission;
                               });
          const auto reply = send({tokens[key]});
          ASSERT_TRUE(reply);
          ++checked;
          if (!allowed || sample.session_only) {
            EXPECT_EQ(reply->status, 403) << reply->body;
          } else if (sample.write) {
            EXPECT_TRUE(reply->status != 401 && reply->status != 403 && reply->status < 500)
                << reply->status << reply->body;
          } else if (sample.scoping == Scoping::hidden && !in_scope) {
            EXPECT_EQ(reply->status, 404) << reply->body;
          } else if (sample.scoping == Scoping::seen_in_scope &&
                     !(in_scope && std::any_of(granted.begin(), granted.end(),
                                               [](const auto& p) { return p.as_string() == "case.view"; }))) {
            EXPECT_EQ(reply->status, 404) << reply->body;
          } else {
            EXPECT_TRUE(reply->status >= 200 && reply->status < 300) << reply->status << reply->body;
            if (sample.scoping != Scoping::none) {
              EXPECT_EQ(reply->body.find(replaced(sample.marker, "{case}", case_id)) != std::string::npos, in_scope)
                  << reply->body.substr(0, 300);
            }
          }
        }
      }
    }
  }
  // No sample outlives its route: a renamed or removed route must not leave a stale one behind.
  for (const auto& [name, sample] : samples()) EXPECT_TRUE(routes_seen.contains(name)) << name;
  EXPECT_GT(checked, 400);
}

}  // namespace
}  // namespace ug
