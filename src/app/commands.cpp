// serve, migrate, backup, restore: wiring of storage, services and the HTTP server.
#include "app/commands.hpp"

#include <spdlog/spdlog.h>

#include <condition_variable>
#include <fstream>
#include <functional>
#include <mutex>
#include <sstream>
#include <stop_token>
#include <thread>

#include "app/application.hpp"
#include "app/calendar_commands.hpp"
#include "app/database_factory.hpp"
#include "app/evaluation_settings.hpp"
#include "core/build_info.hpp"
#include "http/webhook_client.hpp"
#include "service/category_service.hpp"
#include "service/grid_service.hpp"
#include "service/retention.hpp"

namespace ug::app {
namespace {

void report(const Error& error, std::string_view doing) {
  spdlog::error("{}失败：{}{}{}", doing, error.public_message(), error.internal.empty() ? "" : " — ", error.internal);
}

// The configured database, or null after logging why it could not be opened.
std::unique_ptr<storage::Database> open_or_report(const Config& config, OpenMode mode = OpenMode::create_if_missing) {
  auto db = open_database(config.database, mode);
  if (!db) {
    report(db.error(), "打开数据库");
    return nullptr;
  }
  return std::move(*db);
}

// Logs a failed step; true when it succeeded.
template <typename T>
bool succeeded(const Result<T>& result, std::string_view doing) {
  if (!result) report(result.error(), doing);
  return result.has_value();
}

}  // namespace

Result<storage::MigrationReport> prepare_schema(storage::Database& db) {
  // First, the indexes a killed bulk load left dropped: migrations may rely on them.
  UG_TRY_ASSIGN(const auto rebuilt, db.write([](storage::Transaction& tx) { return tx.indexes().restore_deferred(); }));
  if (!rebuilt.empty()) spdlog::warn("rebuilt {} indexes left deferred by an interrupted bulk load", rebuilt.size());
  auto migrated = db.migrate();
  if (!migrated) return migrated;
  UG_TRY(service::CategoryService(db).install_standard());
  return migrated;
}

std::optional<std::string> read_file_or_report(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "无法读取文件 %s\n", path.c_str());
    return std::nullopt;
  }
  std::stringstream text;
  text << in.rdbuf();
  return std::move(text).str();
}

Result<catalog::DivisionFiles> read_division_files(const std::filesystem::path& dir) {
  catalog::DivisionFiles files;
  for (const auto& [name, target] : {std::pair{"provinces.csv", &files.provinces},
                                     {"cities.csv", &files.cities},
                                     {"areas.csv", &files.areas},
                                     {"streets.csv", &files.streets}}) {
    auto text = read_file_or_report(dir / name);
    if (!text) return fail(Error(ErrorCode::not_found, "cli.file_missing").with("path", (dir / name).string()));
    *target = std::move(*text);
  }
  if (std::filesystem::exists(dir / "communities.csv")) {
    files.communities = read_file_or_report(dir / "communities.csv");
    if (!files.communities) {
      return fail(Error(ErrorCode::unavailable, "cli.file_unreadable").with("path", std::string("communities.csv")));
    }
  }
  return files;
}

std::unique_ptr<storage::Database> open_prepared(const Config& config) {
  auto db = open_database(config.database);
  if (!db) {
    std::fprintf(stderr, "无法打开数据库：%s %s\n", db.error().public_message().c_str(), db.error().internal.c_str());
    return nullptr;
  }
  if (auto ready = prepare_schema(**db); !ready) {
    std::fprintf(stderr, "数据库迁移失败：%s %s\n", ready.error().public_message().c_str(),
                 ready.error().internal.c_str());
    return nullptr;
  }
  return std::move(*db);
}

service::AuthSettings auth_settings(const Config& config) {
  service::AuthSettings s;
  s.password_cost = {static_cast<unsigned long long>(config.auth.argon2_iterations),
                     static_cast<std::size_t>(config.auth.argon2_memory_kib)};
  s.session_idle_minutes = config.auth.session_idle_minutes;
  s.account_lockout_after = config.auth.account_lockout_after;
  s.address_lockout_after = config.auth.address_lockout_after;
  s.lockout_base_seconds = config.auth.lockout_base_seconds;
  s.lockout_max_seconds = config.auth.lockout_max_seconds;
  s.account_failure_window_minutes = config.auth.account_failure_window_minutes;
  s.address_failure_window_minutes = config.auth.address_failure_window_minutes;
  s.password_policy.min_length = config.auth.password_min_length;
  s.password_policy.required_classes = config.auth.password_required_classes;
  s.password_max_age_days = config.auth.password_max_age_days;
  return s;
}

