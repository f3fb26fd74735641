// Repository interfaces of the accounts issue: users with roles and scopes, browser sessions, API
// tokens, failed sign-ins for back-off and the append-only audit log. Secrets are never stored: sessions and
// tokens by hash, passwords as argon2id.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace ug::storage {

struct UserRecord {
  std::int64_t id = 0;
  std::string username;
  std::string display_name;
  std::string org_unit_id;  // empty: none
  std::string password_hash;
  bool must_change_password = false;
  bool active = true;
  std::vector<std::string> roles;              // role codes
  std::vector<std::string> region_scopes;      // code prefixes or "*"
  std::vector<std::string> department_scopes;  // org unit ids
  UnixMillis created_at = 0;
  UnixMillis updated_at = 0;
  UnixMillis password_changed_at = 0;
};

class UserRepository {
 public:
  virtual ~UserRepository() = default;
  // conflict when the name (case-insensitive) is taken; returns the new id.
  virtual Result<std::int64_t> insert(const UserRecord& user) = 0;
  // Replaces name, org unit, flags, roles and scopes (not the password); false when no such user.
  virtual Result<bool> update(const UserRecord& user) = 0;
  // Also sets password_changed_at to `now`.
  virtual Result<bool> set_password(std::int64_t id, std::string_view hash, bool must_change, UnixMillis now) = 0;
  virtual Result<std::optional<UserRecord>> find(std::int64_t id) = 0;
  virtual Result<std::optional<UserRecord>> find_by_username(std::string_view username) = 0;  // case-insensitive
  virtual Result<std::vector<UserRecord>> all() = 0;                                          // ordered by name
  virtual Result<std::int64_t> count() = 0;
};

struct SessionRecord {
  std::string id_hash;
  std::int64_t user_id = 0;
  std::string csrf_token;
  std::string ip;
  UnixMillis created_at = 0;
  UnixMillis expires_at = 0;
  UnixMillis last_seen_at = 0;
};

class SessionRepository {
 public:
  virtual ~SessionRepository() = default;
  virtual Result<void> insert(const SessionRecord& session) = 0;
  virtual Result<std::optional<SessionRecord>> find(std::string_view id_hash) = 0;
  virtual Result<void> touch(std::string_view id_hash, UnixMillis last_seen, UnixMillis expires_at) = 0;
  virtual Result<bool> remove(std::string_view id_hash) = 0;
  virtual Result<std::int64_t> remove_for_user(std::int64_t user_id) = 0;
  virtual Result<std::int64_t> purge_expired(UnixMillis now) = 0;
};

struct TokenRecord {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string name;
  std::string token_hash;
  std::vector<std::string> region_scopes;  // empty: the user's
  std::string channel;
  UnixMillis created_at = 0;
  std::optional<UnixMillis> expires_at, revoked_at, last_used_at;
};

class TokenRepository {
 public:
  virtual ~TokenRepository() = default;
  // conflict when the user already has a token of that name; returns the new id.
  virtual Result<std::int64_t> insert(const TokenRecord& token) = 0;
  virtual Result<std::optional<TokenRecord>> find_by_hash(std::string_view token_hash) = 0;
  virtual Result<std::optional<TokenRecord>> find(std::int64_t id) = 0;
  virtual Result<std::vector<TokenRecord>> all() = 0;                // ordered by id
  virtual Result<bool> revoke(std::int64_t id, UnixMillis now) = 0;  // false: unknown or already revoked
  virtual Result<void> touch(std::int64_t id, UnixMillis now) = 0;
  // Rises with every write to the tokens or the users, except touch (the token records a server
  // keeps).
  virtual Result<std::int64_t> change_marker() = 0;
};

// The failed sign-ins of one throttle key within a window.
struct FailureWindow {
  std::int64_t failures = 0;
  UnixMillis newest = 0;  // 0 when there is none
};

class LoginFailureRepository {
 public:
  virtual ~LoginFailureRepository() = default;
  // The failures of `key` at or after `since`.
  virtual Result<FailureWindow> since(std::string_view key, UnixMillis since) = 0;
  virtual Result<void> record(std::string_view key, UnixMillis at) = 0;
  virtual Result<void> clear(std::string_view key) = 0;
  // Forgets every failure before `before` (of every key); returns how many.
  virtual Result<std::int64_t> purge_before(UnixMillis before) = 0;
};

struct AuditRecord {
  std::int64_t id = 0;
  UnixMillis at = 0;
  std::optional<std::int64_t> actor_user_id;
  std::string actor;
  std::optional<std::int64_t> token_id;
  std::string ip;
  std::string action;
  std::string target;
  std::string outcome;  // ok | denied | failed
  std::string summary;  // JSON
};

struct AuditQuery {
  std::string actor;                       // exact, or empty
  std::string action_prefix;               // e.g. "session." or empty
  std::string target;                      // exact, or empty
  std::optional<UnixMillis> since, until;  // [since, until)
  std::optional<std::int64_t> before_id;   // paging: entries older than this id
  std::int64_t limit = 100;
};

class AuditRepository {
 public:
  virtual ~AuditRepository() = default;
  virtual Result<std::int64_t> append(const AuditRecord& record) = 0;
  virtual Result<std::vector<AuditRecord>> query(const AuditQuery& query) = 0;  // newest first
  // Deletes the entries from before `before_ms` (retention); returns how many. The schema refuses
  // to delete any younger than 180 days (网络安全法 §21).
  virtual Result<std::int64_t> delete_before(UnixMillis before_ms) = 0;
};

// A user's named queue filters (saved views), in the order they were first saved.
struct SavedViewRecord {
  std::int64_t user_id = 0;
  std::string name;
  std::string query;
  UnixMillis created_at = 0;
  UnixMillis updated_at = 0;
};

class SavedViewRepository {
 public:
  virtual ~SavedViewRepository() = default;
  virtual Result<std::vector<SavedViewRecord>> of_user(std::int64_t user_id) = 0;  // oldest first
  // Saves the view under its name, replacing the query of one already there (keeping created_at);
  // true when it is new.
  virtual Result<bool> put(const SavedViewRecord& view) = 0;
  virtual Result<bool> remove(std::int64_t user_id, std::string_view name) = 0;  // false: none such
};

}  // namespace ug::storage
