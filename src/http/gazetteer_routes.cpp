// The address gazetteer over HTTP (issue 22): finding a place by a typed address (GET
// /api/v1/places, which began as a search of divisions and grid names), the name of the place at a
// point (GET /api/v1/places/reverse), and importing roads and address points with their reports.
#include "http/gazetteer_routes.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <span>

#include <cmath>
#include <mutex>

#include "core/text.hpp"
#include "http/compression.hpp"
#include "http/json.hpp"
#include "http/map_layer.hpp"
#include "http/query_params.hpp"

namespace ug::http {
namespace {

namespace json = boost::json;

constexpr std::size_t kGazetteerImportBodyLimit = 256 * 1024 * 1024;  // a megacity's address points as CSV

double round6(double v) { return std::round(v * 1e6) / 1e6; }

json::value point_json(geo::LonLat p) { return json::object{{"lon", round6(p.lon)}, {"lat", round6(p.lat)}}; }

json::value grid_json(const std::optional<service::GridPlace>& grid) {
  if (!grid) return nullptr;
  const auto name = [](const std::optional<service::DivisionRef>& d) -> json::value {
    if (!d) return nullptr;
    return json::object{{"code", d->code}, {"name", d->name}};
  };
  return json::object{{"code", grid->code},
                      {"name", grid->name},
                      {"community", name(grid->community)},
                      {"street", name(grid->street)},
                      {"district", name(grid->district)}};
}

// What the place lies within, for telling equal names apart: 越河街道 · 任城区.
std::string within_of(const service::PlaceCandidate& c) {
  if (!c.grid) return {};
  std::string out;
  for (const auto& d : {c.grid->community, c.grid->street, c.grid->district}) {
    if (!d) continue;
    if (!out.empty()) out += " · ";
    out += d->name;
  }
  return out;
}

// The unit grid a place lies in, or null; each division of it, or null.
constexpr std::string_view kGridSchema = R"json({"oneOf": [{"type": "null"}, {"type": "object",
  "required": ["code", "name", "community", "street", "district"], "properties": {
    "code": {"type": "string"}, "name": {"type": "string"},
    "community": {"oneOf": [{"type": "null"}, {"type": "object", "properties": {"code": {"type": "string"}, "name": {"type": "string"}}}]},
    "street": {"oneOf": [{"type": "null"}, {"type": "object", "properties": {"code": {"type": "string"}, "name": {"type": "string"}}}]},
    "district": {"oneOf": [{"type": "null"}, {"type": "object", "properties": {"code": {"type": "string"}, "name": {"type": "string"}}}]}}}]})json";
constexpr std::string_view kPointSchema =
    R"json({"type": "object", "required": ["lon", "lat"], "properties": {"lon": {"type": "number"}, "lat": {"type": "number"}}})json";

const json::value& place_schema() {
  static json::value schema = json::parse(R"json({"type": "object",
    "required": ["kind", "code", "name", "label", "within", "score", "box", "point", "grid", "synthetic"],
    "properties": {
      "kind": {"enum": ["address", "intersection", "nearest_number", "building", "road", "street", "community", "grid"]},
      "code": {"type": "string", "description": "division or grid code; for an address kind its unit grid's"},
      "name": {"type": "string"}, "label": {"type": "string"}, "within": {"type": "string"},
      "score": {"type": "number", "minimum": 0, "maximum": 1},
      "road": {"type": "string"}, "number": {"type": "string"}, "building": {"type": "string"},
      "box": {"type": "array", "items": {"type": "number"}, "minItems": 4, "maxItems": 4},
      "synthetic": {"type": "boolean"}}})json");
  static const bool completed = [] {
    auto& properties = schema.as_object()["properties"].as_object();
    properties["point"] = json::parse(kPointSchema);
    properties["grid"] = json::parse(kGridSchema);
    return true;
  }();
  (void)completed;
  return schema;
}

