-- 0016 evaluation running totals (issue 7): how many of each counter each unit (region at every
-- level, department, person) has for the cases of one local day (`day`, days since 1970-01-01),
-- changed from the midnight ending `effective_day` on. The figures of a whole-day period at a
-- midnight T are the sum over its days of the rows with effective_day before T's day, read one
-- counter of one scope (a region level, departments, one kind of person) at a time: a range of the
-- key. Kept in the
-- transaction of each case event; `urbangrid evaluate --recompute` rebuilds them from the events.
-- `basis` names the calendar and limits the deadlines were computed under: when it no longer
-- matches, evaluation folds the events instead until the totals are recomputed.
CREATE TABLE evaluation_totals (
  scope INTEGER NOT NULL,
  counter INTEGER NOT NULL,
  day INTEGER NOT NULL,
  unit TEXT NOT NULL,
  effective_day INTEGER NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (scope, counter, day, unit, effective_day)
);
CREATE TABLE evaluation_totals_basis (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  basis TEXT NOT NULL
);
-- One row, always there (writers lock it): '' for a database without cases, whose first event
-- starts the totals; a database that already holds cases has no totals for them: stale until
-- recomputed.
INSERT INTO evaluation_totals_basis (id, basis)
SELECT 1, CASE WHEN EXISTS (SELECT 1 FROM cases) THEN 'stale' ELSE '' END;
