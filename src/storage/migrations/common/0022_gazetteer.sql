-- 0022 the address gazetteer (地名地址库, issue 22): roads with their names, aliases and centre
-- lines, and address points (a road and a house number, a named building, or both). Servers keep
-- both in memory for geocoding; the 'gazetteer' change marker tells them when to reload.
CREATE TABLE roads (
  name TEXT PRIMARY KEY,
  aliases TEXT NOT NULL DEFAULT '',        -- other names, separated by '|'
  district_code TEXT NOT NULL DEFAULT '',
  geometry TEXT NOT NULL,                  -- GeoJSON MultiLineString, WGS84, 7 decimals
  synthetic INTEGER NOT NULL DEFAULT 0 CHECK (synthetic IN (0, 1))  -- 1: made by the demo
);
CREATE TABLE address_points (
  road TEXT NOT NULL,                      -- '' for a building known only by its name
  number TEXT NOT NULL,                    -- '12', '12-1', '123弄4'; '' without one
  building TEXT NOT NULL,                  -- a building or POI name; '' without one
  community_code TEXT NOT NULL DEFAULT '',
  lon_nano BIGINT NOT NULL,
  lat_nano BIGINT NOT NULL,
  synthetic INTEGER NOT NULL DEFAULT 0 CHECK (synthetic IN (0, 1)),
  PRIMARY KEY (road, number, building)
);
INSERT INTO change_markers (name, version) VALUES ('gazetteer', 0);