void add_place_search_route(Router& router, service::GazetteerService& gazetteer) {
  RouteDoc doc;
  doc.summary = "按地址查找地点：门牌、路口、建筑或兴趣点、道路，以及街道、社区、单元网格";
  doc.description =
      "输入的地址先规范化（全角转半角、去空格标点、中文数字门牌转阿拉伯数字、号/弄/栋），再依次匹配："
      "道路＋门牌号（address，1.0）、两条道路的交叉口（intersection，0.9）、同一道路同侧最近的门牌（nearest_number）、"
      "建筑或兴趣点名称（building，0.8）、道路本身（road，0.6），最后是名称匹配的街道、社区和网格。"
      "每个候选给出得分和所在单元网格；只含调用者数据范围内的。synthetic 为 true 的是演示数据。";
  doc.tag = "grids";
  doc.access = RouteAccess::needs(access::Permission::view_base_data);
  doc.parameters = {
      {"q", "query", true, "地址、道路、建筑或兴趣点、街道、社区或网格名称", json::object{{"type", "string"}}},
      {"limit", "query", false, "最多几条，1–50，默认 10", json::object{{"type", "integer"}}}};
  doc.responses = {
      {200, "候选地点，得分高的在前", "application/json",
       json::object{
           {"type", "object"},
           {"required", json::array{"places"}},
           {"properties", json::object{{"places", json::object{{"type", "array"}, {"items", place_schema()}}}}}}}};
  for (auto& e : error_responses({{422, "q 为空、过长或 limit 无效"}})) doc.responses.push_back(e);
  router.add(
      Method::get, "/api/v1/places", Execution::worker_pool,
      [&gazetteer](Request& request) -> Result<Response> {
        const auto text = request.query_param("q").value_or("");
        if (trim_blanks(text).empty()) return fail(invalid("q", "grid_api.place_query_empty"));
        if (text.size() > catalog::kMaxAddressFieldBytes) return fail(invalid("q", "gazetteer.query_too_long"));
        UG_TRY_ASSIGN(const auto limit, integer_query_param(request, "limit", 1, 50, 10));
        json::array out;
        for (const auto& c : gazetteer.geocode(*request.principal, text, static_cast<std::size_t>(limit))) {
          const auto& m = c.match;
          const bool division = c.box.has_value();
          // A division keeps the box of its grids; an address a box of its point.
          json::array box{round6(m.point.lon), round6(m.point.lat), round6(m.point.lon), round6(m.point.lat)};
          if (c.box) {
            const auto low = geo::to_degrees(c.box->min), high = geo::to_degrees(c.box->max);
            box = json::array{round6(low.lon), round6(low.lat), round6(high.lon), round6(high.lat)};
          }
          // A division's own code; an address's unit grid.
          std::string code = division ? c.code : c.grid ? c.grid->code : "";
          std::string name = division ? c.name : m.label;
          out.push_back(json::object{{"kind", m.kind},
                                     {"code", std::move(code)},
                                     {"name", std::move(name)},
                                     {"label", m.label},
                                     {"within", division ? c.within : within_of(c)},
                                     {"score", std::round(m.score * 1000) / 1000},
                                     {"road", m.road},
                                     {"number", m.number},
                                     {"building", m.building},
                                     {"box", std::move(box)},
                                     {"point", point_json(m.point)},
                                     {"grid", grid_json(c.grid)},
                                     {"synthetic", m.synthetic}});
        }
        return json_response(200, json::object{{"places", std::move(out)}});
      },
      std::move(doc));
}

void add_reverse_route(Router& router, service::GazetteerService& gazetteer) {
  RouteDoc doc;
  doc.summary = "一个点叫什么：最近的门牌（100 米内），否则最近的道路（200 米内），以及所在单元网格";
  doc.tag = "grids";
  doc.access = RouteAccess::needs(access::Permission::view_base_data);
  doc.parameters = {{"lon", "query", true, "经度，-180 到 180", json::object{{"type", "number"}}},
                    {"lat", "query", true, "纬度，-90 到 90", json::object{{"type", "number"}}}};
  auto reverse_schema = json::parse(R"json({
    "type": "object", "required": ["label", "address", "road", "grid"], "properties": {
      "label": {"type": "string"},
      "address": {"oneOf": [{"type": "null"}, {"type": "object", "properties": {"label": {"type": "string"},
        "distance_m": {"type": "number"}, "synthetic": {"type": "boolean"}}}]},
      "road": {"oneOf": [{"type": "null"}, {"type": "object", "properties": {"name": {"type": "string"},
        "distance_m": {"type": "number"}}}]}}})json");
  auto& reverse_properties = reverse_schema.as_object()["properties"].as_object();
  reverse_properties["grid"] = json::parse(kGridSchema);
  reverse_properties["address"].as_object()["oneOf"].as_array()[1].as_object()["properties"].as_object()["point"] =
      json::parse(kPointSchema);
  doc.responses = {{200, "地点名称；附近没有地址和道路时 label 为空", "application/json", std::move(reverse_schema)}};
  for (auto& e : error_responses({{422, "lon 或 lat 无效"}})) doc.responses.push_back(e);
  router.add(
      Method::get, "/api/v1/places/reverse", Execution::io_thread,
      [&gazetteer](Request& request) -> Result<Response> {
        UG_TRY_ASSIGN(const auto point, lon_lat_query_params(request));
        // Outside the caller's scope a place has no name for them: the same answer as nowhere.
        const auto place = gazetteer.name_of(*request.principal, {point.first, point.second});
        json::value address = nullptr, road = nullptr;
        if (place.address) {
          address = json::object{{"label", catalog::address_label(place.address->address)},
                                 {"distance_m", std::round(place.address->distance_m * 10) / 10},
                                 {"point", point_json(place.address->address.location)},
                                 {"synthetic", place.address->address.synthetic}};
        }
        if (place.road) {
          road = json::object{{"name", place.road->road}, {"distance_m", std::round(place.road->distance_m * 10) / 10}};
        }
        return json_response(200, json::object{{"label", place.label},
                                               {"address", std::move(address)},
                                               {"road", std::move(road)},
                                               {"grid", grid_json(place.grid)}});
      },
      std::move(doc));
}

