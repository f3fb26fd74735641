// Handlers of the account routes and the cookie/bearer authenticator.
#include "http/account_routes.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <charconv>
#include <mutex>
#include <unordered_set>

#include "core/text.hpp"
#include "http/body_shape.hpp"
#include "http/json.hpp"
#include "http/query_params.hpp"
#include "http/rate_limiter.hpp"

namespace ug::http {
namespace json = boost::json;

namespace {

constexpr std::string_view kCookie = "ug_session";

std::optional<std::string> session_cookie(const Request& request) {
  for (const auto& [name, value] : request.headers) {
    if (name != "cookie") continue;
    for (const auto pair : split_list(value, ';')) {
      const auto eq = pair.find('=');
      if (eq != std::string_view::npos && trim_blanks(pair.substr(0, eq)) == kCookie) {
        return std::string(trim_blanks(pair.substr(eq + 1)));
      }
    }
  }
  return std::nullopt;
}

std::optional<std::string> bearer_token(const Request& request) {
  const auto value = request.header("authorization");
  if (!value || value->size() < 7 || ascii_lower(value->substr(0, 7)) != "bearer ") return std::nullopt;
  return std::string(trim_blanks(value->substr(7)));
}

class SessionOrTokenAuthenticator final : public Authenticator {
 public:
  SessionOrTokenAuthenticator(service::AccountService& accounts, AccountHttpSettings settings)
      : accounts_(accounts), settings_(std::move(settings)) {}

  Result<std::optional<Authentication>> authenticate(const Request& request) const override {
    const auto address = client_address(request, settings_.trusted_proxies);
    if (const auto token = bearer_token(request)) {
      UG_TRY_ASSIGN(auto principal, accounts_.check_token(*token, address));
      if (!principal) return std::optional<Authentication>{};
      return std::optional<Authentication>{Authentication{std::move(*principal), false, {}}};
    }
    if (const auto cookie = session_cookie(request)) {
      UG_TRY_ASSIGN(auto session, accounts_.check_session(*cookie, address));
      if (!session) return std::optional<Authentication>{};
      return std::optional<Authentication>{
          Authentication{std::move(session->principal), true, std::move(session->csrf_token)}};
    }
    return std::optional<Authentication>{};
  }

  const AccountHttpSettings& settings() const { return settings_; }

 private:
  service::AccountService& accounts_;
  AccountHttpSettings settings_;
};

json::array strings(const std::vector<std::string>& items) { return json::array(items.begin(), items.end()); }

json::object principal_json(const access::Principal& p) {
  json::array roles, permissions;
  for (const auto r : p.roles) roles.emplace_back(access::to_string(r));
  for (const auto& info : access::permissions()) {
    if (access::can(p, info.permission)) permissions.emplace_back(info.code);
  }
  return json::object{{"id", p.user_id},
                      {"username", p.username},
                      {"roles", std::move(roles)},
                      {"permissions", std::move(permissions)},
                      {"org_unit_id", p.org_unit_id},
                      {"region_scopes", strings(p.region_scopes)},
                      {"department_scopes", strings(p.department_scopes)},
                      {"channel", p.channel},
                      {"must_change_password", p.must_change_password}};
}

// Who is signed in, as principal_json writes it (GET /api/v1/me, the sign-in answer).
const char* kPrincipalSchema = R"json({"type": "object",
    "required": ["id", "username", "roles", "permissions", "org_unit_id", "region_scopes", "department_scopes",
      "channel", "must_change_password"],
    "properties": {"id": {"type": "integer"}, "username": {"type": "string"},
    "roles": {"type": "array", "items": {"type": "string"}},
    "permissions": {"type": "array", "items": {"type": "string"}},
    "org_unit_id": {"type": "string", "description": "所属单位；空：未归属单位"},
    "region_scopes": {"type": "array", "items": {"type": "string"}},
    "department_scopes": {"type": "array", "items": {"type": "string"}},
    "channel": {"type": "string", "description": "此人上报时记的来源"},
    "must_change_password": {"type": "boolean", "description": "一次性密码登录：须先修改密码才能做其他事"},
    "csrf_token": {"type": "string", "description": "浏览器会话的写请求须在 X-CSRF-Token 中带上它"}}})json";

