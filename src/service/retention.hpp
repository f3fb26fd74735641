// Retention (issue 19): what the law says how long to keep. The audit log for at least 180 days
// (网络安全法 §21: network logs no less than six months), then no longer than the operator's
// setting; reporters' phone numbers only as long as call-backs need them after the case closed
// (个人信息保护法 §19: the shortest time the purpose needs). The server runs this periodically;
// each run that erased anything leaves its own audit entry.
#pragma once

#include <cstdint>
#include <functional>

#include "core/clock.hpp"
#include "storage/database.hpp"

namespace ug::service {

inline constexpr int kMinimumAuditRetentionDays = 180;  // 网络安全法 §21; the schema enforces it too

struct RetentionSettings {
  int audit_days = kMinimumAuditRetentionDays;
  int reporter_phone_days = 365;  // after closing; 0: phone numbers are kept
  std::function<std::int64_t()> clock = now_unix_millis;
};

struct RetentionRun {
  std::int64_t audit_entries_deleted = 0;
  std::int64_t reporter_phones_erased = 0;
  bool erased_anything() const { return audit_entries_deleted > 0 || reporter_phones_erased > 0; }
};

class RetentionService {
 public:
  RetentionService(storage::Database& db, RetentionSettings settings) : db_(db), settings_(std::move(settings)) {}
  // One pass, in one transaction: what expired is erased and the run is audited, or nothing is.
  Result<RetentionRun> erase_expired();

 private:
  storage::Database& db_;
  RetentionSettings settings_;
};

}  // namespace ug::service
