// Closing schemas and finding the fields a body holds beyond its schema (see schema_contract.hpp).
#include "http/schema_contract.hpp"

#include <boost/json.hpp>

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

// Whether `schema`'s "type" (when it has one) admits the kind of `value`.
bool admits_kind(const json::object& schema, const json::value& value) {
  const auto* type = schema.if_contains("type");
  if (type == nullptr) return true;
  const auto names = [&](std::string_view name) {
    if (type->is_string()) return type->get_string() == name;
    if (!type->is_array()) return false;
    for (const auto& t : type->get_array()) {
      if (t.is_string() && t.get_string() == name) return true;
    }
    return false;
  };
  switch (value.kind()) {
    case json::kind::object:
      return names("object");
    case json::kind::array:
      return names("array");
    case json::kind::string:
      return names("string");
    case json::kind::bool_:
      return names("boolean");
    case json::kind::null:
      return names("null");
    case json::kind::double_:
      return names("number");
    default:
      return names("integer") || names("number");
  }
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