// A user as administrators see it: never the password hash.
json::object user_json(const storage::UserRecord& u) {
  return json::object{{"id", u.id},
                      {"username", u.username},
                      {"display_name", u.display_name},
                      {"org_unit_id", u.org_unit_id},
                      {"roles", strings(u.roles)},
                      {"region_scopes", strings(u.region_scopes)},
                      {"department_scopes", strings(u.department_scopes)},
                      {"active", u.active},
                      {"must_change_password", u.must_change_password}};
}

// A token as administrators see it: never the secret or its hash.
json::object token_json(const storage::TokenRecord& t) {
  const auto optional = [](const std::optional<UnixMillis>& v) { return v ? json::value(*v) : json::value(nullptr); };
  return json::object{{"id", t.id},
                      {"user_id", t.user_id},
                      {"name", t.name},
                      {"region_scopes", strings(t.region_scopes)},
                      {"channel", t.channel},
                      {"created_at_ms", t.created_at},
                      {"expires_at_ms", optional(t.expires_at)},
                      {"revoked_at_ms", optional(t.revoked_at)},
                      {"last_used_at_ms", optional(t.last_used_at)}};
}

const BodyShape<service::NewUser>& user_shape() {
  using U = service::NewUser;
  static const BodyShape<U> shape{
      field("username", &U::username, {.zh = "用户名", .en = "User name", .required = true}),
      field("display_name", &U::display_name, {.zh = "姓名", .en = "Display name"}),
      field("org_unit_id", &U::org_unit_id, {.zh = "所属单位编号", .en = "Org unit id"}),
      field("roles", &U::roles,
            {.zh = "角色",
             .en = "Roles",
             .required = true,
             .one_of = codes_of(access::roles()),
             .missing = "account.roles_required"}),
      field("region_scopes", &U::region_scopes,
            {.zh = "区域范围（区划或网格编码前缀），空为全市",
             .en = "Region scopes (code prefixes); none: the whole city"}),
      field("department_scopes", &U::department_scopes,
            {.zh = "单位范围（处置单位编号），空为不限", .en = "Department scopes (unit ids); none: any"}),
  };
  return shape;
}

// A new account: the user, and a first password (none: an account for API tokens only).
struct NewUserBody {
  service::NewUser user;
  std::string password;
};

const BodyShape<NewUserBody>& new_user_shape() {
  static const BodyShape<NewUserBody> shape{
      embed(&NewUserBody::user, user_shape()),
      field("password", &NewUserBody::password,
            {.zh = "初始密码（不给则只能用 API 令牌）", .en = "First password (none: API tokens only)"}),
  };
  return shape;
}

struct UserUpdateBody {
  service::NewUser user;
  bool active = true;
};

const BodyShape<UserUpdateBody>& user_update_shape() {
  static const BodyShape<UserUpdateBody> shape{
      embed(&UserUpdateBody::user, user_shape()),
      field("active", &UserUpdateBody::active, {.zh = "启用，默认 true", .en = "Active, true by default"}),
  };
  return shape;
}

struct SignInBody {
  std::string username;
  std::string password;
};

const BodyShape<SignInBody>& sign_in_shape() {
  static const BodyShape<SignInBody> shape{
      field("username", &SignInBody::username, {.zh = "用户名", .en = "User name", .required = true}),
      field("password", &SignInBody::password, {.zh = "密码", .en = "Password", .required = true}),
  };
  return shape;
}

struct PasswordChangeBody {
  std::string current_password;
  std::string new_password;
};

const BodyShape<PasswordChangeBody>& password_change_shape() {
  static const BodyShape<PasswordChangeBody> shape{
      field("current_password", &PasswordChangeBody::current_password,
            {.zh = "当前密码", .en = "Current password", .required = true}),
      field("new_password", &PasswordChangeBody::new_password,
            {.zh = "新密码", .en = "New password", .required = true}),
  };
  return shape;
}

const BodyShape<service::NewToken>& token_shape() {
  using T = service::NewToken;
  static const BodyShape<T> shape{
      field("username", &T::username, {.zh = "令牌所属用户", .en = "The user the token acts as", .required = true}),
      field("name", &T::name, {.zh = "令牌名称", .en = "Token name", .required = true}),
      field("region_scopes", &T::region_scopes,
            {.zh = "收窄用户的区域范围，空为用户的范围", .en = "Narrows the user's region scopes; none: the user's"}),
      field("channel", &T::channel, {.zh = "集成令牌的来源渠道", .en = "The channel of an integration token"}),
      field("expires_days", &T::expires_in_days,
            {.zh = "有效天数，不给则长期有效",
             .en = "Days until it expires; none: it does not",
             .minimum = 1,
             .maximum = service::kMaxTokenDays}),
  };
  return shape;
}