// A report lists at most this many rows of each kind (with the whole count beside): a file of a
// million bad rows answers with a report a browser can show, not a hundred megabytes of JSON.
constexpr std::size_t kListedRows = 1'000;

template <typename Rows>
std::span<const typename Rows::value_type> listed(const Rows& rows) {
  return {rows.data(), std::min(rows.size(), kListedRows)};
}

json::array refused_json(const std::vector<catalog::RefusedRow>& rows) {
  json::array out;
  for (const auto& r : listed(rows)) {
    json::array reasons;
    for (const auto& reason : r.reasons) reasons.emplace_back(reason);
    out.push_back(json::object{{"row", r.row}, {"key", r.key}, {"reasons", std::move(reasons)}, {"detail", r.detail}});
  }
  return out;
}

json::array duplicates_json(const std::vector<catalog::DuplicateRow>& rows) {
  json::array out;
  for (const auto& d : listed(rows)) {
    out.push_back(json::object{{"row", d.row}, {"first_row", d.first_row}, {"key", d.key}});
  }
  return out;
}

Result<service::GazetteerImportOptions> import_options(const Request& request) {
  service::GazetteerImportOptions options;
  UG_TRY_ASSIGN(const auto dry_run, boolean_query_param(request, "dry_run", false));
  UG_TRY_ASSIGN(options.replace, boolean_query_param(request, "replace", false));
  UG_TRY_ASSIGN(options.strict, boolean_query_param(request, "strict", false));
  options.mode = dry_run ? service::GridImportMode::check_only : service::GridImportMode::apply;
  return options;
}

const json::value& report_schema(std::string_view stored) {
  static std::map<std::string, json::value, std::less<>> schemas;
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  auto [it, fresh] = schemas.try_emplace(std::string(stored));
  if (fresh) {
    it->second = json::parse(R"json({"type": "object",
      "required": ["rows", "accepted", "refused", "duplicates", "written"],
      "properties": {"rows": {"type": "integer"}, "accepted": {"type": "integer"},
        "refused": {"type": "array", "items": {"type": "object", "properties": {"row": {"type": "integer"},
          "key": {"type": "string"}, "detail": {"type": "string"},
          "reasons": {"type": "array", "items": {"enum": ["no_name", "bad_line", "no_road_or_building",
            "bad_number", "bad_location", "bad_text", "too_long", "too_many_points"]}}}}},
        "duplicates": {"type": "array", "items": {"type": "object", "properties": {"row": {"type": "integer"},
          "first_row": {"type": "integer"}, "key": {"type": "string"}}}},
        "outside_grids": {"type": "array", "items": {"type": "integer"}},
        "roads_without_line": {"type": "array", "items": {"type": "string"}},
        "refused_total": {"type": "integer"}, "duplicates_total": {"type": "integer"},
        "outside_grids_total": {"type": "integer"},
        "written": {"type": "boolean"}}})json");
    it->second.as_object()["properties"].as_object()[std::string(stored)] = json::object{{"type", "integer"}};
  }
  return it->second;
}

std::vector<ParameterDoc> import_parameters() {
  return {{"dry_run", "query", false, "true：只校验，不写入", json::object{{"type", "boolean"}}},
          {"replace", "query", false,
           "true：以本文件替换已有的全部数据（文件须无被拒或重复的行，同 strict），否则按键增补或更新",
           json::object{{"type", "boolean"}}},
          {"strict", "query", false, "true：有任何被拒或重复的行即整份不写入", json::object{{"type", "boolean"}}}};
}

