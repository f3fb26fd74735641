// Repository interfaces: what the service layer may ask of storage. Each backend implements them
// (today through the shared SQL implementations in storage/sql_*). Later issues add repositories
// for places, calendar, accounts and cases here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace ug::storage {

// The first result of a write that must not be repeated (an intake or a case action sent again
// with the same Idempotency-Key). `scope` separates callers (an account or a token), so two
// systems cannot collide on a key; `request_fingerprint` detects a key reused for another request.
struct IdempotencyRecord {
  std::string scope;
  std::string key;
  std::string request_fingerprint;
  int response_status = 0;
  std::string response_body;
  UnixMillis created_at = 0;
};

class IdempotencyRepository {
 public:
  virtual ~IdempotencyRepository() = default;
  virtual Result<std::optional<IdempotencyRecord>> find(std::string_view scope, std::string_view key) = 0;
  // ErrorCode::conflict when (scope, key) is already recorded.
  virtual Result<void> insert(const IdempotencyRecord& record) = 0;
  // Forgets records created before `cutoff`; returns how many.
  virtual Result<std::int64_t> purge_created_before(UnixMillis cutoff) = 0;
};

// Facts about this installation, stored in the database itself.
struct InstanceInfo {
  std::string instance_id;  // random, fixed when the database was created
  UnixMillis created_at = 0;
};

class InstanceRepository {
 public:
  virtual ~InstanceRepository() = default;
  virtual Result<InstanceInfo> get() = 0;
};

}  // namespace ug::storage
