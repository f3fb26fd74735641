// The documentation each route carries when it is registered. /api/v1/openapi.json is generated
// from these, so a route cannot exist without being described.
#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <vector>

namespace ug::http {

struct ParameterDoc {
  std::string name;
  std::string in = "query";  // query | path | header
  bool required = false;
  std::string description;
  boost::json::value schema;  // JSON Schema, e.g. {"type":"string"}
};

struct ResponseDoc {
  int status = 200;
  std::string description;
  std::string content_type = "application/json";
  boost::json::value schema;  // JSON Schema; null for no body
};

struct RouteDoc {
  std::string summary;
  std::string description;
  std::string tag;
  std::vector<ParameterDoc> parameters;
  boost::json::value request_schema;  // null: no request body
  std::vector<ResponseDoc> responses;
};

}  // namespace ug::http
