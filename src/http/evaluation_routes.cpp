// Handlers of the evaluation routes: query parameters in, the evaluation service, the exporters out.
#include "http/evaluation_routes.hpp"

#include <fmt/format.h>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cctype>

#include "http/body_shape.hpp"
#include "http/json.hpp"
#include "http/query_params.hpp"
#include "service/evaluation_export.hpp"

namespace ug::http {
namespace {

namespace json = boost::json;
namespace ev = evaluation;

// The shapes service/evaluation_export.cpp writes, declared for the OpenAPI file and checked
// against every answer the API tests receive.
const char* kIndicatorProperties = R"json({"id": {"type": "string"}, "zh": {"type": "string"},
  "en": {"type": "string"}, "type": {"enum": ["rate", "count"]}, "better": {"enum": ["higher", "lower"]},
  "definition": {"type": "string"}, "part_of": {"type": "string"}, "weight": {"type": ["number", "null"]}})json";

json::object indicator_schema() {
  return json::object{{"type", "object"},
                      {"required", json::array{"id", "zh", "en", "type", "better", "definition"}},
                      {"properties", json::parse(kIndicatorProperties)}};
}

// An indicator's value: a count, or a rate with its numerator and denominator (value null when 0/0).
json::value indicator_value_schema() {
  return json::parse(R"json({"oneOf": [{"type": "integer"}, {"type": "object",
    "required": ["value", "numerator", "denominator"], "properties": {"value": {"type": ["number", "null"]},
      "numerator": {"type": "integer"}, "denominator": {"type": "integer"}}}]})json");
}

// The period and how it was read, at the head of every evaluation answer; `more` adds the rest.
json::value evaluation_schema(json::object more, std::initializer_list<std::string_view> more_required) {
  json::object properties = json::parse(R"json({"kind": {"type": "string"}, "kind_zh": {"type": "string"},
    "level": {"type": "string", "description": "区域评价的层级"},
    "from": {"type": "string"}, "to": {"type": "string"}, "at": {"type": "string"},
    "previous": {"type": "object", "required": ["from", "to"], "description": "上一个同长度期间",
      "properties": {"from": {"type": "string"}, "to": {"type": "string"}}},
    "cases_read": {"type": "integer"}, "provisional": {"type": "boolean"},
    "source": {"enum": ["totals", "events"], "description": "totals：读自按日累计；events：由案件事件逐一折算"}})json")
                                .as_object();
  json::array required{"kind", "kind_zh", "from", "to", "at", "previous", "cases_read", "source", "provisional"};
  for (auto& [key, value] : more) properties[key] = value;
  for (const auto name : more_required) required.emplace_back(name);
  return json::object{{"type", "object"}, {"required", std::move(required)}, {"properties", std::move(properties)}};
}

json::object ranked_unit_properties() {
  return json::parse(R"json({"unit": {"type": "string"}, "name": {"type": "string"},
    "rank": {"type": ["integer", "null"]}, "composite": {"type": ["number", "null"]},
    "grade": {"type": ["string", "null"]}})json")
      .as_object();
}

// The evaluated kind; `all_allowed`: absent or "all" is every kind (nullopt).
Result<std::optional<ev::Kind>> kind_of(const Request& request, bool all_allowed) {
  const auto text = request.query_param("kind").value_or("");
  if (all_allowed && (text.empty() || text == "all")) return std::optional<ev::Kind>{};
  if (const auto kind = ev::parse_kind(text)) return std::optional<ev::Kind>{*kind};
  return tl::unexpected(invalid("kind", "evaluation_api.kind_invalid"));
}

// The period (from, to), the instant (at) and the region level; `kind` as given.
Result<service::EvaluationQuery> query_of(const Request& request, int offset, ev::Kind kind = ev::Kind::department) {
  service::EvaluationQuery q;
  q.kind = kind;
  for (const auto& [name, target, end] : {std::tuple{"from", &q.from_ms, false}, std::tuple{"to", &q.to_ms, true}}) {
    const auto text = request.query_param(name).value_or("");
    if (text.empty()) return tl::unexpected(invalid(name, "evaluation_api.period_bound_required"));
    auto bound = service::period_bound(text, offset, end);
    if (!bound) return tl::unexpected(std::move(bound.error().with("field", std::string(name))));
    *target = *bound;
  }
  if (const auto at = request.query_param("at").value_or(""); !at.empty()) {
    auto bound = service::period_bound(at, offset, true);
    if (!bound) return tl::unexpected(std::move(bound.error().with("field", std::string("at"))));
    q.at_ms = *bound;
  }
  if (const auto level = request.query_param("level").value_or(""); !level.empty()) {
    const auto parsed = ev::parse_region_level(level);
    if (!parsed) return tl::unexpected(invalid("level", "evaluation_api.level_invalid"));
    q.level = *parsed;
  }
  return q;
}

