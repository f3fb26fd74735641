-- 0001 foundation (PostgreSQL): the installation record and idempotency keys.
-- Times are UTC milliseconds since the Unix epoch in every backend.

CREATE TABLE instance (
  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
  instance_id TEXT NOT NULL,
  created_at_ms BIGINT NOT NULL
);

INSERT INTO instance (singleton, instance_id, created_at_ms)
VALUES (1, md5(random()::text || clock_timestamp()::text), (extract(epoch FROM clock_timestamp()) * 1000)::bigint);

CREATE TABLE idempotency_keys (
  scope TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  request_fingerprint TEXT NOT NULL,
  response_status INTEGER NOT NULL,
  response_body TEXT NOT NULL,
  created_at_ms BIGINT NOT NULL,
  PRIMARY KEY (scope, idempotency_key)
);

CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at_ms);
