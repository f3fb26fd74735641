// Closing schemas and finding the fields a body holds beyond its schema (see schema_contract.hpp).
#include "http/schema_contract.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <string_view>

namespace ug::http {
namespace json = boost::json;
namespace {

void close_in_place(json::value& schema) {
  auto* object = schema.if_object();
  if (object == nullptr) return;
  if (object->contains("properties") && !object->contains("additionalProperties")) {
    (*object)["additionalProperties"] = false;
  }
  for (const char* key : {"items", "additionalProperties"}) {
    if (auto* sub = object->if_contains(key)) close_in_place(*sub);
  }
  for (const char* key : {"properties", "$defs"}) {
    if (auto* map = object->if_contains(key); map != nullptr && map->is_object()) {
      for (auto& entry : map->get_object()) close_in_place(entry.value());
    }
  }
  for (const char* key : {"oneOf", "anyOf", "allOf"}) {
    if (auto* list = object->if_contains(key); list != nullptr && list->is_array()) {
      for (auto& alternative : list->get_array()) close_in_place(alternative);
    }
  }
}

// The JSON Schema type name of `value` ("integer" for a whole number, which "number" admits too).
std::string_view kind_name(const json::value& value) {
  switch (value.kind()) {
    case json::kind::object:
      return "object";
    case json::kind::array:
      return "array";
    case json::kind::string:
      return "string";
    case json::kind::bool_:
      return "boolean";
    case json::kind::null:
      return "null";
    case json::kind::double_:
      return "number";
    default:
      return "integer";
  }
}

// Whether `schema`'s "type" (when it has one) admits the kind of `value`.
bool admits_kind(const json::object& schema, const json::value& value) {
  const auto* type = schema.if_contains("type");
  if (type == nullptr) return true;
  const auto kind = kind_name(value);
  const auto admits = [&](const json::value& name) {
    return name.is_string() && (name.get_string() == kind || (kind == "integer" && name.get_string() == "number"));
  };
  if (type->is_string()) return admits(*type);
  return type->is_array() && std::any_of(type->get_array().begin(), type->get_array().end(), admits);
}

void collect(const json::value& schema, const json::value& body, const std::string& path,
             std::vector<std::string>& out) {
  const auto* s = schema.if_object();
  if (s == nullptr) return;
  if (const auto* alternatives = s->if_contains("oneOf"); alternatives != nullptr && alternatives->is_array()) {
    // The alternative that fits best: of those that admit the body's kind, the one with the fewest
    // undeclared fields.
    std::vector<std::string> best;
    bool first = true;
    for (const auto& alternative : alternatives->get_array()) {
      if (!alternative.is_object() || !admits_kind(alternative.get_object(), body)) continue;
      std::vector<std::string> found;
      collect(alternative, body, path, found);
      if (first || found.size() < best.size()) best = std::move(found);
      first = false;
    }
    out.insert(out.end(), best.begin(), best.end());
    return;
  }
  if (const auto* object = body.if_object()) {
    const auto* properties = s->if_contains("properties");
    const auto* extra = s->if_contains("additionalProperties");
    for (const auto& [key, value] : *object) {
      const auto name = path.empty() ? std::string(key) : path + "." + std::string(key);
      const json::value* declared = nullptr;
      if (properties != nullptr && properties->is_object()) declared = properties->get_object().if_contains(key);
      if (declared != nullptr) {
        collect(*declared, value, name, out);
      } else if (extra != nullptr && extra->is_bool() && !extra->get_bool()) {
        out.push_back(name);
      } else if (extra != nullptr && extra->is_object()) {
        collect(*extra, value, name, out);
      }
    }
  } else if (const auto* array = body.if_array()) {
    if (const auto* items = s->if_contains("items")) {
      for (std::size_t i = 0; i < array->size(); ++i) {
        collect(*items, (*array)[i], path + "[" + std::to_string(i) + "]", out);
      }
    }
  }
}

}  // namespace

json::value closed_schema(json::value schema) {
  close_in_place(schema);
  return schema;
}

std::vector<std::string> undeclared_fields(const json::value& schema, const json::value& body) {
  std::vector<std::string> out;
  collect(schema, body, "", out);
  return out;
}

}  // namespace ug::http
