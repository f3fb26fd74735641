// ComponentService over the component repository and the grid snapshot.
#include "service/component_service.hpp"

#include "service/audit_log.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "catalog/csv.hpp"
#include "core/clock.hpp"

namespace ug::service {
namespace json = boost::json;

namespace {

// Property names of a component in GeoJSON: the abbreviations of GB/T 47678.5 Table 2.
struct Attribute {
  const char* abbreviation;
  std::string catalog::Component::*field;
};
const std::vector<Attribute>& attributes() {
  using C = catalog::Component;
  static const std::vector<Attribute> list = {{"GLBJBSM", &C::id},
                                              {"GLBJMC", &C::name},
                                              {"ZGBMDM", &C::supervisor_code},
                                              {"ZGBMMC", &C::supervisor_name},
                                              {"QSDWDM", &C::owner_code},
                                              {"QSDWMC", &C::owner_name},
                                              {"YHDWDM", &C::maintainer_code},
                                              {"YHDWMC", &C::maintainer_name},
                                              {"SZDYWGBSM", &C::grid_code},
                                              {"GLBJZT", &C::status},
                                              {"CSRQ", &C::first_survey_date},
                                              {"BGRQ", &C::change_date},
                                              {"SJLY", &C::data_source},
                                              {"BZ", &C::remarks},
                                              {"SZJDDM", &C::street_code},
                                              {"SZJDMC", &C::street_name},
                                              {"SZSQDM", &C::community_code},
                                              {"SZSQMC", &C::community_name}};
  return list;
}

storage::ComponentRecord to_record(const catalog::Component& c) {
  const auto p = geo::to_nano(c.location).value_or(geo::NanoPoint{});
  return {c.id,
          c.category_code(),
          c.name,
          c.supervisor_code,
          c.supervisor_name,
          c.owner_code,
          c.owner_name,
          c.maintainer_code,
          c.maintainer_name,
          c.grid_code,
          c.status,
          c.first_survey_date,
          c.change_date,
          c.data_source,
          c.remarks,
          c.street_code,
          c.street_name,
          c.community_code,
          c.community_name,
          p.x,
          p.y};
}

catalog::Component from_record(const storage::ComponentRecord& r) {
  return {r.id,
          r.name,
          r.supervisor_code,
          r.supervisor_name,
          r.owner_code,
          r.owner_name,
          r.maintainer_code,
          r.maintainer_name,
          r.grid_code,
          r.status,
          r.first_survey_date,
          r.change_date,
          r.data_source,
          r.remarks,
          r.street_code,
          r.street_name,
          r.community_code,
          r.community_name,
          geo::to_degrees({r.lon_nano, r.lat_nano})};
}

}  // namespace

Result<std::vector<std::string>> ComponentService::component_categories() {
  return db_.read([](storage::Transaction& tx) -> Result<std::vector<std::string>> {
    UG_TRY_ASSIGN(auto all, tx.categories().all());
    std::vector<std::string> codes;
    for (const auto& c : all) {
      if (c.kind == "component" && c.enabled) codes.push_back(c.code);
    }
    return codes;
  });
}

bool ComponentService::place(catalog::Component& component, const GridSnapshot& snapshot) {
  const auto* where = snapshot.locate(component.location);
  if (where == nullptr) return false;
  component.grid_code = where->code;
  if (where->street) {
    component.street_code = where->street->code;
    component.street_name = where->street->name;
  }
  if (where->community) {
    component.community_code = where->community->code;
    component.community_name = where->community->name;
  }
  return true;
}

Result<void> ComponentService::store(storage::Transaction& tx, const catalog::Component& component,
                                     const std::string& note, UnixMillis now) {
  UG_TRY_ASSIGN(auto before, tx.components().find(component.id));
  UG_TRY(tx.components().upsert(to_record(component)));
  if (!before || before->status != component.status) {
    UG_TRY(tx.components().add_status_change(component.id, {now, component.status, note}));
  }
  return {};
}

Result<catalog::Component> ComponentService::save(const access::Principal& caller, catalog::Component component,
                                                  const std::string& note) {
  UG_TRY(access::require(caller, access::Permission::manage_components));
  if (!place(component, *grids_.snapshot())) {
    return fail(invalid("location", "component.outside_grids"));
  }
  UG_TRY_ASSIGN(auto categories, component_categories());
  UG_TRY(catalog::validate_component(component, categories));
  return db_.write([&](storage::Transaction& tx) -> Result<catalog::Component> {
    UG_TRY(store(tx, component, note, now_unix_millis()));
    UG_TRY(append_audit(tx, caller, "component.save", component.id, "ok",
                        boost::json::serialize(boost::json::object{{"status", component.status}})));
    return component;
  });
}

Result<std::optional<catalog::Component>> ComponentService::find(const std::string& id) {
  UG_TRY_ASSIGN(auto record, db_.read([&](storage::Transaction& tx) { return tx.components().find(id); }));
  if (!record) return std::optional<catalog::Component>{};
  return std::optional<catalog::Component>(from_record(*record));
}

namespace {
bool visible(const access::Principal& caller, const catalog::Component& c) {
  return access::sees_region(caller, c.grid_code.empty() ? c.street_code : c.grid_code);
}
}  // namespace

Result<std::optional<catalog::Component>> ComponentService::find(const access::Principal& caller,
                                                                 const std::string& id) {
  auto found = find(id);
  if (!found || !*found || visible(caller, **found)) return found;
  return std::optional<catalog::Component>{};
}

Result<std::vector<NearbyComponent>> ComponentService::nearest(const access::Principal& caller,
                                                               const std::string& category_code, geo::LonLat point,
                                                               std::size_t limit, double max_distance_m) {
  // All within the distance first, then the caller's share: the limit applies to what they see.
  auto all = nearest(category_code, point, std::numeric_limits<std::size_t>::max(), max_distance_m);
  if (!all) return all;
  std::vector<NearbyComponent> out;
  for (auto& n : *all) {
    if (out.size() == limit) break;
    if (visible(caller, n.component)) out.push_back(std::move(n));
  }
  return out;
}

Result<std::vector<storage::ComponentStatusChange>> ComponentService::status_history(const std::string& id) {
  return db_.read([&](storage::Transaction& tx) { return tx.components().status_history(id); });
}

Result<std::vector<NearbyComponent>> ComponentService::nearest(const std::string& category_code, geo::LonLat point,
                                                               std::size_t limit, double max_distance_m) {
  const auto box = geo::box_around(point, max_distance_m);
  if (!box) return fail(invalid("lon", "component.bad_location"));
  UG_TRY_ASSIGN(auto records, db_.read([&](storage::Transaction& tx) {
    return tx.components().in_box(category_code, box->min.x, box->min.y, box->max.x, box->max.y);
  }));
  std::vector<NearbyComponent> out;
  for (const auto& r : records) {
    auto c = from_record(r);
    const double d = geo::distance_metres(point, c.location);
    if (d <= max_distance_m) out.push_back({std::move(c), d});
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.distance_m != b.distance_m ? a.distance_m < b.distance_m : a.component.id < b.component.id;
  });
  if (out.size() > limit) out.resize(limit);
  return out;
}

