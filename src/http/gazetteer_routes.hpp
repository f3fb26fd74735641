// Routes of the address gazetteer (issue 22): place search, reverse geocoding, imports.
#pragma once

#include "http/router.hpp"
#include "service/gazetteer_service.hpp"

namespace ug::http {

void add_gazetteer_routes(Router& router, service::GazetteerService& gazetteer);

}  // namespace ug::http
