// evaluate: the evaluation service without a server.
#include "app/evaluation_commands.hpp"

#include <fmt/format.h>

#include <fstream>
#include <iostream>

#include "access/principal.hpp"
#include "app/calendar_commands.hpp"
#include "app/commands.hpp"
#include "app/evaluation_settings.hpp"
#include "service/evaluation_export.hpp"

namespace ug::app {

int evaluate_command(const LoadedConfig& loaded, const EvaluateArgs& args) {
  const auto& config = loaded.config;
  const int offset = config.calendar.utc_offset_minutes;
  const auto usage = [](const std::string& message) {
    std::cerr << "urbangrid evaluate: " << message << "\n";
    return kExitUsage;
  };
  const bool period_given = !args.from.empty() || !args.to.empty() || !args.kind.empty();
  if (!args.recompute || period_given) {
    if (args.kind.empty() || args.from.empty() || args.to.empty()) return usage("需要 --kind、--from 和 --to");
  }
  service::EvaluationQuery query;
  const bool every_kind = args.kind == "all";
  if (!period_given) {
    // --recompute alone: nothing to evaluate.
  } else if (every_kind) {
    if (args.format != "xlsx") return usage("--kind all 只用于 --format xlsx");
  } else if (const auto kind = evaluation::parse_kind(args.kind)) {
    query.kind = *kind;
  } else {
    return usage("--kind 应为 region、department、supervisor、operator、shift_leader、dispatcher 或 all");
  }
  if (period_given && args.format != "csv" && args.format != "json" && args.format != "xlsx") {
    return usage("--format 应为 csv、json 或 xlsx");
  }
  const auto level = evaluation::parse_region_level(args.level);
  if (!level) return usage("--level 应为 district、street、community 或 grid");
  query.level = *level;
  if (period_given) {
    const auto from = service::period_bound(args.from, offset, false);
    const auto to = service::period_bound(args.to, offset, true);
    if (!from) return usage("--from: " + from.error().public_message());
    if (!to) return usage("--to: " + to.error().public_message());
    query.from_ms = *from;
    query.to_ms = *to;
  }
  if (!args.at.empty()) {
    const auto at = service::period_bound(args.at, offset, true);
    if (!at) return usage("--at: " + at.error().public_message());
    query.at_ms = *at;
  }

  auto calendar_setup = calendar_settings(config);
  if (!calendar_setup) return usage(calendar_setup.error().public_message());
  auto settings = evaluation_settings(config);
  if (!settings) return usage(settings.error().public_message());
  settings->use_totals = !args.from_events;
  auto db = open_prepared(config);
  if (!db) return kExitFailure;
  service::CalendarService calendar(*db, std::move(*calendar_setup));
  if (auto ready = calendar.reload(); !ready) {
    std::cerr << ready.error().public_message() << "\n";
    return kExitFailure;
  }
  service::EvaluationService evaluations(*db, calendar, std::move(*settings));
  const auto caller = access::Principal::command_line();

  std::string bytes;
  const auto failed = [](const Error& e) {
    std::cerr << e.public_message() << "\n";
    return e.code == ErrorCode::validation_failed ? kExitUsage : kExitFailure;
  };
  if (args.recompute) {
    auto rebuilt = evaluations.recompute_totals(caller);
    if (!rebuilt) return failed(rebuilt.error());
    std::cerr << fmt::format("评价累计已按事件重算：{} 个案件，{} 行，{:.2f} 秒\n", rebuilt->cases, rebuilt->rows,
                             rebuilt->seconds);
    if (!period_given) return kExitOk;
  }
  if (args.format == "xlsx") {
    std::vector<service::Evaluation> sheets;
    if (every_kind) {
      auto all = evaluations.evaluate_all(caller, query);
      if (!all) return failed(all.error());
      sheets = std::move(*all);
    } else {
      auto one = evaluations.evaluate(caller, query);
      if (!one) return failed(one.error());
      sheets.push_back(std::move(*one));
    }
    auto book = service::evaluation_xlsx(sheets);
    if (!book) return failed(book.error());
    bytes = std::move(*book);
  } else {
    auto result = evaluations.evaluate(caller, query);
    if (!result) return failed(result.error());
    bytes = args.format == "csv" ? service::evaluation_csv(*result) : service::evaluation_json(*result) + "\n";
  }
  if (args.out.empty()) {
    std::cout << bytes;
    return std::cout.good() ? kExitOk : kExitFailure;
  }
  std::ofstream out(args.out, std::ios::binary);
  out << bytes;
  if (!out.good()) {
    std::cerr << fmt::format("无法写入 {}\n", args.out);
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace ug::app
