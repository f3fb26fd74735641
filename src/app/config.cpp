// The configuration key table and the three readers (TOML file, environment, flags).
#include "app/config.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <functional>
#include <toml.hpp>
#include <variant>

#include "calendar/work_calendar.hpp"
#include "core/text.hpp"
#include "http/webhook_targets.hpp"
#include "workflow/workflow.hpp"

namespace ug::app {

Result<std::map<std::string, double>> parse_radius_map(const std::string& text) {
  std::map<std::string, double> out;
  for (const auto item : split_list(text)) {
    const auto eq = item.find('=');
    const auto code = item.substr(0, eq);
    const auto metres = eq == std::string_view::npos ? std::nullopt : parse_int64(item.substr(eq + 1));
    if (!is_digits(code, 5) || !metres || *metres < 1 || *metres > 10'000) {
      return fail(Error(ErrorCode::validation_failed, "config.radius_map_syntax").with("value", std::string(item)));
    }
    out[std::string(code)] = static_cast<double>(*metres);
  }
  return out;
}

namespace {

using Ref = std::variant<std::string*, int*, bool*>;

// One configuration key. The table below writes each with designated initialisers (.section = …,
// .min = …), so a value in the wrong place does not compile and unset limits read as what they are.
struct KeyDef {
  std::string_view section;
  std::string_view key;
  std::function<Ref(Config&)> field;
  std::string_view doc;
  int min = 0, max = 0;                                             // integers: inclusive range
  std::vector<std::string_view> choices = {};                       // strings: allowed values (empty: any)
  std::function<Result<void>(const std::string&)> check_text = {};  // strings: further validation

  std::string dotted() const { return fmt::format("{}.{}", section, key); }
  std::string env_name() const {
    std::string out = fmt::format("URBANGRID_{}__{}", section, key);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::toupper(c); });
    return out;
  }
};

Result<void> check_limit_text(const std::string& text) {
  const auto limit = calendar::parse_limit(text);
  if (!limit || limit->value <= 0) {
    return fail(Error(ErrorCode::validation_failed, "config.limit_syntax").with("value", text));
  }
  return {};
}

Result<void> check_working_limit_text(const std::string& text) {
  UG_TRY(check_limit_text(text));
  if (!calendar::is_working(calendar::parse_limit(text)->unit)) {
    return fail(Error(ErrorCode::validation_failed, "config.limit_syntax").with("value", text));
  }
  return {};
}

// calendar.periods_monday … periods_sunday, placed after calendar.utc_offset_minutes.
std::vector<KeyDef> with_period_keys(std::vector<KeyDef> table) {
  static constexpr std::array<std::string_view, 7> names = {"periods_monday",   "periods_tuesday", "periods_wednesday",
                                                            "periods_thursday", "periods_friday",  "periods_saturday",
                                                            "periods_sunday"};
  const auto after = std::find_if(table.begin(), table.end(),
                                  [](const KeyDef& d) { return d.dotted() == "calendar.utc_offset_minutes"; });
  std::vector<KeyDef> days;
  for (std::size_t i = 0; i < names.size(); ++i) {
    days.push_back({.section = "calendar",
                    .key = names[i],
                    .field = [i](Config& c) -> Ref { return &c.calendar.periods[i]; },
                    .doc =
                        "Work periods of this weekday in local time, e.g. \"08:30-12:00,13:30-17:30\"; \"\" makes it a "
                        "day off unless the national calendar lists it as a make-up workday.",
                    .check_text = [](const std::string& text) -> Result<void> {
                      UG_TRY(calendar::parse_periods(text));
                      return {};
                    }});
  }
  table.insert(after + 1, days.begin(), days.end());
  return table;
}

