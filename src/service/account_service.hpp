// Accounts as use cases (issue 5): users and their roles and scopes, sign-in with throttling,
// browser sessions with CSRF tokens, API tokens, password changes, and the audit log every write
// here appends to in the same transaction. Permission checks happen here, not in the callers.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "access/password_policy.hpp"
#include "access/principal.hpp"
#include "core/clock.hpp"
#include "service/audit_log.hpp"
#include "service/secrets.hpp"
#include "storage/database.hpp"

namespace ug::service {

struct AuthSettings {
  PasswordCost password_cost;
  int session_idle_minutes = 12 * 60;  // a session unused this long ends
  // Back-off: once a key has this many failed sign-ins within its window, sign-in waits
  // lockout_base_seconds after the newest, doubling with each further one, at most
  // lockout_max_seconds. Older failures stop counting (issue 19).
  int account_lockout_after = 5;                 // failures of one account name (known or not)
  int account_failure_window_minutes = 24 * 60;  // … within this window
  int address_lockout_after = 20;                // failures from one client address
  int address_failure_window_minutes = 15;       // … within this window
  int lockout_base_seconds = 2;
  int lockout_max_seconds = 900;
  access::PasswordPolicy password_policy;  // what a chosen password must pass
  int password_max_age_days = 0;           // 0: passwords never expire; else an older one must be changed first
  std::function<UnixMillis()> clock = now_unix_millis;  // tests set their own
  // How often the kept token records are checked against the accounts change marker (a change
  // made by another process applies within it); 0: at every use.
  std::chrono::milliseconds token_recheck{1000};
};

struct NewUser {
  std::string username;
  std::string display_name;
  std::string org_unit_id;
  std::vector<std::string> roles;
  std::vector<std::string> region_scopes;
  std::vector<std::string> department_scopes;
};

struct SignedIn {
  std::string session_secret;  // the cookie value; shown once, stored only hashed
  std::string csrf_token;
  access::Principal principal;  // principal.must_change_password: a one-time password was used
};

struct SessionCheck {
  access::Principal principal;
  std::string csrf_token;
};

inline constexpr int kMaxTokenDays = 3650;  // the longest a token may be issued for

struct NewToken {
  std::string username;
  std::string name;
  std::vector<std::string> region_scopes;  // narrowing the user's; empty: the user's
  std::string channel;                     // integration tokens
  std::optional<int> expires_in_days;
};

struct CreatedToken {
  std::int64_t id = 0;
  std::string secret;  // shown once
};

class AccountService {
 public:
  AccountService(storage::Database& db, AuthSettings settings);

  // Users (manage_users).
  // An empty password makes an account that cannot sign in (a system that uses API tokens). The
  // password must pass settings.password_policy.
  Result<std::int64_t> create_user(const access::Principal& caller, const NewUser& user, std::string_view password);
  // A demo account (`demo create`) with the published access::kDemoPassword, which nobody may choose.
  Result<std::int64_t> create_demo_user(const access::Principal& caller, const NewUser& user);
  Result<storage::UserRecord> update_user(const access::Principal& caller, std::int64_t id, const NewUser& user,
                                          bool active);
  Result<std::vector<storage::UserRecord>> users(const access::Principal& caller);
  // A new one-time password (the user must change it at next sign-in); ends the user's sessions.
  Result<std::string> reset_password(const access::Principal& caller, std::int64_t id);
  // The signed-in user's own password; ends their other sessions. The new one must pass the policy
  // and differ from the current one (a one-time password was seen by whoever reset it).
  Result<void> change_password(const access::Principal& caller, std::string_view current, std::string_view next);
  // When there is no user at all: an administrator named `username` (a valid name, else
  // validation_failed) with a one-time password (returned once); nullopt when users exist.
  Result<std::optional<std::string>> bootstrap_admin(const std::string& username);

  // Sessions. unauthenticated for a wrong name or password (the same answer for both, after the
  // same work); rate_limited with a `retry_after` detail while backing off.
  Result<SignedIn> sign_in(std::string_view username, std::string_view password, const std::string& address);
  Result<std::optional<SessionCheck>> check_session(std::string_view secret, const std::string& address);
  Result<void> sign_out(const access::Principal& caller, std::string_view secret);

  // API tokens (manage_users).
  Result<CreatedToken> create_token(const access::Principal& caller, const NewToken& token);
  Result<std::vector<storage::TokenRecord>> tokens(const access::Principal& caller);
  Result<void> revoke_token(const access::Principal& caller, std::int64_t id);
  Result<std::optional<access::Principal>> check_token(std::string_view secret, const std::string& address);

  // The audit log (view_audit), newest first.
  Result<std::vector<storage::AuditRecord>> audit(const access::Principal& caller, const storage::AuditQuery& query);

 private:
  // API tokens with their users as last read, by the token's hash, so a request with a token does
  // not read the database: kept while the accounts change marker stays put (read at most once per
  // settings_.token_recheck, so a revocation made by another process applies within it) and dropped at once
  // when this service changes a user or a token.
  struct KnownToken {
    storage::TokenRecord token;
    storage::UserRecord user;
  };
  static constexpr std::size_t kMaxKnownTokens = 10'000;
  Result<std::optional<KnownToken>> known_token(const std::string& hash, UnixMillis now);
  void forget_tokens();
  // Drops the known tokens when the change it guards is done, whichever way it returns.
  struct ForgetTokensAfter {
    AccountService& service;
    ~ForgetTokensAfter() { service.forget_tokens(); }
  };
  std::mutex tokens_mutex_;
  std::unordered_map<std::string, KnownToken> known_tokens_;
  std::int64_t tokens_marker_ = -1;
  std::chrono::steady_clock::time_point tokens_checked_;
  std::uint64_t tokens_generation_ = 0;

  Result<access::Principal> principal_of(const storage::UserRecord& user, const std::string& address) const;
  bool password_expired(const storage::UserRecord& user, UnixMillis now) const;
  Result<std::int64_t> insert_user(const access::Principal& caller, const NewUser& user, const std::string& hash);
  Result<void> validate(const NewUser& user, storage::Transaction& tx) const;

  storage::Database& db_;
  AuthSettings settings_;
  // Verified for unknown names, so they cost what known ones do. Made at the first sign-in, not at
  // construction: every CLI command and test builds this service, few of them sign anyone in.
  const std::string& dummy_hash();
  std::once_flag dummy_once_;
  std::string dummy_hash_;
};

}  // namespace ug::service
