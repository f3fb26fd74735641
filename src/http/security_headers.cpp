// security_headers: the policy is fixed but for the tile server's origin, read from map.tile_url.
//
// What the built UI needs, and why each directive allows it:
//   script-src 'self'            Vite emits module scripts as files; there are no inline scripts.
//   style-src 'self' 'unsafe-inline'  Leaflet positions tiles and markers with inline styles, and
//                                the components set style attributes (chart and map heights).
//   img-src 'self' data: blob: <tiles>  data: for the favicon placeholder and Leaflet's icons,
//                                blob: for photo previews before upload, the tile server for maps.
//   connect-src 'self'           fetch and the event stream go to our own API only.
//   frame-ancestors 'none'       with X-Frame-Options DENY for browsers without CSP level 2.
#include "http/security_headers.hpp"

#include "core/text.hpp"

namespace ug::http {

std::string tile_source(std::string_view url) {
  std::string_view scheme;
  if (url.starts_with("https://")) {
    scheme = "https://";
  } else if (url.starts_with("http://")) {
    scheme = "http://";
  } else {
    return {};
  }
  url.remove_prefix(scheme.size());
  const auto authority = url.substr(0, url.find('/'));
  if (authority.empty() || authority.find_first_of("@ ;,'\"") != std::string_view::npos) return {};
  // A templated label ({s} subdomains) becomes the wildcard, which CSP allows only leftmost.
  const auto dot = authority.find('.');
  const auto first_label = authority.substr(0, dot);
  std::string host;
  if (first_label.find('{') != std::string_view::npos) {
    if (dot == std::string_view::npos) return {};
    host = "*" + std::string(authority.substr(dot));
  } else {
    host = std::string(authority);
  }
  if (host.find_first_of("{}") != std::string::npos) return {};
  return std::string(scheme) + ascii_lower(host);
}

HeaderList security_headers(std::string_view tile_url_template) {
  std::string images = "'self' data: blob:";
  if (const auto tiles = tile_source(tile_url_template); !tiles.empty()) images += " " + tiles;
  return {{"content-security-policy",
           "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src " + images +
               "; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
               "frame-ancestors 'none'"},
          {"x-frame-options", "DENY"},
          {"referrer-policy", "strict-origin-when-cross-origin"},
          {"x-content-type-options", "nosniff"}};
}

}  // namespace ug::http
