// The `urbangrid` binary: command-line parsing (CLI11) and dispatch to the subcommands.
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "access/permissions.hpp"
#include "app/account_commands.hpp"
#include "app/calendar_commands.hpp"
#include "app/case_commands.hpp"
#include "app/category_commands.hpp"
#include "app/commands.hpp"
#include "app/config.hpp"
#include "app/evaluation_commands.hpp"
#include "app/gazetteer_commands.hpp"
#include "app/grid_commands.hpp"
#include "app/logging.hpp"
#include "app/routing_commands.hpp"
#include "app/tls_commands.hpp"
#include "calendar/work_calendar.hpp"
#include "core/build_info.hpp"
#include "core/clock.hpp"
#include "evaluation/composite.hpp"
#include "workflow/process.hpp"
#include "workflow/workflow.hpp"

namespace {

using ug::app::kExitFailure;
using ug::app::kExitOk;
using ug::app::kExitUsage;

// DOMAIN.md §11: the process clock as testing.* says; a moved clock is said loudly, once.
void start_process_clock(const ug::app::Config::Testing& testing) {
  auto& clock = ug::process_clock();
  clock.configure(testing.enabled, std::int64_t{testing.clock_offset_seconds} * 1000);
  if (!testing.clock_start.empty()) clock.set_now(*ug::calendar::parse_iso8601(testing.clock_start) * 1000);
  if (testing.enabled) {
    spdlog::warn("TEST DEPLOYMENT (testing.enabled): the clock may be moved; it runs {} s from real time, now {}",
                 clock.offset_ms() / 1000, ug::format_iso8601_utc(clock.now()));
  }
}

int run(int argc, char** argv) {
  CLI::App app{
      "UrbanGrid — 城市运行管理服务平台 (digital urban management).\n"
      "Reports become cases on the grid, routed, timed in working hours, checked, closed and evaluated.",
      "urbangrid"};
  app.require_subcommand(1);
  app.fallthrough();  // global options may follow the subcommand: `urbangrid backup --db X --out Y`

  std::string config_file;
  std::vector<std::string> sets;
  std::string db, host, static_dir, log_level, log_format;
  int port = -1, io_threads = -1, worker_threads = -1;
  app.add_option("--config", config_file,
                 "TOML configuration file (default: $URBANGRID_CONFIG, else ./urbangrid.toml)");
  app.add_option("--set", sets, "Override any key: --set server.port=9090 (repeatable)");
  app.add_option("--db", db, "Database: a SQLite path, sqlite:PATH, or postgresql://user@host:port/db");
  app.add_option("--host", host, "Listen address (server.host)");
  app.add_option("--port", port, "Listen port (server.port)");
  app.add_option("--static-dir", static_dir, "Directory of the built web UI (server.static_dir)");
  app.add_option("--io-threads", io_threads, "I/O threads (server.io_threads)");
  app.add_option("--worker-threads", worker_threads, "Worker threads for blocking work (server.worker_threads)");
  app.add_option("--log-level", log_level, "trace, debug, info, warn, error (log.level)");
  app.add_option("--log-format", log_format, "text or json (log.format)");

  auto* serve = app.add_subcommand("serve", "Serve the web UI and the REST API (applies migrations first)");
  std::string port_file;
  serve->add_option("--port-file", port_file,
                    "Write the port actually bound here once listening (with --port 0: how a script learns it)");
  auto* migrate = app.add_subcommand("migrate", "Apply pending database migrations and print the schema version");
  std::string backup_out;
  auto* backup = app.add_subcommand("backup", "Write a consistent backup while the server keeps running");
  backup->add_option("--out", backup_out, "Backup file to write (SQLite database file, or pg_dump custom format)")
      ->required();
  std::string restore_from;
  auto* restore = app.add_subcommand("restore", "Replace the database's content by a backup (stop the server first)");
  restore->add_option("--from", restore_from, "Backup file made by `urbangrid backup`")
      ->required()
      ->check(CLI::ExistingFile);
  auto* grid = app.add_subcommand("grid", "Unit grids: import, export, locate points");
  grid->require_subcommand(1);
  std::string grid_file, grid_out;
  ug::catalog::GridImportOptions import_options;
  auto* grid_import = grid->add_subcommand("import", "Import unit grids from a GeoJSON FeatureCollection");
  grid_import->add_option("FILE", grid_file, "GeoJSON file (Polygon or MultiPolygon features)")
      ->required()
      ->check(CLI::ExistingFile);
  grid_import->add_option("--code-property", import_options.code_property, "Feature property holding the grid code")
      ->required();
  grid_import->add_option("--name-property", import_options.name_property, "Feature property holding the grid name");
  grid_import->add_flag("--repair", import_options.repair,
                        "Close open rings, drop degenerate parts, apply GEOS MakeValid (each change reported)");
  grid_import->add_flag("--strict", import_options.strict,
                        "Treat warnings as errors and write nothing if anything is wrong");
  auto* grid_export = grid->add_subcommand("export", "Write every unit grid as GeoJSON");
  grid_export->add_option("--out", grid_out, "File to write (default: standard output)");
  auto* grid_group = grid->add_subcommand("group", "Responsibility grids: named sets of unit grids");
  grid_group->require_subcommand(1);
  std::string group_name, group_description;
  std::vector<std::string> group_codes, group_prefixes;
  auto* group_create = grid_group->add_subcommand("create", "Create a responsibility grid");
  group_create->add_option("--name", group_name, "Name, e.g. 古槐街道第一责任网格")->required();
  group_create->add_option("--description", group_description, "Who patrols it, or why");
  group_create->add_option("--code", group_codes, "A unit grid code (repeatable)");
  group_create->add_option("--prefix", group_prefixes, "Every unit grid whose code starts with this (repeatable)");
  auto* group_list = grid_group->add_subcommand("list", "List responsibility grids");
  auto* grid_locate = grid->add_subcommand(
      "locate", "Read id,lon,lat lines on stdin, write id,grid_code (empty outside all grids) in input order");
  auto* places = app.add_subcommand("places", "The address gazetteer: import roads and addresses, find, name points");
  places->require_subcommand(1);
  ug::app::PlaceImportArgs place_args;
  const auto import_flags = [&place_args](CLI::App* command) {
    command->add_flag("--dry-run", place_args.dry_run, "Check the file and report, write nothing");
    command->add_flag("--replace", place_args.replace,
                      "Replace everything stored instead of adding to it (a clean file only, as --strict)");
    command->add_flag("--strict", place_args.strict, "Write nothing if any row is refused or duplicated");
  };
  auto* places_roads = places->add_subcommand("import-roads", "Import road centre lines (GeoJSON lines with names)");
  places_roads->add_option("FILE", place_args.file, "GeoJSON FeatureCollection of LineString/MultiLineString")
      ->required()
      ->check(CLI::ExistingFile);
  places_roads->add_option("--name-property", place_args.name_property, "Feature property holding the road name");
  places_roads->add_option("--aliases-property", place_args.aliases_property,
                           "Feature property holding other names (an array, or text split on 、 , ;)");
  import_flags(places_roads);
  auto* places_addresses =
      places->add_subcommand("import-addresses", "Import address points (CSV, or GeoJSON points by extension)");
  places_addresses->add_option("FILE", place_args.file, "CSV with a header row, or .geojson")
      ->required()
      ->check(CLI::ExistingFile);
  places_addresses->add_option("--column", place_args.columns,
                               "field=column, e.g. road=路名 (fields: road number building community lon lat)");
  import_flags(places_addresses);
  std::string place_text;
  int place_limit = 10;
  auto* places_find = places->add_subcommand("find", "Candidates for a typed address, best first");
  places_find->add_option("ADDRESS", place_text, "e.g. 育才路12号")->required();
  places_find->add_option("--limit", place_limit, "At most this many")->check(CLI::Range(1, 50));
  double place_lon = 0, place_lat = 0;
  auto* places_name = places->add_subcommand("name", "The nearest address or road to a point");
  places_name->add_option("LON", place_lon, "Longitude")->required()->check(CLI::Range(-180.0, 180.0));
  places_name->add_option("LAT", place_lat, "Latitude")->required()->check(CLI::Range(-90.0, 90.0));
  auto* tls = app.add_subcommand("tls", "HTTPS certificates");
  tls->require_subcommand(1);
  ug::app::SelfSignedArgs tls_args;
  auto* tls_self_signed = tls->add_subcommand(
      "self-signed", "Make a self-signed certificate and key for a pilot on a LAN (browsers warn until it is trusted)");
  tls_self_signed->add_option("--out", tls_args.out_dir, "Directory for cert.pem and key.pem (default var/tls)");
  tls_self_signed->add_option("--name", tls_args.names,
                              "Host name or IP address the server is reached by (repeatable); localhost and "
                              "127.0.0.1 are always included");
  tls_self_signed->add_option("--days", tls_args.days, "Validity in days")->check(CLI::Range(1, 3650));
  auto* division = app.add_subcommand("division", "Administrative divisions");
  division->require_subcommand(1);
  std::string division_dir, division_within;
  auto* division_import = division->add_subcommand(
      "import", "Import divisions from provinces.csv, cities.csv, areas.csv, streets.csv [, communities.csv]");
  division_import->add_option("--from", division_dir, "Directory of the CSV files (e.g. data/divisions)")
      ->required()
      ->check(CLI::ExistingDirectory);
  division_import->add_option("--within", division_within,
                              "Only this division code, its ancestors and descendants (e.g. 3708)");
  auto* category = app.add_subcommand("category", "The category directory (GB/T 47678.5-2026 and local)");
  category->require_subcommand(1);
  ug::app::CategoryCommand category_args;
  auto* category_list = category->add_subcommand("list", "List or search categories");
  category_list->add_option("--kind", category_args.kind, "component or matter");
  category_list->add_option("--q", category_args.query, "Code prefix, or text in a name, major class or synonym");
  category_list->add_flag("--all", category_args.include_disabled, "Include disabled categories");
  auto* category_add = category->add_subcommand("add", "Add a local category (minor class 900-999)");
  category_add->add_option("--kind", category_args.kind, "component or matter")->required();
  category_add->add_option("--code", category_args.code, "5 digits, e.g. 06901")->required();
  category_add->add_option("--name", category_args.name, "Name")->required();
  auto* category_set = category->add_subcommand("set", "Change a category's settings");
  category_set->add_option("--kind", category_args.kind, "component or matter")->required();
  category_set->add_option("--code", category_args.code, "5-digit code")->required();
  category_set->add_flag("--enable", category_args.enable, "Enable the category");
  category_set->add_flag("--disable", category_args.disable, "Disable the category (hidden from pickers)");
  category_set->add_option("--synonyms", category_args.synonyms, "Search keywords, comma-separated (replaces)");
  category_set->add_option("--register-condition", category_args.register_condition, "立案条件 text");
  category_set->add_option("--close-condition", category_args.close_condition, "结案条件 text");
  auto* org = app.add_subcommand("org", "Organisation units (centres, departments, street offices)");
  org->require_subcommand(1);
  ug::app::OrgCommand org_args;
  auto* org_add = org->add_subcommand("add", "Add or update an organisation unit");
  org_add->add_option("--id", org_args.id, "Stable short id, e.g. HW-370811")->required();
  org_add->add_option("--name", org_args.name, "Name, e.g. 任城区环卫处")->required();
  org_add->add_option("--kind", org_args.kind, "supervision_centre, command_centre, department, street_office or other")
      ->required();
  org_add->add_option("--parent", org_args.parent, "Parent unit id");
  org_add->add_option("--street", org_args.street, "For a street office: the 9-digit street it serves");
  auto* rule = app.add_subcommand("rule", "The responsibility matrix (权责清单)");
  rule->require_subcommand(1);
  ug::app::RuleCommand rule_args;
  auto* rule_add = rule->add_subcommand("add", "Add a responsibility rule");
  rule_add->add_option("--department", rule_args.department, "Responsible unit id")->required();
  rule_add->add_option("--matter", rule_args.matter, "5-digit matter category (or use --major)");
  rule_add->add_option("--major", rule_args.major, "2-digit major class (omit both for any category)");
  rule_add->add_option("--area", rule_args.area,
                       "District (6), street (9), community (12) or grid code; omit: anywhere");
  rule_add->add_option("--urgency", rule_args.urgency, "normal, urgent or critical; omit: any");
  rule_add->add_option("--limit", rule_args.limit, "Handling limit")->required();
  rule_add->add_option("--unit", rule_args.unit, "working_hours, working_days, natural_hours …")->required();
  auto* rule_list = rule->add_subcommand("list", "List the rules");
  auto* routing = app.add_subcommand("routing", "Which department a case goes to");
  routing->require_subcommand(1);
  ug::app::SuggestCommand suggest_args;
  auto* routing_suggest = routing->add_subcommand("suggest", "Suggest the responsible unit for a category at a point");
  routing_suggest->add_option("--category", suggest_args.category, "5-digit matter category")->required();
  routing_suggest->add_option("--lon", suggest_args.lon, "Longitude")->required();
  routing_suggest->add_option("--lat", suggest_args.lat, "Latitude")->required();
  routing_suggest->add_option("--urgency", suggest_args.urgency, "normal, urgent or critical");
  auto* component = app.add_subcommand("component", "The component (部件) inventory");
  component->require_subcommand(1);
  std::string component_file, component_out;
  auto* component_import = component->add_subcommand(
      "import",
      "Import components: GeoJSON Point features, or .csv, with the GB/T 47678.5 abbreviations (GLBJBSM, GLBJMC, "
      "ZGBMDM …; CSV adds LON, LAT)");
  component_import->add_option("FILE", component_file, "GeoJSON file")->required()->check(CLI::ExistingFile);
  auto* component_export = component->add_subcommand("export", "Write the inventory as GeoJSON");
  component_export->add_option("--out", component_out, "File to write, .geojson or .csv (default: GeoJSON on stdout)");
  auto* calendar = app.add_subcommand(
      "calendar", "The work calendar: deadlines in working time, workdays, new years, local overrides");
  calendar->require_subcommand(1);
  ug::app::DueCommand due_args;
  std::string calendar_date;
  auto* calendar_due = calendar->add_subcommand("due", "The instant a time limit ends");
  calendar_due->add_option("--from", due_args.from, "Start, ISO 8601 with offset (2026-11-23T08:30:00+08:00)")
      ->required();
  calendar_due->add_option("--working-minutes", due_args.working_minutes, "Limit in working minutes");
  calendar_due->add_option("--working-hours", due_args.working_hours, "Limit in working hours");
  calendar_due->add_option("--working-days", due_args.working_days, "Limit in working days (x standard_day_minutes)");
  calendar_due->add_option("--natural-minutes", due_args.natural_minutes, "Limit in natural minutes");
  calendar_due->add_option("--natural-hours", due_args.natural_hours, "Limit in natural hours");
  calendar_due->add_option("--natural-days", due_args.natural_days, "Limit in natural days");
  calendar_due->add_option("--at", due_args.at, "Also read the clock at this instant: light, used, remaining");
  auto* calendar_is_workday = calendar->add_subcommand("is-workday", "workday or offday, and why");
  calendar_is_workday->add_option("DATE", calendar_date, "YYYY-MM-DD")->required();
  std::filesystem::path calendar_file;
  auto* calendar_import = calendar->add_subcommand(
      "import",
      "Import a year of national holidays (holiday-cn JSON, e.g. 2027.json once the State Council publishes it)");
  calendar_import->add_option("FILE", calendar_file, "YYYY.json")->required()->check(CLI::ExistingFile);
  ug::app::OverrideCommand override_args;
  auto* calendar_override =
      calendar->add_subcommand("override", "Make a date a local workday or day off, or remove such an override");
  calendar_override->add_option("--date", override_args.date, "YYYY-MM-DD")->required();
  calendar_override->add_flag("--workday", override_args.workday, "The date works (the weekday's periods)");
  calendar_override->add_flag("--offday", override_args.offday, "The date is off");
  calendar_override->add_flag("--remove", override_args.remove, "Back to the national calendar");
  calendar_override->add_option("--reason", override_args.reason, "Why, shown with the date (e.g. 防汛值守)");
  auto* calendar_overrides = calendar->add_subcommand("overrides", "List the local overrides");

  auto* cases =
      app.add_subcommand("cases", "Case maintenance: rebuild the rows of cases and every process from their events");
  cases->require_subcommand(1);
  bool rebuild_repair = false;
  auto* cases_rebuild = cases->add_subcommand("rebuild",
                                              "Fold the events of every case and process item (督办 …) again and "
                                              "compare with its row; exit 1 on any difference");
  cases_rebuild->add_flag("--repair", rebuild_repair, "Also write the rebuilt rows");
  auto* user = app.add_subcommand("user", "User accounts (roles, data scopes)");
  user->require_subcommand(1);
  ug::app::UserAddCommand user_args;
  auto* user_add = user->add_subcommand("add", "Add a user");
  user_add->add_option("--username", user_args.username, "Sign-in name")->required();
  user_add->add_option("--display-name", user_args.display_name, "Name shown to others");
  user_add
      ->add_option("--role", user_args.roles,
                   "supervisor, operator, shift_leader, dispatcher, handler, leader, admin, integration, citizen "
                   "(repeat for several)")
      ->required();
  user_add->add_option("--org", user_args.org, "Organisation unit id");
  user_add->add_option("--scope", user_args.scopes, "Region scope: a division or grid code prefix, or * (repeatable)");
  user_add->add_option("--department", user_args.departments,
                       "Department scope for handlers: an org unit id (repeatable)");
  user_add->add_flag("--password-stdin", user_args.password_stdin, "Read the password from the first line of stdin");
  user_add->add_flag("--no-password", user_args.no_password, "No password: the account signs in with API tokens only");
  std::string bootstrap_name = "admin";
  auto* user_bootstrap = user->add_subcommand(
      "bootstrap", "Create the first administrator if there is no user; print its one-time password");
  user_bootstrap->add_option("--username", bootstrap_name, "Name of the administrator");
  auto* token = app.add_subcommand("token", "API tokens for systems and scripts");
  token->require_subcommand(1);
  ug::app::TokenCreateCommand token_args;
  auto* token_create = token->add_subcommand("create", "Create an API token; it is printed once");
  token_create->add_option("--username", token_args.username, "The user the token acts as")->required();
  token_create->add_option("--name", token_args.name, "A label, e.g. 12345 平台")->required();
  token_create->add_option("--scope", token_args.scopes, "Region scope narrowing the user's (repeatable)");
  token_create->add_option("--channel", token_args.channel, "For integration accounts: the channel its reports carry");
  token_create->add_option("--expires", token_args.expires_days, "Days until it expires (default: never)");
  auto* demo = app.add_subcommand("demo", "The demo city (济宁市任城区)");
  demo->require_subcommand(1);
  std::string demo_data = "data";
  auto* demo_create = demo->add_subcommand("create", "Build the demo city on a new database");
  demo_create->add_option("--data", demo_data, "The project's data/ directory")->check(CLI::ExistingDirectory);
  auto* demo_simulate = demo->add_subcommand(
      "simulate", "Write a realistic history of cases into the demo city (deterministic per seed)");
  ug::app::SimulateArgs simulate_args;
  demo_simulate->add_option("--cases", simulate_args.cases, "How many cases")->check(CLI::Range(0, 100'000'000));
  demo_simulate->add_option("--from", simulate_args.from, "First local date reported, YYYY-MM-DD")->required();
  demo_simulate->add_option("--to", simulate_args.to, "Last local date reported, YYYY-MM-DD")->required();
  demo_simulate->add_option("--seed", simulate_args.seed, "The same seed gives the same history");
  bool demo_without_staff = false;
  demo_create->add_flag("--without-staff", demo_without_staff,
                        "Do not add the demo accounts (one per role, password urbangrid-demo)");
  auto* evaluate = app.add_subcommand("evaluate", "A period's evaluation (考评) of one kind as CSV, JSON or .xlsx");
  ug::app::EvaluateArgs evaluate_args;
  evaluate->add_option("--kind", evaluate_args.kind,
                       "region, department, supervisor, operator, shift_leader, dispatcher; all (xlsx only)");
  evaluate->add_option("--from", evaluate_args.from, "First local date YYYY-MM-DD (or an ISO 8601 instant)");
  evaluate->add_option("--to", evaluate_args.to, "Last local date YYYY-MM-DD, included (or an instant, excluded)");
  evaluate->add_option("--at", evaluate_args.at, "Evaluation instant (default: the end of the period, or now)");
  evaluate->add_option("--level", evaluate_args.level, "Regions: district (default), street, community or grid");
  evaluate->add_option("--format", evaluate_args.format, "csv (default), json or xlsx");
  evaluate->add_option("--out", evaluate_args.out, "Write to this file instead of standard output");
  evaluate->add_flag("--recompute", evaluate_args.recompute,
                     "First rebuild the running totals from the stored events (alone: only rebuild them)");
  evaluate->add_flag("--from-events", evaluate_args.from_events,
                     "Fold the stored events instead of reading the running totals (slower; for checking)");
  auto* version = app.add_subcommand("version", "Print the version and exit");
  auto* workflow_docs = app.add_subcommand(
      "workflow",
      "The processes in Markdown: their list (docs/workflow.md), or one's table (docs/processes/<name>.md)");
  std::string process_name;
  workflow_docs->add_option("process", process_name, "case, supervision …; none: the list of processes");
  auto* permissions =
      app.add_subcommand("permissions", "The role x permission table in Markdown (docs/permissions.md)");
  auto* indicators_docs = app.add_subcommand(
      "indicators", "The evaluation indicators, default weights and bands in Markdown (docs/evaluation.md)");
  auto* config = app.add_subcommand("config", "Show or document the configuration");
  config->require_subcommand(1);
  auto* config_show = config->add_subcommand("show", "Effective configuration and where each value came from");
  auto* config_example = config->add_subcommand("example", "A complete urbangrid.toml with every default");
  auto* config_docs = config->add_subcommand("docs", "The configuration reference in Markdown (docs/configuration.md)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  if (*version) {
    const auto& b = ug::build_info();
    std::printf("urbangrid %.*s (%.*s, %.*s)\n", static_cast<int>(b.version.size()), b.version.data(),
                static_cast<int>(b.commit.size()), b.commit.data(), static_cast<int>(b.compiler.size()),
                b.compiler.data());
    return kExitOk;
  }
  if (*config_example) {
    std::cout << ug::app::config_example_toml();
    return kExitOk;
  }
  if (*config_docs) {
    std::cout << ug::app::config_documentation();
    return kExitOk;
  }
  if (*workflow_docs) {
    if (process_name.empty()) {
      std::cout << ug::workflow::processes_index();
      return kExitOk;
    }
    const auto* process = ug::workflow::find_process(process_name);
    if (process == nullptr) {
      std::cerr << "urbangrid workflow: 没有这个流程：" << process_name << "\n";
      return kExitUsage;
    }
    std::cout << ug::workflow::process_documentation(*process);
    return kExitOk;
  }
  if (*permissions) {
    std::cout << ug::access::permissions_documentation();
    return kExitOk;
  }
  if (*indicators_docs) {
    std::cout << ug::evaluation::evaluation_documentation();
    return kExitOk;
  }

  ug::app::ConfigInputs inputs;
  if (!config_file.empty()) inputs.file = config_file;
  for (const auto& s : sets) {
    const auto eq = s.find('=');
    if (eq == std::string::npos) {
      std::cerr << "--set needs section.key=value, got: " << s << "\n";
      return kExitUsage;
    }
    inputs.flags.emplace_back(s.substr(0, eq), s.substr(eq + 1));
  }
  if (!db.empty()) inputs.flags.emplace_back("database.url", db);
  if (!host.empty()) inputs.flags.emplace_back("server.host", host);
  if (port >= 0) inputs.flags.emplace_back("server.port", std::to_string(port));
  if (!static_dir.empty()) inputs.flags.emplace_back("server.static_dir", static_dir);
  if (io_threads >= 0) inputs.flags.emplace_back("server.io_threads", std::to_string(io_threads));
  if (worker_threads >= 0) inputs.flags.emplace_back("server.worker_threads", std::to_string(worker_threads));
  if (!log_level.empty()) inputs.flags.emplace_back("log.level", log_level);
  if (!log_format.empty()) inputs.flags.emplace_back("log.format", log_format);

  auto loaded = ug::app::load_config(inputs);
  if (!loaded) {
    std::cerr << "urbangrid: " << loaded.error().public_message() << "\n";
    return kExitUsage;
  }
  if (*config_show) {
    std::cout << ug::app::describe_config(*loaded);
    return kExitOk;
  }
  const auto& log = loaded->config.log;
  if (auto ok =
          ug::app::setup_logging(log.level, log.format == "json" ? ug::app::LogFormat::json : ug::app::LogFormat::text);
      !ok) {
    std::cerr << "urbangrid: " << ok.error().public_message() << "\n";
    return kExitUsage;
  }

  start_process_clock(loaded->config.testing);

  if (*serve) return ug::app::serve_command(*loaded, port_file);
  if (*tls_self_signed) return ug::app::tls_self_signed_command(tls_args);
  if (*migrate) return ug::app::migrate_command(*loaded);
  if (*backup) return ug::app::backup_command(*loaded, backup_out);
  if (*restore) return ug::app::restore_command(*loaded, restore_from);
  if (*grid_import) return ug::app::grid_import_command(*loaded, grid_file, import_options);
  if (*grid_export) {
    return ug::app::grid_export_command(
        *loaded, grid_out.empty() ? std::nullopt : std::optional<std::filesystem::path>(grid_out));
  }
  if (*grid_locate) return ug::app::grid_locate_command(*loaded);
  if (*group_create) {
    return ug::app::grid_group_create_command(*loaded, group_name, group_description, group_codes, group_prefixes);
  }
  if (*group_list) return ug::app::grid_group_list_command(*loaded);
  if (*places_roads) return ug::app::place_import_roads_command(*loaded, place_args);
  if (*places_addresses) return ug::app::place_import_addresses_command(*loaded, place_args);
  if (*places_find) return ug::app::place_find_command(*loaded, place_text, place_limit);
  if (*places_name) return ug::app::place_name_command(*loaded, place_lon, place_lat);
  if (*division_import) return ug::app::division_import_command(*loaded, division_dir, division_within);
  if (*category_list) return ug::app::category_list_command(*loaded, category_args);
  if (*org_add) return ug::app::org_add_command(*loaded, org_args);
  if (*rule_add) return ug::app::rule_add_command(*loaded, rule_args);
  if (*rule_list) return ug::app::rule_list_command(*loaded);
  if (*routing_suggest) return ug::app::routing_suggest_command(*loaded, suggest_args);
  if (*demo_create) return ug::app::demo_create_command(*loaded, demo_data, !demo_without_staff);
  if (*demo_simulate) return ug::app::demo_simulate_command(*loaded, simulate_args);
  if (*calendar_due) return ug::app::calendar_due_command(*loaded, due_args);
  if (*calendar_is_workday) return ug::app::calendar_is_workday_command(*loaded, calendar_date);
  if (*user_add) return ug::app::user_add_command(*loaded, user_args);
  if (*user_bootstrap) return ug::app::user_bootstrap_command(*loaded, bootstrap_name);
  if (*token_create) return ug::app::token_create_command(*loaded, token_args);
  if (*calendar_import) return ug::app::calendar_import_command(*loaded, calendar_file);
  if (*calendar_override) return ug::app::calendar_override_command(*loaded, override_args);
  if (*calendar_overrides) return ug::app::calendar_overrides_command(*loaded);
  if (*cases_rebuild) return ug::app::cases_rebuild_command(*loaded, rebuild_repair);
  if (*evaluate) return ug::app::evaluate_command(*loaded, evaluate_args);
  if (*component_import) return ug::app::component_import_command(*loaded, component_file);
  if (*component_export) return ug::app::component_export_command(*loaded, component_out);
  if (*category_add) return ug::app::category_add_command(*loaded, category_args);
  if (*category_set) return ug::app::category_set_command(*loaded, category_args);
  return kExitUsage;
}

}  // namespace

int main(int argc, char** argv) {
  int code = kExitFailure;
  try {
    code = run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "urbangrid: internal error: %s\n", e.what());
  }
  ug::app::shutdown_logging();
  return code;
}
