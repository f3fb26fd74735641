// AccountService: validation, permission checks, throttling and audit around the account tables.
#include "service/account_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "core/text.hpp"
#include "workflow/workflow.hpp"

namespace ug::service {
namespace json = boost::json;

namespace {

json::array to_json(const std::vector<std::string>& items) { return json::array(items.begin(), items.end()); }

std::string user_summary(const storage::UserRecord& u) {
  return json::serialize(json::object{{"roles", to_json(u.roles)},
                                      {"region_scopes", to_json(u.region_scopes)},
                                      {"department_scopes", to_json(u.department_scopes)},
                                      {"org_unit_id", u.org_unit_id},
                                      {"active", u.active}});
}

bool valid_username(std::string_view name) {
  return name.size() >= 2 && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
                  c == '-' || c == '@';
         });
}

// The lower-case throttle keys of a sign-in attempt (names are at most 64 characters; longer ones
// cannot exist and share one key).
std::string account_key(std::string_view username) {
  return "user:" + ascii_lower(std::string(username.substr(0, 65)));
}
std::string address_key(const std::string& address) { return "ip:" + address; }

}  // namespace

AccountService::AccountService(storage::Database& db, AuthSettings settings) : db_(db), settings_(settings) {}

const std::string& AccountService::dummy_hash() {
  std::call_once(dummy_once_,
                 [this] { dummy_hash_ = hash_password(random_secret(), settings_.password_cost).value(); });
  return dummy_hash_;
}

Result<access::Principal> AccountService::principal_of(const storage::UserRecord& user,
                                                       const std::string& address) const {
  access::Principal p;
  p.user_id = user.id;
  p.username = user.username;
  p.org_unit_id = user.org_unit_id;
  p.region_scopes = user.region_scopes;
  p.department_scopes = user.department_scopes;
  p.address = address;
  p.must_change_password = user.must_change_password || password_expired(user, settings_.clock());
  for (const auto& code : user.roles) {
    const auto role = access::parse_role(code);
    if (!role) return fail(ErrorCode::internal, {}, "stored role unknown: " + code);
    p.roles.push_back(*role);
  }
  return p;
}

bool AccountService::password_expired(const storage::UserRecord& user, UnixMillis now) const {
  if (settings_.password_max_age_days <= 0 || user.password_hash.empty()) return false;
  return now - user.password_changed_at > settings_.password_max_age_days * 86'400'000LL;
}

Result<void> AccountService::validate(const NewUser& u, storage::Transaction& tx) const {
  if (!valid_username(u.username)) return fail(invalid("username", "account.username_format"));
  if (u.roles.empty()) return fail(invalid("roles", "account.roles_required"));
  for (const auto& role : u.roles) {
    if (!access::parse_role(role)) return fail(invalid("roles", "account.role_unknown").with("role", role));
  }
  for (const auto& scope : u.region_scopes) {
    if (!access::is_valid_region_scope(scope)) return fail(invalid("region_scopes", "account.region_scope_format"));
  }
  UG_TRY_ASSIGN(auto units, tx.org_units().all());
  const auto unit_exists = [&](const std::string& id) {
    return std::any_of(units.begin(), units.end(), [&](const auto& unit) { return unit.id == id; });
  };
  if (!u.org_unit_id.empty() && !unit_exists(u.org_unit_id)) {
    return fail(invalid("org_unit_id", "account.org_unit_unknown"));
  }
  for (const auto& d : u.department_scopes) {
    if (!unit_exists(d)) {
      return fail(invalid("department_scopes", "account.department_scope_unknown").with("department", d));
    }
  }
  return {};
}

