// Component endpoints: GET /api/v1/components/nearest and GET /api/v1/components/{id}.
#pragma once

#include "http/router.hpp"
#include "service/component_service.hpp"

namespace ug::http {

void add_component_routes(Router& router, service::ComponentService& components);

}  // namespace ug::http
