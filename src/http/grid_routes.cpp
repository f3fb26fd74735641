// Handlers of the grid endpoints. Lookups read the in-memory snapshot, so they run on the I/O
// threads without touching the database.
#include "http/grid_routes.hpp"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

#include <fmt/format.h>

#include <cmath>
#include <cstdio>

#include "core/text.hpp"
#include "http/json.hpp"
#include "http/map_layer.hpp"
#include "http/query_params.hpp"

namespace ug::http {
namespace json = boost::json;

namespace {

// A GeoJSON FeatureCollection (RFC 7946) whose features carry `properties` (a JSON Schema object's
// "required" and "properties", as text); geometries are polygons or multipolygons of lon/lat.
json::value feature_collection_schema(const char* properties) {
  auto feature_properties = json::parse(properties).as_object();
  feature_properties["type"] = "object";
  json::object feature{{"type", "object"}, {"required", json::array{"type", "properties", "geometry"}}};
  feature["properties"] =
      json::object{{"type", json::object{{"const", "Feature"}}},
                   {"properties", std::move(feature_properties)},
                   {"geometry", json::parse(R"json({"type": "object", "required": ["type", "coordinates"],
        "properties": {"type": {"enum": ["Polygon", "MultiPolygon"]}, "coordinates": {"type": "array",
          "description": "Polygon：环 → 点 → [经度, 纬度]；MultiPolygon：多一层",
          "items": {"type": "array", "items": {"type": "array", "items": {"oneOf": [{"type": "number"},
            {"type": "array", "items": {"type": "number"}}]}}}}}})json")}};
  json::object collection{{"type", "object"}, {"required", json::array{"type", "features"}}};
  collection["properties"] = json::object{{"type", json::object{{"const", "FeatureCollection"}}},
                                          {"features", json::object{{"type", "array"}, {"items", std::move(feature)}}}};
  return collection;
}

// A city's grid file: the demo city's 11,700 grids export to 3.7 MB (`urbangrid grid export`), so
// this leaves room for a city many times larger or with far more detailed boundaries.
constexpr std::size_t kGridImportBodyLimit = 64 * 1024 * 1024;

json::value division_json(const std::optional<service::DivisionRef>& ref) {
  if (!ref) return nullptr;
  return json::object{{"code", ref->code}, {"name", ref->name}};
}

// What a map layer depends on besides the request: the grids and the caller's scope.
std::string layer_basis(const service::GridService& grids, const access::Principal& caller, const Request& request) {
  std::string basis = grids.snapshot()->marker() + '\n' + request.query;
  for (const auto& scope : caller.region_scopes) basis += '\n' + scope;
  return basis;
}

Result<std::optional<geo::Box>> bbox_param(const Request& request) {
  const auto text = request.query_param("bbox").value_or("");
  if (text.empty()) return std::optional<geo::Box>{};
  double w = 0, s = 0, e = 0, n = 0;
  char tail = 0;
  const auto bad = [] { return tl::unexpected(invalid("bbox", "grid_api.bbox_invalid")); };
  if (std::sscanf(text.c_str(), "%lf,%lf,%lf,%lf%c", &w, &s, &e, &n, &tail) != 4) return bad();
  const auto low = geo::to_nano({w, s});
  const auto high = geo::to_nano({e, n});
  if (!low || !high || low->x > high->x || low->y > high->y) return bad();
  return std::optional<geo::Box>{geo::Box{*low, *high}};
}

// The import's validation report: counts, then each rejected feature with its reasons, each repair
// and each warning, so whoever imports sees exactly what is wrong where.
json::object import_report_json(const service::GridImportReport& report) {
  const auto& plan = report.plan;
  json::array rejected;
  for (const auto& r : plan.rejected) {
    json::array reasons;
    for (const auto& reason : r.reasons) reasons.emplace_back(reason);
    rejected.push_back(json::object{{"feature", r.feature}, {"code", r.code}, {"reasons", std::move(reasons)}});
  }
  json::array repaired;
  for (const auto& g : plan.accepted) {
    if (g.repairs.empty()) continue;
    json::array repairs;
    for (const auto& repair : g.repairs) repairs.emplace_back(repair);
    repaired.push_back(json::object{{"feature", g.feature}, {"code", g.code}, {"repairs", std::move(repairs)}});
  }
  json::array warnings;
  for (const auto& w : plan.warnings) {
    json::array codes;
    for (const auto& c : w.codes) codes.emplace_back(c);
    warnings.push_back(
        json::object{{"kind", w.kind}, {"message", w.message}, {"codes", std::move(codes)}, {"area_m2", w.area_m2}});
  }
  return json::object{{"features", report.features},     {"accepted", plan.accepted.size()},
                      {"rejected", std::move(rejected)}, {"repaired", std::move(repaired)},
                      {"warnings", std::move(warnings)}, {"refused", plan.refused},
                      {"written", report.written},       {"grids_stored", report.grids_stored}};
}

Result<catalog::GridImportOptions> import_options(const Request& request) {
  catalog::GridImportOptions options;
  options.code_property = request.query_param("code_property").value_or("code");
  options.name_property = request.query_param("name_property").value_or("");
  if (options.code_property.empty()) {
    return fail(invalid("code_property", "grid_api.code_property_empty"));
  }
  UG_TRY_ASSIGN(auto repair, boolean_query_param(request, "repair", false));
  options.repair = repair;
  UG_TRY_ASSIGN(auto strict, boolean_query_param(request, "strict", false));
  options.strict = strict;
  return options;
}

void add_grid_import_route(Router& router, service::GridService& grids) {
  RouteDoc doc;
  doc.summary = "导入单元网格（GeoJSON FeatureCollection），返回校验报告；dry_run 只校验不写入";
  doc.description =
      "每个要素按编码（15 位，DOMAIN.md §2）校验：几何有效、面积合理、编码不重复；与已有网格的重叠、社区内的空隙、"
      "未知的行政区划前缀给出警告。可导入的网格在一个事务中写入（同编码则替换）；被拒绝的要素不写入。"
      "strict=true 时有任何错误或警告即整份不写入。无论是否写入，只要文件能读，都以 200 返回报告，由 written 说明。";
  doc.tag = "grids";
  doc.access = RouteAccess::needs(access::Permission::manage_grids);
  doc.body_limit = kGridImportBodyLimit;
  doc.parameters = {
      {"dry_run", "query", false, "true：只校验，不写入", json::object{{"type", "boolean"}}},
      {"code_property", "query", false, "存放网格编码的属性名，默认 code", json::object{{"type", "string"}}},
      {"name_property", "query", false, "存放网格名称的属性名；不给则网格无名称", json::object{{"type", "string"}}},
      {"repair", "query", false, "true：闭合环、去掉退化部分、修复无效几何（逐个报告）",
       json::object{{"type", "boolean"}}},
      {"strict", "query", false, "true：有任何错误或警告即不写入", json::object{{"type", "boolean"}}}};
  doc.request_schema =
      json::object{{"type", "object"}, {"description", "GeoJSON FeatureCollection（WGS84/CGCS2000 经纬度）"}};
  doc.responses = {{200, "校验报告", "application/json", json::parse(R"json({"type": "object",
    "required": ["features", "accepted", "rejected", "repaired", "warnings", "refused", "written", "grids_stored"],
    "properties": {"features": {"type": "integer"}, "accepted": {"type": "integer"},
      "rejected": {"type": "array", "items": {"type": "object", "properties": {"feature": {"type": "integer"},
        "code": {"type": "string"}, "reasons": {"type": "array", "items": {"type": "string"}}}}},
      "repaired": {"type": "array", "items": {"type": "object", "required": ["feature", "code", "repairs"],
        "properties": {"feature": {"type": "integer"}, "code": {"type": "string"},
          "repairs": {"type": "array", "items": {"type": "string"}}}}},
      "warnings": {"type": "array", "items": {"type": "object", "properties": {"kind": {"type": "string"},
        "message": {"type": "string"}, "codes": {"type": "array", "items": {"type": "string"}},
        "area_m2": {"type": "number"}}}},
      "refused": {"type": "boolean"}, "written": {"type": "boolean"}, "grids_stored": {"type": "integer"}}})json")}};
  for (auto& e : error_responses({{415, "不是 JSON"}, {422, "不是 GeoJSON FeatureCollection，或参数无效"}})) {
    doc.responses.push_back(e);
  }
  router.add(
      Method::post, "/api/v1/grids/import", Execution::worker_pool,
      [&grids](Request& request) -> Result<Response> {
        const auto type = request.header("content-type").value_or("");
        if (!is_json_content_type(type) && !is_json_content_type(type, "application/geo+json")) {
          return fail(Error(ErrorCode::unsupported_media_type, "grid_api.geojson_required")
                          .with("expected", std::string("application/geo+json")));
        }
        UG_TRY_ASSIGN(const auto options, import_options(request));
        UG_TRY_ASSIGN(const auto dry_run, boolean_query_param(request, "dry_run", false));
        UG_TRY_ASSIGN(auto report, grids.import_geojson(
                                       *request.principal, request.body, options,
                                       dry_run ? service::GridImportMode::check_only : service::GridImportMode::apply));
        return json_response(200, import_report_json(report));
      },
      std::move(doc));
}

}  // namespace

void add_responsibility_grid_route(Router& router, service::GridService& grids) {
  RouteDoc doc;
  doc.summary = "责任网格列表（单元网格的命名集合）及其单元网格数";
  doc.tag = "grids";
  doc.access = RouteAccess::needs(access::Permission::view_base_data);
  doc.responses = {{200, "按名称排序", "application/json", json::parse(R"json({"type": "object",
    "properties": {"responsibility_grids": {"type": "array", "items": {"type": "object", "properties": {
      "id": {"type": "integer"}, "name": {"type": "string"}, "description": {"type": "string"},
      "unit_grid_count": {"type": "integer"}}}}}})json")}};
  router.add(
      Method::get, "/api/v1/responsibility-grids", Execution::worker_pool,
      [&grids](Request& request) -> Result<Response> {
        UG_TRY_ASSIGN(auto all, grids.responsibility_grids(*request.principal));
        json::array out;
        for (const auto& g : all) {
          out.push_back(json::object{
              {"id", g.id}, {"name", g.name}, {"description", g.description}, {"unit_grid_count", g.unit_grid_count}});
        }
        return json_response(200, json::object{{"responsibility_grids", std::move(out)}});
      },
      std::move(doc));
}

void add_grid_map_routes(Router& router, service::GridService& grids) {
  RouteDoc doc;
  doc.summary = "地图用的单元网格（GeoJSON）：编码、名称和所属社区、街道、区县";
  doc.description = "只含调用者数据范围内的网格；坐标保留 6 位小数（约 0.1 米）。带 ETag，网格未变时答 304。";
  doc.tag = "grids";
  doc.access = RouteAccess::needs(access::Permission::view_base_data);
  doc.parameters = {
      {"bbox", "query", false, "只要与此范围相交的网格：西,南,东,北（经纬度）", json::object{{"type", "string"}}}};
  doc.responses = {{200, "FeatureCollection", "application/geo+json", feature_collection_schema(R"json({
    "required": ["code", "name", "community", "street", "district"],
    "properties": {"code": {"type": "string"}, "name": {"type": "string"},
      "community": {"type": ["string", "null"]}, "street": {"type": ["string", "null"]},
      "district": {"type": ["string", "null"]}}})json")},
                   {304, "未变化（If-None-Match）", "", nullptr}};
  for (auto& e : error_responses({{422, "bbox 无效"}})) doc.responses.push_back(e);
  router.add(
      Method::get, "/api/v1/grids", Execution::worker_pool,
      [&grids](Request& request) -> Result<Response> {
        UG_TRY_ASSIGN(const auto box, bbox_param(request));
        const auto& caller = *request.principal;
        return map_layer(request, layer_basis(grids, caller, request), [&] { return grids.map_geojson(caller, box); });
      },
      std::move(doc));

  RouteDoc outline_doc;
  outline_doc.summary = "区县或街道的轮廓（其单元网格之并，GeoJSON），供没有底图时画行政边界";
  outline_doc.description = "行政边界是公开信息，无需账号（公众上报页面也画它）。";
  outline_doc.tag = "grids";
  outline_doc.access = RouteAccess::open();
  outline_doc.parameters = {
      {"level", "query", true, "district 或 street", json::object{{"enum", json::array{"district", "street"}}}}};
  outline_doc.responses = {{200, "FeatureCollection", "application/geo+json", feature_collection_schema(R"json({
    "required": ["code", "name"], "properties": {"code": {"type": "string"}, "name": {"type": "string"}}})json")},
                           {304, "未变化（If-None-Match）", "", nullptr}};
  for (auto& e : error_responses({{422, "level 无效"}})) outline_doc.responses.push_back(e);
  router.add(
      Method::get, "/api/v1/grids/outlines", Execution::worker_pool,
      [&grids](Request& request) -> Result<Response> {
        const auto level = request.query_param("level").value_or("");
        if (level != "district" && level != "street") {
          return fail(invalid("level", "grid_api.outline_level_invalid"));
        }
        return map_layer(request, grids.snapshot()->marker() + '\n' + level,
                         [&] { return grids.outlines_geojson(level == "district" ? 6 : 9); });
      },
      std::move(outline_doc));
}

void add_grid_routes(Router& router, service::GridService& grids) {
  add_responsibility_grid_route(router, grids);
  add_grid_map_routes(router, grids);
  add_grid_import_route(router, grids);
  RouteDoc doc;
  doc.summary = "坐标定位单元网格：返回网格及其社区、街道、区县";
  doc.description =
      "边界上的点和重叠处的点归编码最小的网格（DOMAIN.md §2）；不在任何网格内时返回 {\"grid\": null}。"
      "坐标为 WGS84/CGCS2000 经纬度。";
  doc.tag = "grids";
  doc.access = RouteAccess::needs(access::Permission::view_base_data);
  doc.parameters = {{"lon", "query", true, "经度，-180 到 180", json::object{{"type", "number"}}},
                    {"lat", "query", true, "纬度，-90 到 90", json::object{{"type", "number"}}}};
  const auto division = json::parse(R"json({"oneOf": [{"type": "null"}, {"type": "object",
      "properties": {"code": {"type": "string"}, "name": {"type": "string"}}}]})json");
  doc.responses = {
      {200, "所在网格，或 null", "application/json",
       json::object{
           {"type", "object"},
           {"required", json::array{"grid"}},
           {"properties",
            json::object{
                {"grid",
                 json::object{
                     {"oneOf",
                      json::array{json::object{{"type", "null"}},
                                  json::object{{"type", "object"},
                                               {"properties", json::object{{"code", json::object{{"type", "string"}}},
                                                                           {"name", json::object{{"type", "string"}}},
                                                                           {"district", division},
                                                                           {"street", division},
                                                                           {"community", division}}}}}}}}}}}}};
  router.add(
      Method::get, "/api/v1/grids/locate", Execution::io_thread,
      [&grids](Request& request) -> Result<Response> {
        UG_TRY_ASSIGN(const auto point, lon_lat_query_params(request));
        const auto place = grids.locate(*request.principal, {point.first, point.second});
        if (!place) return json_response(200, json::object{{"grid", nullptr}});
        return json_response(200, json::object{{"grid", json::object{{"code", place->code},
                                                                     {"name", place->name},
                                                                     {"district", division_json(place->district)},
                                                                     {"street", division_json(place->street)},
                                                                     {"community", division_json(place->community)}}}});
      },
      std::move(doc));
}

}  // namespace ug::http
