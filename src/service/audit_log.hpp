// The audit trail every write use case appends to, inside the transaction of the change itself, so
// that no change is stored without its entry and no entry without its change.
#pragma once

#include <string>

#include "access/principal.hpp"
#include "storage/database.hpp"

namespace ug::service {

// One entry: `caller` (user, token, address) did `action` to `target`; `summary` is a JSON object
// (before/after or what was asked) and never holds a secret.
Result<void> append_audit(storage::Transaction& tx, const access::Principal& caller, std::string action,
                          std::string target, std::string outcome = "ok", std::string summary = "{}");

}  // namespace ug::service
