-- 0011 deferred indexes and the ledger index (issue 6). A bulk load (`urbangrid demo simulate`) drops the secondary
-- indexes of the tables it fills and builds each once at the end, which is far cheaper than
-- updating them row by row. Each dropped index's definition is recorded here in the transaction
-- that drops it, so if the load is killed, the next start of any command rebuilds what is listed.
CREATE TABLE deferred_indexes (
  name TEXT PRIMARY KEY,
  table_name TEXT NOT NULL,
  definition TEXT NOT NULL,          -- the CREATE INDEX statement as the database reported it
  deferred_at_ms BIGINT NOT NULL
);

-- The event index served only the ledgers (supervision, redo, callback), which read three actions
-- out of some thirty: a partial index holds a tenth of the events, and the others no longer pay for
-- an index entry when written.
DROP INDEX case_events_action;
CREATE INDEX case_events_ledger ON case_events (action, at_ms) WHERE action IN ('supervise', 'reopen', 'callback');
