// GET /api/v1/routing/suggest: the department a case of a category at a point should go to, the
// rule that decided (or the fallback) and why.
#pragma once

#include "http/router.hpp"
#include "service/routing_service.hpp"

namespace ug::http {

void add_routing_routes(Router& router, service::RoutingService& routing);

}  // namespace ug::http