Result<ComponentImportReport> ComponentService::import_geojson(const access::Principal& caller, std::string_view text) {
  UG_TRY(access::require(caller, access::Permission::manage_components));
  json::parse_options options;
  options.max_depth = 32;
  boost::system::error_code ec;
  const auto root = json::parse(text, ec, {}, options);
  const auto* features = (!ec && root.is_object()) ? root.as_object().if_contains("features") : nullptr;
  if (features == nullptr || !features->is_array()) {
    return fail(ErrorCode::validation_failed, "component.geojson_not_collection");
  }
  std::vector<ParsedComponent> rows;
  for (std::size_t i = 0; i < features->as_array().size(); ++i) {
    const auto& f = features->as_array()[i];
    ParsedComponent row{i, {}, {}};
    const auto* props = f.is_object() ? f.as_object().if_contains("properties") : nullptr;
    const auto* geometry = f.is_object() ? f.as_object().if_contains("geometry") : nullptr;
    if (props != nullptr && props->is_object()) {
      for (const auto& a : attributes()) {
        if (const auto* v = props->as_object().if_contains(a.abbreviation); v && v->is_string()) {
          row.component.*a.field = std::string(v->get_string());
        }
      }
    }
    const auto* coords =
        (geometry && geometry->is_object()) ? geometry->as_object().if_contains("coordinates") : nullptr;
    const auto* type = (geometry && geometry->is_object()) ? geometry->as_object().if_contains("type") : nullptr;
    if (!type || !type->is_string() || type->get_string() != "Point" || !coords || !coords->is_array() ||
        coords->as_array().size() < 2 || !coords->as_array()[0].is_number() || !coords->as_array()[1].is_number()) {
      row.problem = "几何应为 Point [经度, 纬度]";
    } else {
      row.component.location = {coords->as_array()[0].to_number<double>(), coords->as_array()[1].to_number<double>()};
    }
    rows.push_back(std::move(row));
  }
  return save_all(caller, std::move(rows));
}

