-- 0005 components: the inventory of 管理部件 (GB/T 47678.5-2026 Table 2) and each status change.
CREATE TABLE components (
  id TEXT PRIMARY KEY,                    -- GLBJBSM, 17 digits
  category_code TEXT NOT NULL,            -- digits 7-11 of the id (a component category)
  name TEXT NOT NULL,                     -- GLBJMC
  supervisor_code TEXT NOT NULL,          -- ZGBMDM
  supervisor_name TEXT NOT NULL,          -- ZGBMMC
  owner_code TEXT NOT NULL DEFAULT '',    -- QSDWDM
  owner_name TEXT NOT NULL DEFAULT '',    -- QSDWMC
  maintainer_code TEXT NOT NULL DEFAULT '',  -- YHDWDM
  maintainer_name TEXT NOT NULL DEFAULT '',  -- YHDWMC
  grid_code TEXT NOT NULL DEFAULT '',     -- SZDYWGBSM, derived from the location
  status TEXT NOT NULL,                   -- GLBJZT
  first_survey_date TEXT NOT NULL,        -- CSRQ, YYYYMMDD
  change_date TEXT NOT NULL DEFAULT '',   -- BGRQ
  data_source TEXT NOT NULL DEFAULT '',   -- SJLY
  remarks TEXT NOT NULL DEFAULT '',       -- BZ
  street_code TEXT NOT NULL DEFAULT '',   -- SZJDDM
  street_name TEXT NOT NULL DEFAULT '',   -- SZJDMC
  community_code TEXT NOT NULL DEFAULT '',  -- SZSQDM
  community_name TEXT NOT NULL DEFAULT '',  -- SZSQMC
  lon_nano BIGINT NOT NULL,               -- location in nanodegrees
  lat_nano BIGINT NOT NULL
);
CREATE INDEX components_category_place ON components (category_code, lon_nano, lat_nano);

CREATE TABLE component_status_history (
  id INTEGER PRIMARY KEY AUTOINCREMENT,  -- order of the changes
  component_id TEXT NOT NULL REFERENCES components (id) ON DELETE CASCADE,
  changed_at_ms BIGINT NOT NULL,
  status TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX component_status_history_component ON component_status_history (component_id, changed_at_ms);