std::string session_cookie_header(const std::string& value, bool secure, bool clear) {
  return fmt::format("{}={}; Path=/; HttpOnly; SameSite=Strict{}{}", kCookie, value, secure ? "; Secure" : "",
                     clear ? "; Max-Age=0" : "");
}

json::value schema(std::string_view text) { return json::parse(text); }

RouteDoc doc(std::string summary, RouteAccess access, std::vector<ResponseDoc> responses,
             json::value request_schema = nullptr, std::vector<ParameterDoc> parameters = {}) {
  RouteDoc d;
  d.summary = std::move(summary);
  d.tag = "accounts";
  d.access = access;
  d.responses = std::move(responses);
  d.request_schema = std::move(request_schema);
  d.parameters = std::move(parameters);
  return d;
}

const char* kUserSchema = R"json({"type": "object", "required": ["id", "username", "roles", "region_scopes", "active"],
  "properties": {"id": {"type": "integer"}, "username": {"type": "string"}, "display_name": {"type": "string"},
  "org_unit_id": {"type": "string"}, "roles": {"type": "array", "items": {"type": "string"}},
  "region_scopes": {"type": "array", "items": {"type": "string"}},
  "department_scopes": {"type": "array", "items": {"type": "string"}},
  "active": {"type": "boolean"}, "must_change_password": {"type": "boolean"}}})json";

// An X-Forwarded-For from an untrusted peer is ignored; when that peer is in fact the deployment's
// own proxy, every client looks like it. Said once per peer (for the first 1024 peers), so the log
// shows the mistake without being flooded; the header's own text is not logged.
void warn_untrusted_forwarded_for(const std::string& peer) {
  static std::mutex mutex;
  static std::unordered_set<std::string> warned;
  const std::lock_guard lock(mutex);
  if (warned.size() >= 1024 || !warned.insert(peer).second) return;
  spdlog::warn(
      "X-Forwarded-For from {} ignored: that peer is not in server.trusted_proxies. If it is a reverse proxy of "
      "this deployment, add it there; until then every client behind it counts as {} (one sign-in back-off, "
      "one rate limit)",
      peer, peer);
}

}  // namespace

std::string client_address(const Request& request, const std::vector<std::string>& trusted) {
  // The peer as "address:port" or "[v6 address]:port" → the address alone.
  std::string peer = request.remote_address;
  if (peer.starts_with('[')) {
    peer = peer.substr(1, peer.find(']') - 1);
  } else if (std::count(peer.begin(), peer.end(), ':') == 1) {
    peer = peer.substr(0, peer.find(':'));
  }
  const auto is_trusted = [&](const std::string& a) {
    return std::find(trusted.begin(), trusted.end(), a) != trusted.end();
  };
  const auto forwarded = request.header("x-forwarded-for");
  if (!is_trusted(peer)) {
    if (forwarded) warn_untrusted_forwarded_for(peer);
    return peer;
  }
  if (!forwarded) return peer;
  // Right to left: each trusted proxy appended the address it received from.
  const auto hops = split_list(*forwarded);
  for (auto hop = hops.rbegin(); hop != hops.rend(); ++hop) {
    if (!is_trusted(std::string(*hop))) return std::string(*hop);
  }
  return peer;
}

