// See map_layer.hpp.
#include "http/map_layer.hpp"

#include <fmt/format.h>

#include "core/text.hpp"

namespace ug::http {

Response map_layer(const Request& request, const std::string& made_from, const std::function<std::string()>& make) {
  const auto etag = fmt::format("\"{:016x}\"", fnv1a(made_from));
  Response response;
  response.set_header("etag", etag);
  response.set_header("cache-control", "private, no-cache");
  // A browser that got the gzip form sends its tag back ("…-gz", see compress_answer).
  const auto gzip_etag = etag.substr(0, etag.size() - 1) + "-gz\"";
  if (const auto match = request.header("if-none-match");
      match && (etag_matches(*match, etag) || etag_matches(*match, gzip_etag))) {
    response.status = 304;
    return response;
  }
  response.status = 200;
  response.set_header("content-type", "application/geo+json");
  response.body = make();
  return response;
}

}  // namespace ug::http
