// plan_grid_import: per-feature checks (structure, code, GEOS validity, repair), then warnings over
// the accepted grids together with the stored ones.
#include "catalog/grid_import.hpp"

#include <fmt/format.h>

#include <map>

#include "catalog/codes.hpp"
#include "geo/geos_tools.hpp"

namespace ug::catalog {
namespace {

// Below this, GEOS's intersection area of two touching grids is rounding noise.
constexpr double kMinOverlapAreaM2 = 0.01;

std::string place(const geo::LonLat& p) { return fmt::format("({:.7f}, {:.7f})", p.lon, p.lat); }

void add_overlap_warnings(const std::vector<geo::IndexedGrid>& all, const std::set<std::string>& fresh,
                          GridImportPlan& plan) {
  const geo::GridIndex index(all);
  for (const auto& [i, j] : index.box_neighbours()) {
    const auto& a = index.grids()[i];
    const auto& b = index.grids()[j];
    if (!fresh.contains(a.code) && !fresh.contains(b.code)) continue;
    const double area = geo::overlap_area_square_metres(a.shape, b.shape);
    if (area < kMinOverlapAreaM2) continue;
    plan.warnings.push_back(
        {"overlap",
         fmt::format("网格 {} 与 {} 重叠 {:.1f} 平方米；重叠处的点归编码较小的 {}", a.code, b.code, area, a.code),
         {a.code, b.code},
         area});
  }
}

void add_gap_warnings(const std::vector<geo::IndexedGrid>& all, const std::set<std::string>& fresh, double min_area_m2,
                      GridImportPlan& plan) {
  std::map<std::string, std::vector<const geo::MultiPolygon*>> by_community;
  std::set<std::string> touched;
  for (const auto& grid : all) {
    const auto community = grid.code.substr(0, 12);
    by_community[community].push_back(&grid.shape);
    if (fresh.contains(grid.code)) touched.insert(community);
  }
  for (const auto& community : touched) {
    for (const auto& gap : geo::gaps_in_union(by_community[community], min_area_m2)) {
      const double area = geo::area_square_metres(gap);
      const auto corner = geo::to_degrees(gap.parts[0].outer[0]);
      plan.warnings.push_back(
          {"gap",
           fmt::format("社区 {} 的网格之间有 {:.1f} 平方米的空隙，位于 {} 附近", community, area, place(corner)),
           {community},
           area});
    }
  }
}

void add_unknown_division_warnings(const std::vector<PlannedGrid>& grids, const std::set<std::string>& known,
                                   GridImportPlan& plan) {
  std::map<std::string, int> unknown;  // most specific missing prefix → grids
  for (const auto& grid : grids) {
    const auto code = parse_grid_code(grid.code);
    if (!code) continue;
    if (!known.contains(code->district)) {
      ++unknown[code->district];
    } else if (!known.contains(code->street)) {
      ++unknown[code->street];
    } else if (!known.contains(code->community)) {
      ++unknown[code->community];
    }
  }
  if (unknown.empty()) return;
  std::vector<std::string> prefixes;
  std::string listing;
  for (const auto& [prefix, count] : unknown) {
    prefixes.push_back(prefix);
    if (prefixes.size() <= 20) listing += fmt::format("{}{}（{} 个网格）", listing.empty() ? "" : "、", prefix, count);
  }
  if (prefixes.size() > 20) listing += fmt::format(" 等共 {} 个", prefixes.size());
  plan.warnings.push_back({"unknown_division",
                           "以下编码前缀没有对应的已知行政区划，网格已导入但暂未关联（导入区划后自动关联）：" + listing,
                           prefixes, 0});
}

}  // namespace

GridImportPlan plan_grid_import(const std::vector<geo::GeoFeature>& features, const GridImportOptions& options,
                                const std::vector<geo::IndexedGrid>& existing,
                                const std::set<std::string>& known_divisions) {
  GridImportPlan plan;
  std::map<std::string, int> code_uses;
  for (const auto& f : features) {
    if (auto code = geo::property_text(f, options.code_property)) ++code_uses[*code];
  }

  for (const auto& f : features) {
    RejectedFeature rejected{f.position, geo::property_text(f, options.code_property).value_or(""), {}};
    for (const auto& problem : f.problems) rejected.reasons.push_back("几何结构错误：" + problem);
    if (rejected.code.empty()) {
      rejected.reasons.push_back(fmt::format("缺少编码属性 \"{}\"", options.code_property));
    } else if (auto code = parse_grid_code(rejected.code); !code) {
      rejected.reasons.push_back(code.error().public_message());
    } else if (code_uses[rejected.code] > 1) {
      rejected.reasons.push_back(fmt::format("编码 {} 在文件中出现 {} 次", rejected.code, code_uses[rejected.code]));
    }
    PlannedGrid grid;
    if (f.shape && rejected.reasons.empty()) {
      grid.shape = *f.shape;
      grid.repairs = f.repairs;
      const auto validity = geo::check_validity(grid.shape);
      if (!validity.valid) {
        const auto where = validity.location ? " 位于 " + place(*validity.location) : std::string();
        if (options.repair) {
          auto fixed = geo::make_valid(grid.shape);
          if (fixed) {
            grid.shape = std::move(*fixed);
            grid.repairs.push_back("GEOS MakeValid 修复了：" + validity.reason + where);
          } else {
            rejected.reasons.push_back("几何无效且无法修复：" + validity.reason + where);
          }
        } else {
          rejected.reasons.push_back("几何无效：" + validity.reason + where + "（可用 --repair 修复）");
        }
      }
    }
    if (!rejected.reasons.empty()) {
      plan.rejected.push_back(std::move(rejected));
      continue;
    }
    grid.feature = f.position;
    grid.code = rejected.code;
    if (!options.name_property.empty()) grid.name = geo::property_text(f, options.name_property).value_or("");
    grid.area_m2 = geo::area_square_metres(grid.shape);
    plan.accepted.push_back(std::move(grid));
  }

  std::set<std::string> fresh;
  std::vector<geo::IndexedGrid> all;
  for (const auto& g : plan.accepted) {
    fresh.insert(g.code);
    all.push_back({g.code, g.shape});
  }
  for (const auto& g : existing) {
    if (!fresh.contains(g.code)) all.push_back(g);
  }
  add_overlap_warnings(all, fresh, plan);
  add_gap_warnings(all, fresh, options.min_gap_area_m2, plan);
  add_unknown_division_warnings(plan.accepted, known_divisions, plan);
  plan.refused = options.strict && (!plan.rejected.empty() || !plan.warnings.empty());
  return plan;
}

}  // namespace ug::catalog
