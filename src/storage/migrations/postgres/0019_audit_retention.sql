-- 0019 audit retention (issue 19): the audit log stays append-only, except that entries older
-- than 180 days may be deleted once the retention setting (retention.audit_days, at least 180)
-- expires them. 网络安全法 §21 requires network logs be kept at least six months; the database
-- itself refuses an earlier delete, whatever a caller asks.
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND OLD.at_ms < (floor(extract(epoch FROM now())) * 1000)::bigint - 180::bigint * 86400000 THEN
    RETURN OLD;
  END IF;
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'audit_log is append-only: entries are kept at least 180 days';
  END IF;
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
