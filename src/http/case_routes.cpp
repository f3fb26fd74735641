// Handlers of the case routes: request fields in (each wrong one a 422 naming it), CaseService,
// JSON out. Instants are written in the deployment's local time.
#include "http/case_routes.hpp"

#include <fmt/format.h>
#include <array>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cmath>

#include "core/text.hpp"
#include "http/account_routes.hpp"
#include "http/attachment_routes.hpp"
#include "http/body_shape.hpp"
#include "http/calendar_routes.hpp"
#include "http/case_filter.hpp"
#include "http/json.hpp"
#include "http/query_params.hpp"
#include "http/rate_limiter.hpp"
#include "service/case_export.hpp"
#include "service/evaluation_service.hpp"
#include "service/secrets.hpp"
#include "service/vocabulary.hpp"

namespace ug::http {
namespace json = boost::json;
using workflow::Action;
using workflow::State;

namespace {

struct Rendering {
  int offset = 480;
  std::string iso(std::int64_t ms) const { return calendar::format_iso8601(ms / 1000, offset); }
  json::value iso(const std::optional<std::int64_t>& ms) const { return ms ? json::value(iso(*ms)) : json::value(); }
};

json::array pending_names(std::uint8_t pending) {
  json::array out;
  using workflow::Pending;
  for (const auto& [bit, name] : {std::pair{Pending::return_, "return"}, std::pair{Pending::extension, "extension"},
                                  std::pair{Pending::suspend, "suspend"}, std::pair{Pending::void_, "void"}}) {
    if ((pending & workflow::bits(bit)) != 0) out.emplace_back(name);
  }
  return out;
}

json::object event_json(const workflow::CaseEvent& e, const Rendering& r) {
  json::object payload;
  for (const auto& [key, value] : e.payload) payload[key] = value;
  return json::object{{"sequence", e.sequence},
                      {"action", workflow::to_string(e.action)},
                      {"actor", e.actor},
                      {"role", e.role},
                      {"channel", e.channel},
                      {"at", r.iso(e.at_ms)},
                      {"from", e.from ? json::value(workflow::to_string(*e.from)) : json::value()},
                      {"to", workflow::to_string(e.to)},
                      {"payload", std::move(payload)}};
}

json::value routing_json(const std::optional<service::RoutingSuggestion>& routing) {
  if (!routing) return nullptr;
  const auto& d = routing->decision;
  return json::object{{"department", d.department_id},
                      {"department_name", routing->department ? json::value(routing->department->name) : json::value()},
                      {"rule", d.rule ? json::value(d.rule->id) : json::value()},
                      {"fallback", d.fallback},
                      {"limit", calendar::format_limit(d.limit)},
                      {"reason", d.reason}};
}

json::array duplicates_json(const std::vector<service::DuplicateCandidate>& candidates, const Rendering& r) {
  json::array out;
  for (const auto& d : candidates) {
    out.push_back(json::object{{"id", d.id},
                               {"state", d.state},
                               {"category", d.category_code},
                               {"description", d.description},
                               {"distance_m", std::round(d.distance_m * 10) / 10},
                               {"created_at", r.iso(d.created_at_ms)}});
  }
  return out;
}

// Each allowed action's form, as the workflow table (and the city's required fields) say.
json::object action_fields_json(const std::vector<workflow::ActionFields>& forms) {
  json::object out;
  for (const auto& form : forms) {
    json::array fields;
    for (const bool required : {true, false}) {
      for (const auto f : required ? form.required : form.optional) {
        const auto& info = workflow::field_infos()[static_cast<std::size_t>(f)];
        fields.push_back(json::object{{"field", info.code}, {"required", required}, {"zh", info.zh}, {"en", info.en}});
      }
    }
    out[workflow::to_string(form.action)] = std::move(fields);
  }
  return out;
}

json::object case_json(const service::CaseView& v, const Rendering& r, bool with_timeline) {
  const auto& p = v.row.projection;
  json::array allowed;
  for (const auto a : v.allowed_actions) allowed.emplace_back(workflow::to_string(a));
  json::value location = nullptr;
  if (p.located()) {
    const auto degrees = geo::to_degrees({*p.lon_nano, *p.lat_nano});
    location = json::object{{"lon", degrees.lon}, {"lat", degrees.lat}};
  }
  json::value deadline = nullptr;
  if (v.stage_reading) {
    auto d = clock_reading_json(*v.stage_reading, r.offset);
    d["stage"] = workflow::to_string(workflow::stage_of(p.state));
    deadline = std::move(d);
  }
  json::object out{
      {"id", p.id},
      {"version", p.version},
      {"state", workflow::to_string(p.state)},
      {"state_name", workflow::zh(p.state)},
      {"stage", workflow::to_string(workflow::stage_of(p.state))},
      {"channel", p.channel},
      {"tracking_code", p.tracking_code.empty() ? json::value() : json::value(p.tracking_code)},
      {"description", p.description},
      {"category", p.category_code},
      {"component_id", p.component_id},
      {"urgency", p.urgency},
      {"location", std::move(location)},
      {"address", p.address},
      {"place", v.place},
      {"needs_placing", !p.located()},
      {"grid", p.grid_code},
      {"community", p.community_code},
      {"street", p.street_code},
      {"district", p.district_code},
      {"external_ref", p.external_ref},
      {"department", p.department_id},
      {"suggested_department", p.suggested_department_id},
      {"pending", pending_names(p.pending)},
      {"requested_extension", p.requested_extension},
      {"counts", json::object{{"rework", p.rework_count},
                              {"reopen", p.reopen_count},
                              {"supervision", v.supervision_notices},
                              {"return", p.return_count},
                              {"dispatch", p.dispatch_count},
                              {"merged_reports", v.merged_reports}}},
      {"merged_into", p.merged_into},
      {"satisfaction", p.satisfaction},
      {"reporter", json::object{{"name", v.reporter.name}, {"phone", v.reporter.phone}}},
      {"created_at", r.iso(p.created_at_ms)},
      {"updated_at", r.iso(p.updated_at_ms)},
      {"closed_at", r.iso(p.closed_at_ms)},
      {"deadline", std::move(deadline)},
      {"handling", v.handling_reading ? json::value(clock_reading_json(*v.handling_reading, r.offset)) : json::value()},
      {"allowed_actions", std::move(allowed)},
      {"action_fields", action_fields_json(v.action_fields)},
      {"routing", routing_json(v.routing)},
  };
  if (!v.duplicates.empty()) out["duplicates"] = duplicates_json(v.duplicates, r);
  json::array photos;
  for (const auto& a : v.attachments) photos.push_back(attachment_json(a, r.offset));
  out["attachments"] = std::move(photos);
  if (with_timeline) {
    json::array timeline;
    for (const auto& e : v.events) timeline.push_back(event_json(e, r));
    out["timeline"] = std::move(timeline);
  }
  return out;
}

// The staff's answer to a change: the case as case_json shows it.
std::function<std::string(const service::CaseView&)> staff_render(const Rendering& rendering) {
  return [rendering](const service::CaseView& v) { return json::serialize(case_json(v, rendering, false)); };
}

// Who a stored answer belongs to: the token, the user, or (public routes) the address.
std::string idempotency_scope(const Request& request, const std::string& address) {
  if (request.principal) {
    if (request.principal->token_id) return "token:" + std::to_string(*request.principal->token_id);
    return "user:" + std::to_string(request.principal->user_id);
  }
  return "public:" + address;
}

Result<std::optional<std::string>> idempotency_key(const Request& request) {
  const auto key = request.header("idempotency-key");
  if (!key) return std::optional<std::string>{};
  if (key->empty() || key->size() > 200 ||
      !std::all_of(key->begin(), key->end(), [](char c) { return c > 0x20 && c < 0x7f; })) {
    return fail(invalid("Idempotency-Key", "case_api.idempotency_key_invalid"));
  }
  return std::optional<std::string>(std::string(*key));
}

Response replayed(const storage::IdempotencyRecord& record) {
  Response response;
  response.status = record.response_status;
  response.body = record.response_body;
  response.set_header("Content-Type", std::string(kJsonContentType));
  response.set_header("Idempotent-Replayed", "true");
  return response;
}

// Runs a change with the request's Idempotency-Key (if any) and answers fresh or replayed; `render`
// makes the body, which is what is stored for a replay.
template <typename Change>
Response idempotent(const Request& request, const std::string& address, int status,
                    const std::function<std::string(const service::CaseView&)>& render, Change&& change) {
  const auto key = idempotency_key(request);
  if (!key) return error_response(key.error(), request);
  service::IdempotentRequest idem;
  if (*key) {
    idem = {idempotency_scope(request, address), **key,
            service::secret_hash(request.method_text + " " + request.path + "\n" + request.body), status, render};
  }
  auto outcome = change(*key ? &idem : nullptr);
  if (!outcome) return error_response(outcome.error(), request);
  if (outcome->replay) return replayed(*outcome->replay);
  Response response;
  response.status = status;
  response.body = render(*outcome->view);
  response.set_header("Content-Type", std::string(kJsonContentType));
  return response;
}

// "lon" and "lat" together (or neither), in range, as one point of a report or a placing.
template <class T>
BodyField<T> lon_lat(std::optional<geo::LonLat> T::*member, std::string_view zh, std::string_view en) {
  const FieldSpec lon_spec{.zh = zh, .en = en, .minimum = -180, .maximum = 180};
  const FieldSpec lat_spec{.zh = zh, .en = en, .minimum = -90, .maximum = 90};
  BodyField<T> out;
  out.properties = {{"lon", field("lon", &geo::LonLat::lon, lon_spec).properties.front().second},
                    {"lat", field("lat", &geo::LonLat::lat, lat_spec).properties.front().second}};
  out.read = [member](const json::object& body, T& target) -> Result<void> {
    const auto number = [&](const char* name) -> Result<std::optional<double>> {
      const auto* v = body.if_contains(name);
      if (v == nullptr || v->is_null()) return std::optional<double>{};
      if (!v->is_number()) return fail(invalid(name, "field.not_number"));
      return std::optional<double>(v->to_number<double>());
    };
    UG_TRY_ASSIGN(const auto lon, number("lon"));
    UG_TRY_ASSIGN(const auto lat, number("lat"));
    if (lon.has_value() != lat.has_value()) return fail(invalid("lat", "case_api.lon_lat_together"));
    if (!lon) return {};
    if (*lon < -180 || *lon > 180 || *lat < -90 || *lat > 90) {
      return fail(invalid("lon", "case_api.lon_lat_out_of_range"));
    }
    target.*member = geo::LonLat{*lon, *lat};
    return {};
  };
  return out;
}

std::vector<std::string> satisfaction_words() {
  std::vector<std::string> out;
  for (const auto& level : workflow::satisfaction_levels()) out.emplace_back(level.zh);
  for (auto& code : codes_of(workflow::satisfaction_levels())) out.push_back(std::move(code));
  return out;
}

using service::TextLimits;

// A report, from the staff's form, an integration or the public page.
const BodyShape<service::IntakeRequest>& intake_shape() {
  using R = service::IntakeRequest;
  static const BodyShape<R> shape{
      field("description", &R::description,
            {.zh = "问题描述", .en = "What is wrong", .required = true, .max_bytes = TextLimits::text}),
      field("category", &R::category, {.zh = "5 位事项代码", .en = "Five-digit matter code"}),
      field("component_id", &R::component_id,
            {.zh = "部件编号（无经纬度时按部件位置定位）", .en = "Component id (places a report without a point)"}),
      field("urgency", &R::urgency,
            {.zh = "紧急程度，默认 normal",
             .en = "Urgency, normal by default",
             .one_of = codes_of(catalog::urgencies()),
             .blank_means_default = true}),
      lon_lat(&R::point, "经纬度（WGS84/CGCS2000），须同时给出",
              "Longitude and latitude (WGS84/CGCS2000), both or neither"),
      field("address", &R::address, {.zh = "地址", .en = "Address", .max_bytes = TextLimits::address}),
      field("reporter_name", &R::reporter_name,
            {.zh = "上报人姓名", .en = "Reporter's name", .max_bytes = TextLimits::name}),
      field("reporter_phone", &R::reporter_phone,
            {.zh = "上报人电话", .en = "Reporter's phone", .max_bytes = TextLimits::phone}),
      field("attachments", &R::attachments, {.zh = "已上传照片的编号", .en = "Ids of uploaded photos"}),
      field("external_ref", &R::external_ref,
            {.zh = "来源系统的编号（同一来源不可重复）",
             .en = "The sender's own id (unique per channel)",
             .max_bytes = TextLimits::external_ref}),
      field("self_handled", &R::self_handled,
            {.zh = "监督员现场自行处置（须说明并附照片）",
             .en = "Fixed on the spot by the supervisor (comment and photos)"}),
      field("comment", &R::comment, {.zh = "说明", .en = "Comment", .max_bytes = TextLimits::text}),
  };
  return shape;
}

// An extension asked for as "2 working_days" or as {"amount": 2, "unit": "working_days"}.
struct ExtensionAmount {
  std::int64_t amount = 0;
  std::string unit;
};

Reader<std::string> extension_reader() {
  static const BodyShape<ExtensionAmount> amount_shape{
      field("amount", &ExtensionAmount::amount, {.zh = "数量", .en = "Amount", .required = true}),
      field("unit", &ExtensionAmount::unit,
            {.zh = "单位，如 working_days", .en = "Unit, such as working_days", .required = true}),
  };
  auto text = reader_for<std::string>({});
  auto object = object_of(amount_shape);
  boost::json::object as_text = text.schema.as_object();
  as_text["description"] = "如 \"2 working_days\"";
  return {json::object{{"oneOf", json::array{std::move(as_text), std::move(object.schema)}}},
          [text = std::move(text.read), object = std::move(object.read)](const json::value& v, std::string& out,
                                                                         const std::string& path) -> Result<void> {
            if (v.is_string()) return text(v, out, path);
            ExtensionAmount amount;
            UG_TRY(object(v, amount, path));
            out = std::to_string(amount.amount) + " " + amount.unit;
            return {};
          }};
}

// The fields an action may carry; which one an action needs is the workflow table's business.
const BodyShape<service::ActionRequest>& action_shape() {
  using R = service::ActionRequest;
  static const BodyShape<R> shape{
      field("version", &R::version,
            {.zh = "调用者看到的案件版本",
             .en = "The case version the caller saw",
             .required = true,
             .missing = "case_api.version_required"}),
      field("comment", &R::comment, {.zh = "说明", .en = "Comment", .max_bytes = TextLimits::text}),
      field("reason", &R::reason, {.zh = "理由", .en = "Reason", .max_bytes = TextLimits::text}),
      lon_lat(&R::point, "定位的经纬度，须同时给出", "The point placed, both or neither"),
      field("category", &R::category, {.zh = "5 位事项代码", .en = "Five-digit matter code"}),
      field("urgency", &R::urgency,
            {.zh = "紧急程度", .en = "Urgency", .one_of = codes_of(catalog::urgencies()), .blank_means_default = true}),
      field("department", &R::department, {.zh = "处置单位编号", .en = "Handling unit id"}),
      field("extension", &R::extension,
            {.zh = "申请延长的时间", .en = "The extension asked for", .invalid = "case_api.extension_invalid"},
            extension_reader()),
      field("merge_target", &R::merge_target, {.zh = "并入的案件编号", .en = "The case this one is merged into"}),
      field("satisfaction", &R::satisfaction,
            {.zh = "回访满意度",
             .en = "Callback satisfaction",
             .one_of = satisfaction_words(),
             .blank_means_default = true}),
      field("attachments", &R::attachments, {.zh = "已上传照片的编号", .en = "Ids of uploaded photos"}),
  };
  return shape;
}

// A citizen's rating of a closed case.
struct Rating {
  std::string satisfaction;
  std::string comment;
};

const BodyShape<Rating>& rating_shape() {
  static const BodyShape<Rating> shape{
      field("satisfaction", &Rating::satisfaction,
            {.zh = "满意度", .en = "Satisfaction", .required = true, .one_of = satisfaction_words()}),
      field("comment", &Rating::comment, {.zh = "意见", .en = "Comment", .max_bytes = TextLimits::text}),
  };
  return shape;
}

std::string cursor_of(const storage::CaseRow& row, storage::CaseSort sort) {
  const auto [value, id] = storage::sort_key(row, sort);
  return std::to_string(value) + "~" + id;
}

json::object public_json(const service::PublicCaseView& v, const Rendering& r) {
  json::array steps;
  for (const auto& [action, at] : v.steps) steps.push_back(json::object{{"action", action}, {"at", r.iso(at)}});
  const auto state = workflow::parse_state(v.state);
  json::array photos;
  for (const auto& [id, role] : v.attachments) photos.push_back(public_attachment_json(v.tracking_code, id, role));
  return json::object{{"tracking_code", v.tracking_code},
                      {"state", v.state},
                      {"state_name", state ? workflow::zh(*state) : ""},
                      {"category", v.category_code},
                      {"created_at", r.iso(v.created_at_ms)},
                      {"updated_at", r.iso(v.updated_at_ms)},
                      {"steps", std::move(steps)},
                      {"can_rate", v.can_rate},
                      {"satisfaction", v.satisfaction},
                      {"attachments", std::move(photos)}};
}

// An event as event_json writes it (the timeline, the event list, the ledgers).
json::object event_schema() {
  return json::parse(R"json({"type": "object",
    "required": ["sequence", "action", "actor", "role", "channel", "at", "from", "to", "payload"],
    "properties": {"sequence": {"type": "integer"}, "action": {"type": "string"}, "actor": {"type": "string"},
      "role": {"type": "string"}, "channel": {"type": "string"}, "at": {"type": "string"},
      "from": {"type": ["string", "null"]}, "to": {"type": "string"},
      "payload": {"type": "object", "additionalProperties": {"type": "string"},
        "description": "该步记录的字段（说明、类别、时限、意见等），随操作而不同"}}})json")
      .as_object();
}

// A nearby open case as duplicates_json writes it.
json::value duplicate_schema() {
  return json::parse(
      R"json({"type": "object", "required": ["id", "state", "category", "description", "distance_m", "created_at"],
    "properties": {"id": {"type": "string"}, "state": {"type": "string"}, "category": {"type": "string"},
      "description": {"type": "string"}, "distance_m": {"type": "number"}, "created_at": {"type": "string"}}})json");
}

