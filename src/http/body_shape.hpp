// A request body declared once. Each field names its JSON key, the C++ member it fills, its type
// (deduced from the member), its limits and its zh/en description; the route's published schema
// (OpenAPI), the parser and the parser's 422s are all derived from that one declaration, so they
// cannot drift apart. A route writes
//
//   const BodyShape<service::NewSubscription> kShape{
//       field("name", &NewSubscription::name, {.zh = "名称", .en = "Name", .required = true}),
//       field("topics", &NewSubscription::topics, {.zh = "主题", .en = "Topics", .one_of = topics}),
//   };
//   doc.request_schema = kShape.schema();            // published, closed by the router
//   UG_TRY_ASSIGN(auto in, kShape.parse(request));   // 422 naming the first wrong field
//
// Rules of reading, the same for every field:
// - absent or null: 422 `missing` when required; otherwise the member keeps its default (an
//   optional member stays empty; for an optional text or list, null means "set it empty", which
//   is what a PATCH that clears a value sends);
// - text holds no C0 control characters but line breaks and tabs, and at most `max_bytes` bytes;
// - a field with `one_of` takes only those values; with `blank_means_default` "" is also taken and
//   leaves the default (a form's "not chosen");
// - integers and numbers within `minimum`/`maximum` when given;
// - `invalid`, when given, is the message for every refusal of the field other than `missing`.
// Fields the shape does not declare are refused by the dispatcher before the handler runs
// (schema_contract.hpp), from the same schema.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "http/message.hpp"

