// The category endpoints: GET /api/v1/categories (the directory, searchable). Writes come with the
// accounts issue (they need the manage-categories permission); until then: `urbangrid category`.
#pragma once

#include "http/router.hpp"
#include "service/category_service.hpp"

namespace ug::http {

void add_category_routes(Router& router, service::CategoryService& categories);

}  // namespace ug::http
