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

namespace ug::app {

Result<std::map<std::string, double>> parse_radius_map(const std::string& text) {
  std::map<std::string, double> out;
  for (const auto item : split_list(text)) {
    const auto eq = item.find('=');
    const auto code = item.substr(0, eq);
    const auto metres = eq == std::string_view::npos ? std::nullopt : parse_int64(item.substr(eq + 1));
    if (!is_digits(code, 5) || !metres || *metres < 1 || *metres > 10'000) {
      return fail(ErrorCode::validation_failed, "应写作“类别=米”，如 06001=100：" + std::string(item));
    }
    out[std::string(code)] = static_cast<double>(*metres);
  }
  return out;
}

namespace {

using Ref = std::variant<std::string*, int*, bool*>;

struct KeyDef {
  std::string_view section;
  std::string_view key;
  std::function<Ref(Config&)> field;
  std::string_view doc;
  int min = 0, max = 0;                                             // integers: inclusive range
  std::vector<std::string_view> choices;                            // strings: allowed values (empty: any)
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
    return fail(ErrorCode::validation_failed, "时限应写作“数值 单位”，如 \"30 natural_minutes\"：" + text);
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
    days.push_back({"calendar",
                    names[i],
                    [i](Config& c) -> Ref { return &c.calendar.periods[i]; },
                    "Work periods of this weekday in local time, e.g. \"08:30-12:00,13:30-17:30\"; \"\" makes it a "
                    "day off unless the national calendar lists it as a make-up workday.",
                    0,
                    0,
                    {},
                    [](const std::string& text) -> Result<void> {
                      auto periods = calendar::parse_periods(text);
                      if (!periods) return tl::unexpected(periods.error());
                      return {};
                    }});
  }
  table.insert(after + 1, days.begin(), days.end());
  return table;
}

const std::vector<KeyDef>& keys() {
  static const std::vector<KeyDef> table = with_period_keys({
      {"server",
       "host",
       [](Config& c) -> Ref { return &c.server.host; },
       "Address to listen on. 127.0.0.1 serves this machine only; 0.0.0.0 every interface (put TLS in front).",
       0,
       0,
       {}},
      {"server",
       "port",
       [](Config& c) -> Ref { return &c.server.port; },
       "TCP port; 0 picks a free one.",
       0,
       65535,
       {}},
      {"server",
       "io_threads",
       [](Config& c) -> Ref { return &c.server.io_threads; },
       "Threads that parse requests and answer quick routes.",
       1,
       64,
       {}},
      {"server",
       "worker_threads",
       [](Config& c) -> Ref { return &c.server.worker_threads; },
       "Threads for blocking work (database, files).",
       1,
       256,
       {}},
      {"server",
       "worker_queue_capacity",
       [](Config& c) -> Ref { return &c.server.worker_queue_capacity; },
       "Blocking requests allowed to wait for a worker; beyond it the server answers 503 with Retry-After.",
       1,
       1'000'000,
       {}},
      {"server",
       "idle_timeout_ms",
       [](Config& c) -> Ref { return &c.server.idle_timeout_ms; },
       "How long a keep-alive connection may wait for its next request (and for its headers).",
       100,
       3'600'000,
       {}},
      {"server",
       "request_timeout_ms",
       [](Config& c) -> Ref { return &c.server.request_timeout_ms; },
       "How long a client may take to send a request body, and to read a response; a slow body gets 408.",
       100,
       3'600'000,
       {}},
      {"server",
       "max_requests_per_connection",
       [](Config& c) -> Ref { return &c.server.max_requests_per_connection; },
       "Requests served on one keep-alive connection before it is closed.",
       1,
       10'000'000,
       {}},
      {"server",
       "header_limit_bytes",
       [](Config& c) -> Ref { return &c.server.header_limit_bytes; },
       "Largest request line plus headers; larger requests get 431.",
       1024,
       1 << 20,
       {}},
      {"server",
       "body_limit_bytes",
       [](Config& c) -> Ref { return &c.server.body_limit_bytes; },
       "Largest request body; larger bodies get 413.",
       0,
       1 << 30,
       {}},
      {"server",
       "shutdown_grace_ms",
       [](Config& c) -> Ref { return &c.server.shutdown_grace_ms; },
       "On SIGTERM/SIGINT, how long in-flight requests may take to finish.",
       0,
       600'000,
       {}},
      {"server",
       "retry_after_seconds",
       [](Config& c) -> Ref { return &c.server.retry_after_seconds; },
       "Retry-After sent with 503 when the worker queue or the decode queue (attachments.decode_queue) is full.",
       1,
       3600,
       {}},
      {"server",
       "static_dir",
       [](Config& c) -> Ref { return &c.server.static_dir; },
       "Directory of the built web UI, served at /. Empty: serve no static files.",
       0,
       0,
       {}},
      {"server",
       "access_log",
       [](Config& c) -> Ref { return &c.server.access_log; },
       "Write one log line per request.",
       0,
       0,
       {}},
      {"server",
       "trusted_proxies",
       [](Config& c) -> Ref { return &c.server.trusted_proxies; },
       "Comma-separated addresses of reverse proxies whose X-Forwarded-For is believed; from any other peer the "
       "header is ignored and the peer's address is the client's. Set it when a proxy (nginx, a load balancer) "
       "stands in front: otherwise every client appears as the proxy, sharing one sign-in back-off and one rate "
       "limit. The server logs a warning, once per peer, when it ignores the header from an untrusted one.",
       0,
       0,
       {}},
      {"events",
       "streams_per_principal",
       [](Config& c) -> Ref { return &c.events.streams_per_principal; },
       "Event streams one user may hold open at once (all its tokens and browser sessions together); more get 429.",
       1,
       10'000,
       {}},
      {"events",
       "max_streams",
       [](Config& c) -> Ref { return &c.events.max_streams; },
       "Event streams of all users together; more get 429. Lowered at start to the descriptor limit (ulimit -n) "
       "minus descriptor_reserve when that is smaller.",
       0,
       1'000'000,
       {}},
      {"events",
       "descriptor_reserve",
       [](Config& c) -> Ref { return &c.events.descriptor_reserve; },
       "Descriptors the event streams leave free for ordinary requests, database files and logs.",
       16,
       1'000'000,
       {}},
      {"events",
       "stream_lifetime_seconds",
       [](Config& c) -> Ref { return &c.events.stream_lifetime_seconds; },
       "An event stream is closed after 90–100 % of this (spread so that streams opened together do not all "
       "reconnect together); the browser reconnects by itself.",
       1,
       86'400,
       {}},
      {"events",
       "heartbeat_seconds",
       [](Config& c) -> Ref { return &c.events.heartbeat_seconds; },
       "A comment line is sent on each idle event stream this often, so proxies keep it and a dead peer shows up "
       "as a failed write.",
       1,
       3600,
       {}},
      {"events",
       "queue_length",
       [](Config& c) -> Ref { return &c.events.queue_length; },
       "Chunks of events that may wait for a client that reads slowly; beyond it the stream is closed (the client "
       "reconnects and reloads) rather than waited for.",
       1,
       100'000,
       {}},
      {"events",
       "send_buffer_bytes",
       [](Config& c) -> Ref { return &c.events.send_buffer_bytes; },
       "The kernel send buffer of each event stream's connection (SO_SNDBUF). Fixed, so that a client that stops "
       "reading holds this much memory rather than megabytes, and is found out (queue_length) soon; 0 leaves it to "
       "the kernel.",
       0,
       16 << 20,
       {}},
      {"events",
       "retry_ms",
       [](Config& c) -> Ref { return &c.events.retry_ms; },
       "Sent as each stream's retry: hint (how long a browser waits before reconnecting) and, rounded up to "
       "seconds, as Retry-After when a stream is refused.",
       100,
       600'000,
       {}},
      {"auth",
       "cookie_secure",
       [](Config& c) -> Ref { return &c.auth.cookie_secure; },
       "Mark the session cookie Secure (sent over HTTPS only). Turn on when TLS terminates in front of UrbanGrid.",
       0,
       0,
       {}},
      {"auth",
       "session_idle_minutes",
       [](Config& c) -> Ref { return &c.auth.session_idle_minutes; },
       "A browser session unused this long ends; each use extends it.",
       5,
       7 * 24 * 60,
       {}},
      {"auth",
       "argon2_memory_kib",
       [](Config& c) -> Ref { return &c.auth.argon2_memory_kib; },
       "Memory of one argon2id password hash in KiB (19456 = 19 MiB, OWASP's minimum with 2 iterations).",
       8,
       1 << 20,
       {}},
      {"auth",
       "argon2_iterations",
       [](Config& c) -> Ref { return &c.auth.argon2_iterations; },
       "Iterations of argon2id.",
       1,
       10,
       {}},
      {"auth",
       "account_lockout_after",
       [](Config& c) -> Ref { return &c.auth.account_lockout_after; },
       "Failed sign-ins of one account name before sign-in backs off (known and unknown names alike).",
       1,
       1000,
       {}},
      {"auth",
       "address_lockout_after",
       [](Config& c) -> Ref { return &c.auth.address_lockout_after; },
       "Failed sign-ins from one client address before sign-in from it backs off.",
       1,
       100000,
       {}},
      {"auth",
       "lockout_base_seconds",
       [](Config& c) -> Ref { return &c.auth.lockout_base_seconds; },
       "First back-off after the limit; it doubles with each further failure.",
       1,
       3600,
       {}},
      {"auth",
       "sign_ins_per_minute_per_address",
       [](Config& c) -> Ref { return &c.auth.sign_ins_per_minute_per_address; },
       "Rate limit of POST /api/v1/session per client address (a token bucket holding one minute's worth); "
       "beyond it 429 with Retry-After.",
       1,
       100000,
       {}},
      {"auth",
       "sign_ins_per_minute_per_account",
       [](Config& c) -> Ref { return &c.auth.sign_ins_per_minute_per_account; },
       "Rate limit of POST /api/v1/session per account name, known or not (one minute's worth at once).",
       1,
       100000,
       {}},
      {"auth",
       "lockout_max_seconds",
       [](Config& c) -> Ref { return &c.auth.lockout_max_seconds; },
       "Longest back-off.",
       1,
       86400,
       {}},
      {"auth",
       "account_failure_window_minutes",
       [](Config& c) -> Ref { return &c.auth.account_failure_window_minutes; },
       "Only the failed sign-ins of an account name within this many minutes count towards "
       "account_lockout_after; older ones stop counting. A successful sign-in forgets the account's failures.",
       1,
       30 * 24 * 60,
       {}},
      {"auth",
       "address_failure_window_minutes",
       [](Config& c) -> Ref { return &c.auth.address_failure_window_minutes; },
       "Only the failed sign-ins from an address within this many minutes count towards address_lockout_after, so "
       "colleagues behind one office NAT are not slowed down by typos of hours ago. Successes do not reset it.",
       1,
       30 * 24 * 60,
       {}},
      {"auth",
       "password_min_length",
       [](Config& c) -> Ref { return &c.auth.password_min_length; },
       "Fewest characters (Unicode characters, not bytes) of a chosen password. NIST SP 800-63B: at least 8; "
       "passwords must also not be the username, the demo password or on the common-password lists.",
       8,
       64,
       {}},
      {"auth",
       "password_required_classes",
       [](Config& c) -> Ref { return &c.auth.password_required_classes; },
       "How many of lower-case letters, upper-case letters, digits and other characters a chosen password must "
       "contain. 0 (NIST SP 800-63B); 3 where a 等保 assessment asks for composition rules.",
       0,
       4,
       {}},
      {"auth",
       "password_max_age_days",
       [](Config& c) -> Ref { return &c.auth.password_max_age_days; },
       "A password older than this many days must be changed before anything else, like a one-time password. "
       "0: passwords never expire (NIST SP 800-63B); e.g. 90 where a 等保 assessment asks for expiry.",
       0,
       3650,
       {}},
      {"database",
       "url",
       [](Config& c) -> Ref { return &c.database.url; },
       "Where data lives: a file path or sqlite:PATH (embedded SQLite), or postgresql://user@host:port/db.",
       0,
       0,
       {}},
      {"database",
       "migrate_on_start",
       [](Config& c) -> Ref { return &c.database.migrate_on_start; },
       "Apply pending schema migrations when `serve` starts.",
       0,
       0,
       {}},
      {"database",
       "sqlite_synchronous",
       [](Config& c) -> Ref { return &c.database.sqlite_synchronous; },
       "normal: a committed write survives a process crash; full: it also survives power loss (slower).",
       0,
       0,
       {"normal", "full"}},
      {"database",
       "sqlite_busy_timeout_ms",
       [](Config& c) -> Ref { return &c.database.sqlite_busy_timeout_ms; },
       "How long SQLite waits for a lock held by another process before giving up.",
       0,
       600'000,
       {}},
      {"database",
       "sqlite_readers",
       [](Config& c) -> Ref { return &c.database.sqlite_readers; },
       "Read-only SQLite connections (reads run beside the single writer).",
       1,
       256,
       {}},
      {"database",
       "postgres_pool_size",
       [](Config& c) -> Ref { return &c.database.postgres_pool_size; },
       "Most PostgreSQL connections open at once.",
       1,
       1000,
       {}},
      {"database",
       "postgres_bin_dir",
       [](Config& c) -> Ref { return &c.database.postgres_bin_dir; },
       "Directory of pg_dump/pg_restore for backups. Empty: /usr/lib/postgresql/<server major>/bin, then PATH.",
       0,
       0,
       {}},
      {"grids",
       "refresh_interval_ms",
       [](Config& c) -> Ref { return &c.grids.refresh_interval_ms; },
       "How often `serve` checks the database for grids imported by another process (urbangrid grid import) and "
       "rebuilds its point-to-grid index without stopping. 0: never.",
       0,
       3'600'000,
       {}},
      {"calendar",
       "holiday_dir",
       [](Config& c) -> Ref { return &c.calendar.holiday_dir; },
       "The national holidays of 2007–2026 are built in; this optional directory adds holiday-cn files (*.json) "
       "read at start, a file replacing the built-in one of its year. Years imported with `urbangrid calendar "
       "import` are kept in the database instead.",
       0,
       0,
       {}},
      {"calendar",
       "utc_offset_minutes",
       [](Config& c) -> Ref { return &c.calendar.utc_offset_minutes; },
       "Local time of the deployment as minutes east of UTC (Asia/Shanghai: 480, no daylight saving).",
       -720,
       840,
       {}},
      {"calendar",
       "standard_day_minutes",
       [](Config& c) -> Ref { return &c.calendar.standard_day_minutes; },
       "Length of one working day in minutes: N working days = N times this (450 = the default periods).",
       1,
       1440,
       {}},
      {"calendar",
       "makeup_workday_periods",
       [](Config& c) -> Ref { return &c.calendar.makeup_workday_periods; },
       "Whose periods a workday off the usual week works: a make-up workday (调休) on a weekend, or a local "
       "override.",
       0,
       0,
       {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}},
      {"calendar",
       "yellow_percent",
       [](Config& c) -> Ref { return &c.calendar.yellow_percent; },
       "Traffic light: a time limit turns from green to yellow once more than this percentage of it is used.",
       1,
       99,
       {}},
      {"calendar",
       "red_percent",
       [](Config& c) -> Ref { return &c.calendar.red_percent; },
       "Traffic light: a time limit turns red once more than this percentage of it is used (100: when it is "
       "overdue). Must exceed yellow_percent.",
       2,
       1000,
       {}},
      {"calendar",
       "refresh_interval_ms",
       [](Config& c) -> Ref { return &c.calendar.refresh_interval_ms; },
       "How often `serve` checks the database for calendar changes made by another process (urbangrid calendar "
       "import / override) and rebuilds its calendar without stopping. 0: never.",
       0,
       3'600'000,
       {}},
      {"routing",
       "fallback_limit_value",
       [](Config& c) -> Ref { return &c.routing.fallback_limit_value; },
       "Handling limit when no responsibility rule matches and the street office of the place is responsible "
       "(属地兜底); unit in fallback_limit_unit.",
       1,
       1'000'000,
       {}},
      {"routing",
       "fallback_limit_unit",
       [](Config& c) -> Ref { return &c.routing.fallback_limit_unit; },
       "Unit of fallback_limit_value.",
       0,
       0,
       {"natural_minutes", "natural_hours", "natural_days", "working_minutes", "working_hours", "working_days"}},
      {"cases",
       "accept_limit",
       [](Config& c) -> Ref { return &c.cases.accept_limit; },
       "Stage limit of 受理 (accept): a report waits this long for an operator. Written \"<amount> <unit>\", unit "
       "natural_* or working_*.",
       0,
       0,
       {},
       check_limit_text},
      {"cases",
       "verify_limit",
       [](Config& c) -> Ref { return &c.cases.verify_limit; },
       "Stage limit of 核实 (verify): a supervisor verifies a public report on site within this. Written \"<amount> "
       "<unit>\", unit natural_* or working_*.",
       0,
       0,
       {},
       check_limit_text},
      {"cases",
       "register_limit",
       [](Config& c) -> Ref { return &c.cases.register_limit; },
       "Stage limit of 立案 (register): the shift leader registers or declines within this. Written \"<amount> "
       "<unit>\", unit natural_* or working_*.",
       0,
       0,
       {},
       check_limit_text},
      {"cases",
       "dispatch_limit",
       [](Config& c) -> Ref { return &c.cases.dispatch_limit; },
       "Stage limit of 派遣 (dispatch): the dispatcher sends a registered case within this. Written \"<amount> "
       "<unit>\", unit natural_* or working_*.",
       0,
       0,
       {},
       check_limit_text},
      {"cases",
       "sign_limit",
       [](Config& c) -> Ref { return &c.cases.sign_limit; },
       "Stage limit of 签收 (sign): the department signs for a dispatched case within this. Written \"<amount> "
       "<unit>\", unit natural_* or working_*.",
       0,
       0,
       {},
       check_limit_text},
      {"cases",
       "check_limit",
       [](Config& c) -> Ref { return &c.cases.check_limit; },
       "Stage limit of 核查 (check): from the department's finish to the supervisor's check result. Written \"<amount> "
       "<unit>\", unit natural_* or working_*.",
       0,
       0,
       {},
       check_limit_text},
      {"cases",
       "close_limit",
       [](Config& c) -> Ref { return &c.cases.close_limit; },
       "Stage limit of 结案 (close): the shift leader closes a checked case within this. Written \"<amount> <unit>\", "
       "unit natural_* or working_*.",
       0,
       0,
       {},
       check_limit_text},
      {"cases",
       "rework_restarts_handling",
       [](Config& c) -> Ref { return &c.cases.rework_restarts_handling; },
       "A failed check (返工) starts a fresh handling limit; false: the handling clock stopped at the finish goes on.",
       0,
       0,
       {}},
      {"cases",
       "duplicate_radius_m",
       [](Config& c) -> Ref { return &c.cases.duplicate_radius_m; },
       "Open cases within this many metres of a new report are offered as possible duplicates.",
       1,
       10'000,
       {}},
      {"cases",
       "duplicate_radius_by_category",
       [](Config& c) -> Ref { return &c.cases.duplicate_radius_by_category; },
       "Per-category duplicate radius, e.g. \"06001=100,09002=20\" (matter code = metres).",
       0,
       0,
       {},
       [](const std::string& text) -> Result<void> { return parse_radius_map(text).map([](auto&&) {}); }},
      {"cases",
       "duplicate_window_hours",
       [](Config& c) -> Ref { return &c.cases.duplicate_window_hours; },
       "Only cases reported within this many hours are offered as duplicates.",
       1,
       24 * 365,
       {}},
      {"cases",
       "public_reports_per_minute_per_address",
       [](Config& c) -> Ref { return &c.cases.public_reports_per_minute_per_address; },
       "Public reports and ratings (no account) one client address may send per minute; more answer 429.",
       1,
       10'000,
       {}},
      {"cases",
       "public_reads_per_minute_per_address",
       [](Config& c) -> Ref { return &c.cases.public_reads_per_minute_per_address; },
       "Public progress look-ups by tracking code one client address may make per minute.",
       1,
       100'000,
       {}},
      {"attachments",
       "dir",
       [](Config& c) -> Ref { return &c.attachments.dir; },
       "Folder of uploaded photos, named by their SHA-256 (back it up with the database).",
       0,
       0,
       {}},
      {"attachments",
       "max_megabytes",
       [](Config& c) -> Ref { return &c.attachments.max_megabytes; },
       "Largest photo accepted, in MiB; larger uploads answer 413.",
       1,
       100,
       {}},
      {"attachments",
       "max_megapixels",
       [](Config& c) -> Ref { return &c.attachments.max_megapixels; },
       "Largest picture accepted, in millions of pixels (checked from the header, before decoding).",
       1,
       200,
       {}},
      {"attachments",
       "max_pixels_per_byte",
       [](Config& c) -> Ref { return &c.attachments.max_pixels_per_byte; },
       "Pixels a picture's header may claim per byte of its file (above ratio_exempt_megapixels); more is refused "
       "with 422 before decoding, as a decompression bomb. Phone photos are 2–6, an all-zero PNG ~1000.",
       1,
       1'000'000,
       {}},
      {"attachments",
       "ratio_exempt_megapixels",
       [](Config& c) -> Ref { return &c.attachments.ratio_exempt_megapixels; },
       "Pictures of at most this many millions of pixels are decoded whatever their pixels per byte.",
       0,
       200,
       {}},
      {"attachments",
       "decode_threads",
       [](Config& c) -> Ref { return &c.attachments.decode_threads; },
       "Threads that decode uploaded pictures, apart from the worker pool (at a lower CPU priority).",
       1,
       64,
       {}},
      {"attachments",
       "decode_queue",
       [](Config& c) -> Ref { return &c.attachments.decode_queue; },
       "Uploads that may wait for a decode thread; more answer 503 with Retry-After. decode_threads + decode_queue "
       "must stay below server.worker_threads, so that waiting uploads never hold every worker.",
       0,
       1000,
       {}},
      {"attachments",
       "decode_memory_megabytes",
       [](Config& c) -> Ref { return &c.attachments.decode_memory_megabytes; },
       "Memory budget of the decodes that run at once, in MiB (estimated from the header: ~8 bytes a pixel); a "
       "picture that alone needs more answers 422.",
       16,
       65'536,
       {}},
      {"attachments",
       "per_action",
       [](Config& c) -> Ref { return &c.attachments.per_action; },
       "Photos one report or action may carry.",
       1,
       50,
       {}},
      {"attachments",
       "thumbnail_side",
       [](Config& c) -> Ref { return &c.attachments.thumbnail_side; },
       "Longer side of thumbnails, in pixels.",
       32,
       1024,
       {}},
      {"attachments",
       "public_side",
       [](Config& c) -> Ref { return &c.attachments.public_side; },
       "Longer side of the public copy (no EXIF) shown on citizens' pages, in pixels.",
       256,
       8192,
       {}},
      {"attachments",
       "public_uploads_per_minute_per_address",
       [](Config& c) -> Ref { return &c.attachments.public_uploads_per_minute_per_address; },
       "Photos one client address may upload per minute without an account; more answer 429.",
       1,
       10'000,
       {}},
      {"evaluation",
       "weights_file",
       [](Config& c) -> Ref { return &c.evaluation.weights_file; },
       "Optional TOML file of the composite's weights and count bands per evaluated kind ([department.weights] "
       "handle_rate = 30 …; [department.bands] overdue_unhandled = [[0, 100], [1, 90]]), read at start. Weights "
       "an administrator sets through the API take precedence; kinds in neither use the defaults of "
       "docs/evaluation.md.",
       0,
       0,
       {}},
      {"map",
       "tile_url",
       [](Config& c) -> Ref { return &c.map.tile_url; },
       "Tile URL template of the web UI's base map ({z}/{x}/{y}, Leaflet's form; {s} for subdomains): a city's own "
       "tile server or 天地图's WMTS with its key. Empty: the maps draw the grids and the district and street "
       "outlines without a base map (no request leaves the network).",
       0,
       0,
       {}},
      {"map",
       "tile_attribution",
       [](Config& c) -> Ref { return &c.map.tile_attribution; },
       "The base map's attribution shown in the map's corner (its terms usually require one).",
       0,
       0,
       {}},
      {"map",
       "tile_max_zoom",
       [](Config& c) -> Ref { return &c.map.tile_max_zoom; },
       "The deepest zoom level the tile server offers.",
       1,
       22,
       {}},
      {"webhooks",
       "dispatch_interval_ms",
       [](Config& c) -> Ref { return &c.webhooks.dispatch_interval_ms; },
       "How often the server posts due webhook deliveries; 0 stops posting (they wait in the outbox).",
       0,
       3'600'000,
       {}},
      {"webhooks",
       "light_scan_interval_ms",
       [](Config& c) -> Ref { return &c.webhooks.light_scan_interval_ms; },
       "How often open cases are checked for deadlines turning yellow or red (each crossing notifies once).",
       0,
       3'600'000,
       {}},
      {"webhooks",
       "timeout_ms",
       [](Config& c) -> Ref { return &c.webhooks.timeout_ms; },
       "Longest wait for a receiver (connect, send, its status line); longer counts as a failed attempt.",
       100,
       120'000,
       {}},
      {"webhooks",
       "max_attempts",
       [](Config& c) -> Ref { return &c.webhooks.max_attempts; },
       "Attempts before a delivery is given up as dead (listed under its subscription).",
       1,
       100,
       {}},
      {"webhooks",
       "first_retry_ms",
       [](Config& c) -> Ref { return &c.webhooks.first_retry_ms; },
       "Wait before the first retry; it doubles after each failed attempt.",
       10,
       3'600'000,
       {}},
      {"webhooks",
       "max_retry_ms",
       [](Config& c) -> Ref { return &c.webhooks.max_retry_ms; },
       "Longest wait between two attempts.",
       10,
       86'400'000,
       {}},
      {"webhooks",
       "allowed_targets",
       [](Config& c) -> Ref { return &c.webhooks.allowed_targets; },
       "Comma-separated CIDR blocks (\"127.0.0.1/32, 10.20.0.0/16\") of internal addresses that may receive "
       "webhooks. Loopback, private (RFC 1918), link-local (cloud metadata), CGNAT, unique-local and other "
       "non-public addresses are refused unless listed; every address a receiver's host resolves to is checked at "
       "subscription and at each delivery.",
       0,
       0,
       {},
       [](const std::string& text) -> Result<void> {
         auto parsed = http::WebhookTargets::parse(text);
         if (!parsed) return tl::unexpected(parsed.error());
         return {};
       }},
      {"metrics",
       "token",
       [](Config& c) -> Ref { return &c.metrics.token; },
       "Bearer token `GET /metrics` requires (Prometheus: `authorization: {credentials: …}`), compared in "
       "constant time; at least 16 characters. Empty: /metrics answers 404 (the figures describe the "
       "deployment and are not for everyone).",
       0,
       0,
       {},
       [](const std::string& text) -> Result<void> {
         if (!text.empty() && text.size() < 16) return fail(ErrorCode::validation_failed, "令牌至少 16 个字符");
         return {};
       }},
      {"retention",
       "audit_days",
       [](Config& c) -> Ref { return &c.retention.audit_days; },
       "Days the audit log is kept; older entries are deleted. 网络安全法 §21 requires network logs be kept "
       "at least six months, hence the minimum.",
       180,
       36'500,
       {}},
      {"retention",
       "reporter_phone_days",
       [](Config& c) -> Ref { return &c.retention.reporter_phone_days; },
       "Days after a case closes that its reporter's phone number is kept for call-backs; then it is erased "
       "(个人信息保护法 §19: no longer than the purpose needs). 0 keeps them.",
       0,
       36'500,
       {}},
      {"retention",
       "interval_ms",
       [](Config& c) -> Ref { return &c.retention.interval_ms; },
       "How often the server erases what the two retention periods expired, each run in the audit log; 0 never.",
       0,
       86'400'000,
       {}},
      {"log",
       "level",
       [](Config& c) -> Ref { return &c.log.level; },
       "Least severe level written.",
       0,
       0,
       {"trace", "debug", "info", "warn", "error", "critical", "off"}},
      {"log",
       "format",
       [](Config& c) -> Ref { return &c.log.format; },
       "text: one readable line per event; json: one JSON object per line, for log collectors.",
       0,
       0,
       {"text", "json"}},
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

Result<void> check_value(const KeyDef& def, const Ref& ref, std::string_view origin) {
  if (const auto* i = std::get_if<int*>(&ref); i && (def.min != 0 || def.max != 0)) {
    if (**i < def.min || **i > def.max) {
      return fail(ErrorCode::validation_failed, fmt::format("配置项 {}（来自{}）的值 {} 超出范围 {}…{}", def.dotted(),
                                                            origin, **i, def.min, def.max));
    }
  }
  if (const auto* s = std::get_if<std::string*>(&ref); s && !def.choices.empty()) {
    if (std::find(def.choices.begin(), def.choices.end(), **s) == def.choices.end()) {
      std::string allowed;
      for (const auto c : def.choices) allowed += (allowed.empty() ? "" : ", ") + std::string(c);
      return fail(ErrorCode::validation_failed,
                  fmt::format("配置项 {}（来自{}）的值 \"{}\" 无效，可选：{}", def.dotted(), origin, **s, allowed));
    }
  }
  if (const auto* s = std::get_if<std::string*>(&ref); s && def.check_text) {
    if (auto checked = def.check_text(**s); !checked) {
      return fail(ErrorCode::validation_failed,
                  fmt::format("配置项 {}（来自{}）：{}", def.dotted(), origin, checked.error().message));
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
      return fail(ErrorCode::validation_failed,
                  fmt::format("配置项 {}（来自{}）需要整数，收到 \"{}\"", def.dotted(), origin, text));
    }
    **i = value;
  } else if (auto* b = std::get_if<bool*>(&ref)) {
    if (text == "true" || text == "1" || text == "yes" || text == "on") {
      **b = true;
    } else if (text == "false" || text == "0" || text == "no" || text == "off") {
      **b = false;
    } else {
      return fail(ErrorCode::validation_failed,
                  fmt::format("配置项 {}（来自{}）需要 true 或 false，收到 \"{}\"", def.dotted(), origin, text));
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
        return fail(ErrorCode::validation_failed, fmt::format("配置项 {}（来自{}）的值过大", def.dotted(), origin));
      }
      **i = static_cast<int>(v);
    } else if (auto* b = std::get_if<bool*>(&ref)) {
      **b = toml::get<bool>(value);
    } else {
      *std::get<std::string*>(ref) = toml::get<std::string>(value);
    }
  } catch (const toml::type_error&) {
    return fail(ErrorCode::validation_failed,
                fmt::format("配置项 {}（来自{}）需要{}类型的值", def.dotted(), origin, type_name(ref)));
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
    return fail(ErrorCode::validation_failed, fmt::format("无法读取配置文件 {}：{}", path.string(), e.what()));
  }
  const std::string origin = "文件 " + path.string();
  if (!root.is_table()) return fail(ErrorCode::validation_failed, origin + " 不是 TOML 表");
  for (const auto& [section, table] : root.as_table()) {
    if (!table.is_table()) {
      return fail(ErrorCode::validation_failed, fmt::format("{}：顶层的 {} 应是一个 [节]", origin, section));
    }
    for (const auto& [key, value] : table.as_table()) {
      const auto dotted = section + "." + key;
      const KeyDef* def = find_key(dotted);
      if (def == nullptr) {
        return fail(ErrorCode::validation_failed, fmt::format("{}：未知的配置项 {}", origin, dotted));
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
      return fail(ErrorCode::validation_failed, "配置文件不存在：" + file->string());
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
    if (def == nullptr) return fail(ErrorCode::validation_failed, "未知的配置项 " + dotted);
    UG_TRY(set_from_text(*def, loaded.config, value, "命令行"));
    loaded.sources[dotted] = ConfigSource::flag;
  }
  if (loaded.config.calendar.red_percent <= loaded.config.calendar.yellow_percent) {
    return fail(ErrorCode::validation_failed, "配置项 calendar.red_percent 必须大于 calendar.yellow_percent");
  }
  if (const auto& a = loaded.config.attachments;
      a.decode_threads + a.decode_queue >= loaded.config.server.worker_threads) {
    return fail(ErrorCode::validation_failed,
                "配置项 attachments.decode_threads 与 attachments.decode_queue 之和必须小于 server.worker_threads，"
                "否则等待解码的上传可能占满全部工作线程");
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