Result<ComponentImportReport> ComponentService::import_csv(const access::Principal& caller, std::string_view text) {
  UG_TRY(access::require(caller, access::Permission::manage_components));
  UG_TRY_ASSIGN(auto table, catalog::read_csv(text));
  if (table.empty()) return fail(ErrorCode::validation_failed, "component.csv_empty");
  const auto& header = table.front();
  const auto column = [&](std::string_view name) -> std::optional<std::size_t> {
    const auto it = std::find(header.begin(), header.end(), name);
    return it == header.end() ? std::nullopt
                              : std::optional<std::size_t>(static_cast<std::size_t>(it - header.begin()));
  };
  const auto lon = column("LON"), lat = column("LAT"), id = column("GLBJBSM");
  if (!lon || !lat || !id) return fail(ErrorCode::validation_failed, "component.csv_header");
  std::vector<ParsedComponent> rows;
  for (std::size_t r = 1; r < table.size(); ++r) {
    const auto& cells = table[r];
    ParsedComponent row{r + 1, {}, {}};
    for (const auto& a : attributes()) {
      if (const auto c = column(a.abbreviation); c && *c < cells.size()) row.component.*a.field = cells[*c];
    }
    try {
      row.component.location = {std::stod(cells.at(*lon)), std::stod(cells.at(*lat))};
    } catch (const std::exception&) {
      row.problem = "LON、LAT 应为十进制经纬度";
    }
    rows.push_back(std::move(row));
  }
  return save_all(caller, std::move(rows));
}

Result<ComponentImportReport> ComponentService::save_all(const access::Principal& caller,
                                                         std::vector<ParsedComponent> rows) {
  ComponentImportReport report;
  report.features = rows.size();
  UG_TRY_ASSIGN(auto categories, component_categories());
  const auto snapshot = grids_.snapshot();
  std::vector<catalog::Component> accepted;
  for (auto& row : rows) {
    auto& c = row.component;
    const auto reject = [&](const std::string& why) {
      report.rejected.push_back(fmt::format("第 {} 项{}：{}", row.position, c.id.empty() ? "" : " " + c.id, why));
    };
    if (!row.problem.empty()) {
      reject(row.problem);
      continue;
    }
    if (!place(c, *snapshot)) {
      reject("位置不在任何单元网格内");
      continue;
    }
    if (auto ok = catalog::validate_component(c, categories); !ok) {
      reject(ok.error().public_message());
      continue;
    }
    accepted.push_back(std::move(c));
  }
  const UnixMillis now = now_unix_millis();
  UG_TRY_ASSIGN(report.saved, db_.write([&](storage::Transaction& tx) -> Result<std::size_t> {
    for (const auto& c : accepted) UG_TRY(store(tx, c, "导入", now));
    UG_TRY(append_audit(
        tx, caller, "component.import", "", "ok",
        boost::json::serialize(boost::json::object{{"saved", accepted.size()}, {"rejected", report.rejected.size()}})));
    return accepted.size();
  }));
  return report;
}

Result<std::string> ComponentService::export_csv() {
  UG_TRY_ASSIGN(auto records, db_.read([](storage::Transaction& tx) { return tx.components().all(); }));
  const auto quote = [](const std::string& cell) {
    if (cell.find_first_of(",\"\n\r") == std::string::npos) return cell;
    std::string out = "\"";
    for (const char ch : cell) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    return out + "\"";
  };
  std::string out;
  for (const auto& a : attributes()) out += std::string(a.abbreviation) + ",";
  out += "LON,LAT\n";
  for (const auto& r : records) {
    const auto c = from_record(r);
    for (const auto& a : attributes()) out += quote(c.*a.field) + ",";
    out += fmt::format("{:.9f},{:.9f}\n", c.location.lon, c.location.lat);
  }
  return out;
}

Result<std::string> ComponentService::export_geojson() {
  UG_TRY_ASSIGN(auto records, db_.read([](storage::Transaction& tx) { return tx.components().all(); }));
  json::array features;
  for (const auto& r : records) {
    const auto c = from_record(r);
    json::object properties;
    for (const auto& a : attributes()) properties[a.abbreviation] = c.*a.field;
    features.push_back(json::object{
        {"type", "Feature"},
        {"properties", std::move(properties)},
        {"geometry", json::object{{"type", "Point"}, {"coordinates", json::array{c.location.lon, c.location.lat}}}}});
  }
  return json::serialize(json::object{{"type", "FeatureCollection"}, {"features", std::move(features)}});
}

}  // namespace ug::service
