// Handlers of the calendar routes: query parameters in, the service's calendar, JSON out.
#include "http/calendar_routes.hpp"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <chrono>

#include "core/clock.hpp"
#include "http/body_shape.hpp"
#include "http/json.hpp"
#include "http/query_params.hpp"

namespace ug::http {
namespace json = boost::json;

Result<std::optional<calendar::UnixSeconds>> instant_query_param(const Request& request, const std::string& name) {
  auto text = request.query_param(name);
  if (!text || text->empty()) return std::optional<calendar::UnixSeconds>{};
  if (const auto space = text->find(' ', 16); text->size() > 16 && space != std::string::npos) (*text)[space] = '+';
  auto instant = calendar::parse_iso8601(*text);
  if (!instant) return tl::unexpected(std::move(instant.error().with("field", name)));
  return std::optional<calendar::UnixSeconds>{*instant};
}

json::object clock_reading_json(const calendar::ClockReading& r, int offset) {
  const auto instant = [offset](const std::optional<calendar::UnixSeconds>& at) -> json::value {
    if (!at) return nullptr;
    return json::value(calendar::format_iso8601(*at, offset));
  };
  return json::object{{"light", calendar::to_string(r.light)},
                      {"due", instant(r.due)},
                      {"overdue", r.overdue},
                      {"used_seconds", r.used_seconds},
                      {"remaining_seconds", r.remaining_seconds},
                      {"limit_seconds", r.limit_seconds},
                      {"yellow_at", instant(r.yellow_at)},
                      {"red_at", instant(r.red_at)},
                      {"suspended", r.suspended},
                      {"provisional", r.provisional}};
}

json::value clock_reading_schema() {
  return json::parse(R"json({"type": "object",
    "required": ["light", "due", "overdue", "used_seconds", "remaining_seconds", "limit_seconds", "yellow_at",
      "red_at", "suspended", "provisional"],
    "properties": {"light": {"enum": ["green", "yellow", "red"]}, "due": {"type": ["string", "null"]},
      "overdue": {"type": "boolean"}, "used_seconds": {"type": "integer"}, "remaining_seconds": {"type": "integer"},
      "limit_seconds": {"type": "integer"}, "yellow_at": {"type": ["string", "null"]},
      "red_at": {"type": ["string", "null"]}, "suspended": {"type": "boolean"}, "provisional": {"type": "boolean"}}})json");
}

namespace {

RouteDoc due_doc() {
  RouteDoc doc;
  doc.summary = "时限到期时间：从某一时刻起经过若干工作（或自然）分钟/小时/日后的时刻";
  doc.description =
      "工作时间按工作日历（国家法定节假日与调休、本地调整、每日工作时段）计算，精确到秒；超出已发布年份的日期按"
      "星期规则推算，结果标记 provisional。给出 at 时同时返回该时刻的红黄绿灯、已用和剩余时间。";
  doc.tag = "calendar";
  doc.access = RouteAccess::needs(access::Permission::view_base_data);
  doc.parameters = {
      {"from", "query", true, "起始时刻，带时区的 ISO 8601（如 2026-11-23T08:30:00+08:00，+ 需编码为 %2B）",
       json::object{{"type", "string"}}},
      {"amount", "query", true, "时限数值（非负整数）", json::object{{"type", "integer"}}},
      {"unit", "query", true,
       "working_minutes、working_hours、working_days、natural_minutes、natural_hours 或 natural_days",
       json::object{{"type", "string"}}},
      {"at", "query", false, "读取时限状态的时刻（ISO 8601）", json::object{{"type", "string"}}}};
  auto schema = json::parse(R"json({"type": "object",
    "required": ["from", "amount", "unit", "due", "provisional"],
    "properties": {
      "from": {"type": "string"}, "amount": {"type": "integer"}, "unit": {"type": "string"},
      "due": {"type": "string"}, "provisional": {"type": "boolean"}}})json");
  schema.at("properties").as_object()["reading"] = clock_reading_schema();
  doc.responses = {{200, "到期时间", "application/json", std::move(schema)}};
  return doc;
}

