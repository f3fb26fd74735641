// Reading the fields of a JSON object body with one clear 422 per wrong field, naming it, for every
// route that takes a body.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "http/message.hpp"

namespace ug::http {

// The body as a JSON object: the checks of parse_json_body, then 422 unless it is an object.
Result<boost::json::object> json_object_body(const Request& request);

class JsonFields {
 public:
  explicit JsonFields(const boost::json::object& object) : object_(object) {}
  // Absent or null: "" when not required, else 422.
  Result<std::string> text(const char* name, bool required = true) const;
  // Several optional text fields at once, each into its target ("" when absent).
  Result<void> optional_texts(std::initializer_list<std::pair<const char*, std::string*>> targets) const;
  // Absent or null: empty.
  Result<std::vector<std::string>> list(const char* name) const;
  Result<std::optional<std::int64_t>> integer(const char* name) const;
  Result<std::optional<double>> number(const char* name) const;
  // Absent or null: `fallback`, or 422 without one.
  Result<bool> boolean(const char* name, std::optional<bool> fallback = std::nullopt) const;

 private:
  const boost::json::object& object_;
};

}  // namespace ug::http
