-- 0021 processes (issue 21 §2–3): the kinds of work beside the case loop run on the process engine
-- (src/workflow/process.hpp). Their events are append-only, one log for every process; each item's
-- row is the fold of its events (`urbangrid cases rebuild` checks it). The first process is the 督办
-- notice: the notices recorded as `supervise` events of cases until now become archived items (the
-- case events stay and still fold), and the case row's supervision_count, now read from the
-- notices, goes.
CREATE TABLE process_numbers (
  process TEXT NOT NULL,
  period TEXT NOT NULL,              -- the year an item number counts in
  last_number BIGINT NOT NULL,
  PRIMARY KEY (process, period)
);

CREATE TABLE process_items (
  id TEXT PRIMARY KEY,               -- e.g. DB2026-00001
  process TEXT NOT NULL,
  case_id TEXT NOT NULL DEFAULT '',  -- the case it concerns, '' none
  state TEXT NOT NULL,
  open INTEGER NOT NULL CHECK (open IN (0, 1)),
  version BIGINT NOT NULL,
  unit TEXT NOT NULL DEFAULT '',     -- who must act next (org unit id, '' the centre)
  level TEXT NOT NULL DEFAULT '',
  due_at_ms BIGINT,
  opened_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  closed_at_ms BIGINT,
  fields TEXT NOT NULL DEFAULT '{}'  -- JSON object of the other text fields
);
CREATE INDEX process_items_case ON process_items (case_id, process);
CREATE INDEX process_items_open_due ON process_items (process, open, due_at_ms);
CREATE INDEX process_items_opened ON process_items (process, opened_at_ms, id);

CREATE TABLE process_events (
  item_id TEXT NOT NULL,
  sequence BIGINT NOT NULL,
  process TEXT NOT NULL,
  action TEXT NOT NULL,
  actor TEXT NOT NULL,
  actor_user_id BIGINT,
  role TEXT NOT NULL,
  at_ms BIGINT NOT NULL,
  from_state TEXT NOT NULL,          -- '' for the event that made the item
  to_state TEXT NOT NULL,
  payload TEXT NOT NULL,             -- JSON object of text fields
  PRIMARY KEY (item_id, sequence)
);
CREATE INDEX process_events_process ON process_events (process, at_ms);
CREATE FUNCTION process_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'process_events is append-only';
END;
$$;
CREATE TRIGGER process_events_append_only BEFORE UPDATE OR DELETE ON process_events
  FOR EACH ROW EXECUTE FUNCTION process_events_append_only();

-- The 督办 notices of before: one archived item each, its level as a code.
INSERT INTO process_events (item_id, sequence, process, action, actor, actor_user_id, role, at_ms, from_state,
                            to_state, payload)
SELECT 'DB' || case_id || '-' || sequence, 1, 'supervision', 'archive', actor, actor_user_id, role, at_ms, '',
       'archived',
       (payload::jsonb || jsonb_build_object('case', case_id, 'level',
          CASE payload::jsonb ->> 'level' WHEN '重点' THEN 'important' WHEN '挂牌' THEN 'listed' ELSE 'normal' END))::text
FROM case_events WHERE action = 'supervise';
INSERT INTO process_items (id, process, case_id, state, open, version, unit, level, due_at_ms, opened_at_ms,
                           updated_at_ms, closed_at_ms, fields)
SELECT item_id, 'supervision', payload::jsonb ->> 'case', 'archived', 0, 1, '', payload::jsonb ->> 'level',
       NULL, at_ms, at_ms, at_ms, (payload::jsonb - 'case' - 'level')::text
FROM process_events WHERE process = 'supervision' AND action = 'archive';

ALTER TABLE cases DROP COLUMN supervision_count;