namespace ug::http {

// What a field says of itself and what it accepts. Designated initialisers, in this order.
struct FieldSpec {
  std::string_view zh = {};  // published as "description"
  std::string_view en = {};  // published as "x-description-en"
  bool required = false;
  std::size_t max_bytes = 0;  // text: the most UTF-8 bytes; 0: only the body's own limit
  std::vector<std::string> one_of = {};
  bool blank_means_default = false;
  std::optional<double> minimum = {};
  std::optional<double> maximum = {};
  MessageKey missing = "field.required";
  MessageKey invalid = {};
};

// How one JSON value becomes a C++ value of type M, and the schema that says so. `read` is given
// a value that is not null, the member to fill and the field's path ("limit.value", "days[3]").
template <class M>
struct Reader {
  boost::json::value schema;
  std::function<Result<void>(const boost::json::value&, M&, const std::string&)> read;
};

// One or more properties of the body object and how they fill a T.
template <class T>
struct BodyField {
  std::vector<std::pair<std::string, boost::json::value>> properties;  // name → schema, in order
  std::vector<std::string> required;
  std::function<Result<void>(const boost::json::object&, T&)> read;
};

namespace shape_detail {

template <class M>
struct is_optional : std::false_type {};
template <class M>
struct is_optional<std::optional<M>> : std::true_type {};
template <class M>
struct is_vector : std::false_type {};
template <class M>
struct is_vector<std::vector<M>> : std::true_type {};
template <class M>
struct is_string_map : std::false_type {};
template <class V>
struct is_string_map<std::map<std::string, V>> : std::true_type {};

boost::json::value text_schema(const FieldSpec& spec);
Result<void> read_text(const boost::json::value& v, std::string& out, const std::string& path, const FieldSpec& spec);
boost::json::value number_schema(const char* type, const FieldSpec& spec);
Result<void> check_range(double value, const std::string& path, const FieldSpec& spec);
// The property schema with the field's descriptions added.
boost::json::value described(boost::json::value schema, const FieldSpec& spec);
Result<boost::json::object> body_object(const Request& request);

}  // namespace shape_detail

// The reader a member type implies: text, boolean, integer, number, a list or a map of those.
template <class M>
Reader<M> reader_for(const FieldSpec& spec);

template <class E>
Reader<std::vector<E>> list_of(Reader<E> item) {
  auto item_read = std::move(item.read);
  return {boost::json::object{{"type", "array"}, {"items", std::move(item.schema)}},
          [item_read](const boost::json::value& v, std::vector<E>& out, const std::string& path) -> Result<void> {
            if (!v.is_array()) return fail(invalid(path, "field.not_array"));
            out.clear();
            out.reserve(v.get_array().size());
            for (std::size_t i = 0; i < v.get_array().size(); ++i) {
              UG_TRY(item_read(v.get_array()[i], out.emplace_back(), path + "[" + std::to_string(i) + "]"));
            }
            return {};
          }};
}

// An object whose keys are the caller's (indicator ids …), each value read alike.
template <class V>
Reader<std::map<std::string, V>> map_of(Reader<V> value) {
  auto value_read = std::move(value.read);
  return {boost::json::object{{"type", "object"}, {"additionalProperties", std::move(value.schema)}},
          [value_read](const boost::json::value& v, std::map<std::string, V>& out,
                       const std::string& path) -> Result<void> {
            if (!v.is_object()) return fail(invalid(path, "field.not_object"));
            out.clear();
            for (const auto& [key, item] : v.get_object()) {
              UG_TRY(value_read(item, out[std::string(key)], path + "." + std::string(key)));
            }
            return {};
          }};
}

// A text that names one value of a C++ enumeration (or any type): the published enum is the
// table's names, so the choice is written once.
template <class M>
Reader<M> choice(std::vector<std::pair<std::string, M>> table, const FieldSpec& spec = {}) {
  boost::json::array names;
  if (spec.blank_means_default) names.emplace_back("");
  for (const auto& [name, value] : table) names.emplace_back(name);
  return {boost::json::object{{"enum", std::move(names)}},
          [table = std::move(table), blank = spec.blank_means_default](const boost::json::value& v, M& out,
                                                                       const std::string& path) -> Result<void> {
            if (v.is_string()) {
              if (blank && v.get_string().empty()) return {};
              for (const auto& [name, value] : table) {
                if (v.get_string() == name) {
                  out = value;
                  return {};
                }
              }
            }
            std::vector<std::string> allowed;
            for (const auto& [name, value] : table) allowed.push_back(name);
            return fail(invalid(path, "field.not_one_of").with("allowed", std::move(allowed)));
          }};
}

template <class M>
Reader<M> reader_for(const FieldSpec& spec) {
  if constexpr (std::is_same_v<M, std::string>) {
    return {shape_detail::text_schema(spec),
            [spec](const boost::json::value& v, std::string& out, const std::string& path) {
              return shape_detail::read_text(v, out, path, spec);
            }};
  } else if constexpr (std::is_same_v<M, bool>) {
    return {boost::json::object{{"type", "boolean"}},
            [](const boost::json::value& v, bool& out, const std::string& path) -> Result<void> {
              if (!v.is_bool()) return fail(invalid(path, "field.not_boolean"));
              out = v.get_bool();
              return {};
            }};
  } else if constexpr (std::is_integral_v<M>) {
    return {shape_detail::number_schema("integer", spec),
            [spec](const boost::json::value& v, M& out, const std::string& path) -> Result<void> {
              if (!v.is_int64()) return fail(invalid(path, "field.not_integer"));
              const auto value = v.get_int64();
              if (!std::in_range<M>(value)) {
                return fail(invalid(path, "field.out_of_range")
                                .with("minimum", static_cast<std::int64_t>(std::numeric_limits<M>::min()))
                                .with("maximum", static_cast<std::int64_t>(std::numeric_limits<M>::max())));
              }
              UG_TRY(shape_detail::check_range(static_cast<double>(value), path, spec));
              out = static_cast<M>(value);
              return {};
            }};
  } else if constexpr (std::is_floating_point_v<M>) {
    return {shape_detail::number_schema("number", spec),
            [spec](const boost::json::value& v, M& out, const std::string& path) -> Result<void> {
              if (!v.is_number()) return fail(invalid(path, "field.not_number"));
              UG_TRY(shape_detail::check_range(v.to_number<double>(), path, spec));
              out = v.to_number<M>();
              return {};
            }};
  } else if constexpr (shape_detail::is_vector<M>::value) {
    auto items = list_of(reader_for<typename M::value_type>(spec));
    if constexpr (std::is_same_v<typename M::value_type, std::string>) {
      // A list of texts says so in one message, as it always has.
      auto read = std::move(items.read);
      items.read = [read](const boost::json::value& v, M& out, const std::string& path) -> Result<void> {
        if (!v.is_array()) return fail(invalid(path, "field.not_string_list"));
        return read(v, out, path);
      };
    }
    return items;
  } else if constexpr (shape_detail::is_string_map<M>::value) {
    return map_of(reader_for<typename M::mapped_type>(spec));
  } else {
    static_assert(sizeof(M) == 0, "no reader for this member type: pass one (choice, object_of, …)");
  }
}

template <class T>
class BodyShape {
 public:
  BodyShape(std::initializer_list<BodyField<T>> fields) : fields_(fields) {}

