// Handlers of the 督办 routes: fields in (422 naming the wrong one), SupervisionService, JSON out.
#include "http/supervision_routes.hpp"

#include <boost/json/parse.hpp>

#include "http/body_shape.hpp"
#include "http/calendar_routes.hpp"
#include "http/json.hpp"
#include "http/query_params.hpp"
#include "service/calendar_service.hpp"

namespace ug::http {
namespace json = boost::json;
namespace {

namespace sv = workflow::supervision;

json::value iso(const std::optional<std::int64_t>& ms, int offset) {
  return ms ? json::value(calendar::format_iso8601(*ms / 1000, offset)) : json::value();
}

std::string_view text_of(const workflow::ProcessItem& item, std::string_view key) {
  const auto* v = item.field(key);
  return v != nullptr ? std::string_view(*v) : std::string_view();
}

json::object forms_json(const std::vector<workflow::ProcessForm>& forms) {
  const auto& process = workflow::supervision_process();
  json::object out;
  for (const auto& form : forms) {
    json::array fields;
    for (const bool required : {true, false}) {
      for (const auto f : required ? form.required : form.optional) {
        const auto word = std::find_if(process.fields.begin(), process.fields.end(),
                                       [&](const workflow::ProcessWord& w) { return w.code == f; });
        fields.push_back(json::object{{"field", f}, {"required", required}, {"zh", word->zh}, {"en", word->en}});
      }
    }
    out[form.action] = std::move(fields);
  }
  return out;
}

json::object notice_json(const service::NoticeView& v, int offset) {
  const auto& n = v.item;
  const auto& process = workflow::supervision_process();
  const auto* state = process.state(n.state);
  const auto level = sv::parse_level(n.level).value_or(sv::levels().front());
  json::array allowed;
  for (const auto& f : v.forms) allowed.emplace_back(f.action);
  json::object out{
      {"id", n.id},
      {"case_id", n.case_id},
      {"case_state", v.case_state},
      {"version", n.version},
      {"state", n.state},
      {"state_name", state != nullptr ? state->zh : std::string_view()},
      {"open", n.open},
      {"level", level.code},
      {"level_name", level.zh},
      {"unit", n.unit},
      {"comment", text_of(n, sv::comment)},
      {"reply", text_of(n, sv::reply_text)},
      {"reason", text_of(n, sv::reason)},
      {"reply_limit", text_of(n, sv::limit)},
      {"escalated_from", text_of(n, sv::escalated_from)},
      {"escalated_to", text_of(n, sv::escalated_to)},
      {"due_at", iso(n.due_at_ms, offset)},
      {"issued_at", iso(n.opened_at_ms, offset)},
      {"updated_at", iso(n.updated_at_ms, offset)},
      {"closed_at", iso(n.closed_at_ms, offset)},
      {"late", v.late},
      {"reply_clock", v.reply_clock ? json::value(clock_reading_json(*v.reply_clock, offset)) : json::value()},
      {"allowed_actions", std::move(allowed)},
      {"action_fields", forms_json(v.forms)},
  };
  if (!v.events.empty()) {
    json::array events;
    for (const auto& e : v.events) {
      json::object payload;
      for (const auto& [key, value] : e.payload) payload[key] = value;
      events.push_back(json::object{{"sequence", e.sequence},
                                    {"action", e.action},
                                    {"actor", e.actor},
                                    {"role", e.role},
                                    {"at", iso(e.at_ms, offset)},
                                    {"from", e.from},
                                    {"to", e.to},
                                    {"payload", std::move(payload)}});
    }
    out["events"] = std::move(events);
  }
  return out;
}

json::value notice_schema(bool with_events) {
  auto schema = json::parse(R"json({"type": "object",
    "required": ["id", "case_id", "case_state", "version", "state", "state_name", "open", "level", "level_name", "unit",
      "comment", "reply", "reason", "reply_limit", "escalated_from", "escalated_to", "due_at", "issued_at",
      "updated_at", "closed_at", "late", "reply_clock", "allowed_actions", "action_fields"],
    "properties": {"id": {"type": "string", "description": "督办编号，如 DB2026-00001"},
      "case_id": {"type": "string"}, "case_state": {"type": "string"}, "version": {"type": "integer"},
      "state": {"enum": ["issued", "replied", "overdue", "withdrawn", "lapsed", "archived"]}, "state_name": {"type": "string"},
      "open": {"type": "boolean"}, "level": {"enum": ["normal", "important", "listed"]},
      "level_name": {"type": "string"},
      "unit": {"type": "string", "description": "最近一次记下的被督办单位（案件当时的部门；空：中心值班长）"},
      "comment": {"type": "string"}, "reply": {"type": "string"}, "reason": {"type": "string"},
      "reply_limit": {"type": "string"},
      "escalated_from": {"type": "string", "description": "由哪条超期督办升级而来"},
      "escalated_to": {"type": "string", "description": "超期后升级成的督办"},
      "due_at": {"type": ["string", "null"]}, "issued_at": {"type": "string"}, "updated_at": {"type": "string"},
      "closed_at": {"type": ["string", "null"]},
      "late": {"type": "boolean", "description": "未在回复期限前回复（督办超期）"},
      "allowed_actions": {"type": "array", "items": {"type": "string"}},
      "action_fields": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "object",
        "required": ["field", "required", "zh", "en"], "additionalProperties": false,
        "properties": {"field": {"type": "string"}, "required": {"type": "boolean"}, "zh": {"type": "string"},
          "en": {"type": "string"}}}}},
      "events": {"type": "array", "items": {"type": "object",
        "required": ["sequence", "action", "actor", "role", "at", "from", "to", "payload"],
        "properties": {"sequence": {"type": "integer"}, "action": {"type": "string"}, "actor": {"type": "string"},
          "role": {"type": "string"}, "at": {"type": "string"}, "from": {"type": "string"}, "to": {"type": "string"},
          "payload": {"type": "object", "additionalProperties": {"type": "string"}}}}}}})json");
  auto& properties = schema.as_object()["properties"].as_object();
  properties["reply_clock"] =
      json::object{{"anyOf", json::array{clock_reading_schema(), json::object{{"type", "null"}}}},
                   {"description", "待回复：回复期限的时钟读数"}};
  if (with_events) schema.as_object()["required"].as_array().emplace_back("events");
  return schema;
}

