// cases rebuild: the services it needs without a server (no grid index, no routes).
#include "app/case_commands.hpp"

#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <optional>

#include "app/calendar_commands.hpp"
#include "app/commands.hpp"
#include "calendar/work_calendar.hpp"
#include "service/case_service.hpp"
#include "service/evaluation_service.hpp"
#include "service/history_simulator.hpp"
#include "service/process_rebuild.hpp"
#include "service/supervision_service.hpp"

namespace ug::app {
namespace {

// The case service and what it stands on, without a server: the database, the grid index and the
// calendar loaded. Declaration order is construction order.
struct OfflineCases {
  std::unique_ptr<storage::Database> db;
  std::unique_ptr<service::GridService> grids;
  std::unique_ptr<service::RoutingService> routing;
  std::unique_ptr<service::CalendarService> calendar;
  std::unique_ptr<service::CaseService> cases;
  std::unique_ptr<service::SupervisionService> supervision;
};

// nullopt after telling the user why (the exit code is then `failure_exit`).
std::optional<OfflineCases> offline_cases(const Config& config, int& failure_exit) {
  auto calendar_setup = calendar_settings(config);
  if (!calendar_setup) {
    std::cerr << calendar_setup.error().public_message() << "\n";
    failure_exit = kExitUsage;
    return std::nullopt;
  }
  failure_exit = kExitFailure;
  OfflineCases out;
  out.db = open_prepared(config);
  if (!out.db) return std::nullopt;
  out.grids = std::make_unique<service::GridService>(*out.db);
  out.routing = std::make_unique<service::RoutingService>(*out.db, *out.grids, routing_fallback(config));
  out.calendar = std::make_unique<service::CalendarService>(*out.db, std::move(*calendar_setup));
  for (auto ready : {out.grids->reload(), out.calendar->reload()}) {
    if (!ready) {
      std::cerr << ready.error().public_message() << "\n";
      return std::nullopt;
    }
  }
  out.cases =
      std::make_unique<service::CaseService>(*out.db, *out.grids, *out.routing, *out.calendar, case_settings(config));
  out.supervision =
      std::make_unique<service::SupervisionService>(*out.db, *out.calendar, *out.cases, supervision_settings(config));
  return out;
}

}  // namespace

int cases_rebuild_command(const LoadedConfig& loaded, bool repair) {
  int failure = kExitFailure;
  auto offline = offline_cases(loaded.config, failure);
  if (!offline) return failure;
  const auto report = offline->cases->rebuild(repair);
  if (!report) {
    std::cerr << report.error().public_message() << "\n";
    return kExitFailure;
  }
  const auto processes = service::rebuild_processes(*offline->db, repair);
  if (!processes) {
    std::cerr << processes.error().public_message() << "\n";
    return kExitFailure;
  }
  for (const auto& d : report->differences) std::cout << d << "\n";
  for (const auto& d : processes->differences) std::cout << d << "\n";
  std::cout << fmt::format("{} 个案件已按事件重算：{} 处不一致", report->cases, report->differences.size());
  if (repair) std::cout << fmt::format("，已修正 {} 个", report->repaired);
  std::cout << fmt::format("；{} 条流程记录（督办等）已按事件重算：{} 处不一致", processes->cases,
                           processes->differences.size());
  if (repair) std::cout << fmt::format("，已修正 {} 条", processes->repaired);
  std::cout << "\n";
  return report->differences.empty() && processes->differences.empty() ? kExitOk : kExitFailure;
}

int demo_simulate_command(const LoadedConfig& loaded, const SimulateArgs& args) {
  const auto& config = loaded.config;
  const int offset = config.calendar.utc_offset_minutes;
  const bool dates = calendar::is_iso_date(args.from) && calendar::is_iso_date(args.to);
  const auto from = service::period_bound(args.from, offset, false);
  const auto to = service::period_bound(args.to, offset, true);  // the whole last day
  if (!dates || !from || !to || *to <= *from || args.cases < 0) {
    std::cerr << "urbangrid demo simulate: --from 和 --to 应为 YYYY-MM-DD，from 不晚于 to，--cases 不能为负\n";
    return kExitUsage;
  }
  int failure = kExitFailure;
  auto offline = offline_cases(config, failure);
  if (!offline) return failure;
  service::HistorySimulator simulator(*offline->db, *offline->grids, *offline->routing, *offline->calendar,
                                      *offline->cases, *offline->supervision);
  service::SimulationRequest request;
  request.cases = args.cases;
  request.from_ms = *from;
  request.to_ms = *to;
  request.seed = args.seed;
  const auto report = simulator.run(request);
  if (!report) {
    std::cerr << report.error().public_message() << " " << report.error().internal << "\n";
    return kExitFailure;
  }
  const auto per_second = [&](double seconds) {
    return seconds > 0 ? static_cast<double>(report->cases) / seconds : 0.0;
  };
  const double total = report->preparing_seconds + report->loading_seconds + report->indexing_seconds;
  std::cout << fmt::format("模拟了 {} 个案件、{} 个事件（{:.1f} 秒，{:.0f} 案件/秒）\n", report->cases, report->events,
                           total, per_second(total));
  std::cout << fmt::format("  准备 {:.2f} 秒，写入 {:.2f} 秒（{:.0f} 案件/秒），建索引 {:.2f} 秒\n",
                           report->preparing_seconds, report->loading_seconds, per_second(report->loading_seconds),
                           report->indexing_seconds);
  for (const auto& [state, n] : report->by_state) std::cout << fmt::format("  state {:<18} {}\n", state, n);
  for (const auto& [channel, n] : report->by_channel) std::cout << fmt::format("  channel {:<16} {}\n", channel, n);
  return kExitOk;
}

}  // namespace ug::app
