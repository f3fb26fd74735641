// Accounts through the real server: sign-in and its cookie, CSRF on a session's writes, session
// fixation, API tokens (channel, revocation), back-off that treats unknown and known names alike,
// a spoofed X-Forwarded-For from an untrusted peer, the audit log, and no secret in any log.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <set>

#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/test_env.hpp"

namespace ug {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;
const std::string kPassword = "correct horse 2026";

struct Session {
  std::string cookie;  // "ug_session=…"
  std::string csrf;
};

class AuthApi : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = test::temp_dir("ug-auth-api");
    db_ = (dir_ / "a.db").string();
    // Cheap hashes for the test; three failures start a one-second back-off.
    server_ = std::make_unique<test::ServerProcess>(
        db_,
        std::vector<std::string>{"--set", "auth.argon2_memory_kib=1024", "--set", "auth.argon2_iterations=1", "--set",
                                 "auth.account_lockout_after=3", "--set", "auth.lockout_base_seconds=30"});
    ASSERT_TRUE(server_->ready()) << server_->log();
    const auto added = test::run_urbangrid(
        {"user", "add", "--db", db_, "--username", "chief", "--role", "admin", "--scope", "*", "--password-stdin",
         "--set", "auth.argon2_memory_kib=1024", "--set", "auth.argon2_iterations=1"},
        {}, {}, kPassword + "\n");
    ASSERT_EQ(added.exit_code, 0) << added.err;
  }

  std::optional<test::HttpReply> request(const std::string& method, const std::string& target, Headers headers = {},
                                         const std::string& body = {}) {
    if (!body.empty()) headers.emplace_back("content-type", "application/json");
    return test::http_request(server_->port(), method, target, headers, body);
  }
  std::optional<test::HttpReply> sign_in(const std::string& user, const std::string& password, Headers headers = {}) {
    return request("POST", "/api/v1/session", std::move(headers),
                   R"({"username":")" + user + R"(","password":")" + password + R"("})");
  }
  std::string signed_in_as(const std::string& user, const std::string& password) {
    const auto r = sign_in(user, password);
    EXPECT_EQ(r->status, 200) << r->body;
    const auto cookie = r->header("set-cookie");
    return cookie.substr(0, cookie.find(';'));
  }
  Session signed_in() {
    const auto r = sign_in("chief", kPassword);
    EXPECT_EQ(r->status, 200) << r->body;
    const auto cookie = r->header("set-cookie");
    return {cookie.substr(0, cookie.find(';')), std::string(boost::json::parse(r->body).at("csrf_token").as_string())};
  }

  std::filesystem::path dir_;
  std::string db_;
  std::unique_ptr<test::ServerProcess> server_;
};