const BodyShape<service::NoticeRequest>& issue_shape() {
  using R = service::NoticeRequest;
  static const BodyShape<R> shape{
      field("case_id", &R::case_id, {.zh = "督办的案件编号", .en = "The case", .required = true, .max_bytes = 40}),
      field("comment", &R::comment,
            {.zh = "督办意见", .en = "What is asked", .required = true, .max_bytes = service::TextLimits::text}),
      field("level", &R::level,
            {.zh = "督办级别：normal（一般）、important（重点）或 listed（挂牌），默认一般",
             .en = "Level: normal, important or listed",
             .one_of = {"normal", "important", "listed", "一般", "重点", "挂牌"},
             .blank_means_default = true}),
      field("reply_limit", &R::reply_limit,
            {.zh = "回复期限（工作时间，如 4 working_hours），默认 supervision.reply_limit",
             .en = "Reply limit in working time; default supervision.reply_limit",
             .max_bytes = 40}),
  };
  return shape;
}

const BodyShape<service::NoticeActionRequest>& action_shape() {
  using R = service::NoticeActionRequest;
  static const BodyShape<R> shape{
      field("version", &R::version, {.zh = "看到的督办版本", .en = "The version seen", .required = true, .minimum = 1}),
      field("reply", &R::reply, {.zh = "回复内容（reply）", .en = "The reply", .max_bytes = service::TextLimits::text}),
      field("reason", &R::reason, {.zh = "撤销理由（withdraw）", .en = "Why", .max_bytes = service::TextLimits::text}),
  };
  return shape;
}

}  // namespace