calendar::TimeLimit routing_fallback(const Config& config) {
  return {config.routing.fallback_limit_value,
          calendar::parse_unit(config.routing.fallback_limit_unit).value_or(calendar::Unit::working_days)};
}

service::CaseSettings case_settings(const Config& config) {
  service::CaseSettings s;
  const auto& c = config.cases;
  // Validated when the configuration was loaded.
  for (const auto& [stage, text] : std::initializer_list<std::pair<workflow::Stage, const std::string*>>{
           {workflow::Stage::accept, &c.accept_limit},
           {workflow::Stage::verify, &c.verify_limit},
           {workflow::Stage::register_, &c.register_limit},
           {workflow::Stage::dispatch, &c.dispatch_limit},
           {workflow::Stage::sign, &c.sign_limit},
           {workflow::Stage::check, &c.check_limit},
           {workflow::Stage::close, &c.close_limit}}) {
    if (const auto limit = calendar::parse_limit(*text)) s.stage_limits[stage] = *limit;
  }
  s.rework_restarts_handling = c.rework_restarts_handling;
  s.extra_required = workflow::parse_extra_required(c.required_fields).value_or(workflow::ExtraRequired{});
  s.duplicate_radius_m = c.duplicate_radius_m;
  s.duplicate_radius_by_category =
      parse_radius_map(c.duplicate_radius_by_category).value_or(std::map<std::string, double>{});
  s.duplicate_window_hours = c.duplicate_window_hours;
  s.utc_offset_minutes = config.calendar.utc_offset_minutes;
  s.attachments_per_action = static_cast<std::size_t>(config.attachments.per_action);
  return s;
}

service::SupervisionSettings supervision_settings(const Config& config) {
  service::SupervisionSettings s;
  if (const auto limit = calendar::parse_limit(config.supervision.reply_limit)) s.reply_limit = *limit;
  s.thresholds = {config.calendar.yellow_percent, config.calendar.red_percent};
  s.utc_offset_minutes = config.calendar.utc_offset_minutes;
  return s;
}

service::WebhookSettings webhook_settings(const Config& config) {
  service::WebhookSettings s;
  s.max_attempts = config.webhooks.max_attempts;
  s.first_retry_ms = config.webhooks.first_retry_ms;
  s.max_retry_ms = config.webhooks.max_retry_ms;
  s.utc_offset_minutes = config.calendar.utc_offset_minutes;
  // Validated when the configuration was loaded.
  s.check_target = [targets =
                        http::WebhookTargets::parse(config.webhooks.allowed_targets).value_or(http::WebhookTargets{})](
                       const std::string& url) { return targets.check_url(url); };
  return s;
}

service::AttachmentSettings attachment_settings(const Config& config) {
  service::AttachmentSettings s;
  const auto& a = config.attachments;
  s.max_bytes = static_cast<std::size_t>(a.max_megabytes) * 1024 * 1024;
  s.renditions.max_pixels = static_cast<std::uint64_t>(a.max_megapixels) * 1'000'000;
  s.renditions.thumbnail_side = static_cast<std::uint32_t>(a.thumbnail_side);
  s.renditions.public_side = static_cast<std::uint32_t>(a.public_side);
  s.renditions.max_pixels_per_byte = static_cast<std::uint64_t>(a.max_pixels_per_byte);
  s.renditions.ratio_exempt_pixels = static_cast<std::uint64_t>(a.ratio_exempt_megapixels) * 1'000'000;
  s.decoding.threads = a.decode_threads;
  s.decoding.queue = a.decode_queue;
  s.decoding.memory_budget_bytes = static_cast<std::uint64_t>(a.decode_memory_megabytes) << 20;
  s.decoding.retry_after_seconds = config.server.retry_after_seconds;
  return s;
}

