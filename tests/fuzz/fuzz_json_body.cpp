// libFuzzer target: JSON request bodies. The first byte picks the Content-Type header, the rest is
// the body; parse_json_body must return a value or a 4xx error, never crash.
#include <array>
#include <boost/json/serialize.hpp>
#include <cstdint>

#include "http/json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static constexpr std::array<const char*, 5> types = {"application/json", "application/json; charset=utf-8",
                                                       "text/plain", "application/json; charset=gbk", ""};
  if (size == 0) return 0;
  ug::http::Request request;
  request.method = ug::http::Method::post;
  if (const char* type = types[data[0] % types.size()]; type[0] != '\0')
    request.headers.emplace_back("content-type", type);
  request.body.assign(reinterpret_cast<const char*>(data + 1), size - 1);
  const auto parsed = ug::http::parse_json_body(request);
  if (parsed) {
    // What we accept must serialise and parse back to the same value.
    const auto again = ug::http::parse_json_text(boost::json::serialize(*parsed));
    if (!again || *again != *parsed) __builtin_trap();
  } else if (ug::info(parsed.error().code).http_status >= 500) {
    __builtin_trap();
  }
  return 0;
}
