// The places subcommands over GazetteerService.
#include "app/gazetteer_commands.hpp"

#include <fmt/format.h>

#include <cmath>
#include <iostream>

#include "app/commands.hpp"
#include "app/database_factory.hpp"
#include "core/text.hpp"
#include "service/gazetteer_service.hpp"

namespace ug::app {
namespace {

// How the report names a refusal.
std::string reason_text(std::string_view code) {
  if (code == "no_name") return "没有路名";
  if (code == "bad_line") return "几何不是有效的线";
  if (code == "no_road_or_building") return "既无路名也无建筑名";
  if (code == "bad_number") return "门牌号无法识别";
  if (code == "bad_location") return "坐标无效";
  if (code == "too_long") return "字段过长";
  if (code == "too_many_points") return "中心线的点过多（至多 20000 个）";
  if (code == "bad_text") return "不是 UTF-8 文字（请另存为 UTF-8）";
  return std::string(code);
}

void print_rows(const std::vector<catalog::RefusedRow>& refused, const std::vector<catalog::DuplicateRow>& duplicates) {
  if (!refused.empty()) {
    fmt::print("\n拒绝：\n");
    for (const auto& r : refused) {
      std::string reasons;
      for (const auto& code : r.reasons) reasons += (reasons.empty() ? "" : "、") + reason_text(code);
      fmt::print("  第 {} 行 {}：{}{}\n", r.row, r.key.empty() ? "（无名）" : r.key, reasons,
                 r.detail.empty() ? "" : "（" + r.detail + "）");
    }
  }
  if (!duplicates.empty()) {
    fmt::print("\n重复（保留先出现的一行）：\n");
    for (const auto& d : duplicates) fmt::print("  第 {} 行 {}：与第 {} 行相同\n", d.row, d.key, d.first_row);
  }
}

struct Opened {
  std::unique_ptr<storage::Database> db;
  std::unique_ptr<service::GridService> grids;
  std::unique_ptr<service::GazetteerService> gazetteer;
};

std::optional<Opened> open_gazetteer(const Config& config) {
  auto db = open_prepared(config);
  if (!db) return std::nullopt;
  auto grids = std::make_unique<service::GridService>(*db);
  auto gazetteer = std::make_unique<service::GazetteerService>(*db, *grids);
  for (auto loaded : {grids->reload(), gazetteer->reload()}) {
    if (!loaded) {
      std::cerr << "读取失败：" << loaded.error().public_message() << "\n";
      return std::nullopt;
    }
  }
  return Opened{std::move(db), std::move(grids), std::move(gazetteer)};
}

service::GazetteerImportOptions import_options(const PlaceImportArgs& args) {
  service::GazetteerImportOptions options;
  options.mode = args.dry_run ? service::GridImportMode::check_only : service::GridImportMode::apply;
  options.replace = args.replace;
  options.strict = args.strict;
  return options;
}

int status_of(bool written, bool dry_run, bool clean) {
  if (!written && !dry_run) return kExitFailure;
  return clean ? kExitOk : 3;
}

}  // namespace

int place_import_roads_command(const LoadedConfig& loaded, const PlaceImportArgs& args) {
  const auto text = read_file_or_report(args.file);
  if (!text) return kExitFailure;
  auto opened = open_gazetteer(loaded.config);
  if (!opened) return kExitFailure;
  catalog::RoadImportOptions road_options;
  road_options.name_property = args.name_property;
  road_options.aliases_property = args.aliases_property;
  auto report =
      opened->gazetteer->import_roads(access::Principal::command_line(), *text, road_options, import_options(args));
  if (!report) {
    std::cerr << "导入失败：" << report.error().public_message() << "\n";
    return kExitFailure;
  }
  const auto& plan = report->plan;
  fmt::print("读取 {} 个要素：可导入 {} 条道路，拒绝 {} 个，重复 {} 个\n", report->features, plan.accepted.size(),
             plan.refused.size(), plan.duplicates.size());
  print_rows(plan.refused, plan.duplicates);
  if (args.dry_run) {
    fmt::print("\n--dry-run：只校验，未写入。库中现有 {} 条道路。\n", report->roads_stored);
  } else if (!report->written) {
    fmt::print("\n未写入任何道路{}。\n", args.strict ? "（--strict：文件有被拒或重复的要素）" : "");
  } else {
    fmt::print("\n已写入 {} 条道路；库中现有 {} 条道路。\n", plan.accepted.size(), report->roads_stored);
  }
  return status_of(report->written, args.dry_run, plan.refused.empty() && plan.duplicates.empty());
}

int place_import_addresses_command(const LoadedConfig& loaded, const PlaceImportArgs& args) {
  const auto text = read_file_or_report(args.file);
  if (!text) return kExitFailure;
  catalog::AddressColumns columns;
  for (const auto& assignment : args.columns) {
    if (auto ok = catalog::set_address_column(columns, assignment); !ok) {
      std::cerr << ok.error().public_message() << "\n";
      return kExitUsage;
    }
  }
  auto opened = open_gazetteer(loaded.config);
  if (!opened) return kExitFailure;
  const auto extension = args.file.extension().string();
  const auto format = extension == ".geojson" || extension == ".json" ? service::AddressFileFormat::geojson
                                                                      : service::AddressFileFormat::csv;
  auto report = opened->gazetteer->import_addresses(access::Principal::command_line(), *text, format, columns,
                                                    import_options(args));
  if (!report) {
    std::cerr << "导入失败：" << report.error().public_message() << "\n";
    return kExitFailure;
  }
  const auto& plan = report->plan;
  fmt::print("读取 {} 行：可导入 {} 个地址点，拒绝 {} 行，重复 {} 行，不在任何单元网格内 {} 个\n", report->rows,
             plan.accepted.size(), plan.refused.size(), plan.duplicates.size(), plan.outside_grids.size());
  print_rows(plan.refused, plan.duplicates);
  if (!plan.outside_grids.empty()) {
    std::string rows;
    for (std::size_t i = 0; i < plan.outside_grids.size() && i < 20; ++i) {
      rows += (rows.empty() ? "" : "、") + std::to_string(plan.outside_grids[i]);
    }
    fmt::print("\n不在任何单元网格内（照存）：第 {} 行{}\n", rows, plan.outside_grids.size() > 20 ? " 等" : "");
  }
  if (!plan.roads_without_line.empty()) {
    std::string roads;
    for (const auto& r : plan.roads_without_line) roads += (roads.empty() ? "" : "、") + r;
    fmt::print("\n这些路名没有道路中心线（可按门牌查到，不能按路口查）：{}\n", roads);
  }
  if (args.dry_run) {
    fmt::print("\n--dry-run：只校验，未写入。库中现有 {} 个地址点。\n", report->addresses_stored);
  } else if (!report->written) {
    fmt::print("\n未写入任何地址点{}。\n", args.strict ? "（--strict：文件有被拒或重复的行）" : "");
  } else {
    fmt::print("\n已写入 {} 个地址点；库中现有 {} 个地址点。\n", plan.accepted.size(), report->addresses_stored);
  }
  return status_of(report->written, args.dry_run, plan.refused.empty() && plan.duplicates.empty());
}

int place_find_command(const LoadedConfig& loaded, const std::string& text, int limit) {
  // The same bounds as GET /api/v1/places.
  if (trim_blanks(text).empty() || text.size() > catalog::kMaxAddressFieldBytes) {
    std::cerr << "地址不能为空，且至多 " << catalog::kMaxAddressFieldBytes << " 字节\n";
    return kExitUsage;
  }
  auto opened = open_gazetteer(loaded.config);
  if (!opened) return kExitFailure;
  const auto found =
      opened->gazetteer->geocode(access::Principal::command_line(), text, static_cast<std::size_t>(limit));
  if (found.empty()) {
    std::cerr << "没有找到：" << text << "\n";
    return 3;
  }
  for (const auto& c : found) {
    fmt::print("{:.2f}\t{}\t{}\t{}\t{:.6f}\t{:.6f}\n", c.match.score, c.match.kind, c.match.label,
               c.grid ? c.grid->code : "", c.match.point.lon, c.match.point.lat);
  }
  return kExitOk;
}

int place_name_command(const LoadedConfig& loaded, double lon, double lat) {
  if (!std::isfinite(lon) || !std::isfinite(lat)) {
    std::cerr << "经纬度应为数\n";
    return kExitUsage;
  }
  auto opened = open_gazetteer(loaded.config);
  if (!opened) return kExitFailure;
  const auto place = opened->gazetteer->name_of({lon, lat});
  if (place.label.empty()) {
    std::cerr << "附近没有已知的地址或道路\n";
    return 3;
  }
  const double distance = place.address ? place.address->distance_m : place.road ? place.road->distance_m : 0;
  fmt::print("{}\t{:.1f} 米\t{}\n", place.label, distance, place.grid ? place.grid->code : "");
  return kExitOk;
}

}  // namespace ug::app
