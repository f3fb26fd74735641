// GridService: snapshot building, import and export.
#include "service/grid_service.hpp"

#include "service/audit_log.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <map>
#include <set>

#include "core/clock.hpp"
#include "core/text.hpp"
#include "geo/geojson.hpp"
#include "geo/geos_tools.hpp"

namespace ug::service {
namespace json = boost::json;

const GridPlace* GridSnapshot::locate(geo::LonLat point) const {
  const auto hit = index_.locate(point);
  return hit ? &places_[*hit] : nullptr;
}

GridService::GridService(storage::Database& db)
    : db_(db), snapshot_(std::make_shared<const GridSnapshot>(geo::GridIndex({}), std::vector<GridPlace>{}, "")) {}

Result<void> GridService::reload() {
  std::lock_guard lock(reload_mutex_);
  struct Loaded {
    std::vector<storage::GridRecord> grids;
    std::vector<storage::DivisionRecord> divisions;
    std::string marker;
  };
  UG_TRY_ASSIGN(auto loaded, db_.read([](storage::Transaction& tx) -> Result<Loaded> {
    Loaded out;
    UG_TRY_ASSIGN(auto marker, tx.grids().change_marker());
    UG_TRY_ASSIGN(auto grids, tx.grids().all());
    UG_TRY_ASSIGN(auto divisions, tx.divisions().all());
    return Loaded{std::move(grids), std::move(divisions), std::move(marker)};
  }));

  std::map<std::string, std::string> names;
  for (const auto& d : loaded.divisions) names[d.code] = d.name;
  const auto ref = [&](const std::string& code) -> std::optional<DivisionRef> {
    if (code.empty()) return std::nullopt;
    const auto it = names.find(code);
    return DivisionRef{code, it == names.end() ? std::string() : it->second};
  };
  std::vector<geo::IndexedGrid> shapes;
  std::map<std::string, GridPlace> places;
  shapes.reserve(loaded.grids.size());
  for (auto& g : loaded.grids) {
    auto shape = geo::read_geometry(g.geometry_geojson);
    if (!shape) {
      return fail(ErrorCode::internal, {},
                  fmt::format("stored grid {} has an unreadable shape: {}", g.code, shape.error().public_message()));
    }
    shapes.push_back({g.code, std::move(*shape)});
    places[g.code] = GridPlace{g.code, g.name, ref(g.district_code), ref(g.street_code), ref(g.community_code)};
  }
  geo::GridIndex index(std::move(shapes));
  std::vector<GridPlace> ordered;
  ordered.reserve(index.size());
  for (const auto& g : index.grids()) ordered.push_back(std::move(places[g.code]));
  snapshot_.store(std::make_shared<const GridSnapshot>(std::move(index), std::move(ordered), std::move(loaded.marker)));
  return {};
}

Result<bool> GridService::refresh_if_changed() {
  UG_TRY_ASSIGN(auto marker, db_.read([](storage::Transaction& tx) { return tx.grids().change_marker(); }));
  if (marker == snapshot()->marker()) return false;
  UG_TRY(reload());
  return true;
}

std::optional<GridPlace> GridService::locate(geo::LonLat point) const {
  const auto current = snapshot();
  const auto* place = current->locate(point);
  if (place == nullptr) return std::nullopt;
  return *place;
}

std::optional<GridPlace> GridService::locate(const access::Principal& caller, geo::LonLat point) const {
  auto place = locate(point);
  if (!place || !access::sees_region(caller, place->code)) return std::nullopt;
  return place;
}

Result<GridImportReport> GridService::import_geojson(const access::Principal& caller, std::string_view text,
                                                     const catalog::GridImportOptions& options, GridImportMode mode) {
  UG_TRY(access::require(caller, access::Permission::manage_grids));
  UG_TRY_ASSIGN(auto features, geo::read_feature_collection(text, {.repair_rings = options.repair}));
  UG_TRY(reload());
  UG_TRY_ASSIGN(auto known, db_.read([](storage::Transaction& tx) -> Result<std::set<std::string>> {
    UG_TRY_ASSIGN(auto divisions, tx.divisions().all());
    std::set<std::string> codes;
    for (const auto& d : divisions) codes.insert(d.code);
    return codes;
  }));

  GridImportReport report;
  report.features = features.size();
  report.plan = catalog::plan_grid_import(features, options, snapshot()->index().grids(), known);
  if (mode == GridImportMode::apply && !report.plan.refused && !report.plan.accepted.empty()) {
    const UnixMillis now = now_unix_millis();
    UG_TRY_ASSIGN(auto stored, db_.write([&](storage::Transaction& tx) -> Result<std::int64_t> {
      for (const auto& g : report.plan.accepted) {
        UG_TRY(tx.grids().upsert(
            {g.code, g.name, "", "", "", json::serialize(geo::to_geojson_geometry(g.shape)), g.area_m2, now}));
      }
      UG_TRY(tx.grids().link_divisions());
      UG_TRY(append_audit(tx, caller, "grid.import", "", "ok",
                          boost::json::serialize(boost::json::object{{"accepted", report.plan.accepted.size()},
                                                                     {"rejected", report.plan.rejected.size()}})));
      return tx.grids().count();
    }));
    report.written = true;
    report.grids_stored = stored;
    UG_TRY(reload());
  } else {
    report.grids_stored = static_cast<std::int64_t>(snapshot()->index().size());
  }
  return report;
}

Result<std::int64_t> GridService::create_responsibility_grid(const access::Principal& caller, const std::string& name,
                                                             const std::string& description,
                                                             const std::vector<std::string>& codes,
                                                             const std::vector<std::string>& prefixes) {
  UG_TRY(access::require(caller, access::Permission::manage_grids));
  if (name.empty()) return fail(invalid("name", "grid.responsibility_name_required"));
  const auto current = snapshot();
  std::set<std::string> members;
  std::vector<std::string> unknown;
  for (const auto& code : codes) {
    const auto& all = current->index().grids();
    const bool known = std::binary_search(all.begin(), all.end(), geo::IndexedGrid{code, {}},
                                          [](const auto& a, const auto& b) { return a.code < b.code; });
    if (known) {
      members.insert(code);
    } else {
      unknown.push_back(code);
    }
  }
  if (!unknown.empty()) {
    return fail(Error(ErrorCode::validation_failed, "grid.unknown_unit_grids").with("unknown", unknown));
  }
  for (const auto& prefix : prefixes) {
    for (const auto& g : current->index().grids()) {
      if (g.code.starts_with(prefix)) members.insert(g.code);
    }
  }
  if (members.empty()) return fail(ErrorCode::validation_failed, "grid.responsibility_empty");
  return db_.write([&](storage::Transaction& tx) -> Result<std::int64_t> {
    auto id = tx.responsibility_grids().create({0, name, description, 0}, {members.begin(), members.end()});
    if (!id) return id;
    UG_TRY(append_audit(tx, caller, "responsibility_grid.create", name, "ok",
                        boost::json::serialize(boost::json::object{{"unit_grids", members.size()}})));
    return id;
  });
}

Result<std::vector<storage::ResponsibilityGridRecord>> GridService::responsibility_grids() const {
  return db_.read([](storage::Transaction& tx) { return tx.responsibility_grids().all(); });
}

Result<std::vector<storage::ResponsibilityGridRecord>> GridService::responsibility_grids(
    const access::Principal& caller) const {
  return db_.read([&](storage::Transaction& tx) -> Result<std::vector<storage::ResponsibilityGridRecord>> {
    auto all = tx.responsibility_grids().all();
    if (!all) return all;
    std::vector<storage::ResponsibilityGridRecord> visible;
    for (auto& group : *all) {
      UG_TRY_ASSIGN(auto members, tx.responsibility_grids().members(group.id));
      if (std::any_of(members.begin(), members.end(),
                      [&](const std::string& code) { return access::sees_region(caller, code); })) {
        visible.push_back(std::move(group));
      }
    }
    return visible;
  });
}

Result<std::string> GridService::export_geojson() const {
  const auto current = snapshot();
  json::array features;
  features.reserve(current->index().size());
  for (std::size_t i = 0; i < current->index().size(); ++i) {
    const auto& place = current->places()[i];
    json::object properties{{"code", place.code}, {"name", place.name}};
    properties["district"] = place.district ? json::value(place.district->code) : json::value(nullptr);
    properties["street"] = place.street ? json::value(place.street->code) : json::value(nullptr);
    properties["community"] = place.community ? json::value(place.community->code) : json::value(nullptr);
    features.push_back(json::object{{"type", "Feature"},
                                    {"properties", std::move(properties)},
                                    {"geometry", geo::to_geojson_geometry(current->index().grids()[i].shape)}});
  }
  return json::serialize(json::object{{"type", "FeatureCollection"}, {"features", std::move(features)}});
}

std::string GridService::map_geojson(const access::Principal& caller, const std::optional<geo::Box>& box) const {
  const auto current = snapshot();
  const auto& grids = current->index().grids();
  std::vector<std::size_t> chosen;
  if (box) {
    chosen = current->index().meeting(*box);
  } else {
    chosen.resize(grids.size());
    for (std::size_t i = 0; i < chosen.size(); ++i) chosen[i] = i;
  }
  const auto code_of = [](const std::optional<DivisionRef>& d) { return d ? json::value(d->code) : json::value(); };
  json::array features;
  features.reserve(chosen.size());
  for (const auto i : chosen) {
    const auto& place = current->places()[i];
    if (!access::sees_region(caller, place.code)) continue;
    features.push_back(json::object{{"type", "Feature"},
                                    {"properties", json::object{{"code", place.code},
                                                                {"name", place.name},
                                                                {"community", code_of(place.community)},
                                                                {"street", code_of(place.street)},
                                                                {"district", code_of(place.district)}}},
                                    {"geometry", geo::to_geojson_geometry(grids[i].shape, 6)}});
  }
  return json::serialize(json::object{{"type", "FeatureCollection"}, {"features", std::move(features)}});
}

std::string GridService::outlines_geojson(int code_length) const {
  const auto current = snapshot();
  std::lock_guard lock(outlines_mutex_);
  if (outlines_marker_ != current->marker()) {
    outlines_.clear();
    outlines_marker_ = current->marker();
  }
  auto& cached = outlines_[code_length];
  if (!cached.empty()) return cached;
  const auto length = static_cast<std::size_t>(code_length);
  std::map<std::string, std::vector<const geo::MultiPolygon*>> members;
  for (const auto& grid : current->index().grids()) {
    if (grid.code.size() > length) members[grid.code.substr(0, length)].push_back(&grid.shape);
  }
  // Names of the divisions, from any grid's place that carries them.
  std::map<std::string, std::string> names;
  for (const auto& place : current->places()) {
    for (const auto* d : {&place.district, &place.street}) {
      if (*d && (*d)->code.size() == length) names.emplace((*d)->code, (*d)->name);
    }
  }
  json::array features;
  for (const auto& [code, shapes] : members) {
    const auto name = names.find(code);
    features.push_back(
        json::object{{"type", "Feature"},
                     {"properties", json::object{{"code", code}, {"name", name == names.end() ? "" : name->second}}},
                     {"geometry", geo::to_geojson_geometry(geo::union_of(shapes), 6)}});
  }
  cached = json::serialize(json::object{{"type", "FeatureCollection"}, {"features", std::move(features)}});
  return cached;
}

namespace {

// A point inside the shape: the middle of its box when that lies inside, else the first of a 5×5
// lattice over the box that does, else a corner of its outline (a grid is never empty).
geo::LonLat point_inside(const geo::MultiPolygon& shape) {
  const auto box = geo::bounding_box(shape);
  for (int step = 0; step <= 25; ++step) {
    const int i = step == 0 ? 2 : (step - 1) % 5, j = step == 0 ? 2 : (step - 1) / 5;
    const geo::NanoPoint p{box.min.x + (box.max.x - box.min.x) / 4 * i, box.min.y + (box.max.y - box.min.y) / 4 * j};
    if (geo::covers(shape, p)) return geo::to_degrees(p);
  }
  return geo::to_degrees(shape.parts.front().outer.front());
}

geo::Box merged(const geo::Box& a, const geo::Box& b) {
  return {{std::min(a.min.x, b.min.x), std::min(a.min.y, b.min.y)},
          {std::max(a.max.x, b.max.x), std::max(a.max.y, b.max.y)}};
}

}  // namespace

std::vector<PlaceMatch> GridService::search_places(const access::Principal& caller, std::string_view text,
                                                   std::size_t limit) const {
  const auto needle = ascii_lower(trim_blanks(text));
  if (needle.empty() || limit == 0) return {};
  // The name holds the words ("越河" → 越河街道), or a typed address holds the name ("越河街道育才路
  // 12号" → 越河街道; names of one character are too loose for that), or the code starts with them.
  const auto matches = [&](const std::string& name, const std::string& code) {
    if (code.starts_with(needle)) return true;
    if (name.empty()) return false;
    const auto lowered = ascii_lower(name);
    return lowered.find(needle) != std::string::npos ||
           (lowered.size() > 3 && needle.find(lowered) != std::string::npos);
  };
  const auto current = snapshot();
  const auto& grids = current->index().grids();
  const auto& places = current->places();
  // Divisions found through the grids that carry them, each name tested once; their boxes grow
  // grid by grid. A grid's box is worked out only when something it belongs to matched.
  std::map<std::string, bool> division_matched;
  std::map<std::string, PlaceMatch> streets, communities;
  std::vector<PlaceMatch> found_grids;
  const auto name_of = [](const std::optional<DivisionRef>& d) { return d ? d->name : std::string(); };
  for (std::size_t i = 0; i < places.size(); ++i) {
    const auto& place = places[i];
    if (!access::sees_region(caller, place.code)) continue;
    std::optional<geo::Box> box;
    const auto box_of_grid = [&] { return box ? *box : *(box = geo::bounding_box(grids[i].shape)); };
    const auto add_division = [&](std::map<std::string, PlaceMatch>& into, const std::optional<DivisionRef>& d,
                                  const char* kind, const auto& within) {
      if (!d) return;
      auto [known, fresh] = division_matched.try_emplace(d->code, false);
      if (fresh) known->second = matches(d->name, d->code);
      if (!known->second) return;
      auto [it, first] = into.try_emplace(d->code, PlaceMatch{kind, d->code, d->name, "", box_of_grid(), std::nullopt});
      if (first) {
        it->second.within = within();
      } else {
        it->second.box = merged(it->second.box, box_of_grid());
      }
    };
    add_division(streets, place.street, "street", [&] { return name_of(place.district); });
    add_division(communities, place.community, "community", [&] {
      return place.street ? place.street->name + "，" + name_of(place.district) : name_of(place.district);
    });
    if (found_grids.size() < limit && matches(place.name, place.code)) {
      const auto within =
          place.community ? place.community->name + "，" + name_of(place.street) : name_of(place.street);
      found_grids.push_back({"grid", place.code, place.name, within, box_of_grid(), point_inside(grids[i].shape)});
    }
  }
  std::vector<PlaceMatch> out;
  for (auto* group : {&streets, &communities}) {
    for (auto& [code, match] : *group) {
      if (out.size() < limit) out.push_back(std::move(match));
    }
  }
  for (auto& g : found_grids) {
    if (out.size() < limit) out.push_back(std::move(g));
  }
  return out;
}

}  // namespace ug::service