TEST_F(AuthApi, SessionCookieAndCsrf) {
  const auto r = sign_in("CHIEF", kPassword);  // names are case-insensitive
  ASSERT_EQ(r->status, 200) << r->body;
  const auto cookie = r->header("set-cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_EQ(cookie.find("Secure"), std::string::npos);  // auth.cookie_secure is off here
  const auto body = boost::json::parse(r->body);
  EXPECT_EQ(body.at("user").at("username").as_string(), "chief");
  EXPECT_FALSE(r->body.find("argon2") != std::string::npos);
  const Session s{cookie.substr(0, cookie.find(';')), std::string(body.at("csrf_token").as_string())};

  const auto me = request("GET", "/api/v1/me", {{"cookie", s.cookie}});
  ASSERT_EQ(me->status, 200);
  EXPECT_NE(me->body.find("\"calendar.manage\""), std::string::npos);

  // A write with the session needs its CSRF token; a missing or wrong one changes nothing.
  const std::string day = R"({"workday":false,"reason":"防汛停工"})";
  EXPECT_EQ(request("PUT", "/api/v1/calendar/overrides/2026-11-23", {{"cookie", s.cookie}}, day)->status, 403);
  EXPECT_EQ(
      request("PUT", "/api/v1/calendar/overrides/2026-11-23", {{"cookie", s.cookie}, {"x-csrf-token", "forged"}}, day)
          ->status,
      403);
  EXPECT_EQ(request("GET", "/api/v1/calendar/overrides", {{"cookie", s.cookie}})->body, R"({"overrides":[]})");
  const auto put =
      request("PUT", "/api/v1/calendar/overrides/2026-11-23", {{"cookie", s.cookie}, {"x-csrf-token", s.csrf}}, day);
  ASSERT_EQ(put->status, 200) << put->body;
  const auto no_flag = request("PUT", "/api/v1/calendar/overrides/2026-11-24",
                               {{"cookie", s.cookie}, {"x-csrf-token", s.csrf}}, R"({"reason":"x"})");
  EXPECT_EQ(no_flag->status, 422);
  EXPECT_NE(no_flag->body.find("workday"), std::string::npos);
  EXPECT_EQ(boost::json::parse(put->body).at("workday").as_bool(), false);

  // Signing out ends the session on the server, not just in the browser.
  EXPECT_EQ(request("DELETE", "/api/v1/session", {{"cookie", s.cookie}, {"x-csrf-token", s.csrf}})->status, 204);
  EXPECT_EQ(request("GET", "/api/v1/me", {{"cookie", s.cookie}})->status, 401);
  EXPECT_EQ(request("GET", "/api/v1/me")->status, 401);
}

TEST_F(AuthApi, SessionFixationIsImpossible) {
  // A cookie planted before sign-in is never adopted: the server issues its own.
  const auto r = sign_in("chief", kPassword, {{"cookie", "ug_session=planted-by-attacker"}});
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(r->header("set-cookie").find("planted-by-attacker"), std::string::npos);
  EXPECT_EQ(request("GET", "/api/v1/me", {{"cookie", "ug_session=planted-by-attacker"}})->status, 401);
  // Two sign-ins are two sessions with different secrets and CSRF tokens.
  const auto a = signed_in(), b = signed_in();
  EXPECT_NE(a.cookie, b.cookie);
  EXPECT_NE(a.csrf, b.csrf);
}

TEST_F(AuthApi, TokensAreScopedToAChannelAndRevocable) {
  const auto admin = signed_in();
  const Headers as_admin = {{"cookie", admin.cookie}, {"x-csrf-token", admin.csrf}};
  ASSERT_EQ(request("POST", "/api/v1/users", as_admin,
                    R"({"username":"hotline","roles":["integration"],"region_scopes":["370811"]})")
                ->status,
            201);
  // An integration token must name its channel.
  EXPECT_EQ(request("POST", "/api/v1/tokens", as_admin, R"({"username":"hotline","name":"12345"})")->status, 422);
  const auto created = request("POST", "/api/v1/tokens", as_admin,
                               R"({"username":"hotline","name":"12345","channel":"hotline_12345","expires_days":30})");
  ASSERT_EQ(created->status, 201) << created->body;
  const auto token = boost::json::parse(created->body);
  const Headers bearer = {{"authorization", "Bearer " + std::string(token.at("token").as_string())}};
  const auto me = request("GET", "/api/v1/me", bearer);
  ASSERT_EQ(me->status, 200);
  EXPECT_EQ(boost::json::parse(me->body).at("channel").as_string(), "hotline_12345");
  // The token may read base data but not administer; bearer writes need no CSRF token.
  EXPECT_EQ(request("GET", "/api/v1/calendar/days?year=2026", bearer)->status, 200);
  EXPECT_EQ(request("GET", "/api/v1/users", bearer)->status, 403);
  // The list never shows the secret.
  const auto list = request("GET", "/api/v1/tokens", as_admin);
  EXPECT_EQ(list->body.find(std::string(token.at("token").as_string())), std::string::npos);
  const auto id = std::to_string(token.at("id").as_int64());
  EXPECT_EQ(request("DELETE", "/api/v1/tokens/" + id, as_admin)->status, 204);
  EXPECT_EQ(request("GET", "/api/v1/me", bearer)->status, 401);
  EXPECT_EQ(request("GET", "/api/v1/me", {{"authorization", "Bearer ugt_not-a-token"}})->status, 401);
}

TEST_F(AuthApi, BackOffTreatsUnknownAndKnownNamesAlike) {
  std::vector<int> known, unknown;
  std::vector<std::string> known_bodies, unknown_bodies;
  for (int i = 0; i < 4; ++i) {
    const auto k = sign_in("chief", "wrong password");
    const auto u = sign_in("nobody-here", "wrong password");
    known.push_back(k->status);
    unknown.push_back(u->status);
    const auto strip = [](const std::string& body) { return body.substr(0, body.find("\"request_id\"")); };
    known_bodies.push_back(strip(k->body));
    unknown_bodies.push_back(strip(u->body));
    if (i == 3) {
      EXPECT_FALSE(k->header("retry-after").empty());
      EXPECT_FALSE(u->header("retry-after").empty());
    }
  }
  EXPECT_EQ(known, (std::vector<int>{401, 401, 401, 429}));
  EXPECT_EQ(unknown, known);
  EXPECT_EQ(unknown_bodies, known_bodies);
  // While backing off even the right password is refused.
  EXPECT_EQ(sign_in("chief", kPassword)->status, 429);
}

TEST_F(AuthApi, SpoofedForwardedForFromAnUntrustedPeerIsIgnoredAndEverythingIsAudited) {
  ASSERT_EQ(sign_in("chief", "wrong password", {{"x-forwarded-for", "203.0.113.9"}})->status, 401);
  const auto admin = signed_in();
  const auto audit = request("GET", "/api/v1/audit?action=session.", {{"cookie", admin.cookie}});
  ASSERT_EQ(audit->status, 200) << audit->body;
  const auto entries = boost::json::parse(audit->body).at("entries").as_array();
  ASSERT_GE(entries.size(), 2u);
  EXPECT_EQ(entries[0].at("outcome").as_string(), "ok");      // the sign-in just now
  EXPECT_EQ(entries[1].at("outcome").as_string(), "failed");  // the wrong password
  EXPECT_EQ(entries[1].at("ip").as_string(), "127.0.0.1");    // not 203.0.113.9
  EXPECT_EQ(audit->body.find("wrong password"), std::string::npos);
  // Without the permission the audit log is 403; without credentials 401.
  const auto staff = test::bearer_for(db_, "leader1", {"leader"}, {"370811"});
  EXPECT_EQ(request("GET", "/api/v1/audit", {staff})->status, 403);
  EXPECT_EQ(request("GET", "/api/v1/audit")->status, 401);
}

TEST_F(AuthApi, NoSecretReachesTheLog) {
  const auto admin = signed_in();
  const Headers as_admin = {{"cookie", admin.cookie}, {"x-csrf-token", admin.csrf}};
  const auto created = request("POST", "/api/v1/tokens", as_admin, R"({"username":"chief","name":"script"})");
  ASSERT_EQ(created->status, 201);
  const std::string token(boost::json::parse(created->body).at("token").as_string());
  EXPECT_EQ(request("GET", "/api/v1/me", {{"authorization", "Bearer " + token}})->status, 200);
  sign_in("chief", "a wrong one");
  const auto log = server_->log();
  for (const auto& secret : {kPassword, std::string("a wrong one"), token, admin.csrf,
                             admin.cookie.substr(admin.cookie.find('=') + 1), std::string("$argon2id$")}) {
    EXPECT_EQ(log.find(secret), std::string::npos) << "the server log contains a secret";
  }
}

TEST_F(AuthApi, AOneTimePasswordMustBeChangedFirst) {
  const auto admin = signed_in();
  const Headers as_admin = {{"cookie", admin.cookie}, {"x-csrf-token", admin.csrf}};
  ASSERT_EQ(request("POST", "/api/v1/users", as_admin,
                    R"({"username":"newcomer","roles":["leader"],"region_scopes":["370811"],"password":"temporary 1"})")
                ->status,
            201);
  const auto users = boost::json::parse(request("GET", "/api/v1/users", as_admin)->body).at("users").as_array();
  const auto newcomer = std::find_if(users.begin(), users.end(),
                                     [](const auto& u) { return u.at("username").as_string() == "newcomer"; });
  const auto reset =
      request("POST", "/api/v1/users/" + std::to_string(newcomer->at("id").as_int64()) + "/password-reset", as_admin);
  ASSERT_EQ(reset->status, 200);
  const std::string one_time(boost::json::parse(reset->body).at("one_time_password").as_string());
  const auto r = sign_in("newcomer", one_time);
  ASSERT_EQ(r->status, 200);
  EXPECT_TRUE(boost::json::parse(r->body).at("must_change_password").as_bool());
  const auto cookie = r->header("set-cookie").substr(0, r->header("set-cookie").find(';'));
  const std::string csrf(boost::json::parse(r->body).at("csrf_token").as_string());
  EXPECT_EQ(request("GET", "/api/v1/calendar/days?year=2026", {{"cookie", cookie}})->status, 403);
  EXPECT_EQ(request("GET", "/api/v1/me", {{"cookie", cookie}})->status, 200);
  const auto changed = request("POST", "/api/v1/me/password", {{"cookie", cookie}, {"x-csrf-token", csrf}},
                               R"({"current_password":")" + one_time + R"(","new_password":"my own one 2026"})");
  ASSERT_EQ(changed->status, 204) << changed->body;
  const auto fresh = signed_in_as("newcomer", "my own one 2026");
  EXPECT_EQ(request("GET", "/api/v1/calendar/days?year=2026", {{"cookie", fresh}})->status, 200);
}

// Issue 19 (2.5): a one-time password opened the event stream and the photos (with their EXIF
// positions), and could be "changed" to itself. Every route of the OpenAPI file that needs a caller
// is tried with the session of a user whose password was reset.
TEST_F(AuthApi, AOneTimePasswordOpensNothingButTheWayToChangeIt) {
  const auto admin = signed_in();
  const Headers as_admin = {{"cookie", admin.cookie}, {"x-csrf-token", admin.csrf}};
  const auto created = request("POST", "/api/v1/users", as_admin,
                               R"({"username":"reset-me","roles":["leader"],"region_scopes":["*"],)"
                               R"("password":"an initial one 2026"})");
  ASSERT_EQ(created->status, 201) << created->body;
  const auto id = std::to_string(boost::json::parse(created->body).at("id").as_int64());
  const auto reset = request("POST", "/api/v1/users/" + id + "/password-reset", as_admin);
  ASSERT_EQ(reset->status, 200);
  const std::string one_time(boost::json::parse(reset->body).at("one_time_password").as_string());
  const auto r = sign_in("reset-me", one_time);
  ASSERT_EQ(r->status, 200);
  const Headers as_user = {{"cookie", r->header("set-cookie").substr(0, r->header("set-cookie").find(';'))},
                           {"x-csrf-token", std::string(boost::json::parse(r->body).at("csrf_token").as_string())}};

  const auto spec = boost::json::parse(request("GET", "/api/v1/openapi.json")->body);
  std::set<std::string> reachable;
  int refused = 0;
  for (const auto& [path, item] : spec.at("paths").as_object()) {
    for (const auto& [method, value] : item.as_object()) {
      const auto& operation = value.as_object();
      if (!operation.contains("security")) continue;  // open routes need no password at all
      std::string verb(method);
      std::transform(verb.begin(), verb.end(), verb.begin(), [](unsigned char c) { return std::toupper(c); });
      const auto label = verb + " " + std::string(path);
      if (operation.contains("x-before-password-change")) {
        reachable.insert(label);
        continue;
      }
      std::string target(path);
      for (auto open = target.find('{'); open != std::string::npos; open = target.find('{')) {
        target.replace(open, target.find('}', open) - open + 1, "1");
      }
      bool stream = false;
      for (const auto& [status, response] : operation.at("responses").as_object()) {
        const auto* content = response.as_object().if_contains("content");
        stream = stream || (content != nullptr && content->as_object().contains("text/event-stream"));
      }
      const auto reply = stream ? test::http_status_only(server_->port(), target, as_user)
                                : request(verb, target, as_user, verb == "GET" || verb == "DELETE" ? "" : "{}");
      ASSERT_TRUE(reply) << label;
      EXPECT_EQ(reply->status, 403) << label << ": " << reply->body;
      if (!stream) {
        EXPECT_NE(reply->body.find("password_change_required"), std::string::npos) << label;
      }
      ++refused;
    }
  }
  EXPECT_EQ(reachable, (std::set<std::string>{"DELETE /api/v1/session", "GET /api/v1/me", "POST /api/v1/me/password"}));
  EXPECT_GT(refused, 40);  // the whole API, photos and the event stream among them

  // The one-time password cannot become the password: it was seen by whoever reset it.
  const auto same = request("POST", "/api/v1/me/password", as_user,
                            R"({"current_password":")" + one_time + R"(","new_password":")" + one_time + R"("})");
  EXPECT_EQ(same->status, 422) << same->body;
  const auto changed = request("POST", "/api/v1/me/password", as_user,
                               R"({"current_password":")" + one_time + R"(","new_password":"chosen by me 2026"})");
  ASSERT_EQ(changed->status, 204) << changed->body;
  const Headers fresh = {{"cookie", signed_in_as("reset-me", "chosen by me 2026")}};
  EXPECT_EQ(test::http_status_only(server_->port(), "/api/v1/events/stream", fresh)->status, 200);
}

// Issue 19 (2.6): the weak passwords of the issue, over HTTP and from the command line.
TEST_F(AuthApi, WeakPasswordsAreRefused) {
  const auto admin = signed_in();
  const Headers as_admin = {{"cookie", admin.cookie}, {"x-csrf-token", admin.csrf}};
  for (const std::string weak : {"12345678", "password", "Password", "li.ming", "urbangrid-demo",
                                 R"(\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000)", "城市管理"}) {
    const auto r =
        request("POST", "/api/v1/users", as_admin,
                R"({"username":"li.ming","roles":["leader"],"region_scopes":["370811"],"password":")" + weak + R"("})");
    EXPECT_EQ(r->status, 422) << weak << ": " << r->body;
    EXPECT_NE(r->body.find(R"("field":"password")"), std::string::npos) << r->body;
  }
  EXPECT_EQ(request("GET", "/api/v1/users", as_admin)->body.find("li.ming"), std::string::npos);
  const auto cli =
      test::run_urbangrid({"user", "add", "--db", db_, "--username", "li.ming", "--role", "leader", "--password-stdin",
                           "--set", "auth.argon2_memory_kib=1024", "--set", "auth.argon2_iterations=1"},
                          {}, {}, "qwertyuiop\n");
  EXPECT_EQ(cli.exit_code, 2) << cli.out;
  EXPECT_NE(cli.err.find("常见密码"), std::string::npos) << cli.err;
}

// Issue 19 (2.4): without server.trusted_proxies the proxy's header is ignored, and the log says so
// once per peer rather than on every request.
TEST_F(AuthApi, AnIgnoredForwardedForIsLoggedOncePerPeer) {
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(sign_in("nobody", "wrong password", {{"x-forwarded-for", "198.51.100.4"}})->status, 401);
  }
  EXPECT_EQ(request("GET", "/healthz", {{"x-forwarded-for", "198.51.100.5"}})->status, 200);
  const auto log = server_->log();
  std::size_t count = 0;
  for (auto at = log.find("X-Forwarded-For from 127.0.0.1 ignored"); at != std::string::npos;
       at = log.find("X-Forwarded-For from 127.0.0.1 ignored", at + 1)) {
    ++count;
  }
  EXPECT_EQ(count, 1u) << log;
  EXPECT_EQ(log.find("198.51.100.4"), std::string::npos);  // the header's text is not logged
}