void add_supervision_routes(Router& router, service::SupervisionService& supervision, int offset) {
  const auto viewer = RouteAccess::needs(access::Permission::view_case);
  const ParameterDoc id_doc{"id", "path", true, "督办编号", json::object{{"type", "string"}}};

  RouteDoc list_doc;
  list_doc.summary = "督办台账：数据范围内案件的督办，新的在前，附各状态条数";
  list_doc.description =
      "督办是一个独立流程（见 docs/processes/supervision.md）：待回复（issued）的督办按工作日历计回复期限，"
      "超期未回复由服务器升级为下一级督办（已超期 overdue），并计入负面清单「督办超期」。";
  list_doc.tag = "supervision";
  list_doc.access = viewer;
  list_doc.parameters = {
      {"state", "query", false, "状态（可逗号分隔）：issued、replied、overdue、withdrawn、lapsed、archived",
       json::object{{"type", "string"}}},
      {"level", "query", false, "级别（可逗号分隔）：normal、important、listed", json::object{{"type", "string"}}},
      {"case_id", "query", false, "只看一个案件的督办", json::object{{"type", "string"}}},
      {"open", "query", false, "true：待回复；false：已结束", json::object{{"type", "boolean"}}},
      {"overdue", "query", false, "true：待回复且已过期限", json::object{{"type", "boolean"}}},
      {"limit", "query", false, "最多条数（1–1000，默认 200）", json::object{{"type", "integer"}}}};
  auto list_schema = json::parse(R"json({"type": "object", "required": ["notices", "counts"],
    "properties": {"counts": {"type": "object", "description": "状态 → 条数（不受 state 过滤和条数限制）",
      "additionalProperties": {"type": "integer"}}}})json");
  list_schema.as_object()["properties"].as_object()["notices"] =
      json::object{{"type", "array"}, {"items", notice_schema(false)}};
  list_doc.responses = {{200, "督办台账", "application/json", std::move(list_schema)}};
  for (auto& e : error_responses({{422, "参数无效"}})) list_doc.responses.push_back(e);
  router.add(
      Method::get, "/api/v1/supervision-notices", Execution::worker_pool,
      [&supervision, offset](Request& request) -> Result<Response> {
        service::NoticeFilter filter;
        filter.states = list_query_param(request, "state");
        for (const auto& s : filter.states) {
          if (workflow::supervision_process().state(s) == nullptr) {
            return fail(invalid("state", "supervision.state_value").with("value", s));
          }
        }
        for (const auto& l : list_query_param(request, "level")) {
          const auto level = sv::parse_level(l);
          if (!level) return fail(invalid("level", "supervision.level_value"));
          filter.levels.emplace_back(level->code);
        }
        filter.case_id = request.query_param("case_id").value_or("");
        UG_TRY_ASSIGN(filter.open, optional_boolean_query_param(request, "open"));
        UG_TRY_ASSIGN(filter.overdue, boolean_query_param(request, "overdue", false));
        UG_TRY_ASSIGN(auto limit, integer_query_param(request, "limit", 1, 1000, 200));
        filter.limit = static_cast<int>(limit);
        UG_TRY_ASSIGN(auto ledger, supervision.ledger(*request.principal, filter));
        json::array notices;
        for (const auto& n : ledger.notices) notices.push_back(notice_json(n, offset));
        json::object counts;
        for (const auto& s : workflow::supervision_process().states) counts[s.code] = 0;
        for (const auto& c : ledger.counts) counts[c.state] = c.count;
        return json_response(200, json::object{{"notices", std::move(notices)}, {"counts", std::move(counts)}});
      },
      std::move(list_doc));

  RouteDoc issue_doc;
  issue_doc.summary = "对一个案件发出督办";
  issue_doc.description =
      "需 case.supervise（领导、值班长）。被督办单位为案件当前的部门，无部门时为中心值班长；回复期限按工作日历"
      "从发出时起算（至多 30 个工作日）。已结案的案件、已有待回复督办的案件不能再发（409）。";
  issue_doc.tag = "supervision";
  issue_doc.access = RouteAccess::needs(access::Permission::case_supervise);
  issue_doc.request_schema = issue_shape().schema();
  issue_doc.responses = {{201, "发出的督办", "application/json", notice_schema(false)}};
  for (auto& e : error_responses({{403, "没有督办权限"},
                                  {404, "没有这个案件（或不在数据范围内）"},
                                  {409, "案件已结案"},
                                  {422, "缺少或无效的字段"}})) {
    issue_doc.responses.push_back(e);
  }
  router.add(
      Method::post, "/api/v1/supervision-notices", Execution::worker_pool,
      [&supervision, offset](Request& request) -> Result<Response> {
        UG_TRY_ASSIGN(auto in, issue_shape().parse(request));
        UG_TRY_ASSIGN(auto view, supervision.issue(*request.principal, in));
        return json_response(201, notice_json(view, offset));
      },
      std::move(issue_doc));

  RouteDoc get_doc;
  get_doc.summary = "一条督办：状态、期限读数、时间线和可执行的操作";
  get_doc.tag = "supervision";
  get_doc.access = viewer;
  get_doc.parameters = {id_doc};
  get_doc.responses = {{200, "督办", "application/json", notice_schema(true)}};
  for (auto& e : error_responses({{404, "没有这条督办（或其案件不在数据范围内）"}})) get_doc.responses.push_back(e);
  router.add(
      Method::get, "/api/v1/supervision-notices/{id}", Execution::worker_pool,
      [&supervision, offset](Request& request) -> Result<Response> {
        UG_TRY_ASSIGN(auto view, supervision.get(*request.principal, *request.path_param("id")));
        return json_response(200, notice_json(view, offset));
      },
      std::move(get_doc));

  RouteDoc action_doc;
  action_doc.summary = "督办上的操作：reply（被督办单位回复）或 withdraw（撤销）";
  action_doc.description =
      "reply 需 supervision.reply 且调用者属于被督办单位（案件当前的部门；无部门时：中心值班长），否则 403；"
      "withdraw 需 case.supervise、写明理由，被督办单位自己不能撤销。版本不符或状态不允许时 409，附 allowed_actions。";
  action_doc.tag = "supervision";
  action_doc.access = RouteAccess::signed_in();  // the permission depends on the action
  action_doc.parameters = {
      id_doc, {"action", "path", true, "reply 或 withdraw", json::object{{"enum", json::array{"reply", "withdraw"}}}}};
  action_doc.request_schema = action_shape().schema();
  action_doc.responses = {{200, "操作后的督办", "application/json", notice_schema(false)}};
  for (auto& e : error_responses({{403, "没有这个操作的权限，或不是被督办单位"},
                                  {404, "没有这条督办（或其案件不在数据范围内）"},
                                  {409, "版本已变或状态不允许"},
                                  {422, "缺少或无效的字段"}})) {
    action_doc.responses.push_back(e);
  }
  router.add(
      Method::post, "/api/v1/supervision-notices/{id}/actions/{action}", Execution::worker_pool,
      [&supervision, offset](Request& request) -> Result<Response> {
        const auto action = *request.path_param("action");
        if (action != sv::reply && action != sv::withdraw) {
          return fail(Error(ErrorCode::not_found, "case_api.unknown_action").with("action", action));
        }
        UG_TRY_ASSIGN(auto in, action_shape().parse(request));
        UG_TRY_ASSIGN(auto view, supervision.act(*request.principal, *request.path_param("id"), action, in));
        return json_response(200, notice_json(view, offset));
      },
      std::move(action_doc));
}

}  // namespace ug::http
