// cases rebuild: the services it needs without a server (no grid index, no routes).
#include "app/case_commands.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <iostream>

#include "app/calendar_commands.hpp"
#include "app/commands.hpp"
#include "service/case_service.hpp"
#include "service/history_simulator.hpp"

namespace ug::app {

int cases_rebuild_command(const LoadedConfig& loaded, bool repair) {
  const auto& config = loaded.config;
  auto calendar_setup = calendar_settings(config);
  if (!calendar_setup) {
    std::cerr << calendar_setup.error().public_message() << "\n";
    return kExitUsage;
  }
  auto db = open_prepared(config);
  if (!db) return kExitFailure;
  service::GridService grids(*db);
  service::RoutingService routing(*db, grids, routing_fallback(config));
  service::CalendarService calendar(*db, std::move(*calendar_setup));
  if (auto ready = calendar.reload(); !ready) {
    std::cerr << ready.error().public_message() << "\n";
    return kExitFailure;
  }
  service::CaseService cases(*db, grids, routing, calendar, case_settings(config));
  const auto report = cases.rebuild(repair);
  if (!report) {
    std::cerr << report.error().public_message() << "\n";
    return kExitFailure;
  }
  for (const auto& d : report->differences) std::cout << d << "\n";
  std::cout << fmt::format("{} 个案件已按事件重算：{} 处不一致", report->cases, report->differences.size());
  if (repair) std::cout << fmt::format("，已修正 {} 个", report->repaired);
  std::cout << "\n";
  return report->differences.empty() ? kExitOk : kExitFailure;
}

namespace {

// Midnight at the start of a local date "YYYY-MM-DD", in ms since the epoch.
std::optional<std::int64_t> local_midnight_ms(const std::string& text, int utc_offset_minutes) {
  using namespace std::chrono;
  int y = 0;
  unsigned m = 0, d = 0;
  char tail = 0;
  if (text.size() != 10 || std::sscanf(text.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) != 3) return std::nullopt;
  const year_month_day date{year{y}, month{m}, day{d}};
  if (!date.ok()) return std::nullopt;
  return (sys_days{date}.time_since_epoch() / milliseconds(1)) - std::int64_t{utc_offset_minutes} * 60'000;
}

}  // namespace

int demo_simulate_command(const LoadedConfig& loaded, const SimulateArgs& args) {
  const auto& config = loaded.config;
  const int offset = config.calendar.utc_offset_minutes;
  const auto from = local_midnight_ms(args.from, offset);
  const auto to = local_midnight_ms(args.to, offset);
  if (!from || !to || *to < *from || args.cases < 0) {
    std::cerr << "urbangrid demo simulate: --from 和 --to 应为 YYYY-MM-DD，from 不晚于 to，--cases 不能为负\n";
    return kExitUsage;
  }
  auto calendar_setup = calendar_settings(config);
  if (!calendar_setup) {
    std::cerr << calendar_setup.error().public_message() << "\n";
    return kExitUsage;
  }
  auto db = open_prepared(config);
  if (!db) return kExitFailure;
  service::GridService grids(*db);
  service::RoutingService routing(*db, grids, routing_fallback(config));
  service::CalendarService calendar(*db, std::move(*calendar_setup));
  for (auto ready : {grids.reload(), calendar.reload()}) {
    if (!ready) {
      std::cerr << ready.error().public_message() << "\n";
      return kExitFailure;
    }
  }
  service::CaseService cases(*db, grids, routing, calendar, case_settings(config));
  service::HistorySimulator simulator(*db, grids, routing, calendar, cases);
  const auto started = std::chrono::steady_clock::now();
  service::SimulationRequest request;
  request.cases = args.cases;
  request.from_ms = *from;
  request.to_ms = *to + 86'400'000;  // the whole last day
  request.seed = args.seed;
  const auto report = simulator.run(request);
  if (!report) {
    std::cerr << report.error().public_message() << " " << report.error().internal << "\n";
    return kExitFailure;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << fmt::format("模拟了 {} 个案件、{} 个事件（{:.1f} 秒，{:.0f} 案件/秒）\n", report->cases, report->events,
                           seconds, seconds > 0 ? static_cast<double>(report->cases) / seconds : 0.0);
  for (const auto& [state, n] : report->by_state) std::cout << fmt::format("  state {:<18} {}\n", state, n);
  for (const auto& [channel, n] : report->by_channel) std::cout << fmt::format("  channel {:<16} {}\n", channel, n);
  return kExitOk;
}

}  // namespace ug::app
