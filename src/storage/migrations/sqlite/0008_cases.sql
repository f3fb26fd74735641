-- 0008 cases (issue 6): the case row (a projection of its events, rebuilt by `urbangrid cases
-- rebuild`), the append-only event log that is the source of truth, the reporter's contact kept
-- apart from both (personal data, masked on the way out), and the daily case-number counter.
CREATE TABLE case_numbers (
  day TEXT PRIMARY KEY,              -- YYYYMMDD in local time
  last_sequence BIGINT NOT NULL
);

CREATE TABLE cases (
  id TEXT PRIMARY KEY,               -- case number: YYYYMMDD + 6-digit daily sequence
  version BIGINT NOT NULL,           -- events applied
  state TEXT NOT NULL,
  stage TEXT NOT NULL,               -- the stage of the state (accept … close, handling, none)
  channel TEXT NOT NULL,
  tracking_code TEXT UNIQUE,         -- public channels only
  description TEXT NOT NULL,
  category_code TEXT NOT NULL DEFAULT '',
  component_id TEXT NOT NULL DEFAULT '',
  urgency TEXT NOT NULL CHECK (urgency IN ('normal', 'urgent', 'critical')),
  lon_nano BIGINT,                   -- NULL: an address not yet placed on the map
  lat_nano BIGINT,
  address TEXT NOT NULL DEFAULT '',
  grid_code TEXT NOT NULL DEFAULT '',
  community_code TEXT NOT NULL DEFAULT '',
  street_code TEXT NOT NULL DEFAULT '',
  district_code TEXT NOT NULL DEFAULT '',
  external_ref TEXT NOT NULL DEFAULT '',
  reporter_user_id BIGINT,
  suggested_department_id TEXT NOT NULL DEFAULT '',
  department_id TEXT NOT NULL DEFAULT '',
  pending INTEGER NOT NULL DEFAULT 0,
  requested_extension TEXT NOT NULL DEFAULT '',
  rework_count INTEGER NOT NULL DEFAULT 0,
  reopen_count INTEGER NOT NULL DEFAULT 0,
  supervision_count INTEGER NOT NULL DEFAULT 0,
  return_count INTEGER NOT NULL DEFAULT 0,
  dispatch_count INTEGER NOT NULL DEFAULT 0,
  merged_into TEXT NOT NULL DEFAULT '',
  satisfaction TEXT NOT NULL DEFAULT '',
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  closed_at_ms BIGINT,
  stage_clock TEXT NOT NULL DEFAULT '',     -- "stage started_at_ms value unit", '' none
  handling_clock TEXT NOT NULL DEFAULT '',  -- "start value unit|ext,…|from-until,…", '' none
  due_at_ms BIGINT,                  -- the current stage's deadline under the calendar in force
  yellow_at_ms BIGINT,
  red_at_ms BIGINT,
  handling_due_at_ms BIGINT,
  provisional INTEGER NOT NULL DEFAULT 0 CHECK (provisional IN (0, 1))
);
CREATE INDEX cases_state ON cases (state, id);
CREATE INDEX cases_department ON cases (department_id, state);
CREATE INDEX cases_grid ON cases (grid_code);
CREATE INDEX cases_updated ON cases (updated_at_ms, id);
CREATE INDEX cases_red ON cases (red_at_ms);
CREATE INDEX cases_place ON cases (lon_nano, lat_nano);
CREATE INDEX cases_merged_into ON cases (merged_into);
CREATE INDEX cases_external_ref ON cases (channel, external_ref);

-- The source of truth: one row per action, never changed. `id` orders all events of the
-- deployment (live streams and evaluation read forward from a position).
CREATE TABLE case_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  case_id TEXT NOT NULL REFERENCES cases (id),
  sequence BIGINT NOT NULL,
  action TEXT NOT NULL,
  actor TEXT NOT NULL,
  actor_user_id BIGINT,
  role TEXT NOT NULL,
  channel TEXT NOT NULL,
  at_ms BIGINT NOT NULL,
  from_state TEXT,                   -- NULL for the intake
  to_state TEXT NOT NULL,
  payload TEXT NOT NULL,             -- JSON object of text fields
  UNIQUE (case_id, sequence)
);
CREATE INDEX case_events_action ON case_events (action, at_ms);
CREATE TRIGGER case_events_append_only_update BEFORE UPDATE ON case_events
BEGIN
  SELECT RAISE(ABORT, 'case_events is append-only');
END;
CREATE TRIGGER case_events_append_only_delete BEFORE DELETE ON case_events
BEGIN
  SELECT RAISE(ABORT, 'case_events is append-only');
END;

-- Who reported it and how to call them back: personal data, stored once, masked for most roles.
CREATE TABLE case_reporters (
  case_id TEXT PRIMARY KEY REFERENCES cases (id),
  name TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT ''
);
