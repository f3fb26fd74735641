-- 0009 attachments (issue 6): photos uploaded before they join a case. The bytes live in files
-- named by their SHA-256 under var/ (the same photo sent twice is stored once); a row here is one
-- upload: who sent it, what it is, where its EXIF says it was taken, and, once a report or an action
-- used it, the case and the role it plays there (before: the problem; after: the result).
CREATE TABLE attachments (
  id TEXT PRIMARY KEY,
  sha256 TEXT NOT NULL,
  media_type TEXT NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png', 'image/webp')),
  public_media_type TEXT NOT NULL,
  size_bytes BIGINT NOT NULL,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  gps_lon_nano BIGINT,
  gps_lat_nano BIGINT,
  uploaded_by_user_id BIGINT,        -- NULL: the public, account-less upload
  uploader TEXT NOT NULL,            -- username, or "public"
  created_at_ms BIGINT NOT NULL,
  case_id TEXT REFERENCES cases (id),
  role TEXT CHECK (role IN ('before', 'after')),
  event_sequence BIGINT,             -- the event that used it
  CHECK ((case_id IS NULL) = (role IS NULL))
);
CREATE INDEX attachments_case ON attachments (case_id, event_sequence);
CREATE INDEX attachments_sha256 ON attachments (sha256);
