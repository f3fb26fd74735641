// Use cases about the running system itself: health (is the database reachable and at the schema
// this binary expects?) and identity (version, backend, installation id). Shared by /healthz,
// /api/v1/version and the command line.
#pragma once

#include <string>

#include "core/result.hpp"
#include "storage/database.hpp"

namespace ug::service {

struct HealthReport {
  bool healthy = false;
  std::string backend;
  int schema_version = 0;
  int expected_schema_version = 0;
  std::int64_t database_latency_us = 0;  // round trip of the check query
  std::string problem;                   // public text; empty when healthy
};

struct VersionInfo {
  std::string version;
  std::string commit;
  std::string backend;
};

class SystemService {
 public:
  explicit SystemService(storage::Database& db) : db_(db) {}

  // Touches the database; never fails: an unhealthy system is a report, not an error.
  HealthReport health();
  VersionInfo version() const;

 private:
  storage::Database& db_;
};

}  // namespace ug::service
