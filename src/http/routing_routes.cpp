// Handlers of routing: the dispatch suggestion (also the admin page's "which rule matches here"
// tester), the responsibility rules (权责清单) and the organisation units they name.
#include "http/routing_routes.hpp"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

#include "http/body_shape.hpp"
#include "http/json.hpp"
#include "http/query_params.hpp"

namespace ug::http {
namespace json = boost::json;

namespace {

json::value limit_json(const calendar::TimeLimit& limit) {
  return json::object{{"value", limit.value}, {"unit", calendar::to_string(limit.unit)}};
}

json::object rule_json(const catalog::ResponsibilityRule& rule) {
  return json::object{{"id", rule.id},
                      {"matter_code", rule.matter_code},
                      {"major_code", rule.major_code},
                      {"area_prefix", rule.area_prefix},
                      {"urgency", rule.urgency ? json::value(catalog::to_string(*rule.urgency)) : json::value(nullptr)},
                      {"department_id", rule.department_id},
                      {"limit", limit_json(rule.limit)}};
}

const char* const kRuleSchema = R"json({"type": "object",
  "required": ["id", "matter_code", "major_code", "area_prefix", "urgency", "department_id", "limit"],
  "properties": {"id": {"type": "integer"},
  "matter_code": {"type": "string"}, "major_code": {"type": "string"}, "area_prefix": {"type": "string"},
  "urgency": {"oneOf": [{"type": "null"}, {"enum": ["normal", "urgent", "critical"]}]},
  "department_id": {"type": "string"},
  "limit": {"type": "object", "required": ["value", "unit"],
    "properties": {"value": {"type": "integer"}, "unit": {"type": "string"}}}}})json";

const char* const kOrgUnitSchema = R"json({"type": "object",
  "required": ["id", "name", "kind", "parent_id", "street_code", "active"],
  "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "kind": {"type": "string"},
    "parent_id": {"type": "string"}, "street_code": {"type": "string"}, "active": {"type": "boolean"}}})json";

std::vector<std::pair<std::string, calendar::Unit>> unit_names() {
  std::vector<std::pair<std::string, calendar::Unit>> out;
  for (int u = 0; u <= static_cast<int>(calendar::Unit::working_days); ++u) {
    const auto unit = static_cast<calendar::Unit>(u);
    out.emplace_back(calendar::to_string(unit), unit);
  }
  return out;
}

std::vector<std::pair<std::string, catalog::Urgency>> urgency_names() {
  std::vector<std::pair<std::string, catalog::Urgency>> out;
  for (const auto& u : catalog::urgencies()) out.emplace_back(u.code, u.urgency);
  return out;
}

