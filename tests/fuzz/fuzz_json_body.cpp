// libFuzzer target: JSON request bodies. The first byte picks the Content-Type header, the rest is
// the body; parse_json_body must return a value or a 4xx error, never crash.
#include <algorithm>
#include <array>
#include <boost/json/serialize.hpp>
#include <cmath>
#include <cstdint>

#include "http/json.hpp"

namespace {

// Equal values, doubles within a relative 1e-14: Boost.JSON 1.81 parses numbers to the nearest
// double only approximately, so a value may move by an ulp through serialise + parse.
bool same(const boost::json::value& a, const boost::json::value& b) {
  if (a.is_double() && b.is_double()) {
    const double x = a.get_double(), y = b.get_double();
    return x == y || std::fabs(x - y) <= 1e-14 * std::max(std::fabs(x), std::fabs(y));
  }
  if (a.kind() != b.kind()) return false;
  if (a.is_array()) {
    const auto &p = a.get_array(), &q = b.get_array();
    if (p.size() != q.size()) return false;
    for (std::size_t i = 0; i < p.size(); ++i) {
      if (!same(p[i], q[i])) return false;
    }
    return true;
  }
  if (a.is_object()) {
    const auto &p = a.get_object(), &q = b.get_object();
    if (p.size() != q.size()) return false;
    for (const auto& [key, item] : p) {
      const auto* other = q.if_contains(key);
      if (other == nullptr || !same(item, *other)) return false;
    }
    return true;
  }
  return a == b;
}

}  // namespace

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
    // What we accept must serialise to valid JSON that parses back to the same value.
    const auto again = ug::http::parse_json_text(boost::json::serialize(*parsed));
    if (!again || !same(*again, *parsed)) __builtin_trap();
  } else if (ug::info(parsed.error().code).http_status >= 500) {
    __builtin_trap();
  }
  return 0;
}