http::ServerOptions server_options(const Config& config) {
  http::ServerOptions o;
  const auto& s = config.server;
  o.host = s.host;
  o.port = static_cast<std::uint16_t>(s.port);
  o.io_threads = s.io_threads;
  o.worker_threads = s.worker_threads;
  o.worker_queue_capacity = s.worker_queue_capacity;
  o.idle_timeout = std::chrono::milliseconds(s.idle_timeout_ms);
  o.request_timeout = std::chrono::milliseconds(s.request_timeout_ms);
  o.max_requests_per_connection = s.max_requests_per_connection;
  o.header_limit = static_cast<std::size_t>(s.header_limit_bytes);
  o.body_limit = static_cast<std::size_t>(s.body_limit_bytes);
  o.shutdown_grace = std::chrono::milliseconds(s.shutdown_grace_ms);
  o.retry_after_seconds = s.retry_after_seconds;
  o.access_log = s.access_log;
  o.access_log_json = config.log.format == "json";
  o.static_dir = s.static_dir;
  o.tls_certificate = s.tls_certificate;
  o.tls_private_key = s.tls_private_key;
  o.tls_reload_interval = std::chrono::milliseconds(s.tls_reload_interval_ms);
  o.security_headers = http::security_headers(config.map.tile_url);
  return o;
}

namespace {

// Calls `refresh` every `interval_ms` (0: never) until the returned thread is destroyed.
std::jthread start_refresher(std::string what, int interval_ms, std::function<Result<bool>()> refresh) {
  if (interval_ms <= 0) return {};
  return std::jthread([what = std::move(what), interval = std::chrono::milliseconds(interval_ms),
                       refresh = std::move(refresh)](std::stop_token stop) {
    std::mutex mutex;
    std::condition_variable_any wake;
    while (!stop.stop_requested()) {
      std::unique_lock lock(mutex);
      wake.wait_for(lock, stop, interval, [] { return false; });
      if (stop.stop_requested()) break;
      if (auto changed = refresh(); !changed) {
        spdlog::warn("refreshing {} failed: {} {}", what, changed.error().public_message(), changed.error().internal);
      }
    }
  });
}

}  // namespace

