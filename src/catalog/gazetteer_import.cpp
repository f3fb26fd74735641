// Row-by-row checks of road and address imports; see the header.
#include "catalog/gazetteer_import.hpp"

#include <fmt/format.h>

#include <charconv>
#include <set>

#include "catalog/address_text.hpp"
#include "catalog/csv.hpp"
#include "core/text.hpp"

namespace ug::catalog {
namespace {

// "育才大道、育才东路" or "a, b; c|d" → the names.
std::vector<std::string> split_names(std::string_view text) {
  std::vector<std::string> out;
  std::string current;
  const auto flush = [&] {
    const auto name = std::string(trim_blanks(current));
    if (!name.empty()) out.push_back(name);
    current.clear();
  };
  for (std::size_t i = 0; i < text.size();) {
    if (text.substr(i).starts_with("、") || text.substr(i).starts_with("，") || text.substr(i).starts_with("；")) {
      flush();
      i += std::string_view("、").size();
    } else if (text[i] == ',' || text[i] == ';' || text[i] == '|') {
      flush();
      ++i;
    } else {
      current.push_back(text[i++]);
    }
  }
  flush();
  return out;
}

std::optional<double> parse_degrees(std::string_view text) {
  text = trim_blanks(text);
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// Canonical road names by their normal form, for rows that use an alias or full-width text.
class RoadNames {
 public:
  void add(const std::string& canonical, const std::vector<std::string>& aliases = {}) {
    by_normal_.emplace(normalize_address(canonical), canonical);
    for (const auto& a : aliases) by_normal_.emplace(normalize_address(a), canonical);
  }
  std::optional<std::string> canonical(std::string_view name) const {
    const auto found = by_normal_.find(normalize_address(name));
    if (found == by_normal_.end()) return std::nullopt;
    return found->second;
  }

 private:
  std::map<std::string, std::string> by_normal_;
};

// The fields of one row, however the file gives them.
struct AddressFields {
  std::string road, number, building, community;
  std::optional<geo::LonLat> location;
  std::string location_problem;
};

struct AddressPlanner {
  const AddressImportContext& context;
  AddressImportPlan plan;
  RoadNames roads;
  std::map<std::tuple<std::string, std::string, std::string>, std::size_t> first_row;
  std::set<std::string> without_line;

  explicit AddressPlanner(const AddressImportContext& c) : context(c) {
    if (context.known_roads != nullptr) {
      for (const auto& road : *context.known_roads) roads.add(road.name, road.aliases);
    }
  }

  void add(std::size_t row, AddressFields f) {
    RefusedRow refused{row, "", {}, ""};
    const auto road = std::string(trim_blanks(f.road));
    const auto building = std::string(trim_blanks(f.building));
    refused.key = road + std::string(trim_blanks(f.number)) + (building.empty() ? "" : " " + building);
    if (road.size() > kMaxAddressFieldBytes || building.size() > kMaxAddressFieldBytes ||
        f.community.size() > kMaxAddressFieldBytes || f.number.size() > kMaxAddressFieldBytes) {
      refused.reasons.emplace_back("too_long");
    }
    if (!valid_utf8(f.road) || !valid_utf8(f.building) || !valid_utf8(f.community) || !valid_utf8(f.number)) {
      refused.reasons.emplace_back("bad_text");
      refused.key = "";  // not text to echo
    }
    if (road.empty() && building.empty()) refused.reasons.emplace_back("no_road_or_building");
    std::string number;
    if (!trim_blanks(f.number).empty()) {
      if (const auto n = parse_house_number(f.number); n && !road.empty()) {
        number = n->number;
      } else {
        refused.reasons.emplace_back("bad_number");
      }
    }
    if (!f.location) {
      refused.reasons.emplace_back("bad_location");
      refused.detail = f.location_problem;
    }
    if (!refused.reasons.empty()) {
      plan.refused.push_back(std::move(refused));
      return;
    }
    std::string canonical_road = road;
    if (!road.empty()) {
      if (const auto known = roads.canonical(road)) {
        canonical_road = *known;
      } else if (without_line.insert(road).second) {
        plan.roads_without_line.push_back(road);
      }
    }
    const auto key = std::tuple{canonical_road, number, building};
    if (const auto [it, fresh] = first_row.emplace(key, row); !fresh) {
      plan.duplicates.push_back({row, it->second, refused.key});
      return;
    }
    std::string community(trim_blanks(f.community));
    const auto grid_community = context.community_of ? context.community_of(*f.location) : std::nullopt;
    if (!grid_community) plan.outside_grids.push_back(row);
    if (community.empty() && grid_community) community = *grid_community;
    plan.accepted.push_back({canonical_road, number, building, community, *f.location, context.synthetic});
  }
};

}  // namespace

Result<void> set_address_column(AddressColumns& columns, std::string_view assignment) {
  const auto eq = assignment.find('=');
  const auto field = trim_blanks(assignment.substr(0, eq));
  const auto column = eq == std::string_view::npos ? std::string_view{} : trim_blanks(assignment.substr(eq + 1));
  const std::map<std::string_view, std::string*> fields{
      {"road", &columns.road},           {"number", &columns.number}, {"building", &columns.building},
      {"community", &columns.community}, {"lon", &columns.lon},       {"lat", &columns.lat}};
  const auto found = fields.find(field);
  if (found == fields.end() || column.empty()) {
    return fail(Error(ErrorCode::validation_failed, "gazetteer.column_mapping_invalid")
                    .with("mapping", std::string(assignment)));
  }
  *found->second = std::string(column);
  return {};
}

RoadImportPlan plan_road_import(const std::vector<geo::GeoFeature>& features, const RoadImportOptions& options) {
  RoadImportPlan plan;
  std::map<std::string, std::size_t> first_row;
  for (const auto& f : features) {
    const auto row = f.position + 1;
    const auto name = std::string(trim_blanks(property_text(f, options.name_property).value_or("")));
    RefusedRow refused{row, name, {}, ""};
    if (name.empty()) refused.reasons.emplace_back("no_name");
    if (name.size() > kMaxAddressFieldBytes) refused.reasons.emplace_back("too_long");
    if (f.lines.empty()) {
      refused.reasons.emplace_back("bad_line");
      if (!f.problems.empty()) refused.detail = f.problems.front();
    }
    std::size_t vertices = 0;
    for (const auto& line : f.lines) vertices += line.size();
    if (vertices > kMaxRoadVertices) refused.reasons.emplace_back("too_many_points");
    if (!refused.reasons.empty()) {
      plan.refused.push_back(std::move(refused));
      continue;
    }
    const auto normal = normalize_address(name);
    if (const auto [it, fresh] = first_row.emplace(normal, row); !fresh) {
      plan.duplicates.push_back({row, it->second, name});
      continue;
    }
    Road road{name,
              {},
              std::string(trim_blanks(property_text(f, options.district_property).value_or(""))),
              f.lines,
              options.synthetic};
    if (const auto* aliases = f.properties.if_contains(options.aliases_property)) {
      if (aliases->is_string()) {
        road.aliases = split_names(aliases->get_string());
      } else if (aliases->is_array()) {
        for (const auto& a : aliases->get_array()) {
          if (a.is_string() && !trim_blanks(a.get_string()).empty()) {
            road.aliases.emplace_back(trim_blanks(a.get_string()));
          }
        }
      }
    }
    std::erase_if(road.aliases, [&](const std::string& a) { return a.size() > kMaxAddressFieldBytes || a == name; });
    plan.accepted.push_back(std::move(road));
  }
  return plan;
}

Result<AddressImportPlan> plan_address_import_csv(std::string_view csv, const AddressColumns& columns,
                                                  const AddressImportContext& context) {
  UG_TRY_ASSIGN(const auto rows, read_csv(csv));
  if (rows.empty()) return fail(ErrorCode::validation_failed, "gazetteer.file_empty");
  const auto& header = rows.front();
  const auto column_of = [&](const std::string& name) -> std::optional<std::size_t> {
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (trim_blanks(header[i]) == name) return i;
    }
    return std::nullopt;
  };
  const auto road = column_of(columns.road), number = column_of(columns.number), building = column_of(columns.building),
             community = column_of(columns.community), lon = column_of(columns.lon), lat = column_of(columns.lat);
  for (const auto& [found, name] : {std::pair{lon, columns.lon}, std::pair{lat, columns.lat}}) {
    if (!found) return fail(Error(ErrorCode::validation_failed, "gazetteer.column_missing").with("column", name));
  }
  if (!road && !building) {
    return fail(Error(ErrorCode::validation_failed, "gazetteer.column_missing").with("column", columns.road));
  }
  AddressPlanner planner(context);
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const auto& cells = rows[r];
    if (cells.size() == 1 && trim_blanks(cells[0]).empty()) continue;  // a blank line
    const auto cell = [&](std::optional<std::size_t> at) {
      return at && *at < cells.size() ? cells[*at] : std::string();
    };
    AddressFields f{cell(road), cell(number), cell(building), cell(community), std::nullopt, ""};
    const auto x = parse_degrees(cell(lon)), y = parse_degrees(cell(lat));
    if (x && y && geo::to_nano({*x, *y})) {
      f.location = geo::LonLat{*x, *y};
    } else {
      f.location_problem = fmt::format("{}, {}", cell(lon), cell(lat));
    }
    planner.add(r, std::move(f));
  }
  return std::move(planner.plan);
}

AddressImportPlan plan_address_import_geojson(const std::vector<geo::GeoFeature>& features,
                                              const AddressColumns& columns, const AddressImportContext& context) {
  AddressPlanner planner(context);
  for (const auto& feature : features) {
    const auto text = [&](const std::string& name) { return property_text(feature, name).value_or(""); };
    AddressFields f{text(columns.road),     text(columns.number),
                    text(columns.building), text(columns.community),
                    feature.point,          feature.problems.empty() ? "" : feature.problems.front()};
    planner.add(feature.position + 1, std::move(f));
  }
  return std::move(planner.plan);
}

}  // namespace ug::catalog
