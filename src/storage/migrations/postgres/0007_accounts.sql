-- 0007 accounts (issue 5): users in organisation units with roles and data scopes, sessions, API
-- tokens, login throttling and the append-only audit log.
CREATE TABLE users (
  id BIGSERIAL PRIMARY KEY,
  username TEXT NOT NULL,
  display_name TEXT NOT NULL DEFAULT '',
  org_unit_id TEXT REFERENCES org_units (id),
  password_hash TEXT NOT NULL,       -- argon2id (libsodium's encoded form); '' cannot sign in
  must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL
);
CREATE UNIQUE INDEX users_username ON users (lower(username));

CREATE TABLE user_roles (
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('citizen', 'supervisor', 'operator', 'shift_leader', 'dispatcher', 'handler',
                                     'leader', 'admin', 'integration')),
  PRIMARY KEY (user_id, role)
);

-- Data scopes: region = a division or grid code prefix ('*': everywhere); department = an org unit.
CREATE TABLE user_scopes (
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('region', 'department')),
  value TEXT NOT NULL,
  PRIMARY KEY (user_id, kind, value)
);

-- Browser sessions. The cookie carries a random secret; only its hash is stored.
CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,          -- hex BLAKE2b of the cookie value
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,          -- sent back as X-CSRF-Token on every write
  ip TEXT NOT NULL DEFAULT '',
  created_at_ms BIGINT NOT NULL,
  expires_at_ms BIGINT NOT NULL,
  last_seen_at_ms BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- API tokens for systems and scripts: hashed at rest, named, revocable, expiring.
CREATE TABLE api_tokens (
  id BIGSERIAL PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,   -- hex BLAKE2b of the token
  region_scopes TEXT NOT NULL DEFAULT '',  -- comma-separated prefixes narrowing the user's; '' = the user's
  channel TEXT NOT NULL DEFAULT '',  -- integration tokens: the channel their reports carry
  created_at_ms BIGINT NOT NULL,
  expires_at_ms BIGINT,              -- NULL: never
  revoked_at_ms BIGINT,
  last_used_at_ms BIGINT,
  UNIQUE (user_id, name)
);

-- Failed logins per account name and per address, for exponential back-off. Unknown account names
-- are tracked like known ones, so the answers do not tell them apart.
CREATE TABLE login_throttle (
  key TEXT PRIMARY KEY,              -- "user:<lower-case name>" or "ip:<address>"
  failures INTEGER NOT NULL,
  locked_until_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL
);

-- Every write: who, when, from where, what; appended, never changed.
CREATE TABLE audit_log (
  id BIGSERIAL PRIMARY KEY,
  at_ms BIGINT NOT NULL,
  actor_user_id BIGINT,              -- NULL: not a stored user (the command line, an unknown login name)
  actor TEXT NOT NULL,               -- user name, "cli", or the login name tried
  token_id BIGINT,
  ip TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL,              -- e.g. user.create, session.login_failed, calendar.override
  target TEXT NOT NULL DEFAULT '',   -- what it acted on: a user name, a date, a case number
  outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'denied', 'failed')),
  summary TEXT NOT NULL DEFAULT ''   -- JSON: before/after or what was asked; never a secret
);
CREATE INDEX audit_log_at ON audit_log (at_ms);
CREATE INDEX audit_log_actor ON audit_log (actor, at_ms);
CREATE INDEX audit_log_action ON audit_log (action, at_ms);
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
