// Portable SQL implementations of the account repositories (users, sessions, tokens, failed
// sign-ins, audit log, saved views).
#include <fmt/format.h>

#include <map>

#include "core/text.hpp"
#include "storage/sql_repositories.hpp"

namespace ug::storage {
namespace {

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

std::vector<std::string> split(const std::string& text) {
  const auto items = split_list(text);
  return {items.begin(), items.end()};
}

constexpr std::string_view kUserColumns =
    "id, username, display_name, org_unit_id, password_hash, must_change_password, active, created_at_ms, "
    "updated_at_ms, password_changed_at_ms";

}  // namespace

Result<std::vector<UserRecord>> SqlUserRepository::select(std::string_view where, std::span<const SqlValue> params) {
  UG_TRY_ASSIGN(auto rows, conn_.execute(fmt::format("SELECT {} FROM users WHERE {} ORDER BY lower(username)",
                                                     kUserColumns, where),
                                         params));
  std::vector<UserRecord> users;
  std::map<std::int64_t, std::size_t> index;
  for (const auto& r : rows.rows) {
    index[r.int64(0)] = users.size();
    users.push_back({r.int64(0),
                     r.text(1),
                     r.text(2),
                     r.text(3),
                     r.text(4),
                     r.int64(5) != 0,
                     r.int64(6) != 0,
                     {},
                     {},
                     {},
                     r.int64(7),
                     r.int64(8),
                     r.int64(9)});
  }
  if (users.empty()) return users;
  const auto of_selected = fmt::format("user_id IN (SELECT id FROM users WHERE {})", where);
  UG_TRY_ASSIGN(
      auto roles,
      conn_.execute(fmt::format("SELECT user_id, role FROM user_roles WHERE {} ORDER BY role", of_selected), params));
  for (const auto& r : roles.rows) users[index.at(r.int64(0))].roles.push_back(r.text(1));
  UG_TRY_ASSIGN(auto scopes,
                conn_.execute(fmt::format("SELECT user_id, kind, value FROM user_scopes WHERE {} ORDER BY kind, value",
                                          of_selected),
                              params));
  for (const auto& r : scopes.rows) {
    auto& user = users[index.at(r.int64(0))];
    (r.text(1) == "region" ? user.region_scopes : user.department_scopes).push_back(r.text(2));
  }
  return users;
}

Result<void> SqlUserRepository::replace_roles_and_scopes(const UserRecord& u) {
  UG_TRY(conn_.execute("DELETE FROM user_roles WHERE user_id = $1", {u.id}));
  UG_TRY(conn_.execute("DELETE FROM user_scopes WHERE user_id = $1", {u.id}));
  for (const auto& role : u.roles) {
    UG_TRY(conn_.execute("INSERT INTO user_roles (user_id, role) VALUES ($1, $2)", {u.id, role}));
  }
  for (const auto& [kind, values] : {std::pair{"region", &u.region_scopes}, {"department", &u.department_scopes}}) {
    for (const auto& value : *values) {
      UG_TRY(conn_.execute("INSERT INTO user_scopes (user_id, kind, value) VALUES ($1, $2, $3)",
                           {u.id, std::string(kind), value}));
    }
  }
  return {};
}

Result<std::int64_t> SqlUserRepository::insert(const UserRecord& u) {
  auto rows = conn_.execute(
      "INSERT INTO users (username, display_name, org_unit_id, password_hash, must_change_password, active, "
      "created_at_ms, updated_at_ms, password_changed_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $7) RETURNING id",
      {u.username, u.display_name, optional_text(u.org_unit_id), u.password_hash,
       std::int64_t{u.must_change_password ? 1 : 0}, std::int64_t{u.active ? 1 : 0}, u.created_at});
  if (!rows) {
    auto error = rows.error();
    if (error.code == ErrorCode::conflict) error.message = "storage.username_taken";
    return fail(std::move(error));
  }
  UserRecord stored = u;
  stored.id = rows->rows.at(0).int64(0);
  UG_TRY(replace_roles_and_scopes(stored));
  UG_TRY(raise_change_marker(conn_, kAccountsMarker));
  return stored.id;
}

Result<bool> SqlUserRepository::update(const UserRecord& u) {
  UG_TRY_ASSIGN(auto done, conn_.execute("UPDATE users SET username = $2, display_name = $3, org_unit_id = $4, "
                                         "must_change_password = $5, active = $6, "
                                         "updated_at_ms = $7 WHERE id = $1",
                                         {u.id, u.username, u.display_name, optional_text(u.org_unit_id),
                                          std::int64_t{u.must_change_password ? 1 : 0}, std::int64_t{u.active ? 1 : 0},
                                          u.updated_at}));
  if (done.affected_rows == 0) return false;
  UG_TRY(replace_roles_and_scopes(u));
  UG_TRY(raise_change_marker(conn_, kAccountsMarker));
  return true;
}

Result<bool> SqlUserRepository::set_password(std::int64_t id, std::string_view hash, bool must_change, UnixMillis now) {
  UG_TRY_ASSIGN(auto done,
                conn_.execute("UPDATE users SET password_hash = $2, must_change_password = $3, updated_at_ms = $4, "
                              "password_changed_at_ms = $4 WHERE id = $1",
                              {id, std::string(hash), std::int64_t{must_change ? 1 : 0}, now}));
  if (done.affected_rows > 0) UG_TRY(raise_change_marker(conn_, kAccountsMarker));
  return done.affected_rows > 0;
}

Result<std::optional<UserRecord>> SqlUserRepository::find(std::int64_t id) {
  const SqlValue params[] = {id};
  UG_TRY_ASSIGN(auto users, select("id = $1", params));
  if (users.empty()) return std::optional<UserRecord>{};
  return std::optional<UserRecord>{std::move(users.front())};
}

Result<std::optional<UserRecord>> SqlUserRepository::find_by_username(std::string_view username) {
  const SqlValue params[] = {std::string(username)};
  UG_TRY_ASSIGN(auto users, select("lower(username) = lower($1)", params));
  if (users.empty()) return std::optional<UserRecord>{};
  return std::optional<UserRecord>{std::move(users.front())};
}

Result<std::vector<UserRecord>> SqlUserRepository::all() { return select("1 = 1", {}); }

Result<std::int64_t> SqlUserRepository::count() {
  UG_TRY_ASSIGN(auto rows, conn_.execute("SELECT count(*) FROM users"));
  return rows.rows.at(0).int64(0);
}

Result<void> SqlSessionRepository::insert(const SessionRecord& s) {
  UG_TRY(conn_.execute(
      "INSERT INTO sessions (id_hash, user_id, csrf_token, ip, created_at_ms, expires_at_ms, last_seen_at_ms) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7)",
      {s.id_hash, s.user_id, s.csrf_token, s.ip, s.created_at, s.expires_at, s.last_seen_at}));
  return {};
}

Result<std::optional<SessionRecord>> SqlSessionRepository::find(std::string_view id_hash) {
  UG_TRY_ASSIGN(
      auto rows,
      conn_.execute(
          "SELECT id_hash, user_id, csrf_token, ip, created_at_ms, expires_at_ms, last_seen_at_ms FROM sessions "
          "WHERE id_hash = $1",
          {std::string(id_hash)}));
  if (rows.rows.empty()) return std::optional<SessionRecord>{};
  const auto& r = rows.rows.front();
  return std::optional<SessionRecord>{
      SessionRecord{r.text(0), r.int64(1), r.text(2), r.text(3), r.int64(4), r.int64(5), r.int64(6)}};
}

Result<void> SqlSessionRepository::touch(std::string_view id_hash, UnixMillis last_seen, UnixMillis expires_at) {
  UG_TRY(conn_.execute("UPDATE sessions SET last_seen_at_ms = $2, expires_at_ms = $3 WHERE id_hash = $1",
                       {std::string(id_hash), last_seen, expires_at}));
  return {};
}

Result<bool> SqlSessionRepository::remove(std::string_view id_hash) {
  UG_TRY_ASSIGN(auto done, conn_.execute("DELETE FROM sessions WHERE id_hash = $1", {std::string(id_hash)}));
  return done.affected_rows > 0;
}

Result<std::int64_t> SqlSessionRepository::remove_for_user(std::int64_t user_id) {
  UG_TRY_ASSIGN(auto done, conn_.execute("DELETE FROM sessions WHERE user_id = $1", {user_id}));
  return done.affected_rows;
}

Result<std::int64_t> SqlSessionRepository::purge_expired(UnixMillis now) {
  UG_TRY_ASSIGN(auto done, conn_.execute("DELETE FROM sessions WHERE expires_at_ms <= $1", {now}));
  return done.affected_rows;
}

Result<std::vector<TokenRecord>> SqlTokenRepository::select(std::string_view where, std::span<const SqlValue> params) {
  UG_TRY_ASSIGN(
      auto rows,
      conn_.execute(
          fmt::format("SELECT id, user_id, name, token_hash, region_scopes, channel, created_at_ms, expires_at_ms, "
                      "revoked_at_ms, last_used_at_ms FROM api_tokens WHERE {} ORDER BY id",
                      where),
          params));
  std::vector<TokenRecord> out;
  for (const auto& r : rows.rows) {
    out.push_back({r.int64(0), r.int64(1), r.text(2), r.text(3), split(r.text(4)), r.text(5), r.int64(6),
                   r.optional_int64(7), r.optional_int64(8), r.optional_int64(9)});
  }
  return out;
}

Result<std::int64_t> SqlTokenRepository::insert(const TokenRecord& t) {
  auto rows = conn_.execute(
      "INSERT INTO api_tokens (user_id, name, token_hash, region_scopes, channel, created_at_ms, expires_at_ms) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
      {t.user_id, t.name, t.token_hash, join(t.region_scopes), t.channel, t.created_at, optional_int(t.expires_at)});
  if (!rows) {
    auto error = rows.error();
    if (error.code == ErrorCode::conflict) error.message = "storage.token_name_taken";
    return fail(std::move(error));
  }
  UG_TRY(raise_change_marker(conn_, kAccountsMarker));
  return rows->rows.at(0).int64(0);
}

Result<std::optional<TokenRecord>> SqlTokenRepository::find_by_hash(std::string_view token_hash) {
  const SqlValue params[] = {std::string(token_hash)};
  UG_TRY_ASSIGN(auto tokens, select("token_hash = $1", params));
  if (tokens.empty()) return std::optional<TokenRecord>{};
  return std::optional<TokenRecord>{std::move(tokens.front())};
}

Result<std::optional<TokenRecord>> SqlTokenRepository::find(std::int64_t id) {
  const SqlValue params[] = {id};
  UG_TRY_ASSIGN(auto tokens, select("id = $1", params));
  if (tokens.empty()) return std::optional<TokenRecord>{};
  return std::optional<TokenRecord>{std::move(tokens.front())};
}

Result<std::vector<TokenRecord>> SqlTokenRepository::all() { return select("1 = 1", {}); }

Result<bool> SqlTokenRepository::revoke(std::int64_t id, UnixMillis now) {
  UG_TRY_ASSIGN(
      auto done,
      conn_.execute("UPDATE api_tokens SET revoked_at_ms = $2 WHERE id = $1 AND revoked_at_ms IS NULL", {id, now}));
  if (done.affected_rows > 0) UG_TRY(raise_change_marker(conn_, kAccountsMarker));
  return done.affected_rows > 0;
}

Result<std::int64_t> SqlTokenRepository::change_marker() { return read_change_marker(conn_, kAccountsMarker); }

Result<void> SqlTokenRepository::touch(std::int64_t id, UnixMillis now) {
  UG_TRY(conn_.execute("UPDATE api_tokens SET last_used_at_ms = $2 WHERE id = $1", {id, now}));
  return {};
}

Result<FailureWindow> SqlLoginFailureRepository::since(std::string_view key, UnixMillis since) {
  UG_TRY_ASSIGN(
      auto rows,
      conn_.execute("SELECT count(*), COALESCE(MAX(at_ms), 0) FROM login_failures WHERE key = $1 AND at_ms >= $2",
                    {std::string(key), since}));
  const auto& r = rows.rows.at(0);
  return FailureWindow{r.int64(0), r.int64(1)};
}

Result<void> SqlLoginFailureRepository::record(std::string_view key, UnixMillis at) {
  UG_TRY(conn_.execute("INSERT INTO login_failures (key, at_ms) VALUES ($1, $2)", {std::string(key), at}));
  return {};
}

Result<void> SqlLoginFailureRepository::clear(std::string_view key) {
  UG_TRY(conn_.execute("DELETE FROM login_failures WHERE key = $1", {std::string(key)}));
  return {};
}

Result<std::int64_t> SqlLoginFailureRepository::purge_before(UnixMillis before) {
  UG_TRY_ASSIGN(auto done, conn_.execute("DELETE FROM login_failures WHERE at_ms < $1", {before}));
  return done.affected_rows;
}

Result<std::int64_t> SqlAuditRepository::append(const AuditRecord& a) {
  UG_TRY_ASSIGN(
      auto rows,
      conn_.execute(
          "INSERT INTO audit_log (at_ms, actor_user_id, actor, token_id, ip, action, target, outcome, summary) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
          {a.at, optional_int(a.actor_user_id), a.actor, optional_int(a.token_id), a.ip, a.action, a.target, a.outcome,
           a.summary}));
  return rows.rows.at(0).int64(0);
}

Result<std::vector<SavedViewRecord>> SqlSavedViewRepository::of_user(std::int64_t user_id) {
  UG_TRY_ASSIGN(auto rows, conn_.execute("SELECT name, query, created_at_ms, updated_at_ms FROM saved_views "
                                         "WHERE user_id = $1 ORDER BY created_at_ms, name",
                                         {user_id}));
  std::vector<SavedViewRecord> out;
  for (const auto& r : rows.rows) out.push_back({user_id, r.text(0), r.text(1), r.int64(2), r.int64(3)});
  return out;
}

Result<bool> SqlSavedViewRepository::put(const SavedViewRecord& v) {
  UG_TRY_ASSIGN(auto updated,
                conn_.execute("UPDATE saved_views SET query = $3, updated_at_ms = $4 WHERE user_id = $1 AND name = $2",
                              {v.user_id, v.name, v.query, v.updated_at}));
  if (updated.affected_rows > 0) return false;
  UG_TRY(conn_.execute(
      "INSERT INTO saved_views (user_id, name, query, created_at_ms, updated_at_ms) VALUES ($1, $2, $3, $4, $5)",
      {v.user_id, v.name, v.query, v.created_at, v.updated_at}));
  return true;
}

Result<bool> SqlSavedViewRepository::remove(std::int64_t user_id, std::string_view name) {
  UG_TRY_ASSIGN(
      auto r, conn_.execute("DELETE FROM saved_views WHERE user_id = $1 AND name = $2", {user_id, std::string(name)}));
  return r.affected_rows > 0;
}

Result<std::int64_t> SqlAuditRepository::delete_before(UnixMillis before_ms) {
  UG_TRY_ASSIGN(auto r, conn_.execute("DELETE FROM audit_log WHERE at_ms < $1", {before_ms}));
  return r.affected_rows;
}

Result<std::vector<AuditRecord>> SqlAuditRepository::query(const AuditQuery& q) {
  std::string where = "1 = 1";
  std::vector<SqlValue> params;
  const auto add = [&](std::string_view condition, SqlValue value) {
    params.push_back(std::move(value));
    where += fmt::format(" AND {}${}", condition, params.size());
  };
  if (!q.actor.empty()) add("actor = ", q.actor);
  if (!q.action_prefix.empty())
    add("substr(action, 1, length($" + std::to_string(params.size() + 1) + ")) = ", q.action_prefix);
  if (!q.target.empty()) add("target = ", q.target);
  if (q.since) add("at_ms >= ", *q.since);
  if (q.until) add("at_ms < ", *q.until);
  if (q.before_id) add("id < ", *q.before_id);
  params.push_back(q.limit);
  UG_TRY_ASSIGN(
      auto rows,
      conn_.execute(
          fmt::format("SELECT id, at_ms, actor_user_id, actor, token_id, ip, action, target, outcome, summary FROM "
                      "audit_log WHERE {} ORDER BY id DESC LIMIT ${}",
                      where, params.size()),
          params));
  std::vector<AuditRecord> out;
  for (const auto& r : rows.rows) {
    out.push_back({r.int64(0), r.int64(1), r.optional_int64(2), r.text(3), r.optional_int64(4), r.text(5), r.text(6),
                   r.text(7), r.text(8), r.text(9)});
  }
  return out;
}

}  // namespace ug::storage
