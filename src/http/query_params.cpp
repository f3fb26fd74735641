// Query parameter parsing shared by the routes.
#include "http/query_params.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <charconv>
#include <type_traits>

#include "core/text.hpp"

namespace ug::http {

namespace {

// A bound of a parameter's range as its message says it: an integer as a number, a decimal as fmt
// writes it (180, 0.5).
template <typename T>
ErrorDetailValue bound_detail(T bound) {
  if constexpr (std::is_integral_v<T>) {
    return static_cast<std::int64_t>(bound);
  } else {
    return fmt::format("{}", bound);
  }
}

template <typename T>
Result<T> typed_query_param(const Request& request, const std::string& name, T min, T max, std::optional<T> fallback,
                            MessageKey out_of_range) {
  const auto text = request.query_param(name);
  if (!text || text->empty()) {
    if (fallback) return *fallback;
    return fail(invalid(name, "query.param_required"));
  }
  T value{};
  const auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || ptr != text->data() + text->size() || !(value >= min && value <= max)) {
    return fail(
        invalid(name, out_of_range).with("value", *text).with("min", bound_detail(min)).with("max", bound_detail(max)));
  }
  return value;
}

}  // namespace

Result<double> number_query_param(const Request& request, const std::string& name, double min, double max,
                                  std::optional<double> fallback) {
  return typed_query_param(request, name, min, max, fallback, "query.decimal_out_of_range");
}

Result<std::int64_t> integer_query_param(const Request& request, const std::string& name, std::int64_t min,
                                         std::int64_t max, std::optional<std::int64_t> fallback) {
  return typed_query_param(request, name, min, max, fallback, "query.integer_out_of_range");
}

Result<std::optional<bool>> optional_boolean_query_param(const Request& request, const std::string& name) {
  const auto v = request.query_param(name);
  if (!v || v->empty()) return std::optional<bool>{};
  if (*v == "true" || *v == "1") return std::optional<bool>{true};
  if (*v == "false" || *v == "0") return std::optional<bool>{false};
  return fail(invalid(name, "query.not_boolean"));
}

Result<bool> boolean_query_param(const Request& request, const std::string& name, bool fallback) {
  UG_TRY_ASSIGN(auto v, optional_boolean_query_param(request, name));
  return v.value_or(fallback);
}

Result<std::pair<double, double>> lon_lat_query_params(const Request& request) {
  UG_TRY_ASSIGN(const auto lon, number_query_param(request, "lon", -180, 180));
  UG_TRY_ASSIGN(const auto lat, number_query_param(request, "lat", -90, 90));
  return std::pair{lon, lat};
}

std::optional<std::int64_t> id_param(const Request& request) {
  const auto* text = request.path_param("id");
  std::int64_t id = 0;
  if (text == nullptr) return std::nullopt;
  const auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), id);
  if (ec != std::errc() || ptr != text->data() + text->size() || id <= 0) return std::nullopt;
  return id;
}

std::vector<std::string> list_query_param(const Request& request, const std::string& name) {
  std::vector<std::string> out;
  if (const auto v = request.query_param(name)) {
    for (const auto item : split_list(*v)) out.emplace_back(item);
  }
  return out;
}

std::string query_for_the_record(std::string_view query) {
  std::string out;
  for (const auto part : split_list(query, '&')) {
    const auto eq = part.find('=');
    const auto decode = [](std::string_view text) { return percent_decode(text, true).value_or(std::string(text)); };
    const auto name = decode(part.substr(0, eq));
    auto value = eq == std::string_view::npos ? std::string() : decode(part.substr(eq + 1));
    if (name == "q") {
      auto digits = std::count_if(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
      for (auto& c : value) {
        if (digits <= 4) break;
        if (c >= '0' && c <= '9') {
          c = '*';
          --digits;
        }
      }
    }
    if (!out.empty()) out += '&';
    auto pair = name + (eq == std::string_view::npos ? "" : "=" + value);
    // Decoded line breaks and other controls would forge log lines.
    for (auto& c : pair) {
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
    }
    out += pair;
  }
  return out;
}

std::string target_for_the_record(std::string_view target) {
  const auto question = target.find('?');
  if (question == std::string_view::npos) return std::string(target);
  return std::string(target.substr(0, question + 1)) + query_for_the_record(target.substr(question + 1));
}

}  // namespace ug::http
