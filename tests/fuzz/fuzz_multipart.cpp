// libFuzzer target: multipart/form-data uploads. The first byte's low bits pick a boundary, the rest
// is the body; parse_multipart must return parts that lie inside the body, or a 400, never crash.
#include <array>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "http/multipart.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static constexpr std::array<std::string_view, 4> kContentTypes = {
      "multipart/form-data; boundary=B", "multipart/form-data; boundary=\"----a b\"",
      "multipart/form-data; boundary=XyZ; charset=utf-8", "multipart/form-data; boundary=\"unterminated"};
  const auto boundary = ug::http::multipart_boundary(kContentTypes[data[0] % kContentTypes.size()]);
  if (!boundary) return 0;
  const std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
  const auto parts = ug::http::parse_multipart(body, *boundary);
  if (!parts) {
    if (parts.error().code != ug::ErrorCode::bad_request) std::abort();
    return 0;
  }
  for (const auto& part : *parts) {
    if (part.name.empty() || part.body.data() < body.data() ||
        part.body.data() + part.body.size() > body.data() + body.size()) {
      std::abort();
    }
  }
  return 0;
}