// Issue 19 (2.8): `user bootstrap` checks the name; with users present it says so and exits 0.
// A large upload by nobody is refused from its head: 401 before the body is read, the connection
// closed, the server never holding its bytes; a signed-in caller's large upload goes through.
TEST_F(AuthApi, ALargeBodyWithoutAValidCallerIsRefusedBeforeItIsRead) {
  for (const std::string credentials : {"", "Authorization: Bearer ugt_not-a-token\r\n"}) {
    test::HttpConnection connection(server_->port());
    ASSERT_TRUE(connection.connected());
    connection.send_raw("POST /api/v1/gazetteer/addresses HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\n" +
                        credentials + "Content-Length: 200000000\r\n\r\n" + std::string(100'000, 'a'));
    const auto reply = connection.read_reply(false, std::chrono::seconds(5));
    ASSERT_TRUE(reply) << "no answer before the body: " << credentials;
    EXPECT_EQ(reply->status, 401) << credentials;
    EXPECT_TRUE(connection.wait_closed());
  }
  const auto session = signed_in();
  std::string csv = "road,number,lon,lat\r\n";
  while (csv.size() < 300'000) csv += "长青街,1,116.53,35.37\r\n";  // duplicates: refused rows, a report all the same
  const auto big = test::http_request(
      server_->port(), "POST", "/api/v1/gazetteer/addresses?dry_run=true",
      {{"cookie", session.cookie}, {"x-csrf-token", session.csrf}, {"content-type", "text/csv"}}, csv);
  ASSERT_TRUE(big);
  EXPECT_EQ(big->status, 200) << big->body.substr(0, 300);
}

TEST(UserBootstrap, ChecksTheNameAndLeavesExistingUsersAlone) {
  const auto db = (test::temp_dir("ug-bootstrap") / "b.db").string();
  const std::vector<std::string> cheap = {"--set", "auth.argon2_memory_kib=1024", "--set", "auth.argon2_iterations=1"};
  const auto with = [&](std::vector<std::string> args) {
    args.insert(args.end(), cheap.begin(), cheap.end());
    return test::run_urbangrid(args);
  };
  for (const std::string bad : {"bad name!", "x", "管理员", ""}) {
    const auto refused = with({"user", "bootstrap", "--db", db, "--username", bad});
    EXPECT_EQ(refused.exit_code, 2) << bad << ": " << refused.out;
    EXPECT_NE(refused.err.find("用户名"), std::string::npos) << refused.err;
  }
  const auto made = with({"user", "bootstrap", "--db", db});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  EXPECT_NE(made.out.find("one-time password"), std::string::npos);
  const auto again = with({"user", "bootstrap", "--db", db, "--username", "second"});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("users exist"), std::string::npos);
  EXPECT_EQ(again.out.find("one-time password"), std::string::npos);
}

TEST(AuthRateLimit, SignInIsRateLimitedPerAddress) {
  const auto dir = test::temp_dir("ug-auth-rate");
  test::ServerProcess server((dir / "r.db").string(),
                             {"--set", "auth.sign_ins_per_minute_per_address=3", "--set", "auth.argon2_memory_kib=1024",
                              "--set", "auth.argon2_iterations=1"});
  ASSERT_TRUE(server.ready()) << server.log();
  std::vector<int> statuses;
  for (int i = 0; i < 4; ++i) {
    // Different names each time: the per-account limit and back-off are not what stops the fourth.
    const auto r = test::http_request(server.port(), "POST", "/api/v1/session", {{"content-type", "application/json"}},
                                      R"({"username":"probe)" + std::to_string(i) + R"(","password":"guess1234"})");
    statuses.push_back(r->status);
    if (i == 3) {
      EXPECT_EQ(r->header("retry-after"), "20");  // 3 a minute: one token every 20 s
    }
  }
  EXPECT_EQ(statuses, (std::vector<int>{401, 401, 401, 429}));
}

}  // namespace
}  // namespace ug
