// Handler of GET /api/v1/routing/suggest.
#include "http/routing_routes.hpp"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

#include "http/json.hpp"
#include "http/query_params.hpp"

namespace ug::http {
namespace json = boost::json;

namespace {

json::value rule_json(const std::optional<catalog::ResponsibilityRule>& rule) {
  if (!rule) return nullptr;
  return json::object{
      {"id", rule->id},
      {"matter_code", rule->matter_code},
      {"major_code", rule->major_code},
      {"area_prefix", rule->area_prefix},
      {"urgency", rule->urgency ? json::value(catalog::to_string(*rule->urgency)) : json::value(nullptr)}};
}

}  // namespace

void add_routing_routes(Router& router, service::RoutingService& routing) {
  RouteDoc doc;
  doc.summary = "派遣建议：按权责清单（或属地兜底）给出责任单位、处置时限和依据";
  doc.description =
      "优先级：具体事项 > 大类 > 任意；区域前缀越长越优先；紧急程度精确匹配优先；最后按规则编号最小（DOMAIN.md §6）。";
  doc.tag = "routing";
  doc.access = RouteAccess::needs(access::Permission::view_base_data);
  doc.parameters = {
      {"category", "query", true, "事项类别代码（5 位）", json::object{{"type", "string"}}},
      {"lon", "query", true, "经度", json::object{{"type", "number"}}},
      {"lat", "query", true, "纬度", json::object{{"type", "number"}}},
      {"urgency", "query", false, "normal（默认）、urgent 或 critical", json::object{{"type", "string"}}}};
  doc.responses = {{200, "建议", "application/json", json::parse(R"json({"type": "object",
    "required": ["department", "limit", "rule", "fallback", "reason", "grid"],
    "properties": {
      "department": {"oneOf": [{"type": "null"}, {"type": "object"}]},
      "limit": {"type": "object", "properties": {"value": {"type": "integer"}, "unit": {"type": "string"}}},
      "rule": {"oneOf": [{"type": "null"}, {"type": "object"}]},
      "fallback": {"type": "boolean"}, "reason": {"type": "string"},
      "grid": {"oneOf": [{"type": "null"}, {"type": "string"}]}}})json")}};
  router.add(
      Method::get, "/api/v1/routing/suggest", Execution::worker_pool,
      [&routing](Request& request) {
        const auto category = request.query_param("category").value_or("");
        const auto point = lon_lat_query_params(request);
        if (!point) return error_response(point.error(), request.request_id);
        auto urgency = catalog::Urgency::normal;
        if (const auto text = request.query_param("urgency"); text && !text->empty()) {
          const auto parsed = catalog::parse_urgency(*text);
          if (!parsed) {
            return error_response(Error(ErrorCode::validation_failed, "urgency 应为 normal、urgent 或 critical")
                                      .with("field", std::string("urgency")),
                                  request.request_id);
          }
          urgency = *parsed;
        }
        auto suggestion = routing.suggest(*request.principal, category, {point->first, point->second}, urgency);
        if (!suggestion) return error_response(suggestion.error(), request.request_id);
        const auto& d = suggestion->decision;
        json::value department = nullptr;
        if (suggestion->department) {
          department = json::object{{"id", suggestion->department->id},
                                    {"name", suggestion->department->name},
                                    {"kind", suggestion->department->kind}};
        }
        return json_response(
            200,
            json::object{{"department", department},
                         {"limit", json::object{{"value", d.limit.value}, {"unit", calendar::to_string(d.limit.unit)}}},
                         {"rule", rule_json(d.rule)},
                         {"fallback", d.fallback},
                         {"reason", d.reason},
                         {"grid", suggestion->place ? json::value(suggestion->place->code) : json::value(nullptr)}});
      },
      std::move(doc));

  RouteDoc units_doc;
  units_doc.summary = "组织单位：处置部门、街道办事处、指挥中心等（派遣时选择处置单位）";
  units_doc.tag = "routing";
  units_doc.access = RouteAccess::needs(access::Permission::view_base_data);
  units_doc.responses = {{200, "在用的单位，按编号", "application/json", json::parse(R"json({"type": "object",
    "required": ["org_units"], "properties": {"org_units": {"type": "array", "items": {"type": "object",
      "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "kind": {"type": "string"},
        "parent_id": {"type": "string"}, "street_code": {"type": "string"}}}}}})json")}};
  router.add(
      Method::get, "/api/v1/org-units", Execution::worker_pool,
      [&routing](Request& request) {
        auto units = routing.active_org_units();
        if (!units) return error_response(units.error(), request.request_id);
        json::array out;
        for (const auto& u : *units) {
          out.push_back(json::object{{"id", u.id},
                                     {"name", u.name},
                                     {"kind", u.kind},
                                     {"parent_id", u.parent_id},
                                     {"street_code", u.street_code}});
        }
        return json_response(200, json::object{{"org_units", std::move(out)}});
      },
      std::move(units_doc));
}

}  // namespace ug::http