// The case as case_json writes it; the API tests check every case they receive against this.
json::value case_schema() {
  const auto strings = [](std::initializer_list<const char*> names) {
    json::object out;
    for (const auto* name : names) out[name] = json::object{{"type", "string"}};
    return out;
  };
  json::array state_codes, urgency_codes;
  for (const auto& state : service::vocabulary().states) state_codes.emplace_back(state.words.code);
  for (const auto& urgency : service::vocabulary().urgencies) urgency_codes.emplace_back(urgency.code);
  auto properties = strings({"id",
                             "state_name",
                             "stage",
                             "channel",
                             "description",
                             "category",
                             "component_id",
                             "address",
                             "place",
                             "grid",
                             "community",
                             "street",
                             "district",
                             "external_ref",
                             "department",
                             "suggested_department",
                             "requested_extension",
                             "merged_into",
                             "satisfaction",
                             "created_at",
                             "updated_at"});
  properties["version"] = json::object{{"type", "integer"}};
  properties["state"] = json::object{{"enum", std::move(state_codes)}};
  properties["urgency"] = json::object{{"enum", std::move(urgency_codes)}};
  properties["tracking_code"] = json::object{{"type", json::array{"string", "null"}}};
  properties["closed_at"] = json::object{{"type", json::array{"string", "null"}}};
  properties["needs_placing"] = json::object{{"type", "boolean"}};
  const auto nullable = [](json::value schema) {
    return json::object{{"oneOf", json::array{{{"type", "null"}}, schema}}};
  };
  properties["location"] = nullable(json::parse(R"json({"type": "object", "required": ["lon", "lat"],
    "properties": {"lon": {"type": "number"}, "lat": {"type": "number"}}})json"));
  properties["pending"] =
      json::parse(R"json({"type": "array", "items": {"enum": ["return", "extension", "suspend", "void"]},
    "description": "等待审批的申请"})json");
  properties["counts"] = json::parse(R"json({"type": "object",
    "required": ["rework", "reopen", "supervision", "return", "dispatch", "merged_reports"],
    "properties": {"rework": {"type": "integer"}, "reopen": {"type": "integer"}, "supervision": {"type": "integer"},
      "return": {"type": "integer"}, "dispatch": {"type": "integer"}, "merged_reports": {"type": "integer"}}})json");
  properties["reporter"] = json::parse(R"json({"type": "object", "required": ["name", "phone"],
    "properties": {"name": {"type": "string"}, "phone": {"type": "string"}}, "description": "按查看者的权限脱敏"})json");
  auto deadline = clock_reading_schema();
  deadline.as_object()["properties"].as_object()["stage"] = json::object{{"type", "string"}};
  deadline.as_object()["description"] = "当前阶段的时限读数";
  properties["deadline"] = nullable(std::move(deadline));
  properties["handling"] = nullable(clock_reading_schema());
  properties["allowed_actions"] = json::parse(R"json({"type": "array", "items": {"type": "string"}})json");
  properties["action_fields"] = json::parse(R"json({"type": "object",
    "description": "每个可执行操作的表单：必填和可填的字段及其中英文名称（见 docs/workflow.md，城市可用 cases.required_fields 增加必填字段）",
    "additionalProperties": {"type": "array", "items": {"type": "object", "required": ["field", "required", "zh", "en"],
      "additionalProperties": false,
      "properties": {"field": {"type": "string"}, "required": {"type": "boolean"}, "zh": {"type": "string"},
        "en": {"type": "string"}}}}})json");
  properties["routing"] = nullable(json::parse(R"json({"type": "object",
    "required": ["department", "department_name", "rule", "fallback", "limit", "reason"],
    "properties": {"department": {"type": "string"}, "department_name": {"type": ["string", "null"]},
      "rule": {"type": ["integer", "null"]}, "fallback": {"type": "boolean"}, "limit": {"type": "string"},
      "reason": {"type": "string"}}})json"));
  properties["duplicates"] =
      json::object{{"type", "array"}, {"description", "附近相似的未结案件"}, {"items", duplicate_schema()}};
  properties["attachments"] = json::object{{"type", "array"}, {"items", attachment_schema()}};
  properties["timeline"] =
      json::object{{"type", "array"}, {"description", "只在查看单个案件时给出"}, {"items", event_schema()}};
  json::array required;
  for (const auto& [name, _] : properties) {
    if (name != "duplicates" && name != "timeline") required.emplace_back(name);
  }
  return json::object{{"type", "object"}, {"required", std::move(required)}, {"properties", std::move(properties)}};
}

