// The test clock's routes: what it reads, and moving it by an offset, an advance or a new "now".
#include "http/test_clock_routes.hpp"

#include <spdlog/spdlog.h>

#include "core/clock.hpp"
#include "http/body_shape.hpp"
#include "http/calendar_routes.hpp"
#include "http/json.hpp"

namespace ug::http {
namespace json = boost::json;

namespace {

// Exactly one of the three.
struct ClockMove {
  std::optional<std::int64_t> offset_seconds;
  std::optional<std::int64_t> advance_seconds;
  std::optional<std::string> now;
};

constexpr double kCentury = 100.0 * 366 * 86'400;  // seconds: far enough for any test

const BodyShape<ClockMove>& clock_move_shape() {
  static const BodyShape<ClockMove> shape{
      field("offset_seconds", &ClockMove::offset_seconds,
            {.zh = "时钟与真实时间相差的秒数（负数为落后）",
             .en = "Seconds the clock runs from real time (negative: behind)",
             .minimum = -kCentury,
             .maximum = kCentury}),
      field("advance_seconds", &ClockMove::advance_seconds,
            {.zh = "把时钟再拨快的秒数（负数为拨慢）",
             .en = "Seconds to move the clock on (negative: back)",
             .minimum = -kCentury,
             .maximum = kCentury}),
      field("now", &ClockMove::now,
            {.zh = "时钟此刻应读的时间（带时区的 ISO 8601），之后照常走",
             .en = "The time the clock should read now (ISO 8601 with its offset); it runs on from there"}),
  };
  return shape;
}

json::object reading_json(int utc_offset_minutes) {
  const auto& clock = process_clock();
  return json::object{{"testing", clock.testing()},
                      {"now", calendar::format_iso8601(clock.now() / 1000, utc_offset_minutes)},
                      {"offset_seconds", clock.offset_ms() / 1000}};
}

json::value reading_schema() {
  return json::parse(R"json({"type": "object", "required": ["testing", "now", "offset_seconds"],
    "properties": {"testing": {"type": "boolean"}, "now": {"type": "string", "description": "时钟此刻的读数（本地时间）"},
      "offset_seconds": {"type": "integer", "description": "与真实时间相差的秒数"}}})json");
}

}  // namespace

void add_test_clock_routes(Router& router, int utc_offset_minutes) {
  RouteDoc get_doc;
  get_doc.summary = "测试时钟：此刻的读数和与真实时间的差（只在 testing.enabled 的测试部署中存在）";
  get_doc.tag = "system";
  get_doc.access = RouteAccess::needs(access::Permission::manage_calendar);
  get_doc.responses = {{200, "时钟", "application/json", reading_schema()}};
  router.add(
      Method::get, "/api/v1/testing/clock", Execution::worker_pool,
      [utc_offset_minutes](Request&) -> Result<Response> {
        return json_response(200, reading_json(utc_offset_minutes));
      },
      std::move(get_doc));

  RouteDoc put_doc;
  put_doc.summary = "拨动测试时钟：给出 offset_seconds、advance_seconds 或 now 之一";
  put_doc.description =
      "案件的期限和亮灯、会话和令牌的有效期、考评的期间都随之而动，用于测试和演示期限到期等情形。"
      "只在 testing.enabled 的测试部署中存在。";
  put_doc.tag = "system";
  put_doc.access = RouteAccess::needs(access::Permission::manage_calendar);
  put_doc.request_schema = clock_move_shape().schema();
  put_doc.responses = {{200, "拨动后的时钟", "application/json", reading_schema()}};
  for (auto& e : error_responses({{422, "须给出且只给出一项，时间须带时区"}})) put_doc.responses.push_back(e);
  router.add(
      Method::put, "/api/v1/testing/clock", Execution::worker_pool,
      [utc_offset_minutes](Request& request) -> Result<Response> {
        UG_TRY_ASSIGN(const auto move, clock_move_shape().parse(request));
        const int given =
            int{move.offset_seconds.has_value()} + int{move.advance_seconds.has_value()} + int{move.now.has_value()};
        if (given != 1) return fail(invalid("offset_seconds", "test_clock.one_move"));
        auto& clock = process_clock();
        bool moved = false;
        if (move.offset_seconds) moved = clock.set_offset(*move.offset_seconds * 1000);
        if (move.advance_seconds) moved = clock.advance(*move.advance_seconds * 1000);
        if (move.now) {
          const auto instant = calendar::parse_iso8601(*move.now);
          if (!instant) return fail(invalid("now", "test_clock.now_invalid"));
          moved = clock.set_now(*instant * 1000);
        }
        if (!moved) return fail(ErrorCode::not_found, {});  // not a test deployment (the route is not there)
        spdlog::warn("test clock moved by {}: it runs {} s from real time, now {}", request.principal->username,
                     clock.offset_ms() / 1000, format_iso8601_utc(clock.now()));
        return json_response(200, reading_json(utc_offset_minutes));
      },
      std::move(put_doc));
}

}  // namespace ug::http
