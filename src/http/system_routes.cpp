// Handlers of the system endpoints; the data comes from SystemService, the shapes are documented
// in the RouteDoc beside each.
#include "http/system_routes.hpp"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

#include "core/clock.hpp"
#include "core/text.hpp"
#include "http/json.hpp"
#include "service/secrets.hpp"
#include "service/vocabulary.hpp"

namespace ug::http {
namespace json = boost::json;
namespace {

// The vocabulary as JSON: what the web UI names states, stages, channels, urgencies and roles with.
json::object vocabulary_json() {
  const auto words = [](const service::Term& t) { return json::object{{"id", t.code}, {"zh", t.zh}, {"en", t.en}}; };
  const auto code_or_null = [](std::optional<std::string_view> code) {
    return code ? json::value(*code) : json::value();
  };
  const auto& v = service::vocabulary();
  json::array states, stages, channels, urgencies, roles;
  for (const auto& s : v.states) {
    auto o = words(s.words);
    o["stage"] = code_or_null(s.stage);
    o["listed_under"] = code_or_null(s.listed_under);
    o["open"] = s.open;
    states.push_back(std::move(o));
  }
  for (const auto& s : v.stages) stages.push_back(words(s));
  for (const auto& c : v.channels) {
    auto o = words(c.words);
    o["public"] = c.is_public;
    channels.push_back(std::move(o));
  }
  for (const auto& u : v.urgencies) urgencies.push_back(words(u));
  for (const auto& r : v.roles) roles.push_back(words(r));
  return json::object{{"states", std::move(states)},
                      {"stages", std::move(stages)},
                      {"channels", std::move(channels)},
                      {"urgencies", std::move(urgencies)},
                      {"roles", std::move(roles)}};
}

}  // namespace

void add_system_routes(Router& router, service::SystemService& system, Metrics& metrics, MapSettings map,
                       std::string metrics_token) {
  const auto version = system.version();
  metrics.set_build_info(version.version, version.commit);

  RouteDoc health_doc;
  health_doc.summary = "健康检查：数据库可达且结构版本与程序一致";
  health_doc.description = "负载均衡器和监控使用。200 表示可以服务；503 表示数据库不可用或需要迁移。";
  health_doc.tag = "system";
  const auto health_schema = json::parse(R"json({
    "type": "object",
    "required": ["status", "database"],
    "properties": {
      "status": {"type": "string", "enum": ["ok", "unavailable"]},
      "problem": {"type": "string"},
      "database": {"type": "object", "properties": {
        "backend": {"type": "string", "enum": ["sqlite", "postgres"]},
        "schema_version": {"type": "integer"},
        "expected_schema_version": {"type": "integer"},
        "latency_us": {"type": "integer", "description": "round trip of the check, microseconds"}}},
      "test_clock": {"type": "object", "required": ["offset_seconds", "now"],
        "description": "只在测试部署（testing.enabled）中给出：时钟可被拨动",
        "properties": {"offset_seconds": {"type": "integer"}, "now": {"type": "string"}}}
    }
  })json");
  health_doc.responses = {{200, "可以服务", "application/json", health_schema},
                          {503, "不可服务（原因见 problem）", "application/json", health_schema}};
  router.add(
      Method::get, "/healthz", Execution::worker_pool,
      [&system](Request&) {
        const auto report = system.health();
        json::object database{{"backend", report.backend},
                              {"schema_version", report.schema_version},
                              {"expected_schema_version", report.expected_schema_version},
                              {"latency_us", report.database_latency_us}};
        json::object body{{"status", report.healthy ? "ok" : "unavailable"}, {"database", std::move(database)}};
        if (!report.healthy) body["problem"] = report.problem;
        if (const auto& clock = process_clock(); clock.testing()) {
          body["test_clock"] =
              json::object{{"offset_seconds", clock.offset_ms() / 1000}, {"now", format_iso8601_utc(clock.now())}};
        }
        auto response = json_response(report.healthy ? 200 : 503, body);
        response.set_header("cache-control", "no-store");
        return response;
      },
      std::move(health_doc));

  RouteDoc metrics_doc;
  metrics_doc.summary = "Prometheus 指标（文本格式 0.0.4）";
  metrics_doc.tag = "system";
  metrics_doc.description =
      "需要 Authorization: Bearer <metrics.token>（配置项，按常量时间比较）；未配置 metrics.token 时一律 404。"
      "它不用账号令牌：抓取程序只持有这一个令牌。";
  metrics_doc.responses = {{200, "按路由和状态码的请求数与延迟直方图、连接数、工作队列深度", "text/plain",
                            json::object{{"type", "string"}}}};
  for (auto& e : error_responses({{401, "缺少或错误的指标令牌"}, {404, "未配置 metrics.token"}})) {
    metrics_doc.responses.push_back(e);
  }
  router.add(
      Method::get, "/metrics", Execution::io_thread,
      [&metrics, token = std::move(metrics_token)](Request& request) {
        if (token.empty()) {
          return error_response(Error(ErrorCode::not_found, "system_api.metrics_not_configured"), request);
        }
        const auto presented = request.header("authorization").value_or("");
        const bool bearer = presented.size() > 7 && ascii_lower(presented.substr(0, 7)) == "bearer ";
        if (!bearer || !service::equal_in_constant_time(trim_blanks(presented.substr(7)), token)) {
          auto refused =
              error_response(Error(ErrorCode::unauthenticated, "system_api.metrics_token_required"), request);
          refused.set_header("www-authenticate", "Bearer realm=\"metrics\"");
          return refused;
        }
        Response response;
        response.set_header("content-type", "text/plain; version=0.0.4; charset=utf-8");
        response.set_header("cache-control", "no-store");
        response.body = metrics.render_prometheus();
        return response;
      },
      std::move(metrics_doc));