RouteDoc days_doc() {
  RouteDoc doc;
  doc.summary = "某年每一天是否上班、原因和工作时长";
  doc.description =
      "source：national（国家安排）、override（本地调整）或 weekday_rule（未列出的日期按星期规则）；provisional 表示"
      "该日期的国家安排尚未发布。";
  doc.tag = "calendar";
  doc.access = RouteAccess::needs(access::Permission::view_base_data);
  doc.parameters = {{"year", "query", false, "年份（2000–2099），默认今年", json::object{{"type", "integer"}}}};
  doc.responses = {{200, "全年日历", "application/json", json::parse(R"json({"type": "object",
    "required": ["year", "workdays", "working_minutes", "provisional", "days"],
    "properties": {
      "year": {"type": "integer"}, "workdays": {"type": "integer"}, "working_minutes": {"type": "integer"},
      "provisional": {"type": "boolean"},
      "days": {"type": "array", "items": {"type": "object",
        "required": ["date", "workday", "reason", "source", "provisional", "working_minutes"],
        "properties": {"date": {"type": "string"}, "workday": {"type": "boolean"}, "reason": {"type": "string"},
          "holiday": {"type": "string", "description": "国家安排的日期：所属节假日名称（调休上班日为其所调的节日）"},
          "source": {"enum": ["national", "override", "weekday_rule"]}, "provisional": {"type": "boolean"},
          "working_minutes": {"type": "integer"}}}}}})json")}};
  return doc;
}

// A local change to one day: work on a rest day, or rest on a workday.
struct OverrideBody {
  bool workday = false;
  std::string reason;
};

const BodyShape<OverrideBody>& override_shape() {
  static const BodyShape<OverrideBody> shape{
      field("workday", &OverrideBody::workday,
            {.zh = "true：该日上班；false：该日休息", .en = "true: a workday; false: a rest day", .required = true}),
      field("reason", &OverrideBody::reason, {.zh = "调整的原因", .en = "Why", .required = true}),
  };
  return shape;
}

}  // namespace

