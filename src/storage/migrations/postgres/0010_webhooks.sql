-- 0010 webhooks and deadline notices (issue 6). External systems subscribe to case changes; each
-- change is written to the outbox (webhook_deliveries) in the transaction that makes it, so nothing
-- a caller was told happened can miss its notification, and a dispatcher posts the outbox with
-- retries until the receiver answers 2xx. case_light_notices records each yellow or red crossing of
-- a deadline once, so the scheduler may scan as often as it likes.
CREATE TABLE webhook_subscriptions (
  id BIGSERIAL PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,         -- the external system, e.g. "12345-hotline"
  url TEXT NOT NULL,
  secret TEXT NOT NULL,              -- the HMAC-SHA256 key; shown once at creation
  topics TEXT NOT NULL,              -- comma list: case.event, case.light
  region_prefix TEXT NOT NULL DEFAULT '',  -- only cases whose grid starts with it ('' all)
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at_ms BIGINT NOT NULL
);

CREATE TABLE webhook_deliveries (
  id TEXT PRIMARY KEY,               -- the delivery id receivers deduplicate on
  subscription_id BIGINT NOT NULL REFERENCES webhook_subscriptions (id),
  topic TEXT NOT NULL,
  case_id TEXT NOT NULL,
  payload TEXT NOT NULL,             -- the JSON body, fixed when the change commits
  state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at_ms BIGINT NOT NULL,
  last_status INTEGER,               -- the receiver's HTTP status, NULL when it could not be reached
  last_error TEXT NOT NULL DEFAULT '',
  created_at_ms BIGINT NOT NULL,
  delivered_at_ms BIGINT
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at_ms);
CREATE INDEX webhook_deliveries_subscription ON webhook_deliveries (subscription_id, created_at_ms);

CREATE TABLE case_light_notices (
  case_id TEXT NOT NULL REFERENCES cases (id),
  stage TEXT NOT NULL,
  due_at_ms BIGINT NOT NULL,         -- the deadline that was crossed (a new deadline notifies anew)
  light TEXT NOT NULL CHECK (light IN ('yellow', 'red')),
  at_ms BIGINT NOT NULL,
  PRIMARY KEY (case_id, stage, due_at_ms, light)
);
CREATE INDEX cases_yellow ON cases (yellow_at_ms);
