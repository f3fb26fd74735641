// Handlers of the grid endpoints. Lookups read the in-memory snapshot, so they run on the I/O
// threads without touching the database.
#include "http/grid_routes.hpp"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

#include "http/json.hpp"
#include "http/query_params.hpp"

namespace ug::http {
namespace json = boost::json;

namespace {

json::value division_json(const std::optional<service::DivisionRef>& ref) {
  if (!ref) return nullptr;
  return json::object{{"code", ref->code}, {"name", ref->name}};
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

void add_grid_routes(Router& router, service::GridService& grids) {
  add_responsibility_grid_route(router, grids);
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
