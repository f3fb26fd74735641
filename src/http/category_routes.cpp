// Handler of GET /api/v1/categories.
#include "http/category_routes.hpp"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

#include "http/json.hpp"

namespace ug::http {
namespace json = boost::json;

void add_category_routes(Router& router, service::CategoryService& categories) {
  RouteDoc doc;
  doc.summary = "部件、事项类别目录（GB/T 47678.5-2026 及本地扩展），可按代码、名称、同义词检索";
  doc.tag = "catalog";
  doc.access = RouteAccess::needs(access::Permission::view_base_data);
  doc.parameters = {
      {"kind", "query", false, "component（部件）或 matter（事项）",
       json::object{{"type", "string"}, {"enum", json::array{"component", "matter"}}}},
      {"q", "query", false, "代码前缀，或名称、大类名称、同义词中的文字", json::object{{"type", "string"}}},
      {"include_disabled", "query", false, "true：包括已停用的类别", json::object{{"type", "boolean"}}}};
  doc.responses = {{200, "匹配的类别，按类型和代码排序", "application/json", json::parse(R"json({
    "type": "object", "required": ["categories"],
    "properties": {"categories": {"type": "array", "items": {"type": "object", "properties": {
      "kind": {"type": "string"}, "code": {"type": "string"}, "major_code": {"type": "string"},
      "major_name": {"type": "string"}, "name": {"type": "string"}, "standard": {"type": "boolean"},
      "enabled": {"type": "boolean"}, "synonyms": {"type": "array", "items": {"type": "string"}},
      "register_condition": {"type": "string"}, "close_condition": {"type": "string"}}}}}})json")}};
  router.add(
      Method::get, "/api/v1/categories", Execution::worker_pool,
      [&categories](Request& request) {
        service::CategoryQuery query;
        if (const auto kind = request.query_param("kind"); kind && !kind->empty()) {
          query.kind = catalog::parse_category_kind(*kind);
          if (!query.kind) {
            return error_response(
                Error(ErrorCode::validation_failed, "kind 应为 component 或 matter").with("field", std::string("kind")),
                request.request_id);
          }
        }
        query.text = request.query_param("q").value_or("");
        query.include_disabled = request.query_param("include_disabled").value_or("") == "true";
        auto found = categories.list(query);
        if (!found) return error_response(found.error(), request.request_id);
        json::array out;
        out.reserve(found->size());
        for (const auto& c : *found) {
          json::array synonyms;
          for (const auto& s : c.synonyms) synonyms.emplace_back(s);
          out.push_back(json::object{{"kind", catalog::to_string(c.kind)},
                                     {"code", c.code},
                                     {"major_code", c.major_code},
                                     {"major_name", c.major_name},
                                     {"name", c.name},
                                     {"standard", c.standard},
                                     {"enabled", c.enabled},
                                     {"synonyms", std::move(synonyms)},
                                     {"register_condition", c.register_condition},
                                     {"close_condition", c.close_condition}});
        }
        return json_response(200, json::object{{"categories", std::move(out)}});
      },
      std::move(doc));
}

}  // namespace ug::http
