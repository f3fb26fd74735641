-- 0006 calendar: what this city adds to the shipped national holiday files (DOMAIN.md §5).
-- A year imported by `urbangrid calendar import` (the State Council's notice in holiday-cn format);
-- it replaces a shipped file of the same year.
CREATE TABLE calendar_years (
  year INTEGER PRIMARY KEY,
  document TEXT NOT NULL,         -- the imported JSON, kept as given
  listed_days INTEGER NOT NULL,
  imported_at_ms BIGINT NOT NULL
);

-- Local dates that differ from the national calendar: an extra day off or an extra workday.
CREATE TABLE calendar_overrides (
  date TEXT PRIMARY KEY,          -- YYYY-MM-DD, local date
  workday INTEGER NOT NULL CHECK (workday IN (0, 1)),
  reason TEXT NOT NULL CHECK (reason <> ''),
  updated_at_ms BIGINT NOT NULL
);

-- Bumped by every change above, so running servers see another process's import or override.
CREATE TABLE calendar_revision (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  revision BIGINT NOT NULL
);
INSERT INTO calendar_revision (id, revision) VALUES (1, 0);
