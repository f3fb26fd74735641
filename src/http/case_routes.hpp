// The case routes: intake, queues, a case with its timeline and deadlines, actions with version
// checks and Idempotency-Key, duplicate previews, ledgers, and the public (no account) citizen
// routes behind per-address rate limits.
#pragma once

#include <string>
#include <vector>

#include "http/router.hpp"
#include "service/case_export.hpp"
#include "service/case_service.hpp"

namespace ug::http {

struct CaseHttpSettings {
  int utc_offset_minutes = 480;              // instants are written in local time
  std::vector<std::string> trusted_proxies;  // for the public routes' client address
  int public_reports_per_minute_per_address = 5;
  int public_reads_per_minute_per_address = 60;
};

void add_case_routes(Router& router, service::CaseService& cases, service::CaseExport& exports,
                     CaseHttpSettings settings);

}  // namespace ug::http
