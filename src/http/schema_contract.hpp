// A route's declared JSON Schemas are its contract, in both directions. Objects are closed: an
// object schema that lists its properties accepts no others unless it says so
// (`"additionalProperties": true` for a third party's format, such as a holiday-cn file). The
// router closes each schema once when the route is registered; the OpenAPI file publishes the closed
// form, the dispatcher refuses a request body with a field its schema does not declare, and the API
// tests check every response they receive against it (tests/support/check_api_responses.py).
#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <vector>

namespace ug::http {

// `schema` with `"additionalProperties": false` added to every object schema that has
// "properties" and no "additionalProperties" of its own, at any depth.
boost::json::value closed_schema(boost::json::value schema);

// The fields of `body` that the closed `schema` does not declare, as paths ("extension.unit",
// "days[3].note"), in the order they occur; empty when there are none.
std::vector<std::string> undeclared_fields(const boost::json::value& schema, const boost::json::value& body);

}  // namespace ug::http