const std::vector<KeyDef>& keys() {
  static const std::vector<KeyDef> table = with_period_keys({
      {.section = "server",
       .key = "host",
       .field = [](Config& c) -> Ref { return &c.server.host; },
       .doc = "Address to listen on. 127.0.0.1 serves this machine only; 0.0.0.0 every interface (put TLS in front)."},
      {.section = "server",
       .key = "port",
       .field = [](Config& c) -> Ref { return &c.server.port; },
       .doc = "TCP port; 0 picks a free one.",
       .max = 65535},
      {.section = "server",
       .key = "io_threads",
       .field = [](Config& c) -> Ref { return &c.server.io_threads; },
       .doc = "Threads that parse requests and answer quick routes.",
       .min = 1,
       .max = 64},
      {.section = "server",
       .key = "worker_threads",
       .field = [](Config& c) -> Ref { return &c.server.worker_threads; },
       .doc = "Threads for blocking work (database, files).",
       .min = 1,
       .max = 256},
      {.section = "server",
       .key = "worker_queue_capacity",
       .field = [](Config& c) -> Ref { return &c.server.worker_queue_capacity; },
       .doc = "Blocking requests allowed to wait for a worker; beyond it the server answers 503 with Retry-After.",
       .min = 1,
       .max = 1'000'000},
      {.section = "server",
       .key = "idle_timeout_ms",
       .field = [](Config& c) -> Ref { return &c.server.idle_timeout_ms; },
       .doc = "How long a keep-alive connection may wait for its next request (and for its headers).",
       .min = 100,
       .max = 3'600'000},
      {.section = "server",
       .key = "request_timeout_ms",
       .field = [](Config& c) -> Ref { return &c.server.request_timeout_ms; },
       .doc = "How long a client may take to send a request body, and to read a response; a slow body gets 408.",
       .min = 100,
       .max = 3'600'000},
      {.section = "server",
       .key = "max_requests_per_connection",
       .field = [](Config& c) -> Ref { return &c.server.max_requests_per_connection; },
       .doc = "Requests served on one keep-alive connection before it is closed.",
       .min = 1,
       .max = 10'000'000},
      {.section = "server",
       .key = "header_limit_bytes",
       .field = [](Config& c) -> Ref { return &c.server.header_limit_bytes; },
       .doc = "Largest request line plus headers; larger requests get 431.",
       .min = 1024,
       .max = 1 << 20},
      {.section = "server",
       .key = "body_limit_bytes",
       .field = [](Config& c) -> Ref { return &c.server.body_limit_bytes; },
       .doc = "Largest request body; larger bodies get 413.",
       .max = 1 << 30},
      {.section = "server",
       .key = "shutdown_grace_ms",
       .field = [](Config& c) -> Ref { return &c.server.shutdown_grace_ms; },
       .doc = "On SIGTERM/SIGINT, how long in-flight requests may take to finish.",
       .max = 600'000},
      {.section = "server",
       .key = "retry_after_seconds",
       .field = [](Config& c) -> Ref { return &c.server.retry_after_seconds; },
       .doc = "Retry-After sent with 503 when the worker queue or the decode queue (attachments.decode_queue) is full.",
       .min = 1,
       .max = 3600},
      {.section = "server",
       .key = "static_dir",
       .field = [](Config& c) -> Ref { return &c.server.static_dir; },
       .doc = "Directory of the built web UI, served at /. Empty: serve no static files."},
      {.section = "server",
       .key = "access_log",
       .field = [](Config& c) -> Ref { return &c.server.access_log; },
       .doc = "Write one log line per request."},
      {.section = "server",
       .key = "trusted_proxies",
       .field = [](Config& c) -> Ref { return &c.server.trusted_proxies; },
       .doc = "Comma-separated addresses of reverse proxies whose X-Forwarded-For is believed; from any other peer the "
              "header is ignored and the peer's address is the client's. Set it when a proxy (nginx, a load balancer) "
              "stands in front: otherwise every client appears as the proxy, sharing one sign-in back-off and one rate "
              "limit. The server logs a warning, once per peer, when it ignores the header from an untrusted one."},
      {.section = "server",
       .key = "tls_certificate",
       .field = [](Config& c) -> Ref { return &c.server.tls_certificate; },
       .doc = "PEM file of the server's certificate (its chain after it). Set with server.tls_private_key, the server "
              "speaks HTTPS only (TLS 1.2 or later) and session cookies are marked Secure; phone GPS, service workers "
              "and browser notifications need it. `urbangrid tls self-signed` makes a pair for a pilot on a LAN."},
      {.section = "server",
       .key = "tls_private_key",
       .field = [](Config& c) -> Ref { return &c.server.tls_private_key; },
       .doc = "PEM file of the certificate's private key (unencrypted; readable by the server's user only)."},
      {.section = "server",
       .key = "tls_reload_interval_ms",
       .field = [](Config& c) -> Ref { return &c.server.tls_reload_interval_ms; },
       .doc = "How often the certificate and key files are checked for a change. A renewed pair that loads is used "
              "for new connections without a restart; one that does not load is logged and the previous pair kept.",
       .min = 100,
       .max = 3'600'000},
      {.section = "events",
       .key = "streams_per_principal",
       .field = [](Config& c) -> Ref { return &c.events.streams_per_principal; },
       .doc =
           "Event streams one user may hold open at once (all its tokens and browser sessions together); more get 429.",
       .min = 1,
       .max = 10'000},
      {.section = "events",
       .key = "max_streams",
       .field = [](Config& c) -> Ref { return &c.events.max_streams; },
       .doc = "Event streams of all users together; more get 429. Lowered at start to the descriptor limit (ulimit -n) "
              "minus descriptor_reserve when that is smaller.",
       .max = 1'000'000},
      {.section = "events",
       .key = "descriptor_reserve",
       .field = [](Config& c) -> Ref { return &c.events.descriptor_reserve; },
       .doc = "Descriptors the event streams leave free for ordinary requests, database files and logs.",
       .min = 16,
       .max = 1'000'000},
      {.section = "events",
       .key = "stream_lifetime_seconds",
       .field = [](Config& c) -> Ref { return &c.events.stream_lifetime_seconds; },
       .doc = "An event stream is closed after 90–100 % of this (spread so that streams opened together do not all "
              "reconnect together); the browser reconnects by itself.",
       .min = 1,
       .max = 86'400},
      {.section = "events",
       .key = "heartbeat_seconds",
       .field = [](Config& c) -> Ref { return &c.events.heartbeat_seconds; },
       .doc =
           "A comment line is sent on each idle event stream this often, so proxies keep it and a dead peer shows up "
           "as a failed write.",
       .min = 1,
       .max = 3600},
      {.section = "events",
       .key = "queue_length",
       .field = [](Config& c) -> Ref { return &c.events.queue_length; },
       .doc =
           "Chunks of events that may wait for a client that reads slowly; beyond it the stream is closed (the client "
           "reconnects and reloads) rather than waited for.",
       .min = 1,
       .max = 100'000},
      {.section = "events",
       .key = "send_buffer_bytes",
       .field = [](Config& c) -> Ref { return &c.events.send_buffer_bytes; },
       .doc =
           "The kernel send buffer of each event stream's connection (SO_SNDBUF). Fixed, so that a client that stops "
           "reading holds this much memory rather than megabytes, and is found out (queue_length) soon; 0 leaves it to "
           "the kernel.",
       .max = 16 << 20},
      {.section = "events",
       .key = "retry_ms",
       .field = [](Config& c) -> Ref { return &c.events.retry_ms; },
       .doc = "Sent as each stream's retry: hint (how long a browser waits before reconnecting) and, rounded up to "
              "seconds, as Retry-After when a stream is refused.",
       .min = 100,
       .max = 600'000},
      {.section = "auth",
       .key = "cookie_secure",
       .field = [](Config& c) -> Ref { return &c.auth.cookie_secure; },
       .doc =
           "Mark the session cookie Secure (sent over HTTPS only). Turn on when TLS terminates in front of UrbanGrid; "
           "with server.tls_certificate set it is on whatever this says."},
      {.section = "auth",
       .key = "session_idle_minutes",
       .field = [](Config& c) -> Ref { return &c.auth.session_idle_minutes; },
       .doc = "A browser session unused this long ends; each use extends it.",
       .min = 5,
       .max = 7 * 24 * 60},
      {.section = "auth",
       .key = "argon2_memory_kib",
       .field = [](Config& c) -> Ref { return &c.auth.argon2_memory_kib; },
       .doc = "Memory of one argon2id password hash in KiB (19456 = 19 MiB, OWASP's minimum with 2 iterations).",
       .min = 8,
       .max = 1 << 20},
      {.section = "auth",
       .key = "argon2_iterations",
       .field = [](Config& c) -> Ref { return &c.auth.argon2_iterations; },
       .doc = "Iterations of argon2id.",
       .min = 1,
       .max = 10},
      {.section = "auth",
       .key = "account_lockout_after",
       .field = [](Config& c) -> Ref { return &c.auth.account_lockout_after; },
       .doc = "Failed sign-ins of one account name before sign-in backs off (known and unknown names alike).",
       .min = 1,
       .max = 1000},
      {.section = "auth",
       .key = "address_lockout_after",
       .field = [](Config& c) -> Ref { return &c.auth.address_lockout_after; },
       .doc = "Failed sign-ins from one client address before sign-in from it backs off.",
       .min = 1,
       .max = 100000},
      {.section = "auth",
       .key = "lockout_base_seconds",
       .field = [](Config& c) -> Ref { return &c.auth.lockout_base_seconds; },
       .doc = "First back-off after the limit; it doubles with each further failure.",
       .min = 1,
       .max = 3600},
      {.section = "auth",
       .key = "sign_ins_per_minute_per_address",
       .field = [](Config& c) -> Ref { return &c.auth.sign_ins_per_minute_per_address; },
       .doc = "Rate limit of POST /api/v1/session per client address (a token bucket holding one minute's worth); "
              "beyond it 429 with Retry-After.",
       .min = 1,
       .max = 100000},
      {.section = "auth",
       .key = "sign_ins_per_minute_per_account",
       .field = [](Config& c) -> Ref { return &c.auth.sign_ins_per_minute_per_account; },
       .doc = "Rate limit of POST /api/v1/session per account name, known or not (one minute's worth at once).",
       .min = 1,
       .max = 100000},
      {.section = "auth",
       .key = "lockout_max_seconds",
       .field = [](Config& c) -> Ref { return &c.auth.lockout_max_seconds; },
       .doc = "Longest back-off.",
       .min = 1,
       .max = 86400},
      {.section = "auth",
       .key = "account_failure_window_minutes",
       .field = [](Config& c) -> Ref { return &c.auth.account_failure_window_minutes; },
       .doc = "Only the failed sign-ins of an account name within this many minutes count towards "
              "account_lockout_after; older ones stop counting. A successful sign-in forgets the account's failures.",
       .min = 1,
       .max = 30 * 24 * 60},
      {.section = "auth",
       .key = "address_failure_window_minutes",
       .field = [](Config& c) -> Ref { return &c.auth.address_failure_window_minutes; },
       .doc =
           "Only the failed sign-ins from an address within this many minutes count towards address_lockout_after, so "
           "colleagues behind one office NAT are not slowed down by typos of hours ago. Successes do not reset it.",
       .min = 1,
       .max = 30 * 24 * 60},
      {.section = "auth",
       .key = "password_min_length",
       .field = [](Config& c) -> Ref { return &c.auth.password_min_length; },
       .doc = "Fewest characters (Unicode characters, not bytes) of a chosen password. NIST SP 800-63B: at least 8; "
              "passwords must also not be the username, the demo password or on the common-password lists.",
       .min = 8,
       .max = 64},
      {.section = "auth",
       .key = "password_required_classes",
       .field = [](Config& c) -> Ref { return &c.auth.password_required_classes; },
       .doc = "How many of lower-case letters, upper-case letters, digits and other characters a chosen password must "
              "contain. 0 (NIST SP 800-63B); 3 where a 等保 assessment asks for composition rules.",
       .max = 4},
      {.section = "auth",
       .key = "password_max_age_days",
       .field = [](Config& c) -> Ref { return &c.auth.password_max_age_days; },
       .doc = "A password older than this many days must be changed before anything else, like a one-time password. "
              "0: passwords never expire (NIST SP 800-63B); e.g. 90 where a 等保 assessment asks for expiry.",
       .max = 3650},
      {.section = "database",
       .key = "url",
       .field = [](Config& c) -> Ref { return &c.database.url; },
       .doc = "Where data lives: a file path or sqlite:PATH (embedded SQLite), or postgresql://user@host:port/db."},
      {.section = "database",
       .key = "migrate_on_start",
       .field = [](Config& c) -> Ref { return &c.database.migrate_on_start; },
       .doc = "Apply pending schema migrations when `serve` starts."},
      {.section = "database",
       .key = "sqlite_synchronous",
       .field = [](Config& c) -> Ref { return &c.database.sqlite_synchronous; },
       .doc = "normal: a committed write survives a process crash; full: it also survives power loss (slower).",
       .choices = {"normal", "full"}},
      {.section = "database",
       .key = "sqlite_busy_timeout_ms",
       .field = [](Config& c) -> Ref { return &c.database.sqlite_busy_timeout_ms; },
       .doc = "How long SQLite waits for a lock held by another process before giving up.",
       .max = 600'000},
      {.section = "database",
       .key = "sqlite_readers",
       .field = [](Config& c) -> Ref { return &c.database.sqlite_readers; },
       .doc = "Read-only SQLite connections (reads run beside the single writer).",
       .min = 1,
       .max = 256},
      {.section = "database",
       .key = "postgres_pool_size",
       .field = [](Config& c) -> Ref { return &c.database.postgres_pool_size; },
       .doc = "Most PostgreSQL connections open at once.",
       .min = 1,
       .max = 1000},
      {.section = "database",
       .key = "postgres_bin_dir",
       .field = [](Config& c) -> Ref { return &c.database.postgres_bin_dir; },
       .doc = "Directory of pg_dump/pg_restore for backups. Empty: /usr/lib/postgresql/<server major>/bin, then PATH."},
      {.section = "grids",
       .key = "refresh_interval_ms",
       .field = [](Config& c) -> Ref { return &c.grids.refresh_interval_ms; },
       .doc = "How often `serve` checks the database for grids imported by another process (urbangrid grid import) and "
              "rebuilds its point-to-grid index without stopping. 0: never.",
       .max = 3'600'000},
      {.section = "calendar",
       .key = "holiday_dir",
       .field = [](Config& c) -> Ref { return &c.calendar.holiday_dir; },
       .doc = "The national holidays of 2007–2026 are built in; this optional directory adds holiday-cn files (*.json) "
              "read at start, a file replacing the built-in one of its year. Years imported with `urbangrid calendar "
              "import` are kept in the database instead."},
      {.section = "calendar",
       .key = "utc_offset_minutes",
       .field = [](Config& c) -> Ref { return &c.calendar.utc_offset_minutes; },
       .doc = "Local time of the deployment as minutes east of UTC (Asia/Shanghai: 480, no daylight saving).",
       .min = -720,
       .max = 840},
      {.section = "calendar",
       .key = "standard_day_minutes",
       .field = [](Config& c) -> Ref { return &c.calendar.standard_day_minutes; },
       .doc = "Length of one working day in minutes: N working days = N times this (450 = the default periods).",
       .min = 1,
       .max = 1440},
      {.section = "calendar",
       .key = "makeup_workday_periods",
       .field = [](Config& c) -> Ref { return &c.calendar.makeup_workday_periods; },
       .doc = "Whose periods a workday off the usual week works: a make-up workday (调休) on a weekend, or a local "
              "override.",
       .choices = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}},
      {.section = "calendar",
       .key = "yellow_percent",
       .field = [](Config& c) -> Ref { return &c.calendar.yellow_percent; },
       .doc = "Traffic light: a time limit turns from green to yellow once more than this percentage of it is used.",
       .min = 1,
       .max = 99},
      {.section = "calendar",
       .key = "red_percent",
       .field = [](Config& c) -> Ref { return &c.calendar.red_percent; },
       .doc = "Traffic light: a time limit turns red once more than this percentage of it is used (100: when it is "
              "overdue). Must exceed yellow_percent.",
       .min = 2,
       .max = 1000},
      {.section = "calendar",
       .key = "refresh_interval_ms",
       .field = [](Config& c) -> Ref { return &c.calendar.refresh_interval_ms; },
       .doc = "How often `serve` checks the database for calendar changes made by another process (urbangrid calendar "
              "import / override) and rebuilds its calendar without stopping. 0: never.",
       .max = 3'600'000},
      {.section = "routing",
       .key = "fallback_limit_value",
       .field = [](Config& c) -> Ref { return &c.routing.fallback_limit_value; },
       .doc = "Handling limit when no responsibility rule matches and the street office of the place is responsible "
              "(属地兜底); unit in fallback_limit_unit.",
       .min = 1,
       .max = 1'000'000},
      {.section = "routing",
       .key = "fallback_limit_unit",
       .field = [](Config& c) -> Ref { return &c.routing.fallback_limit_unit; },
       .doc = "Unit of fallback_limit_value.",
       .choices = {"natural_minutes", "natural_hours", "natural_days", "working_minutes", "working_hours",
                   "working_days"}},
      {.section = "cases",
       .key = "accept_limit",
       .field = [](Config& c) -> Ref { return &c.cases.accept_limit; },
       .doc =
           "Stage limit of 受理 (accept): a report waits this long for an operator. Written \"<amount> <unit>\", unit "
           "natural_* or working_*.",
       .check_text = check_limit_text},
      {.section = "cases",
       .key = "verify_limit",
       .field = [](Config& c) -> Ref { return &c.cases.verify_limit; },
       .doc = "Stage limit of 核实 (verify): a supervisor verifies a public report on site within this. Written "
              "\"<amount> "
              "<unit>\", unit natural_* or working_*.",
       .check_text = check_limit_text},
      {.section = "cases",
       .key = "register_limit",
       .field = [](Config& c) -> Ref { return &c.cases.register_limit; },
       .doc = "Stage limit of 立案 (register): the shift leader registers or declines within this. Written \"<amount> "
              "<unit>\", unit natural_* or working_*.",
       .check_text = check_limit_text},
      {.section = "cases",
       .key = "dispatch_limit",
       .field = [](Config& c) -> Ref { return &c.cases.dispatch_limit; },
       .doc = "Stage limit of 派遣 (dispatch): the dispatcher sends a registered case within this. Written \"<amount> "
              "<unit>\", unit natural_* or working_*.",
       .check_text = check_limit_text},
      {.section = "cases",
       .key = "sign_limit",
       .field = [](Config& c) -> Ref { return &c.cases.sign_limit; },
       .doc = "Stage limit of 签收 (sign): the department signs for a dispatched case within this. Written \"<amount> "
              "<unit>\", unit natural_* or working_*.",
       .check_text = check_limit_text},
      {.section = "cases",
       .key = "check_limit",
       .field = [](Config& c) -> Ref { return &c.cases.check_limit; },
       .doc = "Stage limit of 核查 (check): from the department's finish to the supervisor's check result. Written "
              "\"<amount> "
              "<unit>\", unit natural_* or working_*.",
       .check_text = check_limit_text},
      {.section = "cases",
       .key = "close_limit",
       .field = [](Config& c) -> Ref { return &c.cases.close_limit; },
       .doc = "Stage limit of 结案 (close): the shift leader closes a checked case within this. Written \"<amount> "
              "<unit>\", "
              "unit natural_* or working_*.",
       .check_text = check_limit_text},
      {.section = "cases",
       .key = "rework_restarts_handling",
       .field = [](Config& c) -> Ref { return &c.cases.rework_restarts_handling; },
       .doc = "A failed check (返工) starts a fresh handling limit; false: the handling clock stopped at the finish "
              "goes on."},
      {.section = "cases",
       .key = "duplicate_radius_m",
       .field = [](Config& c) -> Ref { return &c.cases.duplicate_radius_m; },
       .doc = "Open cases within this many metres of a new report are offered as possible duplicates.",
       .min = 1,
       .max = 10'000},
      {.section = "cases",
       .key = "duplicate_radius_by_category",
       .field = [](Config& c) -> Ref { return &c.cases.duplicate_radius_by_category; },
       .doc = "Per-category duplicate radius, e.g. \"06001=100,09002=20\" (matter code = metres).",
       .check_text = [](const std::string& text) -> Result<void> { return parse_radius_map(text).map([](auto&&) {}); }},
      {.section = "cases",
       .key = "required_fields",
       .field = [](Config& c) -> Ref { return &c.cases.required_fields; },
       .doc = "Fields the city requires of an action beyond the workflow table's, e.g. "
              "\"sign:comment;check_pass:after_photos\" (action:field,field; see docs/workflow.md). The action "
              "dialog asks for them.",
       .check_text = [](const std::string& text) -> Result<void> {
         return workflow::parse_extra_required(text).map([](auto&&) {});
       }},
      {.section = "cases",
       .key = "duplicate_window_hours",
       .field = [](Config& c) -> Ref { return &c.cases.duplicate_window_hours; },
       .doc = "Only cases reported within this many hours are offered as duplicates.",
       .min = 1,
       .max = 24 * 365},
      {.section = "cases",
       .key = "public_reports_per_minute_per_address",
       .field = [](Config& c) -> Ref { return &c.cases.public_reports_per_minute_per_address; },
       .doc = "Public reports and ratings (no account) one client address may send per minute; more answer 429.",
       .min = 1,
       .max = 10'000},
      {.section = "cases",
       .key = "public_reads_per_minute_per_address",
       .field = [](Config& c) -> Ref { return &c.cases.public_reads_per_minute_per_address; },
       .doc = "Public progress look-ups by tracking code one client address may make per minute.",
       .min = 1,
       .max = 100'000},
      {.section = "attachments",
       .key = "dir",
       .field = [](Config& c) -> Ref { return &c.attachments.dir; },
       .doc = "Folder of uploaded photos, named by their SHA-256 (back it up with the database)."},
      {.section = "attachments",
       .key = "max_megabytes",
       .field = [](Config& c) -> Ref { return &c.attachments.max_megabytes; },
       .doc = "Largest photo accepted, in MiB; larger uploads answer 413.",
       .min = 1,
       .max = 100},
      {.section = "attachments",
       .key = "max_megapixels",
       .field = [](Config& c) -> Ref { return &c.attachments.max_megapixels; },
       .doc = "Largest picture accepted, in millions of pixels (checked from the header, before decoding).",
       .min = 1,
       .max = 200},
      {.section = "attachments",
       .key = "max_pixels_per_byte",
       .field = [](Config& c) -> Ref { return &c.attachments.max_pixels_per_byte; },
       .doc =
           "Pixels a picture's header may claim per byte of its file (above ratio_exempt_megapixels); more is refused "
           "with 422 before decoding, as a decompression bomb. Phone photos are 2–6, an all-zero PNG ~1000.",
       .min = 1,
       .max = 1'000'000},
      {.section = "attachments",
       .key = "ratio_exempt_megapixels",
       .field = [](Config& c) -> Ref { return &c.attachments.ratio_exempt_megapixels; },
       .doc = "Pictures of at most this many millions of pixels are decoded whatever their pixels per byte.",
       .max = 200},
      {.section = "attachments",
       .key = "decode_threads",
       .field = [](Config& c) -> Ref { return &c.attachments.decode_threads; },
       .doc = "Threads that decode uploaded pictures, apart from the worker pool (at a lower CPU priority).",
       .min = 1,
       .max = 64},
      {.section = "attachments",
       .key = "decode_queue",
       .field = [](Config& c) -> Ref { return &c.attachments.decode_queue; },
       .doc =
           "Uploads that may wait for a decode thread; more answer 503 with Retry-After. decode_threads + decode_queue "
           "must stay below server.worker_threads, so that waiting uploads never hold every worker.",
       .max = 1000},
      {.section = "attachments",
       .key = "decode_memory_megabytes",
       .field = [](Config& c) -> Ref { return &c.attachments.decode_memory_megabytes; },
       .doc = "Memory budget of the decodes that run at once, in MiB (estimated from the header: ~8 bytes a pixel); a "
              "picture that alone needs more answers 422.",
       .min = 16,
       .max = 65'536},
      {.section = "attachments",
       .key = "per_action",
       .field = [](Config& c) -> Ref { return &c.attachments.per_action; },
       .doc = "Photos one report or action may carry.",
       .min = 1,
       .max = 50},
      {.section = "attachments",
       .key = "thumbnail_side",
       .field = [](Config& c) -> Ref { return &c.attachments.thumbnail_side; },
       .doc = "Longer side of thumbnails, in pixels.",
       .min = 32,
       .max = 1024},
      {.section = "attachments",
       .key = "public_side",
       .field = [](Config& c) -> Ref { return &c.attachments.public_side; },
       .doc = "Longer side of the public copy (no EXIF) shown on citizens' pages, in pixels.",
       .min = 256,
       .max = 8192},
      {.section = "attachments",
       .key = "public_uploads_per_minute_per_address",
       .field = [](Config& c) -> Ref { return &c.attachments.public_uploads_per_minute_per_address; },
       .doc = "Photos one client address may upload per minute without an account; more answer 429.",
       .min = 1,
       .max = 10'000},
      {.section = "evaluation",
       .key = "weights_file",
       .field = [](Config& c) -> Ref { return &c.evaluation.weights_file; },
       .doc = "Optional TOML file of the composite's weights and count bands per evaluated kind ([department.weights] "
              "handle_rate = 30 …; [department.bands] overdue_unhandled = [[0, 100], [1, 90]]), read at start. Weights "
              "an administrator sets through the API take precedence; kinds in neither use the defaults of "
              "docs/evaluation.md."},
      {.section = "map",
       .key = "tile_url",
       .field = [](Config& c) -> Ref { return &c.map.tile_url; },
       .doc =
           "Tile URL template of the web UI's base map ({z}/{x}/{y}, Leaflet's form; {s} for subdomains): a city's own "
           "tile server or 天地图's WMTS with its key (docs/operations.md, Base map). Empty: the maps draw their own "
           "base map — roads with names at street zoom, unit grids, street outlines — and say that none is configured "
           "(no request leaves the network)."},
      {.section = "map",
       .key = "tile_attribution",
       .field = [](Config& c) -> Ref { return &c.map.tile_attribution; },
       .doc = "The base map's attribution shown in the map's corner (its terms usually require one)."},
      {.section = "map",
       .key = "tile_max_zoom",
       .field = [](Config& c) -> Ref { return &c.map.tile_max_zoom; },
       .doc = "The deepest zoom level the tile server offers.",
       .min = 1,
       .max = 22},
      {.section = "supervision",
       .key = "reply_limit",
       .field = [](Config& c) -> Ref { return &c.supervision.reply_limit; },
       .doc = "The reply deadline of a 督办 notice unless its issuer gives another, in working time (\"<amount> "
              "working_days|working_hours|working_minutes\").",
       .check_text = check_working_limit_text},
      {.section = "supervision",
       .key = "escalation_interval_ms",
       .field = [](Config& c) -> Ref { return &c.supervision.escalation_interval_ms; },
       .doc = "How often notices still waiting past their deadline are escalated to the next level; 0 stops it.",
       .max = 3'600'000},
      {.section = "webhooks",
       .key = "dispatch_interval_ms",
       .field = [](Config& c) -> Ref { return &c.webhooks.dispatch_interval_ms; },
       .doc = "How often the server posts due webhook deliveries; 0 stops posting (they wait in the outbox).",
       .max = 3'600'000},
      {.section = "webhooks",
       .key = "light_scan_interval_ms",
       .field = [](Config& c) -> Ref { return &c.webhooks.light_scan_interval_ms; },
       .doc = "How often open cases are checked for deadlines turning yellow or red (each crossing notifies once).",
       .max = 3'600'000},
      {.section = "webhooks",
       .key = "timeout_ms",
       .field = [](Config& c) -> Ref { return &c.webhooks.timeout_ms; },
       .doc = "Longest wait for a receiver (connect, send, its status line); longer counts as a failed attempt.",
       .min = 100,
       .max = 120'000},
      {.section = "webhooks",
       .key = "max_attempts",
       .field = [](Config& c) -> Ref { return &c.webhooks.max_attempts; },
       .doc = "Attempts before a delivery is given up as dead (listed under its subscription).",
       .min = 1,
       .max = 100},
      {.section = "webhooks",
       .key = "first_retry_ms",
       .field = [](Config& c) -> Ref { return &c.webhooks.first_retry_ms; },
       .doc = "Wait before the first retry; it doubles after each failed attempt.",
       .min = 10,
       .max = 3'600'000},
      {.section = "webhooks",
       .key = "max_retry_ms",
       .field = [](Config& c) -> Ref { return &c.webhooks.max_retry_ms; },
       .doc = "Longest wait between two attempts.",
       .min = 10,
       .max = 86'400'000},
      {.section = "webhooks",
       .key = "allowed_targets",
       .field = [](Config& c) -> Ref { return &c.webhooks.allowed_targets; },
       .doc =
           "Comma-separated CIDR blocks (\"127.0.0.1/32, 10.20.0.0/16\") of internal addresses that may receive "
           "webhooks. Loopback, private (RFC 1918), link-local (cloud metadata), CGNAT, unique-local and other "
           "non-public addresses are refused unless listed; every address a receiver's host resolves to is checked at "
           "subscription and at each delivery.",
       .check_text = [](const std::string& text) -> Result<void> {
         UG_TRY(http::WebhookTargets::parse(text));
         return {};
       }},
      {.section = "metrics",
       .key = "token",
       .field = [](Config& c) -> Ref { return &c.metrics.token; },
       .doc = "Bearer token `GET /metrics` requires (Prometheus: `authorization: {credentials: …}`), compared in "
              "constant time; at least 16 characters. Empty: /metrics answers 404 (the figures describe the "
              "deployment and are not for everyone).",
       .check_text = [](const std::string& text) -> Result<void> {
         if (!text.empty() && text.size() < 16) return fail(ErrorCode::validation_failed, "config.token_too_short");
         return {};
       }},
      {.section = "retention",
       .key = "audit_days",
       .field = [](Config& c) -> Ref { return &c.retention.audit_days; },
       .doc = "Days the audit log is kept; older entries are deleted. 网络安全法 §21 requires network logs be kept "
              "at least six months, hence the minimum.",
       .min = 180,
       .max = 36'500},
      {.section = "retention",
       .key = "reporter_phone_days",
       .field = [](Config& c) -> Ref { return &c.retention.reporter_phone_days; },
       .doc = "Days after a case closes that its reporter's phone number is kept for call-backs; then it is erased "
              "(个人信息保护法 §19: no longer than the purpose needs). 0 keeps them.",
       .max = 36'500},
      {.section = "retention",
       .key = "interval_ms",
       .field = [](Config& c) -> Ref { return &c.retention.interval_ms; },
       .doc = "How often the server erases what the two retention periods expired, each run in the audit log; 0 never.",
       .max = 86'400'000},
      {.section = "testing",
       .key = "enabled",
       .field = [](Config& c) -> Ref { return &c.testing.enabled; },
       .doc = "A test or demonstration deployment: its clock may run ahead of or behind real time (the keys below, "
              "and PUT /api/v1/testing/clock, which exists only then). Announced in the log and on /healthz. Never "
              "on a production deployment: deadlines, sessions and figures all follow the moved clock."},
      {.section = "testing",
       .key = "clock_offset_seconds",
       .field = [](Config& c) -> Ref { return &c.testing.clock_offset_seconds; },
       .doc = "Seconds the clock runs ahead of real time (negative: behind); needs testing.enabled.",
       .min = -2'000'000'000,
       .max = 2'000'000'000},
      {.section = "testing",
       .key = "clock_start",
       .field = [](Config& c) -> Ref { return &c.testing.clock_start; },
       .doc = "The time the clock reads at startup (ISO 8601 with its offset, e.g. 2026-10-01T08:30:00+08:00), "
              "running on from there; needs testing.enabled. Overrides clock_offset_seconds.",
       .check_text = [](const std::string& text) -> Result<void> {
         if (text.empty() || calendar::parse_iso8601(text)) return {};
         return fail(Error(ErrorCode::validation_failed, "config.test_clock_start_invalid").with("value", text));
       }},
      {.section = "log",
       .key = "level",
       .field = [](Config& c) -> Ref { return &c.log.level; },
       .doc = "Least severe level written.",
       .choices = {"trace", "debug", "info", "warn", "error", "critical", "off"}},
      {.section = "log",
       .key = "format",
       .field = [](Config& c) -> Ref { return &c.log.format; },
       .doc = "text: one readable line per event; json: one JSON object per line, for log collectors.",
       .choices = {"text", "json"}},
  });
  return table;
}

std::string_view source_name(ConfigSource s) {
  switch (s) {
    case ConfigSource::defaults:
      return "default";
    case ConfigSource::file:
      return "file";
    case ConfigSource::environment:
      return "environment";
    case ConfigSource::flag:
      return "flag";
  }
  return "?";
}

std::string type_name(const Ref& ref) {
  if (std::holds_alternative<int*>(ref)) return "integer";
  if (std::holds_alternative<bool*>(ref)) return "boolean";
  return "string";
}

std::string value_text(const Ref& ref, bool quoted) {
  if (const auto* i = std::get_if<int*>(&ref)) return std::to_string(**i);
  if (const auto* b = std::get_if<bool*>(&ref)) return **b ? "true" : "false";
  const auto& s = *std::get<std::string*>(ref);
  if (!quoted) return s;
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// An invalid value of `def` from `origin` ("文件 …", "环境变量 …", "命令行"), which the message names.
Error value_error(const KeyDef& def, std::string_view origin, MessageKey message) {
  return Error(ErrorCode::validation_failed, message).with("key", def.dotted()).with("origin", std::string(origin));
}

Result<void> check_value(const KeyDef& def, const Ref& ref, std::string_view origin) {
  if (const auto* i = std::get_if<int*>(&ref); i && (def.min != 0 || def.max != 0)) {
    if (**i < def.min || **i > def.max) {
      return fail(value_error(def, origin, "config.value_out_of_range")
                      .with("value", std::int64_t{**i})
                      .with("min", std::int64_t{def.min})
                      .with("max", std::int64_t{def.max}));
    }
  }
  if (const auto* s = std::get_if<std::string*>(&ref); s && !def.choices.empty()) {
    if (std::find(def.choices.begin(), def.choices.end(), **s) == def.choices.end()) {
      std::string allowed;
      for (const auto c : def.choices) allowed += (allowed.empty() ? "" : ", ") + std::string(c);
      return fail(value_error(def, origin, "config.value_not_a_choice").with("value", **s).with("choices", allowed));
    }
  }
  if (const auto* s = std::get_if<std::string*>(&ref); s && def.check_text) {
    if (auto checked = def.check_text(**s); !checked) {
      return fail(
          value_error(def, origin, "config.value_invalid")
              .with_word("reason", checked.error().public_message(), checked.error().public_message(Language::en)));
    }
  }
  return {};
}

// Sets a key from text (environment variable or flag).
Result<void> set_from_text(const KeyDef& def, Config& config, std::string_view text, std::string_view origin) {
  const Ref ref = def.field(config);
  if (auto* i = std::get_if<int*>(&ref)) {
    int value = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || ptr != text.data() + text.size()) {
      return fail(value_error(def, origin, "config.value_not_integer").with("value", std::string(text)));
    }
    **i = value;
  } else if (auto* b = std::get_if<bool*>(&ref)) {
    if (text == "true" || text == "1" || text == "yes" || text == "on") {
      **b = true;
    } else if (text == "false" || text == "0" || text == "no" || text == "off") {
      **b = false;
    } else {
      return fail(value_error(def, origin, "config.value_not_boolean").with("value", std::string(text)));
    }
  } else {
    *std::get<std::string*>(ref) = std::string(text);
  }
  return check_value(def, ref, origin);
}

Result<void> set_from_toml(const KeyDef& def, Config& config, const toml::value& value, std::string_view origin) {
  const Ref ref = def.field(config);
  try {
    if (auto* i = std::get_if<int*>(&ref)) {
      const auto v = toml::get<std::int64_t>(value);
      if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max()) {
        return fail(value_error(def, origin, "config.value_too_large"));
      }
      **i = static_cast<int>(v);
    } else if (auto* b = std::get_if<bool*>(&ref)) {
      **b = toml::get<bool>(value);
    } else {
      *std::get<std::string*>(ref) = toml::get<std::string>(value);
    }
  } catch (const toml::type_error&) {
    return fail(value_error(def, origin, "config.value_wrong_type").with("type", type_name(ref)));
  }
  return check_value(def, ref, origin);
}

const KeyDef* find_key(std::string_view dotted) {
  for (const auto& def : keys()) {
    if (def.dotted() == dotted) return &def;
  }
  return nullptr;
}

Result<void> read_file(const std::filesystem::path& path, LoadedConfig& loaded) {
  toml::value root;
  try {
    root = toml::parse(path.string());
  } catch (const std::exception& e) {
    return fail(Error(ErrorCode::validation_failed, "config.file_unreadable")
                    .with("path", path.string())
                    .with("reason", std::string(e.what())));
  }
  const std::string origin = "文件 " + path.string();
  if (!root.is_table()) {
    return fail(Error(ErrorCode::validation_failed, "config.file_not_table").with("path", path.string()));
  }
  for (const auto& [section, table] : root.as_table()) {
    if (!table.is_table()) {
      return fail(Error(ErrorCode::validation_failed, "config.section_not_table")
                      .with("path", path.string())
                      .with("section", section));
    }
    for (const auto& [key, value] : table.as_table()) {
      const auto dotted = section + "." + key;
      const KeyDef* def = find_key(dotted);
      if (def == nullptr) {
        return fail(Error(ErrorCode::validation_failed, "config.file_unknown_key")
                        .with("path", path.string())
                        .with("key", dotted));
      }
      UG_TRY(set_from_toml(*def, loaded.config, value, origin));
      loaded.sources[dotted] = ConfigSource::file;
    }
  }
  loaded.file = path;
  return {};
}

}  // namespace

Result<LoadedConfig> load_config(const ConfigInputs& inputs) {
  LoadedConfig loaded;
  for (const auto& def : keys()) loaded.sources[def.dotted()] = ConfigSource::defaults;

  std::optional<std::filesystem::path> file = inputs.file;
  if (!file && inputs.read_environment) {
    if (const char* env = std::getenv("URBANGRID_CONFIG"); env != nullptr && env[0] != '\0') file = env;
  }
  if (file) {
    if (!std::filesystem::exists(*file)) {
      return fail(Error(ErrorCode::validation_failed, "config.file_missing").with("path", file->string()));
    }
    UG_TRY(read_file(*file, loaded));
  } else if (std::filesystem::exists("urbangrid.toml")) {
    UG_TRY(read_file("urbangrid.toml", loaded));
  }

  if (inputs.read_environment) {
    for (const auto& def : keys()) {
      const auto name = def.env_name();
      if (const char* env = std::getenv(name.c_str()); env != nullptr) {
        UG_TRY(set_from_text(def, loaded.config, env, "环境变量 " + name));
        loaded.sources[def.dotted()] = ConfigSource::environment;
      }
    }
  }

  for (const auto& [dotted, value] : inputs.flags) {
    const KeyDef* def = find_key(dotted);
    if (def == nullptr) return fail(Error(ErrorCode::validation_failed, "config.unknown_key").with("key", dotted));
    UG_TRY(set_from_text(*def, loaded.config, value, "命令行"));
    loaded.sources[dotted] = ConfigSource::flag;
  }
  if (const auto& t = loaded.config.testing; !t.enabled && (t.clock_offset_seconds != 0 || !t.clock_start.empty())) {
    return fail(ErrorCode::validation_failed, "config.test_clock_needs_testing");
  }
  if (loaded.config.calendar.red_percent <= loaded.config.calendar.yellow_percent) {
    return fail(ErrorCode::validation_failed, "config.red_not_above_yellow");
  }
  if (const auto& a = loaded.config.attachments;
      a.decode_threads + a.decode_queue >= loaded.config.server.worker_threads) {
    return fail(ErrorCode::validation_failed, "config.decode_slots_exceed_workers");
  }
  return loaded;
}

std::string config_documentation() {
  Config defaults;
  std::string out =
      "# Configuration\n\n"
      "<!-- Generated by `urbangrid config docs`; a test keeps this file equal to that output. -->\n\n"
      "UrbanGrid reads, in order (a later source overrides an earlier one):\n\n"
      "1. the defaults below;\n"
      "2. a TOML file: `--config FILE`, else the file named by `URBANGRID_CONFIG`, else `./urbangrid.toml` when "
      "present (unknown keys are an error, so typos do not pass silently);\n"
      "3. environment variables `URBANGRID_<SECTION>__<KEY>` (e.g. `URBANGRID_SERVER__PORT=9090`);\n"
      "4. command-line flags: `--set section.key=value` for any key, and the shortcuts `--db`, `--host`, `--port`, "
      "`--static-dir`, `--io-threads`, `--worker-threads`, `--log-level`, `--log-format`.\n\n"
      "`urbangrid config show` prints the effective values and where each came from; "
      "`urbangrid config example` prints a complete `urbangrid.toml`.\n";
  std::string_view section;
  for (const auto& def : keys()) {
    if (def.section != section) {
      section = def.section;
      out += fmt::format("\n## [{}]\n\n| key | type | default | environment | meaning |\n|---|---|---|---|---|\n",
                         section);
    }
    const Ref ref = def.field(defaults);
    std::string meaning(def.doc);
    if (!def.choices.empty()) {
      std::string allowed;
      for (const auto c : def.choices) allowed += (allowed.empty() ? "`" : ", `") + std::string(c) + "`";
      meaning += " One of " + allowed + ".";
    } else if (def.min != 0 || def.max != 0) {
      meaning += fmt::format(" Range {}–{}.", def.min, def.max);
    }
    const auto shown = value_text(ref, true);
    out += fmt::format("| `{}` | {} | `{}` | `{}` | {} |\n", def.key, type_name(ref), shown, def.env_name(), meaning);
  }
  return out;
}

std::string config_example_toml() {
  Config defaults;
  std::string out = "# urbangrid.toml: every key at its default. See docs/configuration.md.\n";
  std::string_view section;
  for (const auto& def : keys()) {
    if (def.section != section) {
      section = def.section;
      out += fmt::format("\n[{}]\n", section);
    }
    out += fmt::format("# {}\n{} = {}\n", def.doc, def.key, value_text(def.field(defaults), true));
  }
  return out;
}

std::string describe_config(const LoadedConfig& loaded) {
  Config copy = loaded.config;
  std::string out = loaded.file ? "# file: " + loaded.file->string() + "\n" : "# no configuration file\n";
  std::string_view section;
  for (const auto& def : keys()) {
    if (def.section != section) {
      section = def.section;
      out += fmt::format("\n[{}]\n", section);
    }
    const auto source = loaded.sources.at(def.dotted());
    out += fmt::format("{} = {}  # {}\n", def.key, value_text(def.field(copy), true), source_name(source));
  }
  return out;
}

}  // namespace ug::app
