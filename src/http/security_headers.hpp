// The headers every answer carries (issue 19) so that a browser confines the web UI: what it may
// load (Content-Security-Policy, built for what the Vite build and Leaflet need), that no other
// site may frame it (clickjacking), how much of our URLs it tells other sites (Referrer-Policy),
// and that it never guesses a content type (X-Content-Type-Options).
#pragma once

#include <string>
#include <string_view>

#include "http/message.hpp"

namespace ug::http {

// The CSP source of the map tiles' origin from a Leaflet URL template (`https://t{s}.example.cn/{z}/…`
// → `https://*.example.cn`); "" when there is no tile server or its host cannot be expressed.
std::string tile_source(std::string_view tile_url_template);

// The header set for a UI whose base map comes from `tile_url_template` ("" for none).
HeaderList security_headers(std::string_view tile_url_template);

}  // namespace ug::http
