// The system endpoints: /healthz, /metrics and /api/v1/version.
#pragma once

#include "http/metrics.hpp"
#include "http/router.hpp"
#include "service/system_service.hpp"

namespace ug::http {

void add_system_routes(Router& router, service::SystemService& system, Metrics& metrics);

}  // namespace ug::http