void add_import_routes(Router& router, service::GazetteerService& gazetteer) {
  {
    RouteDoc doc;
    doc.summary = "导入道路中心线（GeoJSON LineString/MultiLineString，带路名和别名），返回校验报告";
    doc.description =
        "name_property（默认 name）为路名，aliases_property（默认 aliases，数组或以顿号、逗号分隔的文字）为别名。"
        "缺路名、几何不是线的要素被拒（reasons：no_name、bad_line），同名的后一条记为重复；同名道路被替换。";
    doc.tag = "grids";
    doc.access = RouteAccess::needs(access::Permission::manage_grids);
    doc.body_limit = kGazetteerImportBodyLimit;
    doc.parameters = import_parameters();
    doc.parameters.push_back(
        {"name_property", "query", false, "路名属性，默认 name", json::object{{"type", "string"}}});
    doc.parameters.push_back(
        {"aliases_property", "query", false, "别名属性，默认 aliases", json::object{{"type", "string"}}});
    doc.request_schema = json::object{{"type", "object"}, {"description", "GeoJSON FeatureCollection"}};
    doc.responses = {{200, "校验报告", "application/json", report_schema("roads_stored")}};
    for (auto& e : error_responses({{415, "不是 GeoJSON"}, {422, "不是 FeatureCollection，或参数无效"}})) {
      doc.responses.push_back(e);
    }
    router.add(
        Method::post, "/api/v1/gazetteer/roads", Execution::worker_pool,
        [&gazetteer](Request& request) -> Result<Response> {
          const auto type = request.header("content-type").value_or("");
          if (!is_json_content_type(type) && !is_json_content_type(type, "application/geo+json")) {
            return fail(Error(ErrorCode::unsupported_media_type, "grid_api.geojson_required")
                            .with("expected", std::string("application/geo+json")));
          }
          UG_TRY_ASSIGN(const auto options, import_options(request));
          catalog::RoadImportOptions road_options;
          road_options.name_property = request.query_param("name_property").value_or("name");
          road_options.aliases_property = request.query_param("aliases_property").value_or("aliases");
          UG_TRY_ASSIGN(const auto report,
                        gazetteer.import_roads(*request.principal, request.body, road_options, options));
          return json_response(200, json::object{{"rows", report.features},
                                                 {"accepted", report.plan.accepted.size()},
                                                 {"refused", refused_json(report.plan.refused)},
                                                 {"refused_total", report.plan.refused.size()},
                                                 {"duplicates", duplicates_json(report.plan.duplicates)},
                                                 {"duplicates_total", report.plan.duplicates.size()},
                                                 {"written", report.written},
                                                 {"roads_stored", report.roads_stored}});
        },
        std::move(doc));
  }
  RouteDoc doc;
  doc.summary = "导入门牌地址点（CSV 或 GeoJSON Point），按列对应读取，返回校验报告";
  doc.description =
      "字段为 road（路名）、number（门牌号）、building（建筑或兴趣点名称）、community（社区代码，空则取所在网格的）、"
      "lon、lat（CSV；GeoJSON 取点的坐标）。column=字段=列名 可重复给出以改列名，例如 column=road=路名。"
      "路名可用道路的别名，存为道路本名。路名和建筑名都没有、门牌号读不出、坐标无效的行被拒；"
      "同一道路、门牌和建筑的后一行记为重复；不在任何单元网格内的点照存并列出。各类行最多列出前 1000 行，*_total "
      "为总数。";
  doc.tag = "grids";
  doc.access = RouteAccess::needs(access::Permission::manage_grids);
  doc.body_limit = kGazetteerImportBodyLimit;
  doc.parameters = import_parameters();
  doc.parameters.push_back({"column", "query", false, "列对应 字段=列名，可重复", json::object{{"type", "string"}}});
  doc.request_schema = json::object{{"type", "string"}, {"description", "text/csv（UTF-8，首行为列名）或 GeoJSON"}};
  doc.responses = {{200, "校验报告", "application/json", report_schema("addresses_stored")}};
  for (auto& e : error_responses({{415, "不是 CSV 或 GeoJSON"}, {422, "缺列、列对应无效或文件无法读取"}})) {
    doc.responses.push_back(e);
  }
  router.add(
      Method::post, "/api/v1/gazetteer/addresses", Execution::worker_pool,
      [&gazetteer](Request& request) -> Result<Response> {
        const auto type = request.header("content-type").value_or("");
        service::AddressFileFormat format = service::AddressFileFormat::csv;
        if (is_json_content_type(type) || is_json_content_type(type, "application/geo+json")) {
          format = service::AddressFileFormat::geojson;
        } else if (!is_json_content_type(type, "text/csv")) {
          return fail(Error(ErrorCode::unsupported_media_type, "gazetteer.csv_or_geojson_required")
                          .with("expected", std::string("text/csv")));
        }
        UG_TRY_ASSIGN(const auto options, import_options(request));
        catalog::AddressColumns columns;
        for (const auto& assignment : request.query_params("column")) {
          UG_TRY(catalog::set_address_column(columns, assignment));
        }
        UG_TRY_ASSIGN(const auto report,
                      gazetteer.import_addresses(*request.principal, request.body, format, columns, options));
        json::array outside;
        for (const auto row : listed(report.plan.outside_grids)) outside.push_back(row);
        json::array without_line;
        for (const auto& road : report.plan.roads_without_line) without_line.emplace_back(road);
        return json_response(200, json::object{{"rows", report.rows},
                                               {"accepted", report.plan.accepted.size()},
                                               {"refused", refused_json(report.plan.refused)},
                                               {"refused_total", report.plan.refused.size()},
                                               {"duplicates", duplicates_json(report.plan.duplicates)},
                                               {"duplicates_total", report.plan.duplicates.size()},
                                               {"outside_grids", std::move(outside)},
                                               {"outside_grids_total", report.plan.outside_grids.size()},
                                               {"roads_without_line", std::move(without_line)},
                                               {"written", report.written},
                                               {"addresses_stored", report.addresses_stored}});
      },
      std::move(doc));
}