void add_calendar_routes(Router& router, service::CalendarService& calendar) {
  router.add(
      Method::get, "/api/v1/calendar/due", Execution::io_thread,
      [&calendar](Request& request) -> Result<Response> {
        auto from = instant_query_param(request, "from");
        if (from && !*from) from = fail(invalid("from", "query.param_required"));
        if (!from) return fail(from.error());
        UG_TRY_ASSIGN(const auto amount, integer_query_param(request, "amount", 0, 10'000'000));
        const auto unit = calendar::parse_unit(request.query_param("unit").value_or(""));
        if (!unit) {
          return fail(invalid("unit", "calendar_api.unit_invalid"));
        }
        UG_TRY_ASSIGN(const auto at, instant_query_param(request, "at"));
        const auto work = calendar.current();
        const int offset = work->config().utc_offset_minutes;
        const auto start = **from;
        UG_TRY_ASSIGN(const auto due, work->due(start, amount, *unit));
        json::object body{{"from", calendar::format_iso8601(start, offset)},
                          {"amount", amount},
                          {"unit", calendar::to_string(*unit)},
                          {"due", calendar::format_iso8601(due.at, offset)},
                          {"provisional", due.provisional}};
        if (at) {
          UG_TRY_ASSIGN(const auto reading,
                        calendar::read_clock(*work, {start, {amount, *unit}, {}, {}}, *at, calendar.thresholds()));
          body["reading"] = clock_reading_json(reading, offset);
        }
        return json_response(200, body);
      },
      due_doc());

  router.add(
      Method::get, "/api/v1/calendar/days", Execution::io_thread,
      [&calendar](Request& request) -> Result<Response> {
        const auto work = calendar.current();
        const std::chrono::sys_seconds local_now{
            std::chrono::seconds(now_unix_millis() / 1000 + work->config().utc_offset_minutes * 60)};
        const std::int64_t this_year =
            static_cast<int>(std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(local_now)}.year());
        UG_TRY_ASSIGN(const auto year, integer_query_param(request, "year", 2000, 2099, this_year));
        UG_TRY_ASSIGN(const auto days, work->year_days(static_cast<int>(year)));
        json::array list;
        list.reserve(days.size());
        std::int64_t workdays = 0, minutes = 0;
        bool provisional = false;
        for (const auto& [date, d] : days) {
          workdays += d.workday ? 1 : 0;
          minutes += d.working_minutes;
          provisional = provisional || d.provisional;
          list.push_back(json::object{{"date", date},
                                      {"workday", d.workday},
                                      {"reason", d.reason},
                                      {"holiday", d.holiday},
                                      {"source", calendar::to_string(d.source)},
                                      {"provisional", d.provisional},
                                      {"working_minutes", d.working_minutes}});
        }
        return json_response(200, json::object{{"year", year},
                                               {"workdays", workdays},
                                               {"working_minutes", minutes},
                                               {"provisional", provisional},
                                               {"days", std::move(list)}});
      },
      days_doc());

  RouteDoc list_doc;
  list_doc.summary = "本地日历调整（额外的工作日或休息日）";
  list_doc.tag = "calendar";
  list_doc.access = RouteAccess::needs(access::Permission::view_base_data);
  list_doc.responses = {{200, "调整列表", "application/json", json::parse(R"json({"type": "object",
    "properties": {"overrides": {"type": "array", "items": {"type": "object",
      "properties": {"date": {"type": "string"}, "workday": {"type": "boolean"}, "reason": {"type": "string"}}}}}})json")}};
  router.add(
      Method::get, "/api/v1/calendar/overrides", Execution::worker_pool,
      [&calendar](Request&) -> Result<Response> {
        UG_TRY_ASSIGN(auto overrides, calendar.overrides());
        json::array list;
        for (const auto& o : overrides) {
          list.push_back(json::object{{"date", o.date}, {"workday", o.workday}, {"reason", o.reason}});
        }
        return json_response(200, json::object{{"overrides", std::move(list)}});
      },
      std::move(list_doc));

  const ParameterDoc date_param{"date", "path", true, "日期 YYYY-MM-DD", json::object{{"type", "string"}}};
  RouteDoc put_doc;
  put_doc.summary = "设置某日为本地工作日或休息日（覆盖国家安排）";
  put_doc.tag = "calendar";
  put_doc.access = RouteAccess::needs(access::Permission::manage_calendar);
  put_doc.parameters = {date_param};
  put_doc.request_schema = override_shape().schema();
  put_doc.responses = {{200, "该日的新状态", "application/json", json::parse(R"json({"type": "object",
    "required": ["date", "workday", "reason", "working_minutes"],
    "properties": {"date": {"type": "string"}, "workday": {"type": "boolean"}, "reason": {"type": "string"},
      "working_minutes": {"type": "integer"}}})json")}};
  router.add(
      Method::put, "/api/v1/calendar/overrides/{date}", Execution::worker_pool,
      [&calendar](Request& request) -> Result<Response> {
        UG_TRY_ASSIGN(const auto body, override_shape().parse(request));
        const std::string date = *request.path_param("date");
        UG_TRY(calendar.set_override(*request.principal, date, body.workday, body.reason));
        const auto day = calendar.current()->day(date);
        return json_response(200, json::object{{"date", date},
                                               {"workday", day->workday},
                                               {"reason", day->reason},
                                               {"working_minutes", day->working_minutes}});
      },
      std::move(put_doc));

  RouteDoc delete_doc;
  delete_doc.summary = "取消某日的本地调整，恢复国家安排";
  delete_doc.tag = "calendar";
  delete_doc.access = RouteAccess::needs(access::Permission::manage_calendar);
  delete_doc.parameters = {date_param};
  delete_doc.responses = {{204, "已取消", "", nullptr},
                          {404, "该日没有本地调整", "application/json", error_envelope_schema()}};
  router.add(
      Method::delete_, "/api/v1/calendar/overrides/{date}", Execution::worker_pool,
      [&calendar](Request& request) -> Result<Response> {
        UG_TRY_ASSIGN(auto removed, calendar.remove_override(*request.principal, *request.path_param("date")));
        if (!removed) return fail(ErrorCode::not_found, {});
        Response response;
        response.status = 204;
        return response;
      },
      std::move(delete_doc));

  RouteDoc import_doc;
  import_doc.summary = "导入一年的国家节假日安排（holiday-cn 格式），报告工作时间改变的日期";
  import_doc.tag = "calendar";
  import_doc.access = RouteAccess::needs(access::Permission::manage_calendar);
  // holiday-cn's own file format: its other keys ($schema, papers …) are welcome and ignored.
  import_doc.request_schema = json::parse(R"json({"type": "object", "required": ["year", "days"],
    "additionalProperties": true,
    "properties": {"year": {"type": "integer"}, "days": {"type": "array", "items": {"type": "object",
      "required": ["name", "date", "isOffDay"], "properties": {"name": {"type": "string"},
      "date": {"type": "string"}, "isOffDay": {"type": "boolean"}}}}}})json");
  import_doc.responses = {{200, "导入结果", "application/json", json::parse(R"json({"type": "object",
    "properties": {"year": {"type": "integer"}, "listed_days": {"type": "integer"}, "replaced": {"type": "boolean"},
      "changed_dates": {"type": "array", "items": {"type": "string"}}}})json")}};
  router.add(
      Method::post, "/api/v1/calendar/years", Execution::worker_pool,
      [&calendar](Request& request) -> Result<Response> {
        UG_TRY(parse_json_body(request));
        UG_TRY_ASSIGN(auto report, calendar.import_year(*request.principal, request.body));
        json::array changed;
        for (const auto& d : report.changed_dates) changed.emplace_back(d);
        return json_response(200, json::object{{"year", report.year},
                                               {"listed_days", report.listed_days},
                                               {"replaced", report.replaced},
                                               {"changed_dates", std::move(changed)}});
      },
      std::move(import_doc));
}

}  // namespace ug::http
