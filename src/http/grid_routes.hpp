// The grid endpoints: GET /api/v1/grids/locate (point → unit grid, community, street, district).
#pragma once

#include "http/router.hpp"
#include "service/grid_service.hpp"

namespace ug::http {

void add_grid_routes(Router& router, service::GridService& grids);

}  // namespace ug::http