void add_road_layer_route(Router& router, service::GazetteerService& gazetteer) {
  RouteDoc doc;
  doc.summary = "道路中心线及路名（GeoJSON），供没有底图时画街道";
  doc.description = "路名是公开的地理信息，无需账号（公众上报页面的地图也画它）。带 ETag，道路未变时答 304。";
  doc.tag = "grids";
  doc.access = RouteAccess::open();
  doc.responses = {{200, "FeatureCollection", "application/geo+json", json::parse(R"json({"type": "object",
    "required": ["type", "features"], "properties": {"type": {"const": "FeatureCollection"},
      "features": {"type": "array", "items": {"type": "object", "required": ["type", "properties", "geometry"],
        "properties": {"type": {"const": "Feature"},
          "properties": {"type": "object", "required": ["name", "synthetic"], "properties": {
            "name": {"type": "string"}, "synthetic": {"type": "boolean"}}},
          "geometry": {"type": "object", "required": ["type", "coordinates"], "properties": {
            "type": {"const": "MultiLineString"},
            "coordinates": {"type": "array", "description": "线 → 点 → [经度, 纬度]",
              "items": {"type": "array", "items": {"type": "array", "items": {"type": "number"}}}}}}}}}}})json")},
                   {304, "未变化（If-None-Match）", "", nullptr}};
  // Open to anyone, so its gzip form is made once per road network, not once per request.
  struct Packed {
    std::mutex mutex;
    std::int64_t marker = -1;
    std::shared_ptr<const std::string> gzipped;
  };
  auto packed = std::make_shared<Packed>();
  router.add(
      Method::get, "/api/v1/roads", Execution::worker_pool,
      [&gazetteer, packed](Request& request) -> Result<Response> {
        const auto current = gazetteer.snapshot();
        auto response =
            map_layer(request, "roads\n" + std::to_string(current->marker), [&] { return current->roads_geojson; });
        const auto encoding = request.header("accept-encoding");
        if (response.status != 200 || !encoding || !accepts_gzip(*encoding)) return response;
        std::shared_ptr<const std::string> gzipped;
        {
          std::lock_guard lock(packed->mutex);
          if (packed->marker != current->marker) {
            packed->gzipped = gzip(current->roads_geojson, 6);
            packed->marker = current->marker;
          }
          gzipped = packed->gzipped;
        }
        if (gzipped) use_gzipped(response, *gzipped);  // none: too small to gain
        return response;
      },
      std::move(doc));
}

}  // namespace

void add_gazetteer_routes(Router& router, service::GazetteerService& gazetteer) {
  add_road_layer_route(router, gazetteer);
  add_place_search_route(router, gazetteer);
  add_reverse_route(router, gazetteer);
  add_import_routes(router, gazetteer);
}

}  // namespace ug::http
