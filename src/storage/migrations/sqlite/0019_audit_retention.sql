-- 0019 audit retention (issue 19): the audit log stays append-only, except that entries older
-- than 180 days may be deleted once the retention setting (retention.audit_days, at least 180)
-- expires them. 网络安全法 §21 requires network logs be kept at least six months; the database
-- itself refuses an earlier delete, whatever a caller asks.
DROP TRIGGER audit_log_append_only_delete;
CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
WHEN OLD.at_ms >= (CAST(strftime('%s', 'now') AS INTEGER) - 180 * 86400) * 1000
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only: entries are kept at least 180 days');
END;
