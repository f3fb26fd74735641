// Load for the case benchmarks (issue 6, docs/performance.md), driven by bench/case_intake.sh and
// bench/case_queue.sh:
//
//   case_load intake --port P --token T --places DB --messages TSV --connections C --seconds S [--rate R]
//       posts hotline reports to POST /api/v1/cases: real citizen messages as descriptions, places
//       and categories drawn from simulated history, reporter contact, a hotline ticket number.
//       Without --rate, C connections send back to back (saturation); with --rate, requests are
//       due at R per second spread over C connections, and latency is counted from when each was
//       due, so a slow answer also delays the ones queued behind it (no coordinated omission).
//   case_load baseline --from DB --to DB [--synchronous normal|full]
//       the floor: the rows the server wrote for those reports (case, event, reporter), inserted
//       straight into an empty database with the same schema and pragmas, one transaction each.
//   case_load queries --port P --targets FILE --connections C --seconds S
//       GETs the targets of FILE (lines "name<TAB>bearer token<TAB>path") round robin from C
//       connections back to back; latency per target name and over all.
//
// Each prints one line of `key=value` pairs for the script to read.
#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "bench_options.hpp"
#include "support/http_client.hpp"

namespace {

using Clock = std::chrono::steady_clock;

using ug::bench::option;
using ug::bench::parse_options;
using ug::bench::percentile;

// A read-only or read-write SQLite handle that closes itself.
struct Sqlite {
  sqlite3* db = nullptr;
  Sqlite(const std::string& path, int flags) {
    if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK)
      throw std::runtime_error("cannot open " + path + ": " + sqlite3_errmsg(db));
  }
  ~Sqlite() { sqlite3_close(db); }
  void exec(const std::string& sql) const {
    char* error = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
      const std::string text = error ? error : "?";
      sqlite3_free(error);
      throw std::runtime_error(sql.substr(0, 60) + ": " + text);
    }
  }
  sqlite3_stmt* prepare(const std::string& sql) const {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK)
      throw std::runtime_error(sql.substr(0, 60) + ": " + sqlite3_errmsg(db));
    return statement;
  }
};

std::string column_text(sqlite3_stmt* statement, int i) {
  const auto* text = sqlite3_column_text(statement, i);
  return text ? reinterpret_cast<const char*>(text) : "";
}

// ---- load ----------------------------------------------------------------------------------

struct Place {
  double lon = 0, lat = 0;
  std::string category;
};

// Where and what the simulated history reported: the city's real mix of places and categories.
std::vector<Place> load_places(const std::string& path) {
  Sqlite db(path, SQLITE_OPEN_READONLY);
  auto* statement = db.prepare(
      "SELECT lon_nano, lat_nano, category_code FROM cases WHERE lon_nano IS NOT NULL AND category_code <> '' "
      "ORDER BY id LIMIT 50000");
  std::vector<Place> out;
  while (sqlite3_step(statement) == SQLITE_ROW) {
    out.push_back({static_cast<double>(sqlite3_column_int64(statement, 0)) / 1e9,
                   static_cast<double>(sqlite3_column_int64(statement, 1)) / 1e9, column_text(statement, 2)});
  }
  sqlite3_finalize(statement);
  if (out.empty()) throw std::runtime_error(path + " has no placed cases: run urbangrid demo simulate first");
  return out;
}

std::vector<std::string> load_messages(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  if (out.empty()) throw std::runtime_error("no messages in " + path);
  return out;
}

std::string json_string(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) {
      out += fmt::format("\\u{:04x}", static_cast<int>(c));
      continue;
    }
    out += c;
  }
  return out + "\"";
}

// One hotline report as the 12345 platform would push it.
class Reports {
 public:
  Reports(std::vector<Place> places, std::vector<std::string> messages, std::string run)
      : places_(std::move(places)), messages_(std::move(messages)), run_(std::move(run)) {}