// query_of for one kind, which must be given.
Result<service::EvaluationQuery> kind_query_of(const Request& request, int offset) {
  UG_TRY_ASSIGN(const auto kind, kind_of(request, false));
  return query_of(request, offset, *kind);
}

enum class Format { json, csv, xlsx };

// The format asked for; a file (csv, xlsx) is an export, which the service lets only holders of
// data.export make (EvaluationQuery::as_file).
Result<Format> format_of(const Request& request, bool xlsx_allowed) {
  const auto f = request.query_param("format").value_or("json");
  if (f == "json") return Format::json;
  Format format = Format::csv;
  if (f == "xlsx" && xlsx_allowed) {
    format = Format::xlsx;
  } else if (f != "csv") {
    return tl::unexpected(invalid("format", xlsx_allowed ? MessageKey("evaluation_api.format_invalid_with_xlsx")
                                                         : MessageKey("evaluation_api.format_invalid")));
  }
  return format;
}

// Characters safe in a download's file name (a unit code or username may hold anything).
std::string file_safe(std::string_view text) {
  std::string out;
  for (const char c : text) out += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ? c : '_';
  return out;
}

// A 200 with JSON the exporters already wrote.
Response json_text(std::string body) {
  Response r;
  r.body = std::move(body);
  r.set_header("content-type", "application/json");
  return r;
}

// "<prefix>-2026-07-01-2026-09-30.<extension>": the period's first and last local dates.
std::string file_name(std::string_view prefix, const service::EvaluationQuery& q, int offset, const char* extension) {
  const auto date = [offset](std::int64_t ms) { return calendar::format_iso8601(ms / 1000, offset).substr(0, 10); };
  return fmt::format("{}-{}-{}.{}", prefix, date(q.from_ms), date(q.to_ms - 1), extension);
}

std::string evaluation_file(const service::EvaluationQuery& q, bool every_kind, int offset, const char* extension) {
  return file_name("evaluation-" + std::string(every_kind ? "all" : ev::to_string(q.kind)), q, offset, extension);
}

// from, to and at: the period and the instant.
const std::vector<ParameterDoc>& period_params() {
  static const std::vector<ParameterDoc> params = {
      {"from", "query", true, "期间开始：本地日期 YYYY-MM-DD（当日零点起）或带时区的时刻",
       json::object{{"type", "string"}}},
      {"to", "query", true, "期间结束：本地日期（含当日）或带时区的时刻（不含）", json::object{{"type", "string"}}},
      {"at", "query", false, "评价时点：日期（当日结束）或时刻；默认期末，未到期末时为当前时刻",
       json::object{{"type", "string"}}}};
  return params;
}

// kind, the period and the instant, and the region level.
std::vector<ParameterDoc> kind_params(bool kind_required = true) {
  std::vector<ParameterDoc> params = {{"kind", "query", kind_required,
                                       "评价对象：region、department、supervisor、operator、shift_leader 或 dispatcher",
                                       json::object{{"type", "string"}}}};
  params.insert(params.end(), period_params().begin(), period_params().end());
  params.push_back({"level", "query", false, "区域层级：district（默认）、street、community 或 grid",
                    json::object{{"type", "string"}}});
  return params;
}

json::value weighting_json(const ev::Weighting& w, const std::string& source) {
  json::object weights;
  for (const auto& [id, weight] : w.weights) weights[id] = weight;
  json::object bands;
  for (const auto& [id, list] : w.bands) {
    json::array items;
    for (const auto& b : list) items.push_back(json::object{{"at_least", b.at_least}, {"score", b.score}});
    bands[id] = std::move(items);
  }
  return json::object{{"weights", std::move(weights)}, {"bands", std::move(bands)}, {"source", source}};
}

const BodyShape<ev::Band>& band_shape() {
  static const BodyShape<ev::Band> shape{
      field("at_least", &ev::Band::at_least, {.zh = "门槛（件数）", .en = "Threshold (count)", .required = true}),
      field("score", &ev::Band::score, {.zh = "分数 0–100", .en = "Score 0–100", .required = true}),
  };
  return shape;
}