const BodyShape<calendar::TimeLimit>& limit_shape() {
  using L = calendar::TimeLimit;
  static const BodyShape<L> shape{
      field("value", &L::value, {.zh = "时限数值", .en = "Amount", .required = true, .minimum = 1, .maximum = 100'000}),
      field("unit", &L::unit, {.zh = "时限单位", .en = "Unit", .required = true}, choice(unit_names())),
  };
  return shape;
}

const BodyShape<catalog::ResponsibilityRule>& rule_shape() {
  using R = catalog::ResponsibilityRule;
  const FieldSpec urgency{.zh = "紧急程度，不给即任意", .en = "Urgency; none: any", .blank_means_default = true};
  static const BodyShape<R> shape{
      field("matter_code", &R::matter_code, {.zh = "5 位事项代码", .en = "Five-digit matter code"}),
      field("major_code", &R::major_code, {.zh = "2 位大类代码", .en = "Two-digit major class"}),
      field("area_prefix", &R::area_prefix,
            {.zh = "网格编码前缀，空为全市", .en = "Grid code prefix; empty: the city"}),
      field("urgency", &R::urgency, urgency, choice(urgency_names(), urgency)),
      field("department_id", &R::department_id, {.zh = "责任单位编号", .en = "Responsible unit id", .required = true}),
      field("limit", &R::limit,
            {.zh = "处置时限",
             .en = "Handling time limit",
             .required = true,
             .missing = "routing_api.limit_not_object",
             .invalid = "routing_api.limit_invalid"},
            object_of(limit_shape())),
  };
  return shape;
}

const BodyShape<storage::OrgUnitRecord>& org_unit_shape() {
  using U = storage::OrgUnitRecord;
  static const BodyShape<U> shape{
      field("name", &U::name, {.zh = "名称", .en = "Name", .required = true}),
      field("kind", &U::kind, {.zh = "类型", .en = "Kind", .required = true, .one_of = service::org_unit_kinds()}),
      field("parent_id", &U::parent_id, {.zh = "上级单位编号", .en = "Parent unit id"}),
      field("street_code", &U::street_code,
            {.zh = "街道办事处所服务的街道代码", .en = "The street a street office serves"}),
      field("active", &U::active, {.zh = "启用，默认 true", .en = "Active, true by default"}),
  };
  return shape;
}

void add_rule_routes(Router& router, service::RoutingService& routing) {
  RouteDoc list_doc;
  list_doc.summary = "权责清单：全部责任规则，按编号";
  list_doc.tag = "routing";
  list_doc.access = RouteAccess::needs(access::Permission::view_base_data);
  list_doc.responses = {
      {200, "规则", "application/json",
       json::object{{"type", "object"},
                    {"properties",
                     json::object{{"rules", json::object{{"type", "array"}, {"items", json::parse(kRuleSchema)}}}}}}}};
  router.add(
      Method::get, "/api/v1/routing/rules", Execution::worker_pool,
      [&routing](Request&) -> Result<Response> {
        UG_TRY_ASSIGN(auto rules, routing.rules());
        json::array out;
        for (const auto& r : rules) out.push_back(rule_json(r));
        return json_response(200, json::object{{"rules", std::move(out)}});
      },
      std::move(list_doc));

  RouteDoc add_doc;
  add_doc.summary = "新增责任规则：事项（或大类、或任意）× 区域前缀 ×（可选）紧急程度 → 责任单位和处置时限";
  add_doc.description =
      "matter_code（5 位）与 major_code（2 位）至多给一个，都不给即任意类别；area_prefix 为网格编码前缀"
      "（区县 6 位、街道 9 位、社区 12 位、网格 15 位），空为全市。已派遣的案件不受影响。";
  add_doc.tag = "routing";
  add_doc.access = RouteAccess::needs(access::Permission::manage_rules);
  add_doc.request_schema = rule_shape().schema();
  add_doc.responses = {{201, "已新增", "application/json", json::parse(kRuleSchema)}};
  for (auto& e : error_responses({{422, "代码、前缀、单位或时限无效"}})) add_doc.responses.push_back(e);
  router.add(
      Method::post, "/api/v1/routing/rules", Execution::worker_pool,
      [&routing](Request& request) -> Result<Response> {
        UG_TRY_ASSIGN(auto rule, rule_shape().parse(request));
        UG_TRY_ASSIGN(auto id, routing.add_rule(*request.principal, rule));
        rule.id = id;
        return json_response(201, rule_json(rule));
      },
      std::move(add_doc));

  RouteDoc remove_doc;
  remove_doc.summary = "删除责任规则（已派遣的案件不受影响）";
  remove_doc.tag = "routing";
  remove_doc.access = RouteAccess::needs(access::Permission::manage_rules);
  remove_doc.parameters = {{"id", "path", true, "规则编号", json::object{{"type", "integer"}}}};
  remove_doc.responses = {{204, "已删除", "", nullptr}};
  for (auto& e : error_responses({{404, "没有这条规则"}})) remove_doc.responses.push_back(e);
  router.add(
      Method::delete_, "/api/v1/routing/rules/{id}", Execution::worker_pool,
      [&routing](Request& request) -> Result<Response> {
        const auto id = id_param(request);
        if (!id) return fail(ErrorCode::not_found, {});
        UG_TRY(routing.remove_rule(*request.principal, *id));
        Response response;
        response.status = 204;
        return response;
      },
      std::move(remove_doc));
}

json::object org_unit_json(const storage::OrgUnitRecord& u) {
  return json::object{{"id", u.id},
                      {"name", u.name},
                      {"kind", u.kind},
                      {"parent_id", u.parent_id},
                      {"street_code", u.street_code},
                      {"active", u.active}};
}

void add_org_unit_routes(Router& router, service::RoutingService& routing) {
  RouteDoc units_doc;
  units_doc.summary = "组织单位：处置部门、街道办事处、指挥中心等（派遣时选择处置单位）";
  units_doc.tag = "routing";
  units_doc.access = RouteAccess::needs(access::Permission::view_base_data);
  units_doc.parameters = {
      {"include_inactive", "query", false, "true：包括已停用的单位", json::object{{"type", "boolean"}}}};
  units_doc.responses = {
      {200, "单位，按编号", "application/json", list_schema("org_units", json::parse(kOrgUnitSchema))}};
  for (auto& e : error_responses({{422, "include_inactive 无效"}})) units_doc.responses.push_back(e);
  router.add(
      Method::get, "/api/v1/org-units", Execution::worker_pool,
      [&routing](Request& request) -> Result<Response> {
        UG_TRY_ASSIGN(const auto include_inactive, boolean_query_param(request, "include_inactive", false));
        UG_TRY_ASSIGN(auto units, routing.org_units(include_inactive));
        json::array out;
        for (const auto& u : units) out.push_back(org_unit_json(u));
        return json_response(200, json::object{{"org_units", std::move(out)}});
      },
      std::move(units_doc));

  RouteDoc save_doc;
  save_doc.summary = "新增或修改组织单位（停用即 active=false；规则和已有案件中的编号保持不变）";
  save_doc.tag = "routing";
  save_doc.access = RouteAccess::needs(access::Permission::manage_rules);
  save_doc.parameters = {{"id", "path", true, "单位编号", json::object{{"type", "string"}}}};
  save_doc.request_schema = org_unit_shape().schema();
  save_doc.responses = {{200, "保存后的单位", "application/json", json::parse(kOrgUnitSchema)}};
  for (auto& e : error_responses({{422, "名称、类型或街道代码无效"}})) save_doc.responses.push_back(e);
  router.add(
      Method::put, "/api/v1/org-units/{id}", Execution::worker_pool,
      [&routing](Request& request) -> Result<Response> {
        UG_TRY_ASSIGN(auto unit, org_unit_shape().parse(request));
        unit.id = *request.path_param("id");
        UG_TRY(routing.save_org_unit(*request.principal, unit));
        return json_response(200, org_unit_json(unit));
      },
      std::move(save_doc));
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
  {
    auto suggestion = json::parse(R"json({"type": "object",
    "required": ["department", "limit", "rule", "fallback", "reason", "grid"],
    "properties": {
      "department": {"oneOf": [{"type": "null"}, {"type": "object", "required": ["id", "name", "kind"],
        "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "kind": {"type": "string"}}}]},
      "limit": {"type": "object", "required": ["value", "unit"],
        "properties": {"value": {"type": "integer"}, "unit": {"type": "string"}}},
      "rule": {"oneOf": [{"type": "null"}, "the rule"]},
      "fallback": {"type": "boolean"}, "reason": {"type": "string"},
      "grid": {"oneOf": [{"type": "null"}, {"type": "string"}]}}})json");
    suggestion.at("properties").at("rule").at("oneOf").as_array()[1] = json::parse(kRuleSchema);
    doc.responses = {{200, "建议", "application/json", std::move(suggestion)}};
  }
  router.add(
      Method::get, "/api/v1/routing/suggest", Execution::worker_pool,
      [&routing](Request& request) -> Result<Response> {
        const auto category = request.query_param("category").value_or("");
        UG_TRY_ASSIGN(const auto point, lon_lat_query_params(request));
        auto urgency = catalog::Urgency::normal;
        if (const auto text = request.query_param("urgency"); text && !text->empty()) {
          UG_TRY_ASSIGN(const auto parsed, catalog::urgency_named(*text));
          urgency = parsed;
        }
        UG_TRY_ASSIGN(auto suggestion,
                      routing.suggest(*request.principal, category, {point.first, point.second}, urgency));
        const auto& d = suggestion.decision;
        json::value department = nullptr;
        if (suggestion.department) {
          department = json::object{{"id", suggestion.department->id},
                                    {"name", suggestion.department->name},
                                    {"kind", suggestion.department->kind}};
        }
        return json_response(
            200, json::object{{"department", department},
                              {"limit", limit_json(d.limit)},
                              {"rule", d.rule ? json::value(rule_json(*d.rule)) : json::value(nullptr)},
                              {"fallback", d.fallback},
                              {"reason", d.reason},
                              {"grid", suggestion.place ? json::value(suggestion.place->code) : json::value(nullptr)}});
      },
      std::move(doc));

  add_rule_routes(router, routing);
  add_org_unit_routes(router, routing);
}

}  // namespace ug::http
