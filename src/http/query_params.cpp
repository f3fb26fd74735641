// Query parameter parsing shared by the routes.
#include "http/query_params.hpp"

#include <fmt/format.h>
#include <charconv>

namespace ug::http {

Result<double> number_query_param(const Request& request, const std::string& name, double min, double max,
                                  std::optional<double> fallback) {
  const auto text = request.query_param(name);
  if (!text || text->empty()) {
    if (fallback) return *fallback;
    return fail(Error(ErrorCode::validation_failed, "缺少参数 " + name).with("field", name));
  }
  double value = 0;
  const auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || ptr != text->data() + text->size() || !(value >= min && value <= max)) {
    return fail(Error(ErrorCode::validation_failed, fmt::format("参数 {} 应为 {} 到 {} 之间的十进制数", name, min, max))
                    .with("field", name)
                    .with("value", *text));
  }
  return value;
}

Result<std::pair<double, double>> lon_lat_query_params(const Request& request) {
  const auto lon = number_query_param(request, "lon", -180, 180);
  if (!lon) return tl::unexpected(lon.error());
  const auto lat = number_query_param(request, "lat", -90, 90);
  if (!lat) return tl::unexpected(lat.error());
  return std::pair{*lon, *lat};
}

}  // namespace ug::http
