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

// Written with designated initialisers (.target = …, .write = true), so a sample says what each
// value is and a swapped field does not compile.
struct Sample {
  std::string target;  // "{n}" is replaced by a number unique to the request, "{victim}" by a user's id
  std::string body = {};
  Scoping scoping = Scoping::none;
  std::string marker = {};    // scoped routes: what the in-scope answer shows and the out-of-scope one must not
  bool write = false;         // allowed callers may still get 404/409/422 from the data
  bool session_only = false;  // refused (403) to every API token
  bool stream = false;        // an event stream that never ends: only its status is read
  // The permission the service holds this request to, where the route itself names none (an
  // action's permission depends on the action): the sample is refused (403) to everyone without it.
  std::string permission = {};
};

// One place of the demo city: component 37081101002000001 at 116.53, 35.3705 in grid 370811002001001.
const std::map<std::string, Sample>& samples() {
  static const std::map<std::string, Sample> table = {
      {"GET /healthz", {.target = "/healthz"}},
      {"GET /metrics", {.target = "/metrics"}},
      {"GET /api/v1/version", {.target = "/api/v1/version"}},
      {"GET /api/v1/map-settings", {.target = "/api/v1/map-settings"}},
      {"GET /api/v1/vocabulary", {.target = "/api/v1/vocabulary"}},
      {"GET /api/v1/openapi.json", {.target = "/api/v1/openapi.json"}},
      {"POST /api/v1/session",
       {.target = "/api/v1/session", .body = R"({"username":"nobody","password":"wrong password"})"}},
      {"DELETE /api/v1/session", {.target = "/api/v1/session", .write = true}},
      {"GET /api/v1/me", {.target = "/api/v1/me"}},
      {"POST /api/v1/me/password",
       {.target = "/api/v1/me/password",
        .body = R"({"current_password":"x","new_password":"yyyyyyyy"})",
        .write = true,
        .session_only = true}},
      {"GET /api/v1/users", {.target = "/api/v1/users"}},
      {"POST /api/v1/users",
       {.target = "/api/v1/users", .body = R"({"username":"made{n}","roles":["citizen"]})", .write = true}},
      {"PUT /api/v1/users/{id}",
       {.target = "/api/v1/users/{victim}",
        .body = R"({"username":"victim","roles":["citizen"],"region_scopes":["370811"]})",
        .write = true}},
      {"POST /api/v1/users/{id}/password-reset", {.target = "/api/v1/users/{victim}/password-reset", .write = true}},
      {"GET /api/v1/tokens", {.target = "/api/v1/tokens"}},
      {"POST /api/v1/tokens",
       {.target = "/api/v1/tokens", .body = R"({"username":"victim","name":"matrix {n}"})", .write = true}},
      {"DELETE /api/v1/tokens/{id}", {.target = "/api/v1/tokens/999999", .write = true}},
      {"GET /api/v1/audit", {.target = "/api/v1/audit?limit=5"}},
      {"GET /api/v1/grids/locate",
       {.target = "/api/v1/grids/locate?lon=116.5301&lat=35.3706",
        .scoping = Scoping::filtered,
        .marker = "370811002001001"}},
      {"GET /api/v1/grids",
       {.target = "/api/v1/grids?bbox=116.5300,35.3705,116.5302,35.3707",
        .scoping = Scoping::filtered,
        .marker = "370811002001001"}},
      {"GET /api/v1/grids/outlines", {.target = "/api/v1/grids/outlines?level=street"}},
      {"GET /api/v1/places",
       {.target = "/api/v1/places?q=%E5%8F%A4%E6%A7%90", .scoping = Scoping::filtered, .marker = "370811"}},  // 古槐
      {"GET /api/v1/roads", {.target = "/api/v1/roads"}},
      {"GET /api/v1/places/reverse",
       {.target = "/api/v1/places/reverse?lon=116.5301&lat=35.3706", .scoping = Scoping::filtered, .marker = "建设路"}},
      {"POST /api/v1/gazetteer/roads",
       {.target = "/api/v1/gazetteer/roads?dry_run=true",
        .body = R"({"type":"FeatureCollection","features":[]})",
        .write = true}},
      {"POST /api/v1/gazetteer/addresses",
       {.target = "/api/v1/gazetteer/addresses?dry_run=true",
        .body = R"({"type":"FeatureCollection","features":[]})",
        .write = true}},
      {"POST /api/v1/grids/import",
       {.target = "/api/v1/grids/import?dry_run=true",
        .body = R"({"type":"FeatureCollection","features":[]})",
        .write = true}},
      {"GET /api/v1/responsibility-grids",
       {.target = "/api/v1/responsibility-grids", .scoping = Scoping::filtered, .marker = "责任网格"}},
      {"GET /api/v1/components/nearest",
       {.target = "/api/v1/components/nearest?category=01002&lon=116.53&lat=35.3705",
        .scoping = Scoping::filtered,
        .marker = "37081101002000001"}},
      {"GET /api/v1/components/{id}",
       {.target = "/api/v1/components/37081101002000001", .scoping = Scoping::hidden, .marker = "37081101002000001"}},
      {"GET /api/v1/org-units", {.target = "/api/v1/org-units"}},
      {"GET /api/v1/categories", {.target = "/api/v1/categories?q=%E4%BA%95%E7%9B%96"}},
      {"POST /api/v1/categories",
       {.target = "/api/v1/categories",
        .body = R"({"kind":"matter","code":"01999","name":"矩阵测试类别"})",
        .write = true}},
      {"PATCH /api/v1/categories/{kind}/{code}",
       {.target = "/api/v1/categories/matter/01001", .body = R"({"enabled":true})", .write = true}},
      {"GET /api/v1/routing/rules", {.target = "/api/v1/routing/rules"}},
      {"POST /api/v1/routing/rules",
       {.target = "/api/v1/routing/rules",
        .body =
            R"({"major_code":"01","area_prefix":"370811","department_id":"HW","limit":{"value":2,"unit":"working_hours"}})",
        .write = true}},
      {"DELETE /api/v1/routing/rules/{id}", {.target = "/api/v1/routing/rules/999999", .write = true}},
      {"PUT /api/v1/org-units/{id}",
       {.target = "/api/v1/org-units/MATRIX", .body = R"({"name":"矩阵测试单位","kind":"other"})", .write = true}},
      {"GET /api/v1/routing/suggest",
       {.target = "/api/v1/routing/suggest?category=01001&lon=116.5301&lat=35.3706",
        .scoping = Scoping::hidden,
        .marker = "370811002001001"}},
      {"GET /api/v1/calendar/due",
       {.target = "/api/v1/calendar/due?from=2026-11-23T08:30:00%2B08:00&amount=1&unit=working_hours"}},
      {"GET /api/v1/calendar/days", {.target = "/api/v1/calendar/days?year=2026"}},
      {"GET /api/v1/calendar/overrides", {.target = "/api/v1/calendar/overrides"}},
      {"PUT /api/v1/calendar/overrides/{date}",
       {.target = "/api/v1/calendar/overrides/2026-12-24",
        .body = R"({"workday":false,"reason":"矩阵测试"})",
        .write = true}},
      {"DELETE /api/v1/calendar/overrides/{date}", {.target = "/api/v1/calendar/overrides/2026-12-24", .write = true}},
      {"POST /api/v1/cases",
       {.target = "/api/v1/cases",
        .body = R"({"description":"矩阵测试 {n}","lon":116.5301,"lat":35.3706})",
        .write = true}},
      {"GET /api/v1/cases", {.target = "/api/v1/cases?limit=200", .scoping = Scoping::filtered, .marker = "{case}"}},
      // Only the setup case ("井盖缺失"): out-of-scope callers who reported here see their own reports.
      {"GET /api/v1/cases/counts",
       {.target = "/api/v1/cases/counts?by=grid&q=%E4%BA%95%E7%9B%96%E7%BC%BA%E5%A4%B1",
        .scoping = Scoping::filtered,
        .marker = "370811002001001"}},
      {"GET /api/v1/cases/export",
       {.target = "/api/v1/cases/export?queue=all&open=any", .scoping = Scoping::filtered, .marker = "{case}"}},
      {"GET /api/v1/me/views", {.target = "/api/v1/me/views"}},
      {"PUT /api/v1/me/views/{name}",
       {.target = "/api/v1/me/views/matrix-{n}", .body = R"({"query":"queue=all&urgency=urgent"})", .write = true}},
      {"DELETE /api/v1/me/views/{name}", {.target = "/api/v1/me/views/none-such", .write = true}},
      {"GET /api/v1/cases/duplicates",
       {.target = "/api/v1/cases/duplicates?lon=116.5301&lat=35.3706",
        .scoping = Scoping::filtered,
        .marker = "{case}"}},
      {"GET /api/v1/cases/{id}", {.target = "/api/v1/cases/{case}", .scoping = Scoping::hidden, .marker = "{case}"}},
      {"GET /api/v1/cases/{id}/events",
       {.target = "/api/v1/cases/{case}/events", .scoping = Scoping::hidden, .marker = "\"report\""}},
      {"GET /api/v1/cases/{id}/status",
       {.target = "/api/v1/cases/{case}/status", .scoping = Scoping::seen_in_scope, .marker = "{case}"}},
      {"POST /api/v1/cases/{id}/actions/{action}",
       {.target = "/api/v1/cases/{case}/actions/close",
        .body = R"({"version":999})",
        .write = true,
        .permission = "case.close"}},
      {"GET /api/v1/ledgers/{kind}", {.target = "/api/v1/ledgers/redo"}},
      // The 督办 process: the setup's notice on the setup case.
      {"GET /api/v1/supervision-notices",
       {.target = "/api/v1/supervision-notices", .scoping = Scoping::filtered, .marker = "{notice}"}},
      {"POST /api/v1/supervision-notices",
       {.target = "/api/v1/supervision-notices",
        .body = R"({"case_id":"{case}","comment":"矩阵测试 {n}"})",
        .write = true}},
      {"GET /api/v1/supervision-notices/{id}",
       {.target = "/api/v1/supervision-notices/{notice}", .scoping = Scoping::hidden, .marker = "{notice}"}},
      {"POST /api/v1/supervision-notices/{id}/actions/{action}",
       {.target = "/api/v1/supervision-notices/{notice}/actions/reply",
        .body = R"({"version":999,"reply":"矩阵测试"})",
        .write = true,
        .permission = "supervision.reply"}},
      {"GET /api/v1/evaluations", {.target = "/api/v1/evaluations?kind=department&from=2026-11-01&to=2026-11-30"}},
      {"GET /api/v1/evaluations/cases",
       {.target = "/api/v1/evaluations/cases?kind=department&from=2026-11-01&to=2026-11-30&unit=HW&indicator=handled"}},
      {"GET /api/v1/evaluations/indicators", {.target = "/api/v1/evaluations/indicators"}},
      {"GET /api/v1/evaluations/analysis",
       {.target = "/api/v1/evaluations/analysis?from=2026-11-01&to=2026-11-30&bucket=week"}},
      {"GET /api/v1/evaluations/negative-list",
       {.target = "/api/v1/evaluations/negative-list?from=2026-11-01&to=2026-11-30"}},
      {"GET /api/v1/evaluations/red-black",
       {.target = "/api/v1/evaluations/red-black?kind=department&from=2026-11-01&to=2026-11-30&n=3"}},
      {"GET /api/v1/evaluations/settings/{kind}", {.target = "/api/v1/evaluations/settings/dispatcher"}},
      {"PUT /api/v1/evaluations/settings/{kind}",
       {.target = "/api/v1/evaluations/settings/dispatcher",
        .body = R"({"weights":{"accurate_dispatch_rate":50,"on_time_dispatch_rate":50}})",
        .write = true}},
      {"POST /api/v1/public/cases",
       {.target = "/api/v1/public/cases", .body = R"({"description":"公众上报 {n}","lon":116.5301,"lat":35.3706})"}},
      {"GET /api/v1/public/cases/{tracking_code}", {.target = "/api/v1/public/cases/NOSUCHCODE"}},
      {"POST /api/v1/public/cases/{tracking_code}/rating",
       {.target = "/api/v1/public/cases/NOSUCHCODE/rating", .body = R"({"satisfaction":"满意"})"}},
      // Photos: the bodies are refused by type (415) once the caller is admitted; no photo exists.
      {"POST /api/v1/attachments", {.target = "/api/v1/attachments", .body = R"({"file":"x"})", .write = true}},
      {"GET /api/v1/attachments/{id}", {.target = "/api/v1/attachments/NOSUCHPHOTO", .write = true}},
      {"GET /api/v1/attachments/{id}/content", {.target = "/api/v1/attachments/NOSUCHPHOTO/content", .write = true}},
      {"POST /api/v1/public/attachments", {.target = "/api/v1/public/attachments", .body = R"({"file":"x"})"}},
      {"GET /api/v1/public/cases/{tracking_code}/attachments/{id}",
       {.target = "/api/v1/public/cases/NOSUCHCODE/attachments/NOSUCHPHOTO"}},
      {"GET /api/v1/events/stream", {.target = "/api/v1/events/stream", .stream = true}},
      {"POST /api/v1/webhooks",
       {.target = "/api/v1/webhooks",
        .body = R"({"name":"matrix-{n}","url":"http://127.0.0.1:9/hook"})",
        .write = true}},
      {"GET /api/v1/webhooks", {.target = "/api/v1/webhooks"}},
      {"GET /api/v1/webhooks/{id}/deliveries", {.target = "/api/v1/webhooks/999/deliveries", .write = true}},
      {"DELETE /api/v1/webhooks/{id}", {.target = "/api/v1/webhooks/999", .write = true}},
      {"POST /api/v1/calendar/years",
       {.target = "/api/v1/calendar/years",
        .body = R"({"year":2027,"days":[{"name":"元旦","date":"2027-01-01","isOffDay":true}]})",
        .write = true}},
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

  // A 督办 notice on it, issued by a leader.
  const auto leader = test::bearer_for(db, "m-setup-leader", {"leader"}, {"370811"});
  const auto issued = test::http_request(server.port(), "POST", "/api/v1/supervision-notices",
                                         {leader, {"content-type", "application/json"}},
                                         R"({"case_id":")" + case_id + R"(","comment":"请尽快处置"})");
  ASSERT_EQ(issued->status, 201) << issued->body;
  const std::string notice_id(boost::json::parse(issued->body).at("id").as_string());
  const auto fill = [&](const std::string& text) {
    return replaced(replaced(replaced(text, "{victim}", victim_id), "{case}", case_id), "{notice}", notice_id);
  };

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
      const std::string permission = !sample.permission.empty()    ? sample.permission
                                     : op.contains("x-permission") ? std::string(op.at("x-permission").as_string())
                                                                   : "";
      const auto send = [&](const std::vector<std::pair<std::string, std::string>>& auth) {
        auto headers = auth;
        if (!sample.body.empty()) headers.emplace_back("content-type", "application/json");
        ++n;
        const auto target = fill(replaced(sample.target, "{n}", std::to_string(n)));
        if (sample.stream) return test::http_status_only(server.port(), target, headers);
        return test::http_request(server.port(), method, target, headers,
                                  fill(replaced(sample.body, "{n}", std::to_string(n))));
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
              EXPECT_EQ(reply->body.find(fill(sample.marker)) != std::string::npos, in_scope)
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
