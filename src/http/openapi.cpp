// OpenAPI 3.1 document from the route table (https://spec.openapis.org/oas/v3.1.0).
#include "http/openapi.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <memory>
#include <mutex>

#include "core/text.hpp"
#include "http/json.hpp"

namespace ug::http {
namespace json = boost::json;

namespace {

std::string lower_method(Method method) { return ascii_lower(to_string(method)); }

json::object response_object(const ResponseDoc& doc) {
  json::object out;
  out["description"] = doc.description;
  if (!doc.schema.is_null()) {
    json::object media;
    media["schema"] = doc.schema;
    json::object content;
    content[doc.content_type] = std::move(media);
    out["content"] = std::move(content);
  }
  return out;
}

}  // namespace

json::value list_schema(std::string_view field, json::value items) {
  return json::object{
      {"type", "object"},
      {"required", json::array{json::string(field)}},
      {"properties", json::object{{field, json::object{{"type", "array"}, {"items", std::move(items)}}}}}};
}

json::value error_envelope_schema() {
  return json::parse(R"json({
    "type": "object",
    "required": ["error"],
    "properties": {
      "error": {
        "type": "object",
        "required": ["code", "message", "details"],
        "properties": {
          "code": {"type": "string", "description": "stable machine-readable code, e.g. not_found"},
          "message": {"type": "string", "description": "human-readable message in the language of the request's Accept-Language: zh-CN (the default) or en"},
          "details": {"type": "object", "additionalProperties": true,
                      "description": "structured facts about the failure (field, allowed values, retry_after …)"},
          "request_id": {"type": "string", "description": "quote it when reporting a problem"}
        }
      }
    }
  })json");
}

json::value build_openapi_document(const Router& router, std::string_view version) {
  json::object paths;
  for (const auto& route : router.routes()) {
    const auto& doc = route->doc;
    json::object operation;
    operation["summary"] = doc.summary;
    if (!doc.description.empty()) operation["description"] = doc.description;
    if (!doc.tag.empty()) operation["tags"] = json::array{json::string(doc.tag)};
    operation["operationId"] = lower_method(route->method) + route->pattern;
    json::array parameters;
    for (const auto& p : doc.parameters) {
      json::object param;
      param["name"] = p.name;
      param["in"] = p.in;
      param["required"] = p.required || p.in == "path";
      if (!p.description.empty()) param["description"] = p.description;
      param["schema"] = p.schema.is_null() ? json::value(json::object{{"type", "string"}}) : p.schema;
      parameters.push_back(std::move(param));
    }
    if (!parameters.empty()) operation["parameters"] = std::move(parameters);
    if (doc.access.kind != RouteAccess::Kind::open) {
      operation["security"] =
          json::array{json::object{{"session", json::array{}}}, json::object{{"bearer", json::array{}}}};
      if (doc.access.kind == RouteAccess::Kind::permission) {
        operation["x-permission"] = std::string(access::to_string(doc.access.permission));
      }
      if (doc.access.before_password_change) operation["x-before-password-change"] = true;
    }
    if (!doc.request_schema.is_null()) {
      operation["requestBody"] =
          json::object{{"required", true},
                       {"content", json::object{{"application/json", json::object{{"schema", doc.request_schema}}}}}};
    }
    json::object responses;
    for (const auto& r : doc.responses) responses[std::to_string(r.status)] = response_object(r);
    // Any route may be answered 503 with the error envelope: a full work queue, an unavailable
    // database, or a server out of file descriptors, which answers before it reads the request. A
    // route that declares a 503 of its own (the health check's report) gets either.
    auto* declared = responses.if_contains("503");
    auto* content = declared ? declared->as_object().if_contains("content") : nullptr;
    auto* as_json = content ? content->as_object().if_contains("application/json") : nullptr;
    if (auto* schema = as_json ? as_json->as_object().if_contains("schema") : nullptr) {
      *schema = json::object{{"anyOf", json::array{*schema, error_envelope_schema()}}};
    } else if (declared == nullptr) {
      responses["503"] = json::object{
          {"description", "服务繁忙（工作队列已满或文件描述符用尽，见 Retry-After）或数据库不可用"},
          {"content", json::object{{"application/json", json::object{{"schema", error_envelope_schema()}}}}}};
    }
    responses["default"] = json::object{
        {"description", "错误（JSON 错误信封）"},
        {"content", json::object{{"application/json", json::object{{"schema", error_envelope_schema()}}}}}};
    operation["responses"] = std::move(responses);
    auto& path_item = paths[route->pattern];
    if (!path_item.is_object()) path_item = json::object{};
    path_item.as_object()[lower_method(route->method)] = std::move(operation);
  }
  return json::object{
      {"openapi", "3.1.0"},
      {"info", json::object{{"title", "UrbanGrid API"},
                            {"version", version},
                            {"description",
                             "城市运行管理服务平台 UrbanGrid 的 REST 接口。时间均为带时区偏移的 ISO "
                             "8601。错误信息的语言按请求头 Accept-Language 选择：zh-CN（默认）或 en。"}}},
      {"paths", std::move(paths)},
      {"components",
       json::object{
           {"securitySchemes",
            json::object{{"session", json::object{{"type", "apiKey"}, {"in", "cookie"}, {"name", "ug_session"}}},
                         {"bearer", json::object{{"type", "http"}, {"scheme", "bearer"}}}}}}},
  };
}

void add_openapi_route(Router& router, std::string version) {
  auto cache = std::make_shared<std::pair<std::once_flag, std::string>>();
  RouteDoc doc;
  doc.summary = "本接口的 OpenAPI 3.1 描述";
  doc.tag = "system";
  doc.responses = {{200, "OpenAPI 3.1 文档", "application/json",
                    json::object{{"type", "object"},
                                 {"required", json::array{"openapi", "info", "paths"}},
                                 {"additionalProperties", true},
                                 {"description", "https://spec.openapis.org/oas/v3.1.0"}}}};
  router.add(
      Method::get, "/api/v1/openapi.json", Execution::io_thread,
      [&router, cache, version](Request&) {
        std::call_once(cache->first, [&] { cache->second = json::serialize(build_openapi_document(router, version)); });
        Response response;
        response.set_header("content-type", std::string(kJsonContentType));
        response.body = cache->second;
        return response;
      },
      std::move(doc));
}

}  // namespace ug::http