  // {"type": "object", "required": […], "properties": {…}}; the router closes it.
  boost::json::value schema() const {
    boost::json::object properties;
    boost::json::array required;
    for (const auto& f : fields_) {
      for (const auto& [name, schema] : f.properties) properties[name] = schema;
      for (const auto& name : f.required) required.emplace_back(name);
    }
    boost::json::object out{{"type", "object"}, {"properties", std::move(properties)}};
    if (!required.empty()) out["required"] = std::move(required);
    return out;
  }

  // The fields in declaration order; the first wrong one answers.
  Result<T> read(const boost::json::object& body) const {
    T out{};
    for (const auto& f : fields_) UG_TRY(f.read(body, out));
    return out;
  }

  // The request's JSON object body (415/422 as parse_json_body says), read.
  Result<T> parse(const Request& request) const {
    UG_TRY_ASSIGN(auto body, shape_detail::body_object(request));
    return read(body);
  }

  const std::vector<BodyField<T>>& fields() const { return fields_; }

 private:
  std::vector<BodyField<T>> fields_;
};

// A nested object read by its own shape; its fields' errors name their path ("limit.value").
template <class U>
Reader<U> object_of(const BodyShape<U>& shape) {
  return {shape.schema(), [&shape](const boost::json::value& v, U& out, const std::string& path) -> Result<void> {
            if (!v.is_object()) return fail(invalid(path, "field.not_object"));
            for (const auto& f : shape.fields()) {
              auto read = f.read(v.get_object(), out);
              if (!read) {
                auto error = std::move(read).error();
                for (auto& [key, value] : error.details) {
                  if (key == "field") value = path + "." + std::get<std::string>(value);
                }
                return fail(std::move(error));
              }
            }
            return {};
          }};
}

// The `code` of each row of a declaration table (roles, urgencies …), as a field's `one_of`.
template <class Table>
std::vector<std::string> codes_of(const Table& table) {
  std::vector<std::string> out;
  for (const auto& row : table) out.emplace_back(row.code);
  return out;
}

// One property `name` filling `member` with `reader` (by default the one its type implies).
template <class T, class M, class R>
BodyField<T> field(std::string name, M T::*member, FieldSpec spec, Reader<R> reader) {
  constexpr bool optional = shape_detail::is_optional<M>::value;
  static_assert(std::is_same_v<M, R> || (optional && std::is_same_v<M, std::optional<R>>));
  BodyField<T> out;
  out.properties.emplace_back(name, shape_detail::described(std::move(reader.schema), spec));
  if (spec.required) out.required.push_back(name);
  out.read = [name, member, spec, read = std::move(reader.read)](const boost::json::object& body,
                                                                 T& target) -> Result<void> {
    const auto* v = body.if_contains(name);
    if (v == nullptr || v->is_null()) {
      if (spec.required) return fail(invalid(name, spec.missing));
      if constexpr (optional && (std::is_same_v<R, std::string> || shape_detail::is_vector<R>::value)) {
        if (v != nullptr) (target.*member).emplace();
      }
      return {};
    }
    // A form's "not chosen": the member keeps its default (an optional one stays empty).
    if (spec.blank_means_default && v->is_string() && v->get_string().empty()) return {};
    Result<void> done;
    if constexpr (optional) {
      R value{};
      done = read(*v, value, name);
      if (done) target.*member = std::move(value);
    } else {
      done = read(*v, target.*member, name);
    }
    if (!done && spec.invalid != MessageKey{}) {
      return fail(invalid(name, spec.invalid));
    }
    return done;
  };
  return out;
}

template <class T, class M>
BodyField<T> field(std::string name, M T::*member, FieldSpec spec) {
  if constexpr (shape_detail::is_optional<M>::value) {
    return field(std::move(name), member, spec, reader_for<typename M::value_type>(spec));
  } else {
    return field(std::move(name), member, spec, reader_for<M>(spec));
  }
}

// The fields of a member struct's own shape, as properties of this body (a user body is the
// user's fields and a password).
template <class T, class U>
BodyField<T> embed(U T::*member, const BodyShape<U>& shape) {
  BodyField<T> out;
  for (const auto& f : shape.fields()) {
    out.properties.insert(out.properties.end(), f.properties.begin(), f.properties.end());
    out.required.insert(out.required.end(), f.required.begin(), f.required.end());
  }
  out.read = [member, &shape](const boost::json::object& body, T& target) -> Result<void> {
    for (const auto& f : shape.fields()) UG_TRY(f.read(body, target.*member));
    return {};
  };
  return out;
}

}  // namespace ug::http
