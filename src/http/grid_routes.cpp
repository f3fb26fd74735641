// Handlers of the grid endpoints. Lookups read the in-memory snapshot, so they run on the I/O
// threads without touching the database.
#include "http/grid_routes.hpp"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

#include <fmt/format.h>

#include <cstdio>

#include "core/text.hpp"
#include "http/json.hpp"
#include "http/query_params.hpp"

namespace ug::http {
namespace json = boost::json;

namespace {

json::value division_json(const std::optional<service::DivisionRef>& ref) {
  if (!ref) return nullptr;
  return json::object{{"code", ref->code}, {"name", ref->name}};
}

// A map layer's answer: the GeoJSON text with an ETag of what it was made from, so a browser that
// asks again while nothing changed gets 304 and keeps its copy.
Response map_layer(const Request& request, const std::string& made_from, const std::function<std::string()>& make) {
  const auto etag = fmt::format("\"{:016x}\"", fnv1a(made_from));
  Response response;
  response.set_header("etag", etag);
  response.set_header("cache-control", "private, no-cache");
  if (const auto match = request.header("if-none-match"); match && *match == etag) {
    response.status = 304;
    return response;
  }
  response.status = 200;
  response.set_header("content-type", "application/geo+json");
  response.body = make();
  return response;
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
  const auto bad = [] {
    return tl::unexpected(
        Error(ErrorCode::validation_failed, "bbox 应为 西,南,东,北 四个经纬度").with("field", std::string("bbox")));
  };
  if (std::sscanf(text.c_str(), "%lf,%lf,%lf,%lf%c", &w, &s, &e, &n, &tail) != 4) return bad();
  const auto low = geo::to_nano({w, s});
  const auto high = geo::to_nano({e, n});
  if (!low || !high || low->x > high->x || low->y > high->y) return bad();
  return std::optional<geo::Box>{geo::Box{*low, *high}};
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
      [&grids](Request& request) {
        auto all = grids.responsibility_grids(*request.principal);
        if (!all) return error_response(all.error(), request.request_id);
        json::array out;
        for (const auto& g : *all) {
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
  doc.responses = {{200, "FeatureCollection", "application/geo+json", json::object{{"type", "object"}}},
                   {304, "未变化（If-None-Match）", "", nullptr}};
  for (auto& e : error_responses({{422, "bbox 无效"}})) doc.responses.push_back(e);
  router.add(
      Method::get, "/api/v1/grids", Execution::worker_pool,
      [&grids](Request& request) {
        const auto box = bbox_param(request);
        if (!box) return error_response(box.error(), request.request_id);
        const auto& caller = *request.principal;
        return map_layer(request, layer_basis(grids, caller, request), [&] { return grids.map_geojson(caller, *box); });
      },
      std::move(doc));

  RouteDoc outline_doc;
  outline_doc.summary = "区县或街道的轮廓（其单元网格之并，GeoJSON），供没有底图时画行政边界";
  outline_doc.description = "行政边界是公开信息，无需账号（公众上报页面也画它）。";
  outline_doc.tag = "grids";
  outline_doc.access = RouteAccess::open();
  outline_doc.parameters = {
      {"level", "query", true, "district 或 street", json::object{{"enum", json::array{"district", "street"}}}}};
  outline_doc.responses = {{200, "FeatureCollection", "application/geo+json", json::object{{"type", "object"}}},
                           {304, "未变化（If-None-Match）", "", nullptr}};
  for (auto& e : error_responses({{422, "level 无效"}})) outline_doc.responses.push_back(e);
  router.add(
      Method::get, "/api/v1/grids/outlines", Execution::worker_pool,
      [&grids](Request& request) {
        const auto level = request.query_param("level").value_or("");
        if (level != "district" && level != "street") {
          return error_response(
              Error(ErrorCode::validation_failed, "level 应为 district 或 street").with("field", std::string("level")),
              request.request_id);
        }
        return map_layer(request, grids.snapshot()->marker() + '\n' + level,
                         [&] { return grids.outlines_geojson(level == "district" ? 6 : 9); });
      },
      std::move(outline_doc));
}

void add_grid_routes(Router& router, service::GridService& grids) {
  add_responsibility_grid_route(router, grids);
  add_grid_map_routes(router, grids);
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
      [&grids](Request& request) {
        const auto point = lon_lat_query_params(request);
        if (!point) return error_response(point.error(), request.request_id);
        const auto place = grids.locate(*request.principal, {point->first, point->second});
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
