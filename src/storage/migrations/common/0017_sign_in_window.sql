-- 0017 sign-in back-off over a sliding window, and the age of passwords (issue 19).
-- One row per failed sign-in and throttle key ("user:<lower-case name>" or "ip:<address>"). Back-off
-- counts only the failures of the last auth.*_failure_window_minutes, so old ones stop counting;
-- it replaces login_throttle, whose counters never decayed. Kept in the database: every app node
-- sees the same failures.
CREATE TABLE login_failures (
  key TEXT NOT NULL,
  at_ms BIGINT NOT NULL
);
CREATE INDEX login_failures_key_at ON login_failures (key, at_ms);
CREATE INDEX login_failures_at ON login_failures (at_ms);
DROP TABLE login_throttle;

-- When the password was last set, for auth.password_max_age_days; an existing password counts from
-- its account's last change.
ALTER TABLE users ADD COLUMN password_changed_at_ms BIGINT NOT NULL DEFAULT 0;
UPDATE users SET password_changed_at_ms = updated_at_ms;
