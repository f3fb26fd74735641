// Configuration: every key with its default and documentation in one table (config.cpp), read
// from a TOML file, then URBANGRID_<SECTION>__<KEY> environment variables, then command-line flags;
// the later source wins. `urbangrid config docs` prints the table; docs/configuration.md is that
// output and a test keeps the two equal.
#pragma once

#include <array>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace ug::app {

struct Config {
  struct Server {
    std::string host = "127.0.0.1";
    int port = 8080;
    int io_threads = 2;
    int worker_threads = 4;
    int worker_queue_capacity = 256;
    int idle_timeout_ms = 30'000;
    int request_timeout_ms = 30'000;
    int max_requests_per_connection = 1000;
    int header_limit_bytes = 16 * 1024;
    int body_limit_bytes = 1024 * 1024;
    int shutdown_grace_ms = 10'000;
    int retry_after_seconds = 1;
    std::string static_dir = "web/dist";
    bool access_log = true;
    std::string trusted_proxies;  // comma-separated addresses
    std::string tls_certificate;  // PEM chain; with tls_private_key: HTTPS
    std::string tls_private_key;
    int tls_reload_interval_ms = 5'000;
  } server;
  // Live event streams (GET /api/v1/events/stream): each holds a connection and a descriptor.
  struct Events {
    int streams_per_principal = 5;
    int max_streams = 1000;
    int descriptor_reserve = 256;
    int stream_lifetime_seconds = 3600;
    int heartbeat_seconds = 15;
    int queue_length = 64;
    int send_buffer_bytes = 65536;
    int retry_ms = 3000;
  } events;
  // The web UI's maps: a tile server of the city's own or 天地图; without one the maps draw the
  // grids and the district and street outlines alone.
  struct Map {
    std::string tile_url;  // e.g. https://tiles.example.gov.cn/{z}/{x}/{y}.png
    std::string tile_attribution;
    int tile_max_zoom = 18;
  } map;
  struct Auth {
    bool cookie_secure = false;
    int session_idle_minutes = 12 * 60;
    int argon2_memory_kib = 19 * 1024;
    int argon2_iterations = 2;
    int account_lockout_after = 5;
    int address_lockout_after = 20;
    int lockout_base_seconds = 2;
    int lockout_max_seconds = 900;
    int sign_ins_per_minute_per_address = 20;
    int sign_ins_per_minute_per_account = 10;
    int account_failure_window_minutes = 24 * 60;
    int address_failure_window_minutes = 15;
    int password_min_length = 8;
    int password_required_classes = 0;
    int password_max_age_days = 0;
  } auth;
  struct Database {
    std::string url = "var/urbangrid.db";
    bool migrate_on_start = true;
    std::string sqlite_synchronous = "normal";
    int sqlite_busy_timeout_ms = 5000;
    int sqlite_readers = 4;
    int postgres_pool_size = 8;
    std::string postgres_bin_dir;
  } database;
  struct Grids {
    int refresh_interval_ms = 5000;
  } grids;
  struct Calendar {
    std::string holiday_dir;  // the built-in national files only
    int utc_offset_minutes = 480;
    // Work periods per weekday, Monday first: "HH:MM-HH:MM,…"; "" is a day off.
    std::array<std::string, 7> periods = {"08:30-12:00,13:30-17:30",
                                          "08:30-12:00,13:30-17:30",
                                          "08:30-12:00,13:30-17:30",
                                          "08:30-12:00,13:30-17:30",
                                          "08:30-12:00,13:30-17:30",
                                          "",
                                          ""};
    std::string makeup_workday_periods = "monday";
    int standard_day_minutes = 450;
    int yellow_percent = 80;
    int red_percent = 100;
    int refresh_interval_ms = 5000;
  } calendar;
  struct Routing {
    int fallback_limit_value = 2;
    std::string fallback_limit_unit = "working_days";
  } routing;
  struct Cases {
    // Stage limits (DOMAIN.md §5 defaults): "<amount> <unit>".
    std::string accept_limit = "10 natural_minutes";
    std::string verify_limit = "60 natural_minutes";
    std::string register_limit = "30 natural_minutes";
    std::string dispatch_limit = "30 natural_minutes";
    std::string sign_limit = "30 natural_minutes";
    std::string check_limit = "120 natural_minutes";
    std::string close_limit = "30 natural_minutes";
    bool rework_restarts_handling = true;
    int duplicate_radius_m = 50;
    std::string duplicate_radius_by_category;  // "06001=100,09002=20"
    std::string required_fields;               // "sign:comment;check_pass:after_photos"
    int duplicate_window_hours = 72;
    int public_reports_per_minute_per_address = 5;
    int public_reads_per_minute_per_address = 60;
  } cases;
  struct Attachments {
    std::string dir = "var/attachments";
    int max_megabytes = 10;
    int max_megapixels = 50;
    int max_pixels_per_byte = 64;     // decompression bombs: see media::RenditionLimits
    int ratio_exempt_megapixels = 4;  // pictures this small skip the ratio check
    int decode_threads = 1;
    int decode_queue = 2;
    int decode_memory_megabytes = 512;
    int per_action = 9;
    int thumbnail_side = 320;
    int public_side = 2048;
    int public_uploads_per_minute_per_address = 20;
  } attachments;
  struct Evaluation {
    std::string weights_file;  // TOML: per kind, [kind.weights] and [kind.bands]
  } evaluation;
  struct Webhooks {
    int dispatch_interval_ms = 1000;
    int light_scan_interval_ms = 15'000;
    int timeout_ms = 5000;
    int max_attempts = 20;
    int first_retry_ms = 10'000;
    int max_retry_ms = 3'600'000;
    std::string allowed_targets;  // CIDR blocks of internal addresses that may receive webhooks
  } webhooks;
  // The 督办 process (DOMAIN.md §9).
  struct Supervision {
    std::string reply_limit = "1 working_days";
    int escalation_interval_ms = 30'000;  // how often notices past their deadline are escalated
  } supervision;
  struct Metrics {
    std::string token;  // bearer token /metrics requires; empty: /metrics is not served
  } metrics;
  // How long personal data and the audit trail are kept (网络安全法 §21: logs at least 180 days).
  struct Retention {
    int audit_days = 180;
    int reporter_phone_days = 365;  // after a case closed; 0: kept
    int interval_ms = 3'600'000;    // how often expired data is erased; 0: never
  } retention;
  // A test or demonstration deployment (DOMAIN.md §11): its clock may be moved, at startup by
  // these keys and while running through /api/v1/testing/clock, which exists only then.
  struct Testing {
    bool enabled = false;
    int clock_offset_seconds = 0;  // how far ahead (or behind, negative) of real time the clock runs
    std::string clock_start;       // ISO 8601: the clock reads this at startup and runs on from it
  } testing;
  struct Log {
    std::string level = "info";
    std::string format = "text";
  } log;
};

enum class ConfigSource { defaults, file, environment, flag };

struct LoadedConfig {
  Config config;
  std::map<std::string, ConfigSource> sources;  // "server.port" → where its value came from
  std::optional<std::filesystem::path> file;    // the TOML file read, if any
};

struct ConfigInputs {
  std::optional<std::filesystem::path> file;  // --config; else URBANGRID_CONFIG; else ./urbangrid.toml if present
  std::vector<std::pair<std::string, std::string>> flags;  // "section.key" → value, from the command line
  bool read_environment = true;
};

// Reads and validates. Unknown keys, wrong types and out-of-range values are errors that name
// the key and the source.
Result<LoadedConfig> load_config(const ConfigInputs& inputs);

// cases.duplicate_radius_by_category: "06001=100,09002=20" → {06001: 100, 09002: 20}.
Result<std::map<std::string, double>> parse_radius_map(const std::string& text);

// Markdown table of every key, its type, default, environment variable and meaning.
std::string config_documentation();
// A TOML file with every key at its default, each with its comment.
std::string config_example_toml();
// The effective configuration as TOML, each line annotated with its source.
std::string describe_config(const LoadedConfig& loaded);

}  // namespace ug::app
