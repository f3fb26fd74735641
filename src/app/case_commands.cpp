// cases rebuild: the services it needs without a server (no grid index, no routes).
#include "app/case_commands.hpp"

#include <fmt/format.h>

#include <iostream>

#include "app/calendar_commands.hpp"
#include "app/commands.hpp"
#include "service/case_service.hpp"

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

}  // namespace ug::app