void add_account_routes(Router& router, service::AccountService& accounts, AccountHttpSettings settings) {
  auto authenticator = std::make_shared<SessionOrTokenAuthenticator>(accounts, settings);
  router.set_authenticator(authenticator);
  const auto& trusted = authenticator->settings().trusted_proxies;
  const bool secure = settings.cookie_secure;
  // A minute's worth at once per key, then the configured rate; shared by every thread.
  auto per_address =
      std::make_shared<RateLimiter>(settings.sign_ins_per_minute_per_address, settings.sign_ins_per_minute_per_address);
  auto per_account =
      std::make_shared<RateLimiter>(settings.sign_ins_per_minute_per_account, settings.sign_ins_per_minute_per_account);

  router.add(
      Method::post, "/api/v1/session", Execution::worker_pool,
      [&accounts, trusted, secure, per_address, per_account](Request& request) {
        const auto body = sign_in_shape().parse(request);
        if (!body) return error_response(body.error(), request);
        const auto address = client_address(request, trusted);
        std::string account = body->username;
        std::transform(account.begin(), account.end(), account.begin(),
                       [](unsigned char c) { return std::tolower(c); });
        if (const int wait = std::max(per_address->take(address), per_account->take(account)); wait > 0) {
          return too_many_requests(wait, "account_api.sign_in_rate_limited", request);
        }
        auto signed_in = accounts.sign_in(body->username, body->password, address);
        if (!signed_in) return error_response(signed_in.error(), request);  // with Retry-After while backing off
        auto response =
            json_response(200, json::object{{"user", principal_json(signed_in->principal)},
                                            {"csrf_token", signed_in->csrf_token},
                                            {"must_change_password", signed_in->principal.must_change_password}});
        response.set_header("set-cookie", session_cookie_header(signed_in->session_secret, secure, false));
        response.set_header("cache-control", "no-store");
        return response;
      },
      doc("登录：设置会话 Cookie，返回用户和 CSRF 令牌（写操作需以 X-CSRF-Token 头发送）", RouteAccess::open(),
          {{200, "已登录", "application/json",
            [] {
              auto answer =
                  json::parse(R"json({"type": "object", "required": ["user", "csrf_token", "must_change_password"],
                "properties": {"csrf_token": {"type": "string"}, "must_change_password": {"type": "boolean"}}})json");
              answer.at("properties").as_object()["user"] = json::parse(kPrincipalSchema);
              return answer;
            }()},
           {401, "用户名或密码错误（不区分哪一个）", "application/json", error_envelope_schema()},
           {429, "尝试过于频繁，见 Retry-After", "application/json", error_envelope_schema()}},
          sign_in_shape().schema()));

  router.add(
      Method::delete_, "/api/v1/session", Execution::worker_pool,
      [&accounts, secure](Request& request) -> Result<Response> {
        if (auto cookie = session_cookie(request)) {
          UG_TRY(accounts.sign_out(*request.principal, *cookie));
        }
        Response response;
        response.status = 204;
        response.set_header("set-cookie", session_cookie_header("", secure, true));
        return response;
      },
      doc("退出登录", RouteAccess::signed_in_before_password_change(), {{204, "已退出", "", nullptr}}));

  router.add(
      Method::get, "/api/v1/me", Execution::worker_pool,
      [](Request& request) {
        auto me = principal_json(*request.principal);
        if (!request.session_csrf_token.empty()) me["csrf_token"] = request.session_csrf_token;
        auto response = json_response(200, std::move(me));
        response.set_header("cache-control", "no-store");
        return response;
      },
      doc("当前用户：角色、权限和数据范围；以浏览器会话登录时另给 csrf_token（页面重新加载后据此继续写操作）",
          RouteAccess::signed_in_before_password_change(),
          {{200, "当前用户", "application/json", schema(kPrincipalSchema)}}));

  router.add(
      Method::post, "/api/v1/me/password", Execution::worker_pool,
      [&accounts](Request& request) -> Result<Response> {
        UG_TRY_ASSIGN(const auto body, password_change_shape().parse(request));
        UG_TRY(accounts.change_password(*request.principal, body.current_password, body.new_password));
        Response response;
        response.status = 204;
        return response;
      },
      doc("修改自己的密码（其他会话随之失效）", RouteAccess::signed_in_before_password_change(),
          {{204, "已修改", "", nullptr}}, password_change_shape().schema()));

  router.add(
      Method::get, "/api/v1/users", Execution::worker_pool,
      [&accounts](Request& request) -> Result<Response> {
        UG_TRY_ASSIGN(auto users, accounts.users(*request.principal));
        json::array list;
        for (const auto& u : users) list.push_back(user_json(u));
        return json_response(200, json::object{{"users", std::move(list)}});
      },
      doc("用户列表", RouteAccess::needs(access::Permission::manage_users),
          {{200, "用户", "application/json",
            schema(R"json({"type": "object", "required": ["users"], "properties": {"users": {"type": "array",
              "items": {"type": "object", "required": ["id", "username", "display_name", "org_unit_id", "roles",
                "region_scopes", "department_scopes", "active", "must_change_password"],
                "properties": {"id": {"type": "integer"}, "username": {"type": "string"},
                  "display_name": {"type": "string"}, "org_unit_id": {"type": "string"},
                  "roles": {"type": "array", "items": {"type": "string"}},
                  "region_scopes": {"type": "array", "items": {"type": "string"}},
                  "department_scopes": {"type": "array", "items": {"type": "string"}},
                  "active": {"type": "boolean"}, "must_change_password": {"type": "boolean"}}}}}})json")}}));

  router.add(
      Method::post, "/api/v1/users", Execution::worker_pool,
      [&accounts](Request& request) -> Result<Response> {
        UG_TRY_ASSIGN(const auto body, new_user_shape().parse(request));
        UG_TRY_ASSIGN(auto id, accounts.create_user(*request.principal, body.user, body.password));
        return json_response(201, json::object{{"id", id}});
      },
      doc("新建用户", RouteAccess::needs(access::Permission::manage_users),
          {{201, "已创建", "application/json",
            schema(R"json({"type": "object", "properties": {"id": {"type": "integer"}}})json")},
           {409, "用户名已存在", "application/json", error_envelope_schema()}},
          new_user_shape().schema()));

  router.add(
      Method::put, "/api/v1/users/{id}", Execution::worker_pool,
      [&accounts](Request& request) -> Result<Response> {
        const auto id = id_param(request);
        if (!id) return fail(ErrorCode::not_found, {});
        UG_TRY_ASSIGN(const auto body, user_update_shape().parse(request));
        UG_TRY_ASSIGN(auto updated, accounts.update_user(*request.principal, *id, body.user, body.active));
        return json_response(200, user_json(updated));
      },
      doc("修改用户的角色、范围和状态", RouteAccess::needs(access::Permission::manage_users),
          {{200, "已修改", "application/json", schema(kUserSchema)}}, user_update_shape().schema(),
          {{"id", "path", true, "用户编号", json::object{{"type", "integer"}}}}));

  router.add(
      Method::post, "/api/v1/users/{id}/password-reset", Execution::worker_pool,
      [&accounts](Request& request) -> Result<Response> {
        const auto id = id_param(request);
        if (!id) return fail(ErrorCode::not_found, {});
        UG_TRY_ASSIGN(auto password, accounts.reset_password(*request.principal, *id));
        auto response = json_response(200, json::object{{"one_time_password", password}});
        response.set_header("cache-control", "no-store");
        return response;
      },
      doc("重置密码：返回一次性密码，用户下次登录须修改", RouteAccess::needs(access::Permission::manage_users),
          {{200, "一次性密码", "application/json",
            schema(R"json({"type": "object", "properties": {"one_time_password": {"type": "string"}}})json")}},
          nullptr, {{"id", "path", true, "用户编号", json::object{{"type", "integer"}}}}));

  router.add(
      Method::get, "/api/v1/tokens", Execution::worker_pool,
      [&accounts](Request& request) -> Result<Response> {
        UG_TRY_ASSIGN(auto tokens, accounts.tokens(*request.principal));
        json::array list;
        for (const auto& t : tokens) list.push_back(token_json(t));
        return json_response(200, json::object{{"tokens", std::move(list)}});
      },
      doc("API 令牌列表（不含令牌本身）", RouteAccess::needs(access::Permission::manage_users),
          {{200, "令牌", "application/json",
            schema(R"json({"type": "object", "required": ["tokens"], "properties": {"tokens": {"type": "array",
              "items": {"type": "object", "required": ["id", "user_id", "name", "region_scopes", "channel",
                "created_at_ms", "expires_at_ms", "revoked_at_ms", "last_used_at_ms"],
                "properties": {"id": {"type": "integer"}, "user_id": {"type": "integer"}, "name": {"type": "string"},
                  "region_scopes": {"type": "array", "items": {"type": "string"}}, "channel": {"type": "string"},
                  "created_at_ms": {"type": "integer"}, "expires_at_ms": {"type": ["integer", "null"]},
                  "revoked_at_ms": {"type": ["integer", "null"]},
                  "last_used_at_ms": {"type": ["integer", "null"]}}}}}})json")}}));

  router.add(
      Method::post, "/api/v1/tokens", Execution::worker_pool,
      [&accounts](Request& request) -> Result<Response> {
        UG_TRY_ASSIGN(const auto token, token_shape().parse(request));
        UG_TRY_ASSIGN(auto created, accounts.create_token(*request.principal, token));
        auto response = json_response(201, json::object{{"id", created.id}, {"token", created.secret}});
        response.set_header("cache-control", "no-store");
        return response;
      },
      doc("新建 API 令牌（令牌只在此显示一次）", RouteAccess::needs(access::Permission::manage_users),
          {{201, "已创建", "application/json",
            schema(
                R"json({"type": "object", "properties": {"id": {"type": "integer"}, "token": {"type": "string"}}})json")}},
          token_shape().schema()));

  router.add(
      Method::delete_, "/api/v1/tokens/{id}", Execution::worker_pool,
      [&accounts](Request& request) -> Result<Response> {
        const auto id = id_param(request);
        if (!id) return fail(ErrorCode::not_found, {});
        UG_TRY(accounts.revoke_token(*request.principal, *id));
        Response response;
        response.status = 204;
        return response;
      },
      doc("吊销 API 令牌", RouteAccess::needs(access::Permission::manage_users), {{204, "已吊销", "", nullptr}},
          nullptr, {{"id", "path", true, "令牌编号", json::object{{"type", "integer"}}}}));

  router.add(
      Method::get, "/api/v1/audit", Execution::worker_pool,
      [&accounts](Request& request) -> Result<Response> {
        storage::AuditQuery query;
        query.actor = request.query_param("actor").value_or("");
        query.action_prefix = request.query_param("action").value_or("");
        query.target = request.query_param("target").value_or("");
        for (const auto& [name, field] :
             {std::pair{"since", &query.since}, {"until", &query.until}, {"before", &query.before_id}}) {
          if (!request.query_param(name)) continue;
          UG_TRY_ASSIGN(auto value, integer_query_param(request, name, 0, std::numeric_limits<std::int64_t>::max()));
          *field = value;
        }
        UG_TRY_ASSIGN(auto limit, integer_query_param(request, "limit", 1, 1000, 100));
        query.limit = limit;
        UG_TRY_ASSIGN(auto entries, accounts.audit(*request.principal, query));
        json::array list;
        for (const auto& e : entries) {
          json::value summary = nullptr;
          if (auto parsed = parse_json_text(e.summary)) summary = std::move(*parsed);
          list.push_back(json::object{{"id", e.id},
                                      {"at_ms", e.at},
                                      {"actor", e.actor},
                                      {"actor_user_id", e.actor_user_id ? json::value(*e.actor_user_id) : nullptr},
                                      {"token_id", e.token_id ? json::value(*e.token_id) : nullptr},
                                      {"ip", e.ip},
                                      {"action", e.action},
                                      {"target", e.target},
                                      {"outcome", e.outcome},
                                      {"summary", std::move(summary)}});
        }
        return json_response(200, json::object{{"entries", std::move(list)}});
      },
      doc("审计日志（最新在前）", RouteAccess::needs(access::Permission::view_audit),
          {{200, "日志条目", "application/json",
            schema(R"json({"type": "object", "required": ["entries"], "properties": {"entries": {"type": "array",
              "items": {"type": "object", "required": ["id", "at_ms", "actor", "actor_user_id", "token_id", "ip",
                "action", "target", "outcome", "summary"],
                "properties": {"id": {"type": "integer"}, "at_ms": {"type": "integer"}, "actor": {"type": "string"},
                  "actor_user_id": {"type": ["integer", "null"]}, "token_id": {"type": ["integer", "null"]},
                  "ip": {"type": "string"}, "action": {"type": "string"}, "target": {"type": "string"},
                  "outcome": {"type": "string"},
                  "summary": {"type": ["object", "null"], "additionalProperties": true,
                    "description": "操作的要点，随操作而不同（如修改前后的角色和范围）"}}}}}})json")}},
          nullptr,
          {{"actor", "query", false, "操作者用户名", json::object{{"type", "string"}}},
           {"action", "query", false, "操作名前缀，如 session.", json::object{{"type", "string"}}},
           {"target", "query", false, "操作对象", json::object{{"type", "string"}}},
           {"since", "query", false, "起（毫秒时间戳，含）", json::object{{"type", "integer"}}},
           {"until", "query", false, "止（毫秒时间戳，不含）", json::object{{"type", "integer"}}},
           {"before", "query", false, "翻页：早于此编号", json::object{{"type", "integer"}}},
           {"limit", "query", false, "条数，1–1000，默认 100", json::object{{"type", "integer"}}}}));
}

}  // namespace ug::http
