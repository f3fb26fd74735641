-- 0004 responsibility: organisation units (centres, departments, street offices) and the
-- responsibility matrix of DOMAIN.md §6. The accounts issue adds users to these same units.
CREATE TABLE org_units (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('supervision_centre', 'command_centre', 'department', 'street_office', 'other')),
  parent_id TEXT REFERENCES org_units (id),
  street_code TEXT,  -- the 9-digit street a street office serves (属地兜底)
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);
CREATE UNIQUE INDEX org_units_street_office ON org_units (street_code) WHERE kind = 'street_office';

CREATE TABLE responsibility_rules (
  id BIGSERIAL PRIMARY KEY,
  matter_code TEXT NOT NULL DEFAULT '',  -- 5 digits, or '' (then major_code, or any category)
  major_code TEXT NOT NULL DEFAULT '',
  area_prefix TEXT NOT NULL DEFAULT '',  -- grid code prefix; '' anywhere
  urgency TEXT CHECK (urgency IN ('normal', 'urgent', 'critical')),  -- NULL: any
  department_id TEXT NOT NULL REFERENCES org_units (id),
  limit_value BIGINT NOT NULL CHECK (limit_value > 0),
  limit_unit TEXT NOT NULL CHECK (limit_unit IN ('natural_minutes', 'natural_hours', 'natural_days',
                                                 'working_minutes', 'working_hours', 'working_days'))
);