  RouteDoc version_doc;
  version_doc.summary = "程序版本与所用数据库类型";
  version_doc.tag = "system";
  version_doc.responses = {{200, "版本信息", "application/json", json::parse(R"json({
    "type": "object",
    "required": ["name", "version", "commit", "api", "backend"],
    "properties": {
      "name": {"type": "string"}, "version": {"type": "string"}, "commit": {"type": "string"},
      "api": {"type": "string"}, "backend": {"type": "string", "enum": ["sqlite", "postgres"]}}
  })json")}};
  router.add(
      Method::get, "/api/v1/version", Execution::io_thread,
      [&system](Request&) {
        const auto v = system.version();
        return json_response(200, json::object{{"name", "UrbanGrid"},
                                               {"version", v.version},
                                               {"commit", v.commit},
                                               {"api", "v1"},
                                               {"backend", v.backend}});
      },
      std::move(version_doc));

  RouteDoc vocabulary_doc;
  vocabulary_doc.summary = "系统用语：状态、阶段、来源、紧急程度和角色的代码及中英文名称";
  vocabulary_doc.description =
      "网页界面用它显示名称，不另存一份。states 的 stage 为计时阶段（null：暂停或已结束），listed_under 为待办列表中"
      "归入的阶段（null：不在未结列表中），open 表示仍在闭环中；stages 按闭环顺序排列；channels 的 public 表示公众来源"
      "（须现场核实并回访）。";
  vocabulary_doc.tag = "system";
  // Written out for each list rather than through "$defs": inside the OpenAPI file "#" is the whole
  // document, so a schema's own $defs cannot be reached by a "#/$defs/…" reference.
  const auto words_with = [](json::object extra, std::initializer_list<std::string_view> extra_required) {
    json::object properties{{"id", json::object{{"type", "string"}}},
                            {"zh", json::object{{"type", "string"}}},
                            {"en", json::object{{"type", "string"}}}};
    json::array required{"id", "zh", "en"};
    for (auto& [key, value] : extra) properties[key] = value;
    for (const auto name : extra_required) required.emplace_back(name);
    return json::object{
        {"type", "array"},
        {"items",
         json::object{{"type", "object"}, {"required", std::move(required)}, {"properties", std::move(properties)}}}};
  };
  const auto code_or_null = json::object{{"type", json::array{"string", "null"}}};
  vocabulary_doc.responses = {
      {200, "系统用语", "application/json",
       json::object{{"type", "object"},
                    {"required", json::array{"states", "stages", "channels", "urgencies", "roles"}},
                    {"properties",
                     json::object{{"states", words_with({{"stage", code_or_null},
                                                         {"listed_under", code_or_null},
                                                         {"open", json::object{{"type", "boolean"}}}},
                                                        {"stage", "listed_under", "open"})},
                                  {"stages", words_with({}, {})},
                                  {"channels", words_with({{"public", json::object{{"type", "boolean"}}}}, {"public"})},
                                  {"urgencies", words_with({}, {})},
                                  {"roles", words_with({}, {})}}}}}};
  router.add(
      Method::get, "/api/v1/vocabulary", Execution::io_thread,
      [words = json::value(vocabulary_json())](Request&) { return json_response(200, words); },
      std::move(vocabulary_doc));

  RouteDoc map_doc;
  map_doc.summary = "网页地图的底图设置：瓦片地址模板、版权说明和最大缩放级别";
  map_doc.description = "tile_url 为空时不加载底图，地图只画单元网格和区县、街道轮廓。";
  map_doc.tag = "system";
  map_doc.responses = {{200, "底图设置", "application/json", json::parse(R"json({"type": "object",
    "required": ["tile_url", "tile_attribution", "tile_max_zoom"], "properties": {"tile_url": {"type": "string"},
    "tile_attribution": {"type": "string"}, "tile_max_zoom": {"type": "integer"}}})json")}};
  router.add(
      Method::get, "/api/v1/map-settings", Execution::io_thread,
      [map](Request&) {
        return json_response(200, json::object{{"tile_url", map.tile_url},
                                               {"tile_attribution", map.tile_attribution},
                                               {"tile_max_zoom", map.tile_max_zoom}});
      },
      std::move(map_doc));
}

}  // namespace ug::http