// What the public (and a reporter) sees of a case, as public_json writes it.
json::value public_case_schema(bool with_id) {
  auto schema = json::parse(R"json({"type": "object",
    "required": ["tracking_code", "state", "state_name", "category", "created_at", "updated_at", "steps", "can_rate",
      "satisfaction", "attachments"],
    "properties": {"tracking_code": {"type": "string"}, "state": {"type": "string"}, "state_name": {"type": "string"},
      "category": {"type": "string"}, "created_at": {"type": "string"}, "updated_at": {"type": "string"},
      "steps": {"type": "array", "items": {"type": "object", "required": ["action", "at"],
        "properties": {"action": {"type": "string"}, "at": {"type": "string"}}}},
      "can_rate": {"type": "boolean"}, "satisfaction": {"type": "string"}}})json");
  auto& object = schema.as_object();
  object["properties"].as_object()["attachments"] =
      json::object{{"type", "array"}, {"items", public_attachment_schema()}};
  if (with_id) {
    object["properties"].as_object()["id"] = json::object{{"type", "string"}};
    object["required"].as_array().emplace_back("id");
  }
  return schema;
}

// The groups `by` may name, in the order the documentation lists them.
constexpr std::array<std::pair<std::string_view, storage::CaseGroup>, 8> kCaseGroups = {{
    {"state", storage::CaseGroup::state},
    {"grid", storage::CaseGroup::grid},
    {"street", storage::CaseGroup::street},
    {"district", storage::CaseGroup::district},
    {"channel", storage::CaseGroup::channel},
    {"category", storage::CaseGroup::category},
    {"department", storage::CaseGroup::department},
    {"created_day", storage::CaseGroup::created_day},
}};

