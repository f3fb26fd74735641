// Handlers of the component endpoints.
#include "http/component_routes.hpp"

#include <boost/json/object.hpp>
#include <cmath>

#include "core/clock.hpp"

#include "http/json.hpp"
#include "http/query_params.hpp"

namespace ug::http {
namespace json = boost::json;

namespace {

json::object component_json(const catalog::Component& c) {
  return json::object{{"id", c.id},
                      {"category", c.category_code()},
                      {"name", c.name},
                      {"status", c.status},
                      {"supervisor", json::object{{"code", c.supervisor_code}, {"name", c.supervisor_name}}},
                      {"owner", json::object{{"code", c.owner_code}, {"name", c.owner_name}}},
                      {"maintainer", json::object{{"code", c.maintainer_code}, {"name", c.maintainer_name}}},
                      {"grid", c.grid_code},
                      {"street", json::object{{"code", c.street_code}, {"name", c.street_name}}},
                      {"community", json::object{{"code", c.community_code}, {"name", c.community_name}}},
                      {"first_survey_date", c.first_survey_date},
                      {"change_date", c.change_date},
                      {"data_source", c.data_source},
                      {"remarks", c.remarks},
                      {"lon", c.location.lon},
                      {"lat", c.location.lat}};
}

// As component_json writes it.
json::object component_schema() {
  return json::parse(R"json({"type": "object",
    "required": ["id", "category", "name", "status", "supervisor", "owner", "maintainer", "grid", "street",
      "community", "first_survey_date", "change_date", "data_source", "remarks", "lon", "lat"],
    "properties": {"id": {"type": "string"}, "category": {"type": "string"}, "name": {"type": "string"},
      "status": {"type": "string"}, "grid": {"type": "string"}, "first_survey_date": {"type": "string"},
      "change_date": {"type": "string"}, "data_source": {"type": "string"}, "remarks": {"type": "string"},
      "lon": {"type": "number"}, "lat": {"type": "number"},
      "supervisor": {"type": "object", "required": ["code", "name"], "properties": {"code": {"type": "string"}, "name": {"type": "string"}}}, "owner": {"type": "object", "required": ["code", "name"], "properties": {"code": {"type": "string"}, "name": {"type": "string"}}}, "maintainer": {"type": "object", "required": ["code", "name"], "properties": {"code": {"type": "string"}, "name": {"type": "string"}}},
      "street": {"type": "object", "required": ["code", "name"], "properties": {"code": {"type": "string"}, "name": {"type": "string"}}}, "community": {"type": "object", "required": ["code", "name"], "properties": {"code": {"type": "string"}, "name": {"type": "string"}}}}})json")
      .as_object();
}

}  // namespace

void add_component_routes(Router& router, service::ComponentService& components) {
  RouteDoc nearest_doc;
  nearest_doc.summary = "某类部件中离某点最近的若干个（如最近的污水井盖）";
  nearest_doc.tag = "components";
  nearest_doc.access = RouteAccess::needs(access::Permission::view_base_data);
  nearest_doc.parameters = {
      {"category", "query", true, "部件类别代码（5 位）", json::object{{"type", "string"}}},
      {"lon", "query", true, "经度", json::object{{"type", "number"}}},
      {"lat", "query", true, "纬度", json::object{{"type", "number"}}},
      {"limit", "query", false, "最多返回几个，默认 5，最多 100", json::object{{"type", "integer"}}},
      {"radius", "query", false, "搜索半径（米），默认 200，最大 5000", json::object{{"type", "number"}}}};
  nearest_doc.responses = {{200, "由近到远", "application/json", [] {
                              auto near = component_schema();
                              near["properties"].as_object()["distance_m"] = json::object{{"type", "number"}};
                              near["required"].as_array().emplace_back("distance_m");
                              return list_schema("components", std::move(near));
                            }()}};
  router.add(
      Method::get, "/api/v1/components/nearest", Execution::worker_pool,
      [&components](Request& request) -> Result<Response> {
        UG_TRY_ASSIGN(const auto point, lon_lat_query_params(request));
        UG_TRY_ASSIGN(const auto limit, number_query_param(request, "limit", 1, 100, 5));
        UG_TRY_ASSIGN(const auto radius, number_query_param(request, "radius", 1, 5000, 200));
        const auto category = request.query_param("category").value_or("");
        if (category.size() != 5) {
          return fail(invalid("category", "component_api.category_invalid"));
        }
        UG_TRY_ASSIGN(auto found, components.nearest(*request.principal, category, {point.first, point.second},
                                                     static_cast<std::size_t>(limit), radius));
        json::array out;
        for (const auto& n : found) {
          auto item = component_json(n.component);
          item["distance_m"] = std::round(n.distance_m * 10) / 10;
          out.push_back(std::move(item));
        }
        return json_response(200, json::object{{"components", std::move(out)}});
      },
      std::move(nearest_doc));

  RouteDoc one_doc;
  one_doc.summary = "一个部件的台账及其状态历史";
  one_doc.tag = "components";
  one_doc.access = RouteAccess::needs(access::Permission::view_base_data);
  one_doc.parameters = {{"id", "path", true, "17 位部件标识码", json::object{{"type", "string"}}}};
  one_doc.responses = {{200, "部件", "application/json", [] {
                          auto one = component_schema();
                          one["properties"].as_object()["status_history"] = json::parse(R"json({"type": "array",
                           "items": {"type": "object", "required": ["at", "status", "note"],
                             "properties": {"at": {"type": "string"}, "status": {"type": "string"},
                               "note": {"type": "string"}}}})json");
                          one["required"].as_array().emplace_back("status_history");
                          return one;
                        }()}};
  router.add(
      Method::get, "/api/v1/components/{id}", Execution::worker_pool,
      [&components](Request& request) -> Result<Response> {
        const auto& id = *request.path_param("id");
        UG_TRY_ASSIGN(auto found, components.find(*request.principal, id));
        if (!found) {
          return fail(Error(ErrorCode::not_found, "component_api.not_found").with("id", id));
        }
        UG_TRY_ASSIGN(auto history, components.status_history(id));
        json::array changes;
        for (const auto& h : history) {
          changes.push_back(
              json::object{{"at", format_iso8601_utc(h.changed_at)}, {"status", h.status}, {"note", h.note}});
        }
        auto body = component_json(*found);
        body["status_history"] = std::move(changes);
        return json_response(200, body);
      },
      std::move(one_doc));
}

}  // namespace ug::http
