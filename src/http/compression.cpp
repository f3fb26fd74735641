// See compression.hpp.
#include "http/compression.hpp"

#include <zlib.h>

#include "core/text.hpp"

namespace ug::http {

bool compressible(std::string_view mime) {
  return mime.starts_with("text/") || mime.starts_with("application/json") ||
         mime.starts_with("application/javascript") || mime.starts_with("application/geo+json") ||
         mime.starts_with("image/svg+xml") || mime.starts_with("application/manifest+json") ||
         mime.starts_with("application/problem+json");
}

bool accepts_gzip(std::string_view accept_encoding) {
  const std::string lower = ascii_lower(accept_encoding);
  for (const auto item : split_list(lower)) {
    const auto params = split_list(item, ';');
    if (params.empty() || (params[0] != "gzip" && params[0] != "*")) continue;
    for (std::size_t i = 1; i < params.size(); ++i) {
      if (!params[i].starts_with("q=")) continue;
      const auto q = params[i].substr(2);
      if (q.find_first_not_of("0.") == std::string_view::npos) return false;  // q=0, q=0.0, q=0.000
    }
    return true;
  }
  return false;
}

std::shared_ptr<const std::string> gzip(std::string_view data, int level) {
  z_stream stream{};
  if (deflateInit2(&stream, level, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) return nullptr;
  std::string out(deflateBound(&stream, static_cast<uLong>(data.size())), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  if (rc != Z_STREAM_END || out.size() >= data.size()) return nullptr;
  return std::make_shared<const std::string>(std::move(out));
}

void compress_answer(const Request& request, Response& response) {
  if (response.stream || response.header("content-encoding")) return;
  const auto type = response.header("content-type");
  if (!type || !compressible(*type)) return;
  response.set_header("vary", "Accept-Encoding");
  if (response.body.size() < kMinGzipBytes) return;
  const auto encoding = request.header("accept-encoding");
  if (!encoding || !accepts_gzip(*encoding)) return;
  // Level 1 keeps a queue page's cost small; large answers (map layers) are worth level 6.
  const auto packed = gzip(response.body, response.body.size() > 256 * 1024 ? 6 : 1);
  if (packed) use_gzipped(response, *packed);
}

void use_gzipped(Response& response, const std::string& gzipped) {
  response.body = gzipped;
  response.set_header("content-encoding", "gzip");
  response.set_header("vary", "Accept-Encoding");
  if (const auto etag = response.header("etag"); etag && etag->size() >= 2 && etag->back() == '"') {
    std::string tagged(*etag);
    tagged.insert(tagged.size() - 1, "-gz");
    response.set_header("etag", std::move(tagged));
  }
}

}  // namespace ug::http
