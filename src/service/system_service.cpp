// SystemService: health checks measured against the schema version embedded in this binary.
#include "service/system_service.hpp"

#include <fmt/format.h>

#include <chrono>

#include "core/build_info.hpp"
#include "storage/migrations.hpp"

namespace ug::service {

HealthReport SystemService::health() {
  HealthReport report;
  report.backend = std::string(storage::to_string(db_.backend()));
  report.expected_schema_version = storage::latest_schema_version(db_.backend());
  const auto start = std::chrono::steady_clock::now();
  auto version = db_.schema_version();
  report.database_latency_us =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start).count();
  if (!version) {
    report.problem = "数据库不可用";
    return report;
  }
  report.schema_version = *version;
  if (*version != report.expected_schema_version) {
    report.problem = fmt::format("数据库结构版本为 {}，应为 {}（请运行 urbangrid migrate）", *version,
                                 report.expected_schema_version);
    return report;
  }
  report.healthy = true;
  return report;
}

VersionInfo SystemService::version() const {
  const auto& build = build_info();
  return {std::string(build.version), std::string(build.commit), std::string(storage::to_string(db_.backend()))};
}

}  // namespace ug::service
