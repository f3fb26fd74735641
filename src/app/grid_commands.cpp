// The grid subcommands over GridService.
#include "app/grid_commands.hpp"

#include <fmt/format.h>

#include <charconv>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/commands.hpp"
#include "app/database_factory.hpp"
#include "service/division_service.hpp"
#include "service/grid_service.hpp"

namespace ug::app {
namespace {

// The prepared database and its grids loaded, or nullopt after saying why.
struct WithGrids {
  std::unique_ptr<storage::Database> db;
  std::unique_ptr<service::GridService> grids;
};
std::optional<WithGrids> open_with_grids(const Config& config) {
  auto db = open_prepared(config);
  if (!db) return std::nullopt;
  auto grids = std::make_unique<service::GridService>(*db);
  if (auto ok = grids->reload(); !ok) {
    std::cerr << "读取网格失败：" << ok.error().public_message() << "\n";
    return std::nullopt;
  }
  return WithGrids{std::move(db), std::move(grids)};
}

std::optional<double> number(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\r')) text.remove_suffix(1);
  double value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

void print_report(const service::GridImportReport& report) {
  const auto& plan = report.plan;
  std::size_t repaired = 0;
  for (const auto& g : plan.accepted) repaired += g.repairs.empty() ? 0 : 1;
  fmt::print("读取 {} 个要素：可导入 {} 个网格（其中修复 {} 个），拒绝 {} 个，警告 {} 条\n", report.features,
             plan.accepted.size(), repaired, plan.rejected.size(), plan.warnings.size());
  if (!plan.rejected.empty()) {
    fmt::print("\n拒绝：\n");
    for (const auto& r : plan.rejected) {
      for (const auto& reason : r.reasons) {
        fmt::print("  要素 #{} {}：{}\n", r.feature, r.code.empty() ? "（无编码）" : r.code, reason);
      }
    }
  }
  if (repaired > 0) {
    fmt::print("\n修复：\n");
    for (const auto& g : plan.accepted) {
      for (const auto& repair : g.repairs) fmt::print("  要素 #{} {}：{}\n", g.feature, g.code, repair);
    }
  }
  if (!plan.warnings.empty()) {
    fmt::print("\n警告：\n");
    for (const auto& w : plan.warnings) fmt::print("  [{}] {}\n", w.kind, w.message);
  }
  if (plan.refused) {
    fmt::print("\n--strict：文件有错误或警告，未写入任何网格。\n");
  } else {
    fmt::print("\n已写入 {} 个网格；库中现有 {} 个网格。\n", report.written ? plan.accepted.size() : 0,
               report.grids_stored);
  }
}

}  // namespace

int grid_import_command(const LoadedConfig& loaded, const std::filesystem::path& file,
                        const catalog::GridImportOptions& options) {
  const auto text = read_file_or_report(file);
  if (!text) return kExitFailure;
  auto db = open_prepared(loaded.config);
  if (!db) return kExitFailure;
  service::GridService grids(*db);
  auto report = grids.import_geojson(access::Principal::command_line(), *text, options);
  if (!report) {
    std::cerr << "导入失败：" << report.error().public_message() << "\n";
    return kExitFailure;
  }
  print_report(*report);
  if (report->plan.refused) return kExitFailure;
  return report->plan.rejected.empty() ? kExitOk : 3;
}

int grid_export_command(const LoadedConfig& loaded, const std::optional<std::filesystem::path>& out) {
  auto opened = open_with_grids(loaded.config);
  if (!opened) return kExitFailure;
  auto text = opened->grids->export_geojson();
  if (!text) return kExitFailure;
  if (out) {
    std::ofstream file(*out, std::ios::binary);
    file << *text << "\n";
    if (!file) {
      std::cerr << "无法写入 " << *out << "\n";
      return kExitFailure;
    }
  } else {
    std::cout << *text << "\n";
  }
  return kExitOk;
}

int grid_locate_command(const LoadedConfig& loaded) {
  auto opened = open_with_grids(loaded.config);
  if (!opened) return kExitFailure;
  const auto snapshot = opened->grids->snapshot();
  std::ios::sync_with_stdio(false);
  std::string line;
  std::size_t line_number = 0;
  int bad_lines = 0;
  while (std::getline(std::cin, line)) {
    ++line_number;
    if (line.empty() || line == "\r") continue;
    const auto first = line.find(',');
    const auto second = first == std::string::npos ? std::string::npos : line.find(',', first + 1);
    const std::string id = line.substr(0, first);
    const auto lon = second == std::string::npos ? std::nullopt
                                                 : number(std::string_view(line).substr(first + 1, second - first - 1));
    const auto lat = second == std::string::npos ? std::nullopt : number(std::string_view(line).substr(second + 1));
    if (!lon || !lat) {
      if (line_number == 1) continue;  // a header line
      ++bad_lines;
      std::cerr << "第 " << line_number << " 行不是 id,lon,lat：" << line << "\n";
      std::cout << id << ",\n";
      continue;
    }
    const auto* place = snapshot->locate({*lon, *lat});
    std::cout << id << ',' << (place ? place->code : std::string()) << '\n';
  }
  return bad_lines == 0 ? kExitOk : 3;
}

int grid_group_create_command(const LoadedConfig& loaded, const std::string& name, const std::string& description,
                              const std::vector<std::string>& codes, const std::vector<std::string>& prefixes) {
  auto opened = open_with_grids(loaded.config);
  if (!opened) return kExitFailure;
  auto id =
      opened->grids->create_responsibility_grid(access::Principal::command_line(), name, description, codes, prefixes);
  if (!id) {
    std::cerr << "无法创建责任网格：" << id.error().public_message() << "\n";
    for (const auto& [key, value] : id.error().details) {
      if (const auto* list = std::get_if<std::vector<std::string>>(&value)) {
        for (const auto& item : *list) std::cerr << "  " << key << ": " << item << "\n";
      }
    }
    return kExitFailure;
  }
  fmt::print("责任网格 #{} {}\n", *id, name);
  return kExitOk;
}

int grid_group_list_command(const LoadedConfig& loaded) {
  auto opened = open_with_grids(loaded.config);
  if (!opened) return kExitFailure;
  auto groups = opened->grids->responsibility_grids();
  if (!groups) return kExitFailure;
  for (const auto& g : *groups)
    fmt::print("{}\t{}\t{} 个单元网格\t{}\n", g.id, g.name, g.unit_grid_count, g.description);
  return kExitOk;
}

int division_import_command(const LoadedConfig& loaded, const std::filesystem::path& dir, const std::string& within) {
  auto files = read_division_files(dir);
  if (!files) {
    std::cerr << files.error().public_message() << "\n";
    return kExitFailure;
  }
  auto db = open_prepared(loaded.config);
  if (!db) return kExitFailure;
  service::DivisionService divisions(*db);
  auto report = divisions.import(access::Principal::command_line(), *files, within);
  if (!report) {
    std::cerr << "导入失败：" << report.error().public_message() << "\n";
    return kExitFailure;
  }
  const auto& n = report->imported_by_level;
  fmt::print("导入 {} 个省级、{} 个地级、{} 个县级、{} 个乡级、{} 个村级区划；关联网格字段 {} 处\n", n[0], n[1], n[2],
             n[3], n[4], report->grid_links);
  if (!report->plan.problems.empty()) {
    fmt::print("\n未导入的行（{} 行）：\n", report->plan.problems.size());
    for (const auto& p : report->plan.problems) fmt::print("  {}\n", p);
    return 3;
  }
  return kExitOk;
}

}  // namespace ug::app
