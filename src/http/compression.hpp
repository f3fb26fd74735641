// gzip for what the server sends (issue 22 §3): the web UI's files (compressed once, when cached)
// and every API answer over a size (compressed as it leaves), through zlib. A 3.7 MB grid layer is
// about a tenth of that on the wire.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "http/message.hpp"

namespace ug::http {

// Bodies smaller than this are sent as they are: gzip's header and the work cost more than they save.
inline constexpr std::size_t kMinGzipBytes = 1024;

// Whether a media type is text worth compressing (JSON, GeoJSON, JavaScript, CSS, HTML, SVG …).
bool compressible(std::string_view media_type);
// True when the client's Accept-Encoding admits gzip (a q=0 refuses it).
bool accepts_gzip(std::string_view accept_encoding);
// gzip of `data` at zlib `level` (1 fastest … 9 smallest); null when it would not be smaller.
std::shared_ptr<const std::string> gzip(std::string_view data, int level);

// An API answer compressed in place when the client takes gzip, the body is compressible and at
// least kMinGzipBytes, and it is not an event stream or already encoded; `Vary: Accept-Encoding`
// on every compressible answer, so a cache keeps the two forms apart. A map layer's ETag gets the
// "-gz" suffix a gzip representation needs (RFC 9110 §8.8.3), as static files do.
void compress_answer(const Request& request, Response& response);
// The body replaced by its gzip form made earlier (a cached layer), with the headers and tag
// compress_answer gives.
void use_gzipped(Response& response, const std::string& gzipped);

}  // namespace ug::http