  std::string body(std::uint64_t n) const {
    std::mt19937_64 dice(n * 0x9E3779B97F4A7C15ULL + 1);
    const auto& place = places_[dice() % places_.size()];
    // Within ~30 m of a place of the history: reports spread along a street, not all on one spot
    // (the simulated history puts its reports within 2 m of one sampled point per grid).
    std::uniform_real_distribution<double> jitter(-3e-4, 3e-4);
    static constexpr const char* kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"};
    return fmt::format(R"({{"description":{},"category":"{}","lon":{:.7f},"lat":{:.7f},"urgency":"{}",)"
                       R"("reporter_name":"{}先生","reporter_phone":"13{:09}","external_ref":"{}-{}"}})",
                       json_string(messages_[dice() % messages_.size()]), place.category, place.lon + jitter(dice),
                       place.lat + jitter(dice), dice() % 20 == 0 ? "urgent" : "normal", kSurnames[dice() % 10],
                       dice() % 1'000'000'000, run_, n);
  }

 private:
  std::vector<Place> places_;
  std::vector<std::string> messages_;
  std::string run_;
};

int run_intake(const std::map<std::string, std::string>& o) {
  const int port = std::stoi(option(o, "port"));
  const std::string token = option(o, "token");
  const int connections = std::stoi(option(o, "connections", "16"));
  const double seconds = std::stod(option(o, "seconds", "10"));
  const double rate = std::stod(option(o, "rate", "0"));  // 0: as fast as answered
  const Reports reports(load_places(option(o, "places")), load_messages(option(o, "messages")),
                        option(o, "run", "bench"));
  const std::vector<std::pair<std::string, std::string>> headers = {{"authorization", "Bearer " + token},
                                                                    {"content-type", "application/json"}};

  std::atomic<std::uint64_t> next{0};
  std::vector<std::vector<double>> latencies(static_cast<std::size_t>(connections));
  std::vector<std::map<int, std::uint64_t>> statuses(static_cast<std::size_t>(connections));
  std::vector<std::string> first_errors(static_cast<std::size_t>(connections));
  const auto start = Clock::now() + std::chrono::milliseconds(50);
  const auto stop = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  std::vector<std::thread> threads;
  for (int c = 0; c < connections; ++c) {
    threads.emplace_back([&, c] {
      const auto me = static_cast<std::size_t>(c);
      auto connection = std::make_unique<ug::test::HttpConnection>(port);
      for (std::uint64_t k = 0;; ++k) {
        auto due = Clock::now();
        if (rate > 0) {
          const double offset = static_cast<double>(k * static_cast<std::uint64_t>(connections) + me) / rate;
          due = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(offset));
          if (due >= stop) break;
          std::this_thread::sleep_until(due);
        } else if (due >= stop) {
          break;
        } else if (due < start) {
          std::this_thread::sleep_until(start);
          due = Clock::now();
        }
        const auto n = next.fetch_add(1);
        auto reply = connection->request("POST", "/api/v1/cases", headers, reports.body(n));
        const auto done = Clock::now();
        const int status = reply ? reply->status : 0;
        ++statuses[me][status];
        if (status != 201 && first_errors[me].empty()) first_errors[me] = reply ? reply->body.substr(0, 300) : "none";
        latencies[me].push_back(std::chrono::duration<double, std::milli>(done - due).count());
        if (!reply || reply->header("connection") == "close")
          connection = std::make_unique<ug::test::HttpConnection>(port);
      }
    });
  }
  for (auto& t : threads) t.join();
  const double elapsed = std::chrono::duration<double>(std::max(Clock::now(), stop) - start).count();

  std::vector<double> all;
  std::map<int, std::uint64_t> by_status;
  for (std::size_t i = 0; i < latencies.size(); ++i) {
    all.insert(all.end(), latencies[i].begin(), latencies[i].end());
    for (const auto& [status, count] : statuses[i]) by_status[status] += count;
  }
  std::sort(all.begin(), all.end());
  const auto created = by_status[201];
  std::string other;
  for (const auto& [status, count] : by_status)
    if (status != 201) other += fmt::format("{}{}x{}", other.empty() ? "" : ",", status, count);
  fmt::print(
      "requests={} created={} errors={} cases_per_s={:.1f} p50_ms={:.2f} p90_ms={:.2f} p99_ms={:.2f} "
      "max_ms={:.2f}\n",
      all.size(), created, other.empty() ? "none" : other, static_cast<double>(created) / elapsed,
      percentile(all, 0.50), percentile(all, 0.90), percentile(all, 0.99), all.empty() ? 0.0 : all.back());
  for (const auto& e : first_errors)
    if (!e.empty()) {
      std::fprintf(stderr, "first error: %s\n", e.c_str());
      break;
    }
  return created == all.size() && created > 0 ? 0 : 1;
}

// ---- queries ------------------------------------------------------------------------------

struct Target {
  std::string name, token, path;
};

