// JsonFields: typed access to a JSON object's fields.
#include "http/json_fields.hpp"

#include <fmt/format.h>

#include "http/json.hpp"

namespace ug::http {
namespace {

Error field_error(std::string field, std::string message) {
  return Error(ErrorCode::validation_failed, std::move(message)).with("field", std::move(field));
}

}  // namespace

Result<boost::json::object> json_object_body(const Request& request) {
  auto body = parse_json_body(request);
  if (!body) return tl::unexpected(body.error());
  if (!body->is_object()) return fail(ErrorCode::validation_failed, "请求体应为 JSON 对象");
  return std::move(body->get_object());
}

Result<std::string> JsonFields::text(const char* name, bool required) const {
  const auto* v = object_.if_contains(name);
  if (v == nullptr || v->is_null()) {
    if (!required) return std::string{};
    return fail(field_error(name, fmt::format("缺少字段 {}", name)));
  }
  if (!v->is_string()) return fail(field_error(name, fmt::format("字段 {} 应为字符串", name)));
  return std::string(v->get_string());
}

Result<void> JsonFields::optional_texts(std::initializer_list<std::pair<const char*, std::string*>> targets) const {
  for (const auto& [name, target] : targets) {
    auto value = text(name, false);
    if (!value) return tl::unexpected(value.error());
    *target = std::move(*value);
  }
  return {};
}

Result<std::vector<std::string>> JsonFields::list(const char* name) const {
  std::vector<std::string> out;
  const auto* v = object_.if_contains(name);
  if (v == nullptr || v->is_null()) return out;
  if (!v->is_array()) return fail(field_error(name, fmt::format("字段 {} 应为字符串数组", name)));
  for (const auto& item : v->get_array()) {
    if (!item.is_string()) return fail(field_error(name, fmt::format("字段 {} 应为字符串数组", name)));
    out.emplace_back(item.get_string());
  }
  return out;
}

Result<std::optional<std::int64_t>> JsonFields::integer(const char* name) const {
  const auto* v = object_.if_contains(name);
  if (v == nullptr || v->is_null()) return std::optional<std::int64_t>{};
  if (!v->is_int64()) return fail(field_error(name, fmt::format("字段 {} 应为整数", name)));
  return std::optional<std::int64_t>{v->get_int64()};
}

Result<std::optional<double>> JsonFields::number(const char* name) const {
  const auto* v = object_.if_contains(name);
  if (v == nullptr || v->is_null()) return std::optional<double>{};
  if (!v->is_number()) return fail(field_error(name, fmt::format("字段 {} 应为数值", name)));
  return std::optional<double>{v->to_number<double>()};
}

Result<bool> JsonFields::boolean(const char* name, std::optional<bool> fallback) const {
  const auto* v = object_.if_contains(name);
  if (v == nullptr || v->is_null()) {
    if (fallback) return *fallback;
    return fail(field_error(name, fmt::format("缺少字段 {}", name)));
  }
  if (!v->is_bool()) return fail(field_error(name, fmt::format("字段 {} 应为 true 或 false", name)));
  return v->get_bool();
}

}  // namespace ug::http