Result<std::int64_t> AccountService::create_user(const access::Principal& caller, const NewUser& user,
                                                 std::string_view password) {
  UG_TRY(access::require(caller, access::Permission::manage_users));
  const ForgetTokensAfter forget{*this};
  // No password: an account that cannot sign in (a system using API tokens only).
  std::string hash;
  if (!password.empty()) {
    UG_TRY(access::check_new_password(password, user.username, settings_.password_policy));
    UG_TRY_ASSIGN(hash, hash_password(password, settings_.password_cost));
  }
  return insert_user(caller, user, hash);
}

Result<std::int64_t> AccountService::create_demo_user(const access::Principal& caller, const NewUser& user) {
  UG_TRY(access::require(caller, access::Permission::manage_users));
  UG_TRY_ASSIGN(auto hash, hash_password(access::kDemoPassword, settings_.password_cost));
  return insert_user(caller, user, hash);
}

Result<std::int64_t> AccountService::insert_user(const access::Principal& caller, const NewUser& user,
                                                 const std::string& hash) {
  return db_.write([&](storage::Transaction& tx) -> Result<std::int64_t> {
    UG_TRY(validate(user, tx));
    const auto now = settings_.clock();
    storage::UserRecord record{0,    user.username, user.display_name,  user.org_unit_id,       hash, false,
                               true, user.roles,    user.region_scopes, user.department_scopes, now,  now,
                               now};
    // A handler sees the cases of their own unit unless told otherwise.
    const bool handler = std::find(user.roles.begin(), user.roles.end(), "handler") != user.roles.end();
    if (handler && record.department_scopes.empty() && !record.org_unit_id.empty()) {
      record.department_scopes = {record.org_unit_id};
    }
    auto id = tx.users().insert(record);
    if (!id) return id;
    UG_TRY(append_audit(tx, caller, "user.create", record.username, "ok", user_summary(record)));
    return id;
  });
}

Result<storage::UserRecord> AccountService::update_user(const access::Principal& caller, std::int64_t id,
                                                        const NewUser& user, bool active) {
  UG_TRY(access::require(caller, access::Permission::manage_users));
  const ForgetTokensAfter forget{*this};
  return db_.write([&](storage::Transaction& tx) -> Result<storage::UserRecord> {
    UG_TRY_ASSIGN(auto existing, tx.users().find(id));
    if (!existing) return fail(ErrorCode::not_found, {});
    UG_TRY(validate(user, tx));
    auto record = *existing;
    const auto before = user_summary(record);
    record.username = user.username;
    record.display_name = user.display_name;
    record.org_unit_id = user.org_unit_id;
    record.roles = user.roles;
    record.region_scopes = user.region_scopes;
    record.department_scopes = user.department_scopes;
    record.active = active;
    record.updated_at = settings_.clock();
    // Nobody may lock the city out of its own administration.
    const auto is_admin = [](const storage::UserRecord& u) {
      return u.active && std::find(u.roles.begin(), u.roles.end(), "admin") != u.roles.end();
    };
    if (is_admin(*existing) && !is_admin(record)) {
      UG_TRY_ASSIGN(auto all, tx.users().all());
      if (std::count_if(all.begin(), all.end(), is_admin) <= 1) {
        return fail(Error(ErrorCode::conflict, "account.last_admin").with("field", std::string("roles")));
      }
    }
    UG_TRY(tx.users().update(record));
    if (!active) UG_TRY(tx.sessions().remove_for_user(id));
    UG_TRY(append_audit(tx, caller, "user.update", record.username, "ok",
                        fmt::format(R"({{"before":{},"after":{}}})", before, user_summary(record))));
    return record;
  });
}

Result<std::vector<storage::UserRecord>> AccountService::users(const access::Principal& caller) {
  UG_TRY(access::require(caller, access::Permission::manage_users));
  return db_.read([](storage::Transaction& tx) { return tx.users().all(); });
}

