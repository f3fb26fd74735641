-- 0002 places (postgres): administrative divisions, unit grids and responsibility grids (DOMAIN.md §2).

-- Province (2 digits), city (4), district/county (6), street/town (9), community/village (12).
CREATE TABLE divisions (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('province', 'city', 'district', 'street', 'community')),
  parent_code TEXT REFERENCES divisions (code),
  synthetic INTEGER NOT NULL DEFAULT 0 CHECK (synthetic IN (0, 1))  -- 1: made by the demo, not official
);
CREATE INDEX divisions_parent ON divisions (parent_code);

-- Unit grids. The division columns are filled when the code's prefix names a known division; no
-- foreign key, because cities load grids before divisions.
CREATE TABLE unit_grids (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL DEFAULT '',
  district_code TEXT,
  street_code TEXT,
  community_code TEXT,
  geometry TEXT NOT NULL,  -- GeoJSON Polygon or MultiPolygon, WGS84, 9 decimals
  area_m2 DOUBLE PRECISION NOT NULL,
  imported_at_ms BIGINT NOT NULL
);
CREATE INDEX unit_grids_community ON unit_grids (community_code);

CREATE TABLE responsibility_grids (
  id BIGSERIAL PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT ''
);

CREATE TABLE responsibility_grid_members (
  responsibility_grid_id BIGINT NOT NULL REFERENCES responsibility_grids (id) ON DELETE CASCADE,
  unit_grid_code TEXT NOT NULL REFERENCES unit_grids (code) ON DELETE CASCADE,
  PRIMARY KEY (responsibility_grid_id, unit_grid_code)
);