std::optional<storage::CaseGroup> case_group(std::string_view by) {
  for (const auto& [name, group] : kCaseGroups) {
    if (by == name) return group;
  }
  return std::nullopt;
}

std::vector<std::string> case_group_list() {
  std::vector<std::string> out;
  for (const auto& [name, group] : kCaseGroups) out.emplace_back(name);
  return out;
}

std::string case_group_names() {
  std::string out;
  for (const auto& name : case_group_list()) out += (out.empty() ? "" : "、") + name;
  return out;
}

ParameterDoc idempotency_header() {
  return {"Idempotency-Key", "header", false, "同一个键的重复请求返回第一次的结果，不会重复建案或重复记事件",
          json::object{{"type", "string"}}};
}

}  // namespace

void add_case_routes(Router& router, service::CaseService& cases, service::CaseExport& exports,
                     CaseHttpSettings settings) {
  const auto rendering = Rendering{settings.utc_offset_minutes};
  const auto trusted = settings.trusted_proxies;

  RouteDoc intake_doc;
  intake_doc.summary = "上报问题（建案）：定位网格和行政区划，给出派遣建议和疑似重复案件";
  intake_doc.description =
      "来源（channel）取自调用者的账号或令牌，不能在请求中指定。只有地址没有经纬度时案件照样建立，标记 "
      "needs_placing，由受理员在地图上定位。案件编号为日期加当日序号。";
  intake_doc.tag = "cases";
  intake_doc.access = RouteAccess::needs(access::Permission::report_case);
  intake_doc.parameters = {idempotency_header()};
  intake_doc.request_schema = intake_shape().schema();
  intake_doc.responses = {{201, "新案件", "application/json", case_schema()}};
  for (auto& e : error_responses({{409, "同一来源的外部编号已报送过"}, {422, "字段无效"}}))
    intake_doc.responses.push_back(e);
  router.add(
      Method::post, "/api/v1/cases", Execution::worker_pool,
      [&cases, rendering](Request& request) -> Result<Response> {
        UG_TRY_ASSIGN(auto in, intake_shape().parse(request));
        return idempotent(request, "", 201, staff_render(rendering), [&](const service::IdempotentRequest* idem) {
          return cases.intake(*request.principal, in, idem);
        });
      },
      std::move(intake_doc));

  RouteDoc list_doc;
  list_doc.summary = "案件队列：按状态、阶段、来源、类别、单位、区域、红黄绿灯等筛选，键集分页";
  list_doc.description =
      "只返回调用者数据范围内的案件。queue=mine 为“我的待办”：调用者的角色在其中有下一步操作的状态，以及等其审批的"
      "申请。排序 number（新案件在前）、updated（最近更新在前）或 due（时限最近在前，只含正在计时的案件）。";
  list_doc.tag = "cases";
  list_doc.access = RouteAccess::needs(access::Permission::view_case);
  std::string stage_codes;
  for (const auto& stage : workflow::stages())
    stage_codes += (stage_codes.empty() ? "" : "、") + std::string(stage.code);
  const auto stage_text = fmt::format("阶段（{}），逗号分隔", stage_codes);
  const auto urgency_text = fmt::format("紧急程度（{}），逗号分隔", catalog::urgency_codes());
  for (const auto& [name, text] : std::initializer_list<std::pair<const char*, std::string_view>>{
           {"state", "状态，逗号分隔"},
           {"stage", stage_text},
           {"channel", "来源，逗号分隔"},
           {"category", "5 位类别或 2 位大类，逗号分隔"},
           {"department", "处置单位编号，逗号分隔"},
           {"urgency", urgency_text},
           {"region", "网格 / 社区 / 街道 / 区县代码前缀，逗号分隔"},
           {"light", "green、yellow 或 red（当前阶段）"},
           {"overdue", "true：当前阶段已超时"},
           {"supervised", "true：有督办（督办流程的通知）"},
           {"unplaced", "true：只有地址、待定位"},
           {"open", "true：未结束；false：已结束；any（或不给）：都要"},
           {"queue", "mine：我的待办；all（或不给）：范围内的全部"},
           {"created_from", "建案时间下限（含）：ISO 8601 时刻，或当地日期（当日零点起）"},
           {"created_to", "建案时间上限（不含）：时刻，或当地日期（含该日全天）"},
           {"updated_from", "更新时间下限（含），同上"},
           {"updated_to", "更新时间上限（不含），同上"},
           {"q",
            "词语：在描述、地址中查找；编号或号码：案件编号，有权查看联系方式的还可按查询码、外部编号、来电号码或其后四"
            "位查找（按号码查找记入审计日志）"},
           {"sort", "number、updated 或 due"},
           {"cursor", "上一页的 next_cursor"},
           {"limit", "每页条数 1–200，默认 50"}}) {
    list_doc.parameters.push_back({name, "query", false, std::string(text), json::object{{"type", "string"}}});
  }
  std::vector<ParameterDoc> list_doc_filters;  // the counts take the same filters, without paging
  for (const auto& p : list_doc.parameters) {
    if (p.name != "sort" && p.name != "cursor" && p.name != "limit") list_doc_filters.push_back(p);
  }
  list_doc.responses = {
      {200, "一页案件", "application/json",
       json::object{
           {"type", "object"},
           {"required", json::array{"cases", "next_cursor"}},
           {"properties", json::object{{"cases", json::object{{"type", "array"}, {"items", case_schema()}}},
                                       {"next_cursor", json::object{{"type", json::array{"string", "null"}}}}}}}}};
  router.add(
      Method::get, "/api/v1/cases", Execution::worker_pool,
      [&cases, rendering](Request& request) -> Result<Response> {
        UG_TRY_ASSIGN(auto query, case_filter(request, rendering.offset));
        UG_TRY_ASSIGN(auto page, cases.list(*request.principal, query));
        json::array items;
        for (const auto& v : page) items.push_back(case_json(v, rendering, false));
        json::value next = nullptr;
        if (static_cast<int>(page.size()) == query.limit) next = json::value(cursor_of(page.back().row, query.sort));
        return json_response(200, json::object{{"cases", std::move(items)}, {"next_cursor", std::move(next)}});
      },
      std::move(list_doc));

  RouteDoc counts_doc;
  counts_doc.summary = "案件计数：各状态的未结束案件数（队列计数），或按网格、来源、类别、单位、上报日等分组计数";
  counts_doc.description =
      "不给 by 时按状态数未结束的案件，答 states。给 by 时按该分组数符合筛选的全部案件（含已结束，可用 open 限定），"
      "答 groups（分组键 → 件数，created_day 的键为当地日期）。筛选参数与案件队列相同。";
  counts_doc.tag = "cases";
  counts_doc.access = RouteAccess::needs(access::Permission::view_case);
  counts_doc.parameters = list_doc_filters;
  counts_doc.parameters.push_back(
      {"by", "query", false, "分组：" + case_group_names(), json::object{{"type", "string"}}});
  counts_doc.responses = {{200, "计数", "application/json", json::parse(R"json({"type": "object",
    "required": ["total"], "properties": {"states": {"type": "object", "additionalProperties": {"type": "integer"},
      "description": "状态 → 未结束案件数（不给 by 时）"}, "by": {"type": "string"},
    "groups": {"type": "object", "additionalProperties": {"type": "integer"}}, "total": {"type": "integer"}}})json")}};
  for (auto& e : error_responses({{422, "筛选或分组无效"}})) counts_doc.responses.push_back(e);
  router.add(
      Method::get, "/api/v1/cases/counts", Execution::worker_pool,
      [&cases, rendering](Request& request) -> Result<Response> {
        UG_TRY_ASSIGN(auto query, case_filter(request, rendering.offset));
        const auto by = request.query_param("by");
        if (!by || by->empty()) {
          UG_TRY_ASSIGN(auto counted, cases.counts(*request.principal, query));
          json::object states;
          std::int64_t total = 0;
          for (const auto& c : counted) {
            states[c.state] = c.count;
            total += c.count;
          }
          return json_response(200, json::object{{"states", std::move(states)}, {"total", total}});
        }
        const auto group = case_group(*by);
        if (!group) {
          return fail(invalid("by", "case_api.group_invalid").with("allowed", case_group_list()));
        }
        UG_TRY_ASSIGN(auto counted, cases.counts_by(*request.principal, query, *group));
        json::object groups;
        std::int64_t total = 0;
        for (const auto& c : counted) {
          groups[c.key] = c.count;
          total += c.count;
        }
        return json_response(200, json::object{{"by", *by}, {"groups", std::move(groups)}, {"total", total}});
      },
      std::move(counts_doc));

  RouteDoc export_doc;
  export_doc.summary = "导出案件队列：CSV 或 Excel（xlsx），列与队列页相同，表头为中文（Accept-Language 为英文时英文）";
  std::string column_codes;
  for (const auto& c : service::case_export_columns())
    column_codes += fmt::format("{}{}（{}）", column_codes.empty() ? "" : "、", c.code, c.zh);
  export_doc.description = fmt::format(
      "筛选参数与案件队列相同，只含调用者数据范围内的案件；上报人和联系电话按调用者的权限遮盖，与页面所见一致。"
      "超过 {} 件时答 422，请缩小筛选范围。每次导出记入审计日志（格式、筛选、列、行数）。可选列：{}。",
      service::CaseExport::kMaxRows, column_codes);
  export_doc.tag = "cases";
  export_doc.access = RouteAccess::needs(access::Permission::view_case);
  export_doc.parameters = list_doc_filters;
  export_doc.parameters.push_back({"sort", "query", false, "number、updated 或 due", json::object{{"type", "string"}}});
  export_doc.parameters.push_back({"format", "query", false, "csv（默认）或 xlsx", json::object{{"type", "string"}}});
  export_doc.parameters.push_back({"columns", "query", false, "导出的列，逗号分隔，按给出的顺序；不给时为队列页的列",
                                   json::object{{"type", "string"}}});
  export_doc.responses = {{200, "CSV（UTF-8，带 BOM）或 xlsx 文件；X-Export-Rows 为行数", "text/csv",
                           json::object{{"type", "string"}, {"contentMediaType", "text/csv"}}}};
  for (auto& e : error_responses({{422, "筛选、格式、语言或列无效，或案件过多"}, {429, "本人或全平台的导出正在进行"}}))
    export_doc.responses.push_back(e);
  router.add(
      Method::get, "/api/v1/cases/export", Execution::worker_pool,
      [&exports, rendering](Request& request) -> Result<Response> {
        UG_TRY_ASSIGN(auto filter, case_filter(request, rendering.offset));
        service::CaseExportRequest wanted;
        const auto format = request.query_param("format").value_or("csv");
        if (format == "xlsx") {
          wanted.format = service::ExportFormat::xlsx;
        } else if (format != "csv") {
          return fail(invalid("format", "case_export.format_invalid"));
        }
        for (const auto& given : request.query_params("columns")) {  // columns=a,b or columns=a&columns=b
          for (const auto c : split_list(given)) wanted.columns.emplace_back(c);
        }
        // A download link sends the browser's Accept-Language, not the page's: lang= says the page's.
        const auto lang = request.query_param("lang").value_or("");
        if (!lang.empty() && lang != "en" && lang != "zh-CN" && lang != "zh") {
          return fail(invalid("lang", "case_export.lang_invalid"));
        }
        wanted.language = lang.empty() ? request.language() : lang == "en" ? Language::en : Language::zh_cn;
        wanted.utc_offset_minutes = rendering.offset;
        wanted.filters = query_for_the_record(request.query);
        UG_TRY_ASSIGN(auto file, exports.run(*request.principal, std::move(filter), wanted));
        const auto day = calendar::format_iso8601(now_unix_millis() / 1000, rendering.offset).substr(0, 10);
        const bool xlsx = wanted.format == service::ExportFormat::xlsx;
        auto response = file_response(
            std::move(file.bytes),
            xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv; charset=utf-8",
            fmt::format("cases-{}.{}", day, xlsx ? "xlsx" : "csv"));
        response.set_header("x-export-rows", std::to_string(file.rows));
        response.set_header("cache-control", "no-store");
        return response;
      },
      std::move(export_doc));

  RouteDoc dup_doc;
  dup_doc.summary = "疑似重复案件：某点附近时间窗内未结束的案件（保存前预览）";
  dup_doc.description = "给出类别时只查同类别，半径按类别配置（默认 50 米）；不给类别时查所有类别。";
  dup_doc.tag = "cases";
  dup_doc.access = RouteAccess::needs(access::Permission::view_case);
  dup_doc.parameters = {{"lon", "query", true, "经度", json::object{{"type", "number"}}},
                        {"lat", "query", true, "纬度", json::object{{"type", "number"}}},
                        {"category", "query", false, "5 位事项代码", json::object{{"type", "string"}}}};
  dup_doc.responses = {{200, "候选案件，近者在前", "application/json", list_schema("candidates", duplicate_schema())}};
  router.add(
      Method::get, "/api/v1/cases/duplicates", Execution::worker_pool,
      [&cases, rendering](Request& request) -> Result<Response> {
        UG_TRY_ASSIGN(const auto point, lon_lat_query_params(request));
        UG_TRY_ASSIGN(auto found, cases.duplicates(*request.principal, {point.first, point.second},
                                                   request.query_param("category").value_or("")));
        return json_response(200, json::object{{"candidates", duplicates_json(found, rendering)}});
      },
      std::move(dup_doc));

  const ParameterDoc id_param{"id", "path", true, "案件编号", json::object{{"type", "string"}}};
  RouteDoc get_doc;
  get_doc.summary = "一个案件：全部经过、当前阶段时限和红黄绿灯、可执行的操作";
  get_doc.tag = "cases";
  get_doc.access = RouteAccess::needs(access::Permission::view_case);
  get_doc.parameters = {id_param};
  get_doc.responses = {{200, "案件", "application/json", case_schema()}};
  router.add(
      Method::get, "/api/v1/cases/{id}", Execution::worker_pool,
      [&cases, rendering](Request& request) -> Result<Response> {
        UG_TRY_ASSIGN(auto view, cases.get(*request.principal, *request.path_param("id")));
        return json_response(200, case_json(view, rendering, true));
      },
      std::move(get_doc));

  RouteDoc status_doc;
  status_doc.summary = "案件状态：上报人查看自己上报的案件（即使不在自己的数据范围内）";
  status_doc.description =
      "只读，与公众查询页相同的内容：状态和各步骤的时间，不含姓名和意见。范围内的工作人员和上报人可见，其他人 404。"
      "上报不等于有权处理：对范围外的案件不能执行任何操作。";
  status_doc.tag = "cases";
  status_doc.access = RouteAccess::signed_in();
  status_doc.parameters = {id_param};
  status_doc.responses = {{200, "案件状态", "application/json", public_case_schema(true)}};
  router.add(
      Method::get, "/api/v1/cases/{id}/status", Execution::worker_pool,
      [&cases, rendering](Request& request) -> Result<Response> {
        const auto id = *request.path_param("id");
        UG_TRY_ASSIGN(auto view, cases.report_status(*request.principal, id));
        auto out = public_json(view, rendering);
        out["id"] = id;
        return json_response(200, std::move(out));
      },
      std::move(status_doc));

  RouteDoc events_doc;
  events_doc.summary = "案件的事件（只增不改的操作记录）";
  events_doc.tag = "cases";
  events_doc.access = RouteAccess::needs(access::Permission::view_case);
  events_doc.parameters = {id_param};
  events_doc.responses = {{200, "事件，按序号", "application/json", list_schema("events", event_schema())}};
  router.add(
      Method::get, "/api/v1/cases/{id}/events", Execution::worker_pool,
      [&cases, rendering](Request& request) -> Result<Response> {
        UG_TRY_ASSIGN(auto events, cases.events(*request.principal, *request.path_param("id")));
        json::array items;
        for (const auto& e : events) items.push_back(event_json(e, rendering));
        return json_response(200, json::object{{"events", std::move(items)}});
      },
      std::move(events_doc));

  RouteDoc action_doc;
  action_doc.summary = "对案件执行一个操作（受理、派遣、签收、处置完毕、核查、结案……）";
  action_doc.description =
      "version 为调用者看到的案件版本；版本已变或当前状态不允许时答 409，details 给出 state、version 和 "
      "allowed_actions。所需权限随操作而定（见 docs/permissions.md），所需字段见 docs/workflow.md。";
  action_doc.tag = "cases";
  action_doc.access = RouteAccess::signed_in();
  action_doc.parameters = {id_param,
                           {"action", "path", true, "操作名，如 dispatch", json::object{{"type", "string"}}},
                           idempotency_header()};
  action_doc.request_schema = action_shape().schema();
  action_doc.responses = {{200, "操作后的案件", "application/json", case_schema()}};
  for (auto& e : error_responses({{403, "没有这个操作的权限"},
                                  {404, "没有这个案件（或不在数据范围内）"},
                                  {409, "版本已变或状态不允许"},
                                  {422, "缺少或无效的字段"}})) {
    action_doc.responses.push_back(e);
  }
  router.add(
      Method::post, "/api/v1/cases/{id}/actions/{action}", Execution::worker_pool,
      [&cases, rendering](Request& request) -> Result<Response> {
        const auto action = workflow::parse_action(*request.path_param("action"));
        if (!action || workflow::is_legacy(*action)) {  // 督办 is its own process: /api/v1/supervision-notices
          return fail(
              Error(ErrorCode::not_found, "case_api.unknown_action").with("action", *request.path_param("action")));
        }
        UG_TRY_ASSIGN(auto in, action_shape().parse(request));
        return idempotent(request, "", 200, staff_render(rendering), [&](const service::IdempotentRequest* idem) {
          return cases.act(*request.principal, *request.path_param("id"), *action, in, idem);
        });
      },
      std::move(action_doc));

  RouteDoc ledger_doc;
  ledger_doc.summary = "台账：重办（redo）或回访（callback）记录";
  ledger_doc.description = "督办台账是督办流程自己的列表：GET /api/v1/supervision-notices。";
  ledger_doc.tag = "cases";
  ledger_doc.access = RouteAccess::needs(access::Permission::view_case);
  ledger_doc.parameters = {
      {"kind", "path", true, "redo 或 callback", json::object{{"type", "string"}}},
      {"from", "query", false, "起始时刻（含），ISO 8601；默认 30 天前", json::object{{"type", "string"}}},
      {"to", "query", false, "截止时刻（不含）；默认现在", json::object{{"type", "string"}}},
      {"limit", "query", false, "条数 1–1000，默认 200", json::object{{"type", "integer"}}}};
  {
    auto entry = event_schema();
    entry["properties"].as_object()["case_id"] = json::object{{"type", "string"}};
    entry["required"].as_array().emplace_back("case_id");
    auto ledger = json::parse(R"json({"type": "object", "required": ["kind", "total", "entries"],
      "properties": {"kind": {"type": "string"}, "total": {"type": "integer"}}})json");
    ledger.at("properties").as_object()["entries"] = json::object{{"type", "array"}, {"items", std::move(entry)}};
    ledger_doc.responses = {{200, "记录，新者在前", "application/json", std::move(ledger)}};
  }
  router.add(
      Method::get, "/api/v1/ledgers/{kind}", Execution::worker_pool,
      [&cases, rendering](Request& request) -> Result<Response> {
        const std::string kind = *request.path_param("kind");
        const auto action = kind == "redo"       ? std::optional(Action::reopen)
                            : kind == "callback" ? std::optional(Action::callback)
                                                 : std::nullopt;
        if (!action) {
          return fail(Error(ErrorCode::not_found, "case_api.unknown_ledger").with("kind", kind));
        }
        UG_TRY_ASSIGN(auto from, instant_query_param(request, "from"));
        UG_TRY_ASSIGN(auto to, instant_query_param(request, "to"));
        UG_TRY_ASSIGN(auto limit, integer_query_param(request, "limit", 1, 1000, 200));
        const auto ms = [](const std::optional<calendar::UnixSeconds>& at) {
          return at ? std::optional<std::int64_t>(*at * 1000) : std::nullopt;
        };
        UG_TRY_ASSIGN(auto ledger,
                      cases.ledger(*request.principal, *action, ms(from), ms(to), static_cast<int>(limit)));
        json::array entries;
        for (const auto& e : ledger.entries) {
          auto item = event_json(e, rendering);
          item["case_id"] = e.case_id;
          entries.push_back(std::move(item));
        }
        return json_response(200, json::object{{"kind", kind},
                                               {"total", static_cast<std::int64_t>(ledger.entries.size())},
                                               {"entries", std::move(entries)}});
      },
      std::move(ledger_doc));

  // Public routes: no account; each address has a small budget.
  auto report_budget = std::make_shared<RateLimiter>(settings.public_reports_per_minute_per_address,
                                                     settings.public_reports_per_minute_per_address);
  auto read_budget = std::make_shared<RateLimiter>(settings.public_reads_per_minute_per_address,
                                                   settings.public_reads_per_minute_per_address);

  RouteDoc public_intake_doc;
  public_intake_doc.summary = "公众上报（随手拍），无需账号；返回查询码";
  public_intake_doc.description = "按来源地址限流（429 与 Retry-After）。来源为 citizen_web，须现场核实后立案。";
  public_intake_doc.tag = "public";
  public_intake_doc.parameters = {idempotency_header()};
  public_intake_doc.request_schema = intake_shape().schema();
  public_intake_doc.responses = {{201, "已受理的上报", "application/json", public_case_schema(false)}};
  for (auto& e : error_responses({{422, "字段无效"}, {429, "过于频繁"}})) public_intake_doc.responses.push_back(e);
  router.add(
      Method::post, "/api/v1/public/cases", Execution::worker_pool,
      [&cases, rendering, trusted, report_budget](Request& request) {
        const auto address = client_address(request, trusted);
        if (auto refused = over_budget(*report_budget, address, request)) return std::move(*refused);
        auto in = intake_shape().parse(request);
        if (!in) return error_response(in.error(), request);
        const auto reporter = service::CaseService::public_reporter(address);
        // The public answer: the tracking code and progress, nothing else of the case.
        const auto render = [&rendering](const service::CaseView& v) {
          return json::serialize(
              public_json(service::CaseService::public_view_of(v.row.projection, v.events), rendering));
        };
        return idempotent(request, address, 201, render,
                          [&](const service::IdempotentRequest* idem) { return cases.intake(reporter, *in, idem); });
      },
      std::move(public_intake_doc));

  const ParameterDoc code_param{"tracking_code", "path", true, "查询码", json::object{{"type", "string"}}};
  RouteDoc public_view_doc;
  public_view_doc.summary = "按查询码查看办理进度（不含个人信息和经办人）";
  public_view_doc.tag = "public";
  public_view_doc.parameters = {code_param};
  public_view_doc.responses = {{200, "进度", "application/json", public_case_schema(false)}};
  router.add(
      Method::get, "/api/v1/public/cases/{tracking_code}", Execution::worker_pool,
      [&cases, rendering, trusted, read_budget](Request& request) {
        const auto address = client_address(request, trusted);
        if (auto refused = over_budget(*read_budget, address, request)) return std::move(*refused);
        auto view = cases.public_view(*request.path_param("tracking_code"));
        if (!view) return error_response(view.error(), request);
        return json_response(200, public_json(*view, rendering));
      },
      std::move(public_view_doc));

  RouteDoc rating_doc;
  rating_doc.summary = "结案后的满意度评价（回访）";
  rating_doc.tag = "public";
  rating_doc.parameters = {code_param};
  rating_doc.request_schema = rating_shape().schema();
  rating_doc.responses = {{200, "评价后的进度", "application/json", public_case_schema(false)}};
  for (auto& e :
       error_responses({{404, "没有这个查询码"}, {409, "尚未结案或已评价"}, {422, "满意度无效"}, {429, "过于频繁"}})) {
    rating_doc.responses.push_back(e);
  }
  router.add(
      Method::post, "/api/v1/public/cases/{tracking_code}/rating", Execution::worker_pool,
      [&cases, rendering, trusted, report_budget](Request& request) {
        const auto address = client_address(request, trusted);
        if (auto refused = over_budget(*report_budget, address, request)) return std::move(*refused);
        const auto rating = rating_shape().parse(request);
        if (!rating) return error_response(rating.error(), request);
        auto view =
            cases.public_rate(*request.path_param("tracking_code"), rating->satisfaction, rating->comment, address);
        if (!view) return error_response(view.error(), request);
        return json_response(200, public_json(*view, rendering));
      },
      std::move(rating_doc));
}

}  // namespace ug::http