Result<std::string> AccountService::reset_password(const access::Principal& caller, std::int64_t id) {
  UG_TRY(access::require(caller, access::Permission::manage_users));
  const ForgetTokensAfter forget{*this};
  const auto password = random_secret().substr(0, 16);
  UG_TRY_ASSIGN(auto hash, hash_password(password, settings_.password_cost));
  UG_TRY(db_.write([&](storage::Transaction& tx) -> Result<void> {
    UG_TRY_ASSIGN(auto user, tx.users().find(id));
    if (!user) return fail(ErrorCode::not_found, {});
    UG_TRY(tx.users().set_password(id, hash, true, settings_.clock()));
    UG_TRY(tx.sessions().remove_for_user(id));
    return append_audit(tx, caller, "user.reset_password", user->username);
  }));
  return password;
}

Result<void> AccountService::change_password(const access::Principal& caller, std::string_view current,
                                             std::string_view next) {
  if (caller.user_id == 0 || caller.token_id) {
    return fail(ErrorCode::forbidden, "account.password_change_signed_in_only");
  }
  const ForgetTokensAfter forget{*this};
  UG_TRY(access::check_new_password(next, caller.username, settings_.password_policy, "new_password"));
  UG_TRY_ASSIGN(auto user, db_.read([&](storage::Transaction& tx) { return tx.users().find(caller.user_id); }));
  if (!user || !verify_password(user->password_hash, current)) {
    return fail(invalid("current_password", "account.current_password_wrong"));
  }
  if (next == current) return fail(invalid("new_password", "account.password_unchanged"));
  UG_TRY_ASSIGN(auto hash, hash_password(next, settings_.password_cost));
  return db_.write([&](storage::Transaction& tx) -> Result<void> {
    UG_TRY(tx.users().set_password(caller.user_id, hash, false, settings_.clock()));
    UG_TRY(tx.sessions().remove_for_user(caller.user_id));
    return append_audit(tx, caller, "user.change_password", caller.username);
  });
}

Result<std::optional<std::string>> AccountService::bootstrap_admin(const std::string& username) {
  if (!valid_username(username)) return fail(invalid("username", "account.username_format"));
  const auto password = random_secret().substr(0, 16);
  UG_TRY_ASSIGN(auto hash, hash_password(password, settings_.password_cost));
  return db_.write([&](storage::Transaction& tx) -> Result<std::optional<std::string>> {
    UG_TRY_ASSIGN(auto count, tx.users().count());
    if (count > 0) return std::optional<std::string>{};
    const auto now = settings_.clock();
    storage::UserRecord admin{
        0, username, "管理员", "", hash, true, true, {"admin"}, {std::string(access::kEverywhere)}, {}, now, now, now};
    UG_TRY(tx.users().insert(admin));
    UG_TRY(append_audit(tx, access::Principal::command_line(), "user.bootstrap_admin", username, "ok",
                        user_summary(admin)));
    return std::optional<std::string>{password};
  });
}

