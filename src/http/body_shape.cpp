// The parts of BodyShape that do not depend on the body's C++ type: the schemas of texts and
// numbers, the text and range checks.
#include "http/body_shape.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>

#include "http/json.hpp"

namespace ug::http::shape_detail {
namespace {

// Text fields hold what people type: line breaks and tabs, never NUL or other C0 controls, which
// cut strings short in C APIs, hide text in logs and exports, and break CSV and terminals.
bool has_control_character(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 && c != '\n' && c != '\r' && c != '\t';
  });
}

// A whole bound as an integer ("minimum": 1 and "至 180", not 1E0 and "180.0").
std::optional<std::int64_t> whole(double value) {
  if (std::trunc(value) == value && std::abs(value) < 9e15) return static_cast<std::int64_t>(value);
  return std::nullopt;
}

ErrorDetailValue bound(double value) {
  if (const auto w = whole(value)) return *w;
  return fmt::format("{}", value);
}

boost::json::value bound_value(double value) {
  if (const auto w = whole(value)) return *w;
  return value;
}

}  // namespace

boost::json::value text_schema(const FieldSpec& spec) {
  boost::json::object out;
  if (spec.one_of.empty()) {
    out["type"] = "string";
  } else {
    boost::json::array names;
    if (spec.blank_means_default) names.emplace_back("");
    for (const auto& name : spec.one_of) names.emplace_back(name);
    out["enum"] = std::move(names);
  }
  // Bytes, not characters (JSON Schema's maxLength counts characters): published as an extension.
  if (spec.max_bytes > 0) out["x-max-bytes"] = spec.max_bytes;
  return out;
}

Result<void> read_text(const boost::json::value& v, std::string& out, const std::string& path, const FieldSpec& spec) {
  if (!v.is_string()) return fail(invalid(path, "field.not_string"));
  const auto text = v.get_string();
  if (has_control_character(text)) return fail(invalid(path, "field.control_characters"));
  if (spec.max_bytes > 0 && text.size() > spec.max_bytes) {
    return fail(invalid(path, "field.too_long").with("max_bytes", static_cast<std::int64_t>(spec.max_bytes)));
  }
  if (!spec.one_of.empty()) {
    if (text.empty() && spec.blank_means_default) return {};
    if (std::find(spec.one_of.begin(), spec.one_of.end(), std::string_view(text)) == spec.one_of.end()) {
      return fail(invalid(path, "field.not_one_of").with("allowed", spec.one_of));
    }
  }
  out.assign(text.data(), text.size());
  return {};
}

boost::json::value number_schema(const char* type, const FieldSpec& spec) {
  boost::json::object out{{"type", type}};
  if (spec.minimum) out["minimum"] = bound_value(*spec.minimum);
  if (spec.maximum) out["maximum"] = bound_value(*spec.maximum);
  return out;
}

Result<void> check_range(double value, const std::string& path, const FieldSpec& spec) {
  if ((spec.minimum && value < *spec.minimum) || (spec.maximum && value > *spec.maximum)) {
    if (!spec.maximum) return fail(invalid(path, "field.below_minimum").with("minimum", bound(*spec.minimum)));
    if (!spec.minimum) return fail(invalid(path, "field.above_maximum").with("maximum", bound(*spec.maximum)));
    return fail(invalid(path, "field.out_of_range")
                    .with("minimum", bound(*spec.minimum))
                    .with("maximum", bound(*spec.maximum)));
  }
  return {};
}

boost::json::value described(boost::json::value schema, const FieldSpec& spec) {
  if (auto* object = schema.if_object()) {
    if (!spec.zh.empty()) (*object)["description"] = spec.zh;
    if (!spec.en.empty()) (*object)["x-description-en"] = spec.en;
  }
  return schema;
}

Result<boost::json::object> body_object(const Request& request) {
  UG_TRY_ASSIGN(auto body, parse_json_body(request));
  if (!body.is_object()) return fail(ErrorCode::validation_failed, "json.body_not_object");
  return std::move(body.get_object());
}

}  // namespace ug::http::shape_detail