int run_queries(const std::map<std::string, std::string>& o) {
  const int port = std::stoi(option(o, "port"));
  const int connections = std::stoi(option(o, "connections", "4"));
  const double seconds = std::stod(option(o, "seconds", "10"));
  std::vector<Target> targets;
  std::ifstream in(option(o, "targets"));
  for (std::string line; std::getline(in, line);) {
    const auto a = line.find('\t'), b = line.find('\t', a + 1);
    if (a == std::string::npos || b == std::string::npos) continue;
    targets.push_back({line.substr(0, a), line.substr(a + 1, b - a - 1), line.substr(b + 1)});
  }
  if (targets.empty()) throw std::runtime_error("no targets");

  // latencies[connection][target]
  std::vector<std::vector<std::vector<double>>> latencies(static_cast<std::size_t>(connections),
                                                          std::vector<std::vector<double>>(targets.size()));
  std::vector<std::vector<std::uint64_t>> errors(static_cast<std::size_t>(connections),
                                                 std::vector<std::uint64_t>(targets.size()));
  std::vector<std::string> first_errors(static_cast<std::size_t>(connections));
  const auto stop = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  std::vector<std::thread> threads;
  for (int c = 0; c < connections; ++c) {
    threads.emplace_back([&, c] {
      const auto me = static_cast<std::size_t>(c);
      auto connection = std::make_unique<ug::test::HttpConnection>(port);
      for (std::size_t k = me; Clock::now() < stop; ++k) {
        const auto t = k % targets.size();
        const auto& target = targets[t];
        std::vector<std::pair<std::string, std::string>> headers;
        if (!target.token.empty()) headers.emplace_back("authorization", "Bearer " + target.token);
        const auto sent = Clock::now();
        auto reply = connection->request("GET", target.path, headers);
        latencies[me][t].push_back(std::chrono::duration<double, std::milli>(Clock::now() - sent).count());
        if (!reply || reply->status != 200) {
          ++errors[me][t];
          if (first_errors[me].empty())
            first_errors[me] = target.name + ": " + (reply ? reply->body.substr(0, 300) : std::string("no answer"));
        }
        if (!reply || reply->header("connection") == "close")
          connection = std::make_unique<ug::test::HttpConnection>(port);
      }
    });
  }
  for (auto& t : threads) t.join();

  std::vector<double> everything;
  std::uint64_t all_errors = 0;
  for (std::size_t t = 0; t < targets.size(); ++t) {
    std::vector<double> mine;
    std::uint64_t failed = 0;
    for (std::size_t c = 0; c < latencies.size(); ++c) {
      mine.insert(mine.end(), latencies[c][t].begin(), latencies[c][t].end());
      failed += errors[c][t];
    }
    std::sort(mine.begin(), mine.end());
    fmt::print("target={} requests={} errors={} p50_ms={:.2f} p99_ms={:.2f} max_ms={:.2f}\n", targets[t].name,
               mine.size(), failed, percentile(mine, 0.50), percentile(mine, 0.99), mine.empty() ? 0.0 : mine.back());
    // The HTTP baseline and the named baselines (a search by words: a scan) are not queues.
    if (targets[t].name != "version" && !targets[t].name.starts_with("baseline_")) {
      everything.insert(everything.end(), mine.begin(), mine.end());
    }
    all_errors += failed;
  }
  std::sort(everything.begin(), everything.end());
  fmt::print("target=all_queues requests={} errors={} p50_ms={:.2f} p99_ms={:.2f} max_ms={:.2f}\n", everything.size(),
             all_errors, percentile(everything, 0.50), percentile(everything, 0.99),
             everything.empty() ? 0.0 : everything.back());
  for (const auto& e : first_errors)
    if (!e.empty()) {
      std::fprintf(stderr, "first error: %s\n", e.c_str());
      break;
    }
  return all_errors == 0 ? 0 : 1;
}

// ---- baseline ------------------------------------------------------------------------------

// The tables one intake writes; the baseline copies their schema (indexes and triggers too).
constexpr const char* kIntakeTables = "('cases', 'case_events', 'case_reporters')";

struct StoredRow {
  std::vector<sqlite3_value*> cells;
};

std::vector<StoredRow> rows_of(const Sqlite& db, const std::string& sql) {
  auto* statement = db.prepare(sql);
  std::vector<StoredRow> out;
  while (sqlite3_step(statement) == SQLITE_ROW) {
    StoredRow row;
    for (int i = 0; i < sqlite3_column_count(statement); ++i)
      row.cells.push_back(sqlite3_value_dup(sqlite3_column_value(statement, i)));
    out.push_back(std::move(row));
  }
  sqlite3_finalize(statement);
  return out;
}

