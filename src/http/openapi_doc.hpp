// The documentation each route carries when it is registered. /api/v1/openapi.json is generated
// from these, so a route cannot exist without being described.
#pragma once

#include <boost/json/value.hpp>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "access/permissions.hpp"

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

// Who may call a route: anyone, any signed-in caller, or callers holding a permission. Part of the
// route's contract, so it is declared with its documentation and appears in the OpenAPI file.
// A caller who must change their password first (a one-time or an expired one) reaches only the
// routes marked `before_password_change`: who am I, sign out, change the password.
struct RouteAccess {
  enum class Kind { open, signed_in, permission };
  Kind kind = Kind::open;
  access::Permission permission = access::Permission::view_base_data;
  bool before_password_change = false;

  static RouteAccess open() { return {}; }
  static RouteAccess signed_in() { return {Kind::signed_in, access::Permission::view_base_data}; }
  static RouteAccess needs(access::Permission p) { return {Kind::permission, p}; }
  static RouteAccess signed_in_before_password_change() {
    return {Kind::signed_in, access::Permission::view_base_data, true};
  }
};

struct RouteDoc {
  std::string summary;
  std::string description;
  std::string tag;
  std::vector<ParameterDoc> parameters;
  boost::json::value request_schema;  // null: no request body
  std::vector<ResponseDoc> responses;
  RouteAccess access;          // open unless said otherwise; a test lists the routes allowed to be open
  std::size_t body_limit = 0;  // the largest request body the route takes; 0: the server's limit
};

// An answer that is one list: {"<field>": [<items>…]}.
boost::json::value list_schema(std::string_view field, boost::json::value items);

// The JSON error envelope every error answer has: {"error": {"code", "message", "details", "request_id"}}.
boost::json::value error_envelope_schema();

// Error responses of a route, each with the JSON error envelope: {{404, "没有这个案件"}, …}.
inline std::vector<ResponseDoc> error_responses(std::initializer_list<std::pair<int, const char*>> items) {
  std::vector<ResponseDoc> out;
  for (const auto& [status, text] : items) out.push_back({status, text, "application/json", error_envelope_schema()});
  return out;
}

}  // namespace ug::http