Result<SignedIn> AccountService::sign_in(std::string_view username, std::string_view password,
                                         const std::string& address) {
  const auto now = settings_.clock();
  struct Throttle {
    std::string key;
    int threshold;
    UnixMillis window_start;
  };
  const Throttle throttles[] = {{account_key(username), settings_.account_lockout_after,
                                 now - settings_.account_failure_window_minutes * 60'000LL},
                                {address_key(address), settings_.address_lockout_after,
                                 now - settings_.address_failure_window_minutes * 60'000LL}};
  access::Principal attempt;
  attempt.username = std::string(username.substr(0, 64));
  attempt.address = address;

  // Backing off: the same answer whether the name exists or not. Only the failures within each
  // key's window count; the wait runs from the newest of them.
  UG_TRY_ASSIGN(auto locked_until, db_.read([&](storage::Transaction& tx) -> Result<UnixMillis> {
    UnixMillis until = 0;
    for (const auto& throttle : throttles) {
      UG_TRY_ASSIGN(auto window, tx.login_failures().since(throttle.key, throttle.window_start));
      if (window.failures < throttle.threshold) continue;
      const auto doublings = std::min<std::int64_t>(window.failures - throttle.threshold, 20);
      const auto seconds = std::min<std::int64_t>(std::int64_t{settings_.lockout_base_seconds} << doublings,
                                                  settings_.lockout_max_seconds);
      until = std::max(until, window.newest + seconds * 1000);
    }
    return until;
  }));
  if (locked_until > now) {
    const auto retry = (locked_until - now + 999) / 1000;
    (void)db_.write([&](storage::Transaction& tx) {
      return append_audit(tx, attempt, "session.sign_in", attempt.username, "denied", R"({"reason":"backing off"})");
    });
    return fail(Error(ErrorCode::rate_limited, "account.sign_in_throttled").with("retry_after", retry));
  }

  UG_TRY_ASSIGN(auto user, db_.read([&](storage::Transaction& tx) { return tx.users().find_by_username(username); }));
  const auto& dummy = dummy_hash();  // before the branch: the very first sign-in pays for it either way
  const bool usable = user && user->active && !user->password_hash.empty();
  const bool matches = verify_password(usable ? user->password_hash : dummy, password);
  if (!usable || !matches) {
    UG_TRY(db_.write([&](storage::Transaction& tx) -> Result<void> {
      // Failures older than every window count for nothing: forget them as new ones come.
      UG_TRY(tx.login_failures().purge_before(std::min(throttles[0].window_start, throttles[1].window_start)));
      for (const auto& throttle : throttles) UG_TRY(tx.login_failures().record(throttle.key, now));
      if (user) attempt.user_id = user->id;
      return append_audit(tx, attempt, "session.sign_in", attempt.username, "failed");
    }));
    return fail(ErrorCode::unauthenticated, "account.sign_in_failed");
  }

  UG_TRY_ASSIGN(auto principal, principal_of(*user, address));
  SignedIn out{random_secret("ugs_"), random_secret(), std::move(principal)};
  UG_TRY(db_.write([&](storage::Transaction& tx) -> Result<void> {
    // The account's failures, from whichever address, no longer count; the address's do (a valid
    // account of one's own must not reset the count of guesses at others).
    UG_TRY(tx.login_failures().clear(throttles[0].key));
    UG_TRY(tx.sessions().insert({secret_hash(out.session_secret), user->id, out.csrf_token, address, now,
                                 now + settings_.session_idle_minutes * 60'000LL, now}));
    return append_audit(tx, out.principal, "session.sign_in", out.principal.username);
  }));
  return out;
}

Result<std::optional<SessionCheck>> AccountService::check_session(std::string_view secret, const std::string& address) {
  const auto now = settings_.clock();
  const auto hash = secret_hash(secret);
  struct Found {
    storage::SessionRecord session;
    storage::UserRecord user;
  };
  UG_TRY_ASSIGN(auto found, db_.read([&](storage::Transaction& tx) -> Result<std::optional<Found>> {
    UG_TRY_ASSIGN(auto session, tx.sessions().find(hash));
    if (!session || session->expires_at <= now) return std::optional<Found>{};
    UG_TRY_ASSIGN(auto user, tx.users().find(session->user_id));
    if (!user || !user->active) return std::optional<Found>{};
    return std::optional<Found>{Found{*session, *user}};
  }));
  if (!found) return std::optional<SessionCheck>{};
  // Sliding expiry, written at most once a minute rather than on every request.
  if (now - found->session.last_seen_at > 60'000) {
    UG_TRY(db_.write([&](storage::Transaction& tx) {
      return tx.sessions().touch(hash, now, now + settings_.session_idle_minutes * 60'000LL);
    }));
  }
  UG_TRY_ASSIGN(auto principal, principal_of(found->user, address));
  return std::optional<SessionCheck>{SessionCheck{std::move(principal), found->session.csrf_token}};
}

Result<void> AccountService::sign_out(const access::Principal& caller, std::string_view secret) {
  return db_.write([&](storage::Transaction& tx) -> Result<void> {
    UG_TRY(tx.sessions().remove(secret_hash(secret)));
    return append_audit(tx, caller, "session.sign_out", caller.username);
  });
}

Result<CreatedToken> AccountService::create_token(const access::Principal& caller, const NewToken& t) {
  UG_TRY(access::require(caller, access::Permission::manage_users));
  const ForgetTokensAfter forget{*this};
  if (t.name.empty() || t.name.size() > 100) return fail(invalid("name", "account.token_name_length"));
  if (t.expires_in_days && (*t.expires_in_days < 1 || *t.expires_in_days > kMaxTokenDays)) {
    return fail(invalid("expires_days", "account.token_expiry_range"));
  }
  CreatedToken out{0, random_secret("ugt_")};
  UG_TRY_ASSIGN(auto stored, db_.write([&](storage::Transaction& tx) -> Result<std::int64_t> {
    UG_TRY_ASSIGN(auto user, tx.users().find_by_username(t.username));
    if (!user) return fail(invalid("username", "account.user_unknown"));
    UG_TRY_ASSIGN(const auto principal, principal_of(*user, ""));
    for (const auto& scope : t.region_scopes) {
      if (!access::is_valid_region_scope(scope) || !access::sees_region(principal, scope)) {
        return fail(invalid("region_scopes", "account.token_scope_outside_user").with("scope", scope));
      }
    }
    const bool integration =
        std::find(principal.roles.begin(), principal.roles.end(), access::Role::integration) != principal.roles.end();
    if (integration && !workflow::is_channel(t.channel)) {
      return fail(invalid("channel", "account.token_channel_required"));
    }
    if (!integration && !t.channel.empty()) return fail(invalid("channel", "account.token_channel_not_allowed"));
    const auto now = settings_.clock();
    storage::TokenRecord record{
        0,
        user->id,
        t.name,
        secret_hash(out.secret),
        t.region_scopes,
        t.channel,
        now,
        t.expires_in_days ? std::optional<UnixMillis>(now + *t.expires_in_days * 86'400'000LL) : std::nullopt,
        std::nullopt,
        std::nullopt};
    auto id = tx.tokens().insert(record);
    if (!id) return id;
    UG_TRY(append_audit(
        tx, caller, "token.create", user->username + "/" + t.name, "ok",
        json::serialize(json::object{
            {"region_scopes", to_json(t.region_scopes)},
            {"channel", t.channel},
            {"expires_in_days", t.expires_in_days ? json::value(*t.expires_in_days) : json::value(nullptr)}})));
    return id;
  }));
  out.id = stored;
  return out;
}

Result<std::vector<storage::TokenRecord>> AccountService::tokens(const access::Principal& caller) {
  UG_TRY(access::require(caller, access::Permission::manage_users));
  return db_.read([](storage::Transaction& tx) { return tx.tokens().all(); });
}

Result<void> AccountService::revoke_token(const access::Principal& caller, std::int64_t id) {
  UG_TRY(access::require(caller, access::Permission::manage_users));
  const ForgetTokensAfter forget{*this};
  return db_.write([&](storage::Transaction& tx) -> Result<void> {
    UG_TRY_ASSIGN(auto token, tx.tokens().find(id));
    if (!token) return fail(ErrorCode::not_found, {});
    UG_TRY_ASSIGN(auto revoked, tx.tokens().revoke(id, settings_.clock()));
    return append_audit(tx, caller, "token.revoke", token->name, revoked ? "ok" : "failed");
  });
}

void AccountService::forget_tokens() {
  std::lock_guard lock(tokens_mutex_);
  known_tokens_.clear();
  tokens_marker_ = -1;
  ++tokens_generation_;
}

Result<std::optional<AccountService::KnownToken>> AccountService::known_token(const std::string& hash, UnixMillis now) {
  const auto checked_at = std::chrono::steady_clock::now();
  std::uint64_t generation = 0;
  bool fresh = false;
  {
    std::lock_guard lock(tokens_mutex_);
    generation = tokens_generation_;
    fresh = tokens_marker_ >= 0 && checked_at - tokens_checked_ < settings_.token_recheck;
  }
  if (!fresh) {  // has any token or user changed since the kept ones were read?
    UG_TRY_ASSIGN(const auto marker, db_.read([](storage::Transaction& tx) { return tx.tokens().change_marker(); }));
    std::lock_guard lock(tokens_mutex_);
    if (tokens_generation_ == generation) {
      if (marker != tokens_marker_) {
        // A read begun before this (by another request) may hold what the change replaced: it
        // must not be kept, so the clear counts as a change of ours.
        known_tokens_.clear();
        generation = ++tokens_generation_;
      }
      tokens_marker_ = marker;
      tokens_checked_ = checked_at;
    }
  }
  {
    std::lock_guard lock(tokens_mutex_);
    if (const auto it = known_tokens_.find(hash); it != known_tokens_.end()) return std::optional{it->second};
  }
  UG_TRY_ASSIGN(auto read, db_.read([&](storage::Transaction& tx) -> Result<std::optional<KnownToken>> {
    UG_TRY_ASSIGN(auto token, tx.tokens().find_by_hash(hash));
    if (!token || token->revoked_at || (token->expires_at && *token->expires_at <= now)) {
      return std::optional<KnownToken>{};
    }
    UG_TRY_ASSIGN(auto user, tx.users().find(token->user_id));
    if (!user || !user->active) return std::optional<KnownToken>{};
    return std::optional{KnownToken{std::move(*token), std::move(*user)}};
  }));
  // Kept only when nothing of ours changed meanwhile; a change by another process after the marker
  // was read moved the marker, and the next check drops this with the rest.
  std::lock_guard lock(tokens_mutex_);
  if (read && tokens_generation_ == generation) {
    if (known_tokens_.size() >= kMaxKnownTokens) known_tokens_.clear();
    known_tokens_[hash] = *read;
  }
  return read;
}

Result<std::optional<access::Principal>> AccountService::check_token(std::string_view secret,
                                                                     const std::string& address) {
  const auto now = settings_.clock();
  const auto hash = secret_hash(secret);
  UG_TRY_ASSIGN(auto found, known_token(hash, now));
  if (found && found->token.expires_at && *found->token.expires_at <= now) found.reset();
  if (!found) return std::optional<access::Principal>{};
  UG_TRY_ASSIGN(auto principal, principal_of(found->user, address));
  principal.token_id = found->token.id;
  principal.channel = found->token.channel;
  // A token narrows its user's region; if the user's own scopes shrank since, the token shrinks too.
  if (!found->token.region_scopes.empty()) {
    std::vector<std::string> narrowed;
    for (const auto& scope : found->token.region_scopes) {
      if (access::sees_region(principal, scope)) narrowed.push_back(scope);
    }
    principal.region_scopes = std::move(narrowed);
  }
  if (!found->token.last_used_at || now - *found->token.last_used_at > 60'000) {
    UG_TRY(db_.write([&](storage::Transaction& tx) { return tx.tokens().touch(found->token.id, now); }));
    std::lock_guard lock(tokens_mutex_);
    if (const auto it = known_tokens_.find(hash); it != known_tokens_.end()) it->second.token.last_used_at = now;
  }
  return std::optional<access::Principal>{std::move(principal)};
}

Result<std::vector<storage::AuditRecord>> AccountService::audit(const access::Principal& caller,
                                                                const storage::AuditQuery& query) {
  UG_TRY(access::require(caller, access::Permission::view_audit));
  if (query.limit < 1 || query.limit > 1000) return fail(invalid("limit", "account.audit_limit_range"));
  return db_.read([&](storage::Transaction& tx) { return tx.audit().query(query); });
}

}  // namespace ug::service