std::string_view value_text(sqlite3_value* v) {
  const auto* text = sqlite3_value_text(v);
  return text ? reinterpret_cast<const char*>(text) : "";
}

std::string insert_sql(const std::string& table, std::size_t columns) {
  std::string marks;
  for (std::size_t i = 0; i < columns; ++i) marks += i ? ", ?" : "?";
  return fmt::format("INSERT INTO {} VALUES ({})", table, marks);
}

void step_row(sqlite3* db, sqlite3_stmt* statement, const StoredRow& row) {
  for (std::size_t i = 0; i < row.cells.size(); ++i)
    sqlite3_bind_value(statement, static_cast<int>(i) + 1, row.cells[i]);
  if (sqlite3_step(statement) != SQLITE_DONE) throw std::runtime_error(std::string("insert: ") + sqlite3_errmsg(db));
  sqlite3_reset(statement);
}

int run_baseline(const std::map<std::string, std::string>& o) {
  const Sqlite from(option(o, "from"), SQLITE_OPEN_READONLY);
  const std::string where = option(o, "where", "1 = 1");  // which cases the server created in the run
  auto cases = rows_of(from, "SELECT c.* FROM cases c WHERE " + where + " ORDER BY c.id");
  auto events = rows_of(from, "SELECT e.* FROM case_events e JOIN cases c ON c.id = e.case_id WHERE " + where +
                                  " ORDER BY e.case_id, e.sequence");
  auto reporters = rows_of(
      from, "SELECT r.* FROM case_reporters r JOIN cases c ON c.id = r.case_id WHERE " + where + " ORDER BY r.case_id");
  if (cases.empty()) throw std::runtime_error("no cases match " + where);

  const auto to_path = option(o, "to");
  std::remove(to_path.c_str());
  const Sqlite to(to_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  const auto synchronous = option(o, "synchronous", "normal");
  to.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=" + synchronous + "; PRAGMA foreign_keys=ON");
  auto* schema = from.prepare(std::string("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND tbl_name IN ") +
                              kIntakeTables + " ORDER BY type = 'table' DESC, tbl_name <> 'cases', name");
  while (sqlite3_step(schema) == SQLITE_ROW) to.exec(column_text(schema, 0));
  sqlite3_finalize(schema);

  auto* insert_case = to.prepare(insert_sql("cases", cases.front().cells.size()));
  auto* insert_event = to.prepare(insert_sql("case_events", events.front().cells.size()));
  auto* insert_reporter =
      reporters.empty() ? nullptr : to.prepare(insert_sql("case_reporters", reporters.front().cells.size()));
  std::size_t e = 0, r = 0;
  const auto started = Clock::now();
  for (const auto& row : cases) {
    const std::string_view id = value_text(row.cells[0]);
    to.exec("BEGIN IMMEDIATE");
    step_row(to.db, insert_case, row);
    for (; e < events.size() && value_text(events[e].cells[1]) == id; ++e) step_row(to.db, insert_event, events[e]);
    for (; insert_reporter && r < reporters.size() && value_text(reporters[r].cells[0]) == id; ++r)
      step_row(to.db, insert_reporter, reporters[r]);
    to.exec("COMMIT");
  }
  const double elapsed = std::chrono::duration<double>(Clock::now() - started).count();
  sqlite3_finalize(insert_case);
  sqlite3_finalize(insert_event);
  if (insert_reporter) sqlite3_finalize(insert_reporter);
  for (auto* rows : {&cases, &events, &reporters})
    for (auto& row : *rows)
      for (auto* v : row.cells) sqlite3_value_free(v);
  fmt::print("cases={} events={} reporters={} seconds={:.3f} cases_per_s={:.1f}\n", cases.size(), e, r, elapsed,
             static_cast<double>(cases.size()) / elapsed);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const std::string mode = argc > 1 ? argv[1] : "";
    if (mode == "intake") return run_intake(parse_options(argc, argv, 2));
    if (mode == "queries") return run_queries(parse_options(argc, argv, 2));
    if (mode == "baseline") return run_baseline(parse_options(argc, argv, 2));
    std::fprintf(stderr, "usage: case_load intake|baseline|queries --option value …  (see bench/case_load.cpp)\n");
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "case_load: %s\n", e.what());
    return 1;
  }
}