int serve_command(const LoadedConfig& loaded, const std::filesystem::path& port_file) {
  const auto& config = loaded.config;
  auto db = open_or_report(config);
  if (!db) return kExitFailure;
  auto& database = *db;
  if (config.database.migrate_on_start) {
    auto migrated = prepare_schema(database);
    if (!succeeded(migrated, "数据库迁移")) return kExitFailure;
    for (const auto& name : migrated->applied) spdlog::info("applied migration {}", name);
  }

  auto calendar_setup = calendar_settings(config);
  if (!succeeded(calendar_setup, "读取工作日历")) return kExitFailure;
  auto evaluation_setup = evaluation_settings(config);
  if (!succeeded(evaluation_setup, "读取考评权重")) return kExitFailure;
  Application application(database, config, std::move(*calendar_setup), std::move(*evaluation_setup));
  auto& grids = application.grids();
  auto& calendar = application.calendar();
  if (const auto health = application.system().health(); health.healthy) {
    if (!succeeded(grids.reload(), "读取单元网格")) return kExitFailure;
    spdlog::info("point-to-grid index: {} unit grids", grids.snapshot()->index().size());
    if (!succeeded(application.gazetteer().reload(), "读取地名地址库")) return kExitFailure;
    spdlog::info("gazetteer: {} roads, {} address points", application.gazetteer().snapshot()->index.road_count(),
                 application.gazetteer().snapshot()->index.address_count());
    if (!succeeded(calendar.reload(), "读取工作日历")) return kExitFailure;
    spdlog::info("work calendar: national years {}–{}, {} local overrides",
                 calendar.current()->loaded_years().empty() ? 0 : *calendar.current()->loaded_years().begin(),
                 calendar.current()->last_loaded_year(), calendar.current()->override_count());
  } else {
    // Serve anyway so that /healthz can say what is wrong; the refreshers load the data once they can.
    spdlog::warn("unit grids and calendar not loaded: {}", health.problem);
  }
  // Grids and calendar changed by another process (urbangrid grid import, calendar import/override)
  // replace the in-memory copies while serving.
  const auto grid_refresher = start_refresher("unit grids", config.grids.refresh_interval_ms, [&grids] {
    auto changed = grids.refresh_if_changed();
    if (changed && *changed)
      spdlog::info("unit grids changed: index rebuilt with {} grids", grids.snapshot()->index().size());
    return changed;
  });
  // The gazetteer changes as the grids do (imports, by this or another process): on the same beat.
  const auto gazetteer_refresher =
      start_refresher("gazetteer", config.grids.refresh_interval_ms, [&gazetteer = application.gazetteer()] {
        auto changed = gazetteer.refresh_if_changed();
        if (changed && *changed) {
          spdlog::info("gazetteer changed: {} address points", gazetteer.snapshot()->index.address_count());
        }
        return changed;
      });
  const auto calendar_refresher = start_refresher("work calendar", config.calendar.refresh_interval_ms, [&calendar] {
    auto changed = calendar.refresh_if_changed();
    if (changed && *changed) spdlog::info("work calendar changed: rebuilt");
    return changed;
  });
  // Deadline lights and the webhook outbox: both survive restarts in the database, so these loops
  // only need to run, not to remember.
  const auto escalation = start_refresher("督办 escalation", config.supervision.escalation_interval_ms, [&application] {
    return application.supervision().escalate_due().map([](int n) { return n > 0; });
  });
  const auto light_scanner = start_refresher("deadline lights", config.webhooks.light_scan_interval_ms, [&application] {
    return application.lights().scan().map([](int n) { return n > 0; });
  });
  http::WebhookClient webhook_client(
      std::chrono::milliseconds(config.webhooks.timeout_ms),
      http::WebhookTargets::parse(config.webhooks.allowed_targets).value_or(http::WebhookTargets{}));
  const auto webhook_dispatcher =
      start_refresher("webhook outbox", config.webhooks.dispatch_interval_ms, [&application, &webhook_client] {
        return application.webhooks().deliver_due(webhook_client).map([](int n) { return n > 0; });
      });
  // Retention (issue 19): expired audit entries and reporters' phone numbers, erased while serving.
  service::RetentionService retention(
      database, {config.retention.audit_days, config.retention.reporter_phone_days, now_unix_millis});
  const auto retention_job = start_refresher("retention", config.retention.interval_ms, [&retention] {
    return retention.erase_expired().map([](const service::RetentionRun& run) {
      if (run.erased_anything()) {
        spdlog::info("retention: {} audit entries deleted, {} reporters' phone numbers erased",
                     run.audit_entries_deleted, run.reporter_phones_erased);
      }
      return run.erased_anything();
    });
  });
  auto options = server_options(config);
  if (!options.static_dir.empty() && !std::filesystem::is_directory(options.static_dir)) {
    spdlog::warn("static_dir {} does not exist: the web UI is not served (run `make build`)",
                 options.static_dir.string());
    options.static_dir.clear();
  }
  http::Server server(options, application.router(), application.metrics());
  auto port = server.listen();
  if (!succeeded(port, "启动 HTTP 服务")) return kExitFailure;
  spdlog::info("UrbanGrid {} ({}) serving {}://{}:{} with {} I/O and {} worker threads; database {}",
               build_info().version, build_info().commit, options.tls_certificate.empty() ? "http" : "https",
               options.host, *port, options.io_threads, options.worker_threads, database.describe());
  if (!port_file.empty()) {
    auto partial = port_file;
    partial += ".partial";
    std::ofstream(partial) << *port << "\n";
    std::error_code renamed;
    std::filesystem::rename(partial, port_file, renamed);
    if (renamed) {
      spdlog::error("cannot write the port file {}: {}", port_file.string(), renamed.message());
      return kExitFailure;
    }
  }
  server.run();
  spdlog::info("stopped");
  return kExitOk;
}

int migrate_command(const LoadedConfig& loaded) {
  auto db = open_or_report(loaded.config);
  if (!db) return kExitFailure;
  auto migrated = prepare_schema(*db);
  if (!succeeded(migrated, "数据库迁移")) return kExitFailure;
  for (const auto& name : migrated->applied) std::printf("applied %s\n", name.c_str());
  std::printf("schema version %d (was %d) on %s\n", migrated->to_version, migrated->from_version,
              db->describe().c_str());
  return kExitOk;
}

int backup_command(const LoadedConfig& loaded, const std::filesystem::path& out) {
  auto db = open_or_report(loaded.config, OpenMode::must_exist);
  if (!db || !succeeded(db->backup_to(out), "备份")) return kExitFailure;
  std::printf("backup of %s written to %s\n", db->describe().c_str(), out.c_str());
  return kExitOk;
}

int restore_command(const LoadedConfig& loaded, const std::filesystem::path& from) {
  auto db = open_or_report(loaded.config);
  if (!db || !succeeded(db->restore_from(from), "恢复")) return kExitFailure;
  auto version = db->schema_version();
  std::printf("restored %s from %s (schema version %d)\n", db->describe().c_str(), from.c_str(),
              version ? *version : -1);
  return kExitOk;
}

}  // namespace ug::app
