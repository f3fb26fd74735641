-- 0003 categories: the GB/T 47678.5-2026 directory (installed from the copy embedded in the binary)
-- and a city's local categories (minor classes 900–999 of a standard major class), DOMAIN.md §3.
CREATE TABLE categories (
  kind TEXT NOT NULL CHECK (kind IN ('component', 'matter')),
  code TEXT NOT NULL,
  major_code TEXT NOT NULL,
  major_name TEXT NOT NULL,
  name TEXT NOT NULL,
  standard INTEGER NOT NULL CHECK (standard IN (0, 1)),  -- 1: from the national standard
  enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  synonyms TEXT NOT NULL DEFAULT '',            -- search keywords, one per line
  register_condition TEXT NOT NULL DEFAULT '',  -- 立案条件
  close_condition TEXT NOT NULL DEFAULT '',     -- 结案条件
  PRIMARY KEY (kind, code)
);
