// Application: the wiring of services to routes.
#include "app/application.hpp"

#include <spdlog/spdlog.h>

#include "app/commands.hpp"
#include "core/build_info.hpp"
#include "core/text.hpp"
#include "http/account_routes.hpp"
#include "http/attachment_routes.hpp"
#include "http/calendar_routes.hpp"
#include "http/case_routes.hpp"
#include "http/category_routes.hpp"
#include "http/component_routes.hpp"
#include "http/evaluation_routes.hpp"
#include "http/event_routes.hpp"
#include "http/gazetteer_routes.hpp"
#include "http/grid_routes.hpp"
#include "http/openapi.hpp"
#include "http/routing_routes.hpp"
#include "http/saved_view_routes.hpp"
#include "http/supervision_routes.hpp"
#include "http/system_routes.hpp"
#include "http/test_clock_routes.hpp"
#include "http/webhook_routes.hpp"

namespace ug::app {
namespace {

std::vector<std::string> trusted_proxies(const Config& config) {
  const auto items = split_list(config.server.trusted_proxies);
  return {items.begin(), items.end()};
}

http::EventStreamSettings event_stream_settings(const Config& config) {
  const auto& e = config.events;
  http::EventStreamSettings s;
  s.utc_offset_minutes = config.calendar.utc_offset_minutes;
  s.streams_per_principal = e.streams_per_principal;
  s.max_streams = e.max_streams;
  s.descriptor_reserve = e.descriptor_reserve;
  s.retry_ms = e.retry_ms;
  s.policy.heartbeat = std::chrono::seconds(e.heartbeat_seconds);
  s.policy.lifetime = std::chrono::seconds(e.stream_lifetime_seconds);
  s.policy.queue_length = static_cast<std::size_t>(e.queue_length);
  s.policy.send_buffer_bytes = e.send_buffer_bytes;
  return s;
}

}  // namespace

Application::Application(storage::Database& db, const Config& config, service::CalendarSettings calendar,
                         service::EvaluationSettings evaluation)
    : system_(db),
      grids_(db),
      gazetteer_(db, grids_),
      categories_(db),
      routing_(db, grids_, routing_fallback(config)),
      components_(db, grids_),
      calendar_(db, std::move(calendar)),
      accounts_(db, auth_settings(config)),
      cases_(db, grids_, routing_, calendar_, case_settings(config)),
      supervision_(db, calendar_, cases_, supervision_settings(config)),
      case_exports_(db, cases_, routing_),
      saved_views_(db),
      evaluations_(db, calendar_, std::move(evaluation)),
      blobs_(config.attachments.dir),
      attachments_(db, blobs_, cases_, attachment_settings(config)),
      webhooks_(db, webhook_settings(config)),
      lights_(db, config.calendar.utc_offset_minutes) {
  cases_.set_feed(&feed_);
  cases_.set_gazetteer(&gazetteer_);
  lights_.on_crossing([this](const storage::LightCrossing& c, const workflow::CaseProjection& p) {
    spdlog::info("case {} turned {} ({} deadline {})", c.case_id, c.light, c.stage, c.due_at_ms);
    feed_.publish({0, "light", p, {}, c.light, c.stage, c.at_ms});
  });
  calendar_.on_change([this] {
    if (auto changed = cases_.recompute_open_schedules(); !changed) {
      spdlog::warn("recomputing case deadlines failed: {} {}", changed.error().public_message(),
                   changed.error().internal);
    } else if (*changed > 0) {
      spdlog::info("work calendar changed: deadlines of {} open cases recomputed", *changed);
    }
    // Evaluation's running totals rest on the deadlines: rebuilt when they no longer match the
    // calendar (changed while serving, or by `urbangrid calendar …` while the server was down).
    if (auto current = evaluations_.totals_current(); !current || *current) return;
    spdlog::info("evaluation totals do not match the work calendar: recomputing them from the events");
    if (auto rebuilt = evaluations_.recompute_totals(access::Principal::command_line()); !rebuilt) {
      spdlog::warn("recomputing evaluation totals failed: {} {}", rebuilt.error().public_message(),
                   rebuilt.error().internal);
    } else {
      spdlog::info("evaluation totals of {} cases recomputed in {:.1f} s", rebuilt->cases, rebuilt->seconds);
    }
  });
  http::add_account_routes(
      router_, accounts_,
      {config.auth.cookie_secure || !config.server.tls_certificate.empty(), trusted_proxies(config),
       config.auth.sign_ins_per_minute_per_address, config.auth.sign_ins_per_minute_per_account});
  http::add_system_routes(router_, system_, metrics_,
                          {config.map.tile_url, config.map.tile_attribution, config.map.tile_max_zoom},
                          config.metrics.token);
  http::add_grid_routes(router_, grids_);
  http::add_gazetteer_routes(router_, gazetteer_);
  http::add_category_routes(router_, categories_);
  http::add_routing_routes(router_, routing_);
  http::add_component_routes(router_, components_);
  http::add_calendar_routes(router_, calendar_);
  http::add_case_routes(
      router_, cases_, case_exports_,
      {config.calendar.utc_offset_minutes, trusted_proxies(config), config.cases.public_reports_per_minute_per_address,
       config.cases.public_reads_per_minute_per_address});
  http::add_attachment_routes(
      router_, attachments_,
      {config.calendar.utc_offset_minutes, trusted_proxies(config),
       config.attachments.public_uploads_per_minute_per_address, config.cases.public_reads_per_minute_per_address});
  http::add_saved_view_routes(router_, saved_views_, config.calendar.utc_offset_minutes);
  http::add_supervision_routes(router_, supervision_, config.calendar.utc_offset_minutes);
  http::add_webhook_routes(router_, webhooks_, config.calendar.utc_offset_minutes);
  http::add_evaluation_routes(router_, evaluations_, config.calendar.utc_offset_minutes);
  http::add_event_routes(router_, feed_, cases_, event_stream_settings(config));
  if (config.testing.enabled) http::add_test_clock_routes(router_, config.calendar.utc_offset_minutes);
  http::add_openapi_route(router_, std::string(build_info().version));  // last: it describes the others
}

}  // namespace ug::app
