// append_audit: the caller's identity and address, the time, and what was done.
#include "service/audit_log.hpp"

#include "core/clock.hpp"

namespace ug::service {

Result<void> append_audit(storage::Transaction& tx, const access::Principal& caller, std::string action,
                          std::string target, std::string outcome, std::string summary) {
  storage::AuditRecord record;
  record.at = now_unix_millis();
  if (caller.user_id != 0) record.actor_user_id = caller.user_id;
  record.actor = caller.username;
  record.token_id = caller.token_id;
  record.ip = caller.address;
  record.action = std::move(action);
  record.target = std::move(target);
  record.outcome = std::move(outcome);
  record.summary = std::move(summary);
  UG_TRY(tx.audit().append(record));
  return {};
}

}  // namespace ug::service
