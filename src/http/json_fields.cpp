// JsonFields: typed access to a JSON object's fields.
#include "http/json_fields.hpp"

#include <algorithm>

#include "http/json.hpp"

namespace ug::http {
namespace {

// Text fields hold what people type: line breaks and tabs, never NUL or other C0 controls, which
// cut strings short in C APIs, hide text in logs and exports, and break CSV and terminals.
bool has_control_character(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 && c != '\n' && c != '\r' && c != '\t';
  });
}

Error control_character_error(const char* name) { return invalid(name, "field.control_characters"); }

}  // namespace

Result<boost::json::object> json_object_body(const Request& request) {
  UG_TRY_ASSIGN(auto body, parse_json_body(request));
  if (!body.is_object()) return fail(ErrorCode::validation_failed, "json.body_not_object");
  return std::move(body.get_object());
}

Result<std::string> JsonFields::text(const char* name, bool required) const {
  const auto* v = object_.if_contains(name);
  if (v == nullptr || v->is_null()) {
    if (!required) return std::string{};
    return fail(invalid(name, "field.required"));
  }
  if (!v->is_string()) return fail(invalid(name, "field.not_string"));
  if (has_control_character(v->get_string())) return fail(control_character_error(name));
  return std::string(v->get_string());
}

Result<void> JsonFields::optional_texts(std::initializer_list<std::pair<const char*, std::string*>> targets) const {
  for (const auto& [name, target] : targets) {
    UG_TRY_ASSIGN(auto value, text(name, false));
    *target = std::move(value);
  }
  return {};
}

Result<std::vector<std::string>> JsonFields::list(const char* name) const {
  std::vector<std::string> out;
  const auto* v = object_.if_contains(name);
  if (v == nullptr || v->is_null()) return out;
  if (!v->is_array()) return fail(invalid(name, "field.not_string_list"));
  for (const auto& item : v->get_array()) {
    if (!item.is_string()) return fail(invalid(name, "field.not_string_list"));
    if (has_control_character(item.get_string())) return fail(control_character_error(name));
    out.emplace_back(item.get_string());
  }
  return out;
}

Result<std::optional<std::int64_t>> JsonFields::integer(const char* name) const {
  const auto* v = object_.if_contains(name);
  if (v == nullptr || v->is_null()) return std::optional<std::int64_t>{};
  if (!v->is_int64()) return fail(invalid(name, "field.not_integer"));
  return std::optional<std::int64_t>{v->get_int64()};
}

Result<std::optional<double>> JsonFields::number(const char* name) const {
  const auto* v = object_.if_contains(name);
  if (v == nullptr || v->is_null()) return std::optional<double>{};
  if (!v->is_number()) return fail(invalid(name, "field.not_number"));
  return std::optional<double>{v->to_number<double>()};
}

Result<bool> JsonFields::boolean(const char* name, std::optional<bool> fallback) const {
  const auto* v = object_.if_contains(name);
  if (v == nullptr || v->is_null()) {
    if (fallback) return *fallback;
    return fail(invalid(name, "field.required"));
  }
  if (!v->is_bool()) return fail(invalid(name, "field.not_boolean"));
  return v->get_bool();
}

}  // namespace ug::http
