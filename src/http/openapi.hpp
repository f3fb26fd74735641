// Builds the OpenAPI 3.1 description of every registered route and serves it at
// /api/v1/openapi.json. Register it last: it describes the routes present when first requested.
#pragma once

#include <boost/json/value.hpp>
#include <string_view>

#include "http/router.hpp"

namespace ug::http {

boost::json::value build_openapi_document(const Router& router, std::string_view version);
void add_openapi_route(Router& router, std::string version);

}  // namespace ug::http