const BodyShape<ev::Weighting>& weighting_shape() {
  static const BodyShape<ev::Weighting> shape{
      field("weights", &ev::Weighting::weights,
            {.zh = "指标编码 → 权重（合计 100）",
             .en = "Indicator id → weight (they sum to 100)",
             .required = true,
             .missing = "evaluation_api.weights_invalid"}),
      field("bands", &ev::Weighting::bands,
            {.zh = "计数指标编码 → 计分档，门槛递增、从 0 起", .en = "Count indicator id → bands, ascending from 0"},
            map_of(list_of(object_of(band_shape())))),
  };
  return shape;
}

}  // namespace

void add_evaluation_routes(Router& router, service::EvaluationService& evaluations, int offset) {
  RouteDoc list_doc;
  list_doc.summary = "考核评价：一类对象在一个期间的全部指标、综合得分、等级和排名";
  list_doc.description =
      "指标定义见 docs/evaluation.md。比率给出分子、分母和值，分母为 0 时值为 null。format=csv 为带 BOM 的 UTF-8，"
      "表头为指标编码，每个被评对象一行；format=xlsx 为中文表头的工作簿，不给 kind 时每类对象一张表，另有指标说明表。"
      "导出（csv、xlsx）还需 data.export 权限。区域范围受限的用户只看到自己范围内的案件和区域。";
  list_doc.tag = "evaluation";
  list_doc.access = RouteAccess::needs(access::Permission::view_evaluation);
  list_doc.parameters = kind_params(false);
  list_doc.parameters.push_back(
      {"format", "query", false, "json（默认）、csv 或 xlsx", json::object{{"type", "string"}}});
  {
    auto unit = ranked_unit_properties();
    unit["previous_rank"] = json::object{{"type", json::array{"integer", "null"}}};
    unit["previous_composite"] = json::object{{"type", json::array{"number", "null"}}};
    unit["values"] = json::object{
        {"type", "object"}, {"additionalProperties", indicator_value_schema()}, {"description", "指标编码 → 值"}};
    unit["scores"] = json::object{{"type", "object"},
                                  {"additionalProperties", json::object{{"type", json::array{"number", "null"}}}},
                                  {"description", "计入综合得分的指标编码 → 得分"}};
    json::array unit_required;
    for (const auto& [key, _] : unit) unit_required.emplace_back(key);
    list_doc.responses = {
        {200, "评价结果", "application/json",
         evaluation_schema({{"indicators", json::object{{"type", "array"}, {"items", indicator_schema()}}},
                            {"units", json::object{{"type", "array"},
                                                   {"items", json::object{{"type", "object"},
                                                                          {"required", std::move(unit_required)},
                                                                          {"properties", std::move(unit)}}}}}},
                           {"indicators", "units"})}};
  }
  router.add(
      Method::get, "/api/v1/evaluations", Execution::worker_pool,
      [&evaluations, offset](Request& request) -> Result<Response> {
        UG_TRY_ASSIGN(const auto format, format_of(request, true));
        UG_TRY_ASSIGN(const auto kind, kind_of(request, format == Format::xlsx));
        const bool every_kind = !kind;
        UG_TRY_ASSIGN(auto query, query_of(request, offset, kind.value_or(ev::Kind::department)));
        query.as_file = format != Format::json;
        const auto& caller = *request.principal;
        if (format == Format::xlsx) {
          std::vector<service::Evaluation> sheets;
          if (every_kind) {
            UG_TRY_ASSIGN(auto all, evaluations.evaluate_all(caller, query));
            sheets = std::move(all);
          } else {
            UG_TRY_ASSIGN(auto one, evaluations.evaluate(caller, query));
            sheets.push_back(std::move(one));
          }
          UG_TRY_ASSIGN(auto book, service::evaluation_xlsx(sheets));
          return file_response(std::move(book), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                               evaluation_file(query, every_kind, offset, "xlsx"));
        }
        UG_TRY_ASSIGN(auto result, evaluations.evaluate(caller, query));
        if (format == Format::csv) {
          return file_response(service::evaluation_csv(result), "text/csv; charset=utf-8",
                               evaluation_file(query, false, offset, "csv"));
        }
        return json_text(service::evaluation_json(result));
      },
      std::move(list_doc));

  RouteDoc cases_doc;
  cases_doc.summary = "下钻：一个被评对象的某项指标计入了哪些案件";
  cases_doc.description =
      "计数指标列出它计入的每个案件（numerator 为计入次数）；比率列出分母中的案件，numerator 标出其中计入分子的次数。"
      "各案件的计入次数之和等于该指标的值。";
  cases_doc.tag = "evaluation";
  cases_doc.access = RouteAccess::needs(access::Permission::view_evaluation);
  cases_doc.parameters = kind_params();
  cases_doc.parameters.push_back(
      {"unit", "query", true, "被评对象：区域编码、部门编号或用户名", json::object{{"type", "string"}}});
  cases_doc.parameters.push_back(
      {"indicator", "query", true, "指标编码（见 docs/evaluation.md）", json::object{{"type", "string"}}});
  cases_doc.parameters.push_back({"format", "query", false, "json（默认）或 csv", json::object{{"type", "string"}}});
  cases_doc.responses = {
      {200, "计入的案件", "application/json",
       evaluation_schema(
           {{"unit", json::object{{"type", "string"}}},
            {"name", json::object{{"type", "string"}}},
            {"indicator", indicator_schema()},
            {"value", json::object{{"oneOf", json::array{json::object{{"type", "null"}}, indicator_value_schema()}}}},
            {"cases", json::parse(R"json({"type": "array", "items": {"type": "object",
              "required": ["id", "numerator", "denominator", "channel", "category", "grid", "department", "open",
                "reported_at", "registered_at", "handled_at", "handling_due", "closed_at", "overall_due", "rework_count"],
              "properties": {"id": {"type": "string"}, "numerator": {"type": "integer"},
                "denominator": {"type": "integer"}, "channel": {"type": "string"}, "category": {"type": "string"},
                "grid": {"type": "string"}, "department": {"type": "string"}, "open": {"type": "boolean"},
                "reported_at": {"type": "string"}, "registered_at": {"type": ["string", "null"]},
                "handled_at": {"type": ["string", "null"]}, "handling_due": {"type": ["string", "null"]},
                "closed_at": {"type": ["string", "null"]}, "overall_due": {"type": ["string", "null"]},
                "rework_count": {"type": "integer"}}}})json")}},
           {"unit", "name", "indicator", "value", "cases"})}};
  router.add(
      Method::get, "/api/v1/evaluations/cases", Execution::worker_pool,
      [&evaluations, offset](Request& request) -> Result<Response> {
        UG_TRY_ASSIGN(const auto format, format_of(request, false));
        UG_TRY_ASSIGN(auto query, kind_query_of(request, offset));
        query.as_file = format != Format::json;
        const auto unit = request.query_param("unit").value_or("");
        const auto indicator = request.query_param("indicator").value_or("");
        if (unit.empty()) return fail(invalid("unit", "query.param_required"));
        if (indicator.empty()) return fail(invalid("indicator", "query.param_required"));
        UG_TRY_ASSIGN(auto drill, evaluations.drill_down(*request.principal, query, unit, indicator));
        if (format == Format::csv) {
          return file_response(service::drill_down_csv(drill), "text/csv; charset=utf-8",
                               fmt::format("evaluation-cases-{}-{}.csv", file_safe(unit), file_safe(indicator)));
        }
        return json_text(service::drill_down_json(drill));
      },
      std::move(cases_doc));

  RouteDoc negative_doc;
  negative_doc.summary = "负面清单：各专业部门的应办不办、推诿扯皮、超期办理、群众不满意和督办超期";
  negative_doc.description =
      "每条按其发生的时刻（错过的签收或处置时限、第二次回退、回访）计入期间。应办不办：签收时限内未签收；"
      "推诿扯皮：案件经批准回退两次及以上，记在每个回退过的部门；超期办理：处置时限前未处置完成；"
      "群众不满意：回访为不满意；督办超期：督办在回复期限前未回复（计在被督办部门，按期限时刻计入）。"
      "format=csv 需 data.export 权限。";
  negative_doc.tag = "evaluation";
  negative_doc.access = RouteAccess::needs(access::Permission::view_evaluation);
  negative_doc.parameters = period_params();
  negative_doc.parameters.insert(
      negative_doc.parameters.end(),
      {{"type", "query", false,
        "只列一类：not_signed_in_time、pushed_around、overdue_handling、unsatisfied 或 supervision_overdue",
        json::object{{"type", "string"}}},
       {"format", "query", false, "json（默认）或 csv", json::object{{"type", "string"}}}});
  negative_doc.responses = {{200, "负面清单", "application/json", json::parse(R"json({"type": "object",
        "required": ["from", "to", "at", "counts", "entries"],
        "properties": {"from": {"type": "string"}, "to": {"type": "string"}, "at": {"type": "string"},
          "counts": {"type": "object", "description": "部门 → 各类条数",
            "additionalProperties": {"type": "object", "additionalProperties": {"type": "integer"}}},
          "entries": {"type": "array", "items": {"type": "object",
            "required": ["department", "department_name", "kind", "kind_zh", "case_id", "at"],
            "properties": {"department": {"type": "string"}, "department_name": {"type": "string"},
              "kind": {"enum": ["not_signed_in_time", "pushed_around", "overdue_handling", "unsatisfied", "supervision_overdue"]},
              "kind_zh": {"type": "string"}, "case_id": {"type": "string"}, "at": {"type": "string"}}}}}})json")}};
  router.add(
      Method::get, "/api/v1/evaluations/negative-list", Execution::worker_pool,
      [&evaluations, offset](Request& request) -> Result<Response> {
        UG_TRY_ASSIGN(const auto format, format_of(request, false));
        UG_TRY_ASSIGN(auto query, query_of(request, offset));
        query.as_file = format != Format::json;
        std::optional<ev::NegativeKind> only;
        if (const auto type = request.query_param("type").value_or(""); !type.empty()) {
          only = ev::parse_negative_kind(type);
          if (!only) {
            return fail(invalid("type", "evaluation_api.negative_type_invalid"));
          }
        }
        UG_TRY_ASSIGN(auto list, evaluations.negative_list(*request.principal, query, only));
        if (format == Format::csv) {
          return file_response(service::negative_list_csv(list), "text/csv; charset=utf-8",
                               file_name("negative-list", query, offset, "csv"));
        }
        return json_text(service::negative_list_json(list));
      },
      std::move(negative_doc));

  RouteDoc red_black_doc;
  red_black_doc.summary = "红黑榜：一类对象期内综合得分最好和最差的 n 名";
  red_black_doc.description = "红榜按名次从好到差，黑榜从最差起，同一对象不会同时上两榜；没有综合得分的对象不上榜。";
  red_black_doc.tag = "evaluation";
  red_black_doc.access = RouteAccess::needs(access::Permission::view_evaluation);
  red_black_doc.parameters = kind_params();
  red_black_doc.parameters.push_back(
      {"n", "query", false, "每榜人数（1–100，默认 5）", json::object{{"type", "integer"}}});
  {
    const auto ranked =
        json::object{{"type", "array"},
                     {"items", json::object{{"type", "object"},
                                            {"required", json::array{"unit", "name", "rank", "composite", "grade"}},
                                            {"properties", ranked_unit_properties()}}}};
    red_black_doc.responses = {
        {200, "红黑榜", "application/json", evaluation_schema({{"red", ranked}, {"black", ranked}}, {"red", "black"})}};
  }
  router.add(
      Method::get, "/api/v1/evaluations/red-black", Execution::worker_pool,
      [&evaluations, offset](Request& request) -> Result<Response> {
        UG_TRY_ASSIGN(const auto query, kind_query_of(request, offset));
        UG_TRY_ASSIGN(const auto n, integer_query_param(request, "n", 1, 100, 5));
        UG_TRY_ASSIGN(auto result, evaluations.evaluate(*request.principal, query));
        return json_text(service::red_black_json(result, static_cast<std::size_t>(n)));
      },
      std::move(red_black_doc));

  RouteDoc analysis_doc;
  analysis_doc.summary = "分析：上报、立案、结案趋势，类别构成，高发热点，上报高峰时段，各环节用时";
  analysis_doc.description =
      "趋势按 bucket（day、week、month）分段，可按 split（category、channel、district、street）拆分；热点为同一单元"
      "网格同一类别在 hot_window_days 天内上报不少于 hot_threshold 次，给出最密集的时间窗及其案件；busiest_hours 为"
      "周一至周日 × 0–23 时的上报数；环节用时为期内结束的各环节的工作时间（秒）：平均、中位、90 分位、最大。";
  analysis_doc.tag = "evaluation";
  analysis_doc.access = RouteAccess::needs(access::Permission::view_evaluation);
  analysis_doc.parameters = period_params();
  analysis_doc.parameters.insert(
      analysis_doc.parameters.end(),
      {{"bucket", "query", false, "day（默认）、week 或 month", json::object{{"type", "string"}}},
       {"split", "query", false, "category、channel、district 或 street", json::object{{"type", "string"}}},
       {"hot_threshold", "query", false, "热点门槛（2–1000，默认 3）", json::object{{"type", "integer"}}},
       {"hot_window_days", "query", false, "热点时间窗天数（1–366，默认 7）", json::object{{"type", "integer"}}}});
  analysis_doc.responses = {{200, "分析结果", "application/json", json::parse(R"json({"type": "object",
        "required": ["from", "to", "at", "trends", "category_mix", "hot_spots", "busiest_hours", "stage_durations"],
        "properties": {"from": {"type": "string"}, "to": {"type": "string"}, "at": {"type": "string"},
          "trends": {"type": "array", "items": {"type": "object",
            "required": ["bucket", "key", "name", "reported", "registered", "closed"],
            "properties": {"bucket": {"type": "string"}, "key": {"type": "string"}, "name": {"type": ["string", "null"]},
              "reported": {"type": "integer"}, "registered": {"type": "integer"}, "closed": {"type": "integer"}}}},
          "category_mix": {"type": "array", "items": {"type": "object", "required": ["category", "name", "reported", "share"],
            "properties": {"category": {"type": "string"}, "name": {"type": ["string", "null"]},
              "reported": {"type": "integer"}, "share": {"type": "object", "required": ["value", "numerator", "denominator"],
                "properties": {"value": {"type": ["number", "null"]}, "numerator": {"type": "integer"},
                  "denominator": {"type": "integer"}}}}}},
          "hot_spots": {"type": "array", "items": {"type": "object",
            "required": ["grid", "grid_name", "category", "category_name", "count", "first", "last", "cases"],
            "properties": {"grid": {"type": "string"}, "grid_name": {"type": ["string", "null"]},
              "category": {"type": "string"}, "category_name": {"type": ["string", "null"]}, "count": {"type": "integer"},
              "first": {"type": "string"}, "last": {"type": "string"},
              "cases": {"type": "array", "items": {"type": "string"}}}}},
          "busiest_hours": {"type": "array", "description": "星期一至星期日 × 0–23 时的上报数",
            "items": {"type": "array", "items": {"type": "integer"}}},
          "stage_durations": {"type": "array", "items": {"type": "object",
            "required": ["stage", "count", "mean_working_seconds", "p50_working_seconds", "p90_working_seconds",
              "max_working_seconds"],
            "properties": {"stage": {"type": "string"}, "count": {"type": "integer"},
              "mean_working_seconds": {"type": ["number", "null"]}, "p50_working_seconds": {"type": ["integer", "null"]},
              "p90_working_seconds": {"type": ["integer", "null"]}, "max_working_seconds": {"type": ["integer", "null"]}}}}}})json")}};
  router.add(
      Method::get, "/api/v1/evaluations/analysis", Execution::worker_pool,
      [&evaluations, offset](Request& request) -> Result<Response> {
        UG_TRY_ASSIGN(const auto query, query_of(request, offset));
        service::AnalysisOptions options;
        const auto bucket = ev::parse_bucket(request.query_param("bucket").value_or("day"));
        if (!bucket) return fail(invalid("bucket", "evaluation_api.bucket_invalid"));
        options.bucket = *bucket;
        const auto split = ev::parse_split(request.query_param("split").value_or(""));
        if (!split) {
          return fail(invalid("split", "evaluation_api.split_invalid"));
        }
        options.split = *split;
        UG_TRY_ASSIGN(const auto threshold, integer_query_param(request, "hot_threshold", 2, 1000, 3));
        UG_TRY_ASSIGN(const auto window, integer_query_param(request, "hot_window_days", 1, 366, 7));
        options.hot_spot_threshold = threshold;
        options.hot_spot_window_ms = window * 86'400'000;
        UG_TRY_ASSIGN(auto result, evaluations.analyse(*request.principal, query, options));
        return json_text(service::analysis_json(result));
      },
      std::move(analysis_doc));

  RouteDoc catalogue_doc;
  catalogue_doc.summary = "指标目录：各类被评对象的指标编码、中英文名称、定义和方向";
  catalogue_doc.tag = "evaluation";
  catalogue_doc.access = RouteAccess::needs(access::Permission::view_evaluation);
  catalogue_doc.responses = {{200, "指标目录", "application/json", [] {
                                auto kind =
                                    json::parse(R"json({"type": "object", "required": ["kind", "zh", "indicators"],
                                 "properties": {"kind": {"type": "string"}, "zh": {"type": "string"}}})json");
                                kind.at("properties").as_object()["indicators"] =
                                    json::object{{"type", "array"}, {"items", indicator_schema()}};
                                return list_schema("kinds", std::move(kind));
                              }()}};
  router.add(
      Method::get, "/api/v1/evaluations/indicators", Execution::io_thread,
      [](Request&) { return json_text(service::indicator_catalogue_json()); }, std::move(catalogue_doc));

  const ParameterDoc kind_param{"kind", "path", true, "评价对象类别", json::object{{"type", "string"}}};
  const auto kind_of = [](const Request& request) -> Result<ev::Kind> {
    const auto kind = ev::parse_kind(*request.path_param("kind"));
    if (!kind) return fail(ErrorCode::not_found, "evaluation_api.unknown_kind");
    return *kind;
  };
  RouteDoc get_settings_doc;
  get_settings_doc.summary = "某类对象综合得分的权重和计数指标计分档（及其来源：stored、file 或 default）";
  get_settings_doc.tag = "evaluation";
  get_settings_doc.access = RouteAccess::needs(access::Permission::view_evaluation);
  get_settings_doc.parameters = {kind_param};
  get_settings_doc.responses = {{200, "权重与计分档", "application/json", json::parse(R"json({"type": "object",
        "required": ["weights", "bands", "source"],
        "properties": {"weights": {"type": "object", "additionalProperties": {"type": "number"}, "description": "指标编码 → 权重"},
          "bands": {"type": "object", "description": "指标编码 → 计分档", "additionalProperties": {"type": "array",
            "items": {"type": "object", "required": ["at_least", "score"],
              "properties": {"at_least": {"type": "integer"}, "score": {"type": "number"}}}}},
          "source": {"enum": ["stored", "file", "default"]}}})json")}};
  router.add(
      Method::get, "/api/v1/evaluations/settings/{kind}", Execution::worker_pool,
      [&evaluations, kind_of](Request& request) -> Result<Response> {
        UG_TRY_ASSIGN(const auto kind, kind_of(request));
        UG_TRY_ASSIGN(auto w, evaluations.weighting(*request.principal, kind));
        return json_response(200, weighting_json(w.weighting, w.source));
      },
      std::move(get_settings_doc));

  RouteDoc put_settings_doc;
  put_settings_doc.summary = "设置某类对象综合得分的权重（合计 100）和计数指标计分档";
  put_settings_doc.description = "计分档按门槛递增、从 0 起，分数 0–100；有权重的计数指标必须有计分档。";
  put_settings_doc.tag = "evaluation";
  put_settings_doc.access = RouteAccess::needs(access::Permission::manage_evaluation);
  put_settings_doc.parameters = {kind_param};
  put_settings_doc.request_schema = weighting_shape().schema();
  put_settings_doc.responses = {{200, "生效的权重与计分档", "application/json", json::parse(R"json({"type": "object",
        "required": ["weights", "bands", "source"],
        "properties": {"weights": {"type": "object", "additionalProperties": {"type": "number"}, "description": "指标编码 → 权重"},
          "bands": {"type": "object", "description": "指标编码 → 计分档", "additionalProperties": {"type": "array",
            "items": {"type": "object", "required": ["at_least", "score"],
              "properties": {"at_least": {"type": "integer"}, "score": {"type": "number"}}}}},
          "source": {"enum": ["stored", "file", "default"]}}})json")}};
  put_settings_doc.body_limit = 64 * 1024;
  router.add(
      Method::put, "/api/v1/evaluations/settings/{kind}", Execution::worker_pool,
      [&evaluations, kind_of](Request& request) -> Result<Response> {
        UG_TRY_ASSIGN(const auto kind, kind_of(request));
        UG_TRY_ASSIGN(const auto weighting, weighting_shape().parse(request));
        UG_TRY_ASSIGN(auto set, evaluations.set_weighting(*request.principal, kind, weighting));
        return json_response(200, weighting_json(set.weighting, set.source));
      },
      std::move(put_settings_doc));
}

}  // namespace ug::http
