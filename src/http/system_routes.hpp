// The system endpoints: /healthz, /metrics (behind its own token), /api/v1/version and the web
// UI's map settings.
#pragma once

#include <string>

#include "http/metrics.hpp"
#include "http/router.hpp"
#include "service/system_service.hpp"

namespace ug::http {

// What the browser needs to draw its maps; open, as the citizens' pages show maps too.
struct MapSettings {
  std::string tile_url;
  std::string tile_attribution;
  int tile_max_zoom = 18;
};

// /metrics answers only a request bearing `metrics_token` (issue 19: the figures describe the
// deployment, its routes and load); with an empty token it answers 404 to everyone.
void add_system_routes(Router& router, service::SystemService& system, Metrics& metrics, MapSettings map,
                       std::string metrics_token);

}  // namespace ug::http
