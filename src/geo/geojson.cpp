// GeoJSON polygons ↔ MultiPolygon, lines and points, with a message for every structural fault.
#include "geo/geojson.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <cmath>
#include <set>

namespace ug::geo {
namespace json = boost::json;

namespace {

struct RingReader {
  const GeoJsonReadOptions& options;
  GeoFeature& feature;

  void problem(std::string text) { feature.problems.push_back(std::move(text)); }

  std::optional<Ring> ring(const json::value& value, const std::string& where) {
    if (!value.is_array()) {
      problem(where + " is not an array of positions");
      return std::nullopt;
    }
    Ring out;
    for (std::size_t i = 0; i < value.get_array().size(); ++i) {
      const auto& pos = value.get_array()[i];
      if (!pos.is_array() || pos.get_array().size() < 2 || !pos.get_array()[0].is_number() ||
          !pos.get_array()[1].is_number()) {
        problem(fmt::format("{} position {} is not [longitude, latitude]", where, i));
        return std::nullopt;
      }
      const LonLat degrees{pos.get_array()[0].to_number<double>(), pos.get_array()[1].to_number<double>()};
      const auto nano = to_nano(degrees);
      if (!nano) {
        problem(fmt::format("{} position {} is not a valid longitude/latitude", where, i));
        return std::nullopt;
      }
      out.push_back(*nano);
    }
    std::set<std::pair<Nano, Nano>> distinct;
    for (const auto& p : out) distinct.emplace(p.x, p.y);
    if (distinct.size() < 3) {
      if (options.repair_rings) {
        feature.repairs.push_back(where + " had fewer than 3 distinct points: dropped");
        return Ring{};
      }
      problem(where + " is degenerate (fewer than 3 distinct points)");
      return std::nullopt;
    }
    if (out.front() != out.back()) {
      if (options.repair_rings) {
        out.push_back(out.front());
        feature.repairs.push_back(where + " was not closed: closed it");
      } else {
        problem(where + " is not closed (its last position differs from its first)");
        return std::nullopt;
      }
    }
    if (out.size() < 4) {
      problem(where + " has fewer than 4 positions");
      return std::nullopt;
    }
    return out;
  }

  // The polygons one GeoJSON polygon yields: itself, or with --repair and a degenerate outer ring,
  // each of its other rings as a polygon of its own (GEOS MakeValid then sorts out their nesting).
  std::optional<std::vector<Polygon>> polygon(const json::value& value, const std::string& where) {
    if (!value.is_array() || value.get_array().empty()) {
      problem(where + " has no rings");
      return std::nullopt;
    }
    std::vector<Ring> rings;
    bool outer_dropped = false;
    const auto& array = value.get_array();
    for (std::size_t r = 0; r < array.size(); ++r) {
      const auto name = r == 0 ? where + " outer ring" : fmt::format("{} hole {}", where, r);
      auto read = ring(array[r], name);
      if (!read) return std::nullopt;
      if (read->empty()) {
        outer_dropped = outer_dropped || r == 0;
        continue;
      }
      rings.push_back(std::move(*read));
    }
    std::vector<Polygon> out;
    if (rings.empty()) return out;
    if (outer_dropped) {
      feature.repairs.push_back(
          fmt::format("{}: its {} other ring(s) kept as polygons of their own", where, rings.size()));
      for (auto& r : rings) out.push_back(Polygon{std::move(r), {}});
      return out;
    }
    Polygon p{std::move(rings.front()), {}};
    for (std::size_t r = 1; r < rings.size(); ++r) p.holes.push_back(std::move(rings[r]));
    out.push_back(std::move(p));
    return out;
  }
};

// A [longitude, latitude] position in range, or nullopt.
std::optional<LonLat> position(const json::value& pos) {
  if (!pos.is_array() || pos.get_array().size() < 2 || !pos.get_array()[0].is_number() ||
      !pos.get_array()[1].is_number()) {
    return std::nullopt;
  }
  const LonLat degrees{pos.get_array()[0].to_number<double>(), pos.get_array()[1].to_number<double>()};
  if (!to_nano(degrees)) return std::nullopt;
  return degrees;
}

// One LineString's positions: two distinct points at least.
std::optional<Line> line(const json::value& value, const std::string& where, GeoFeature& feature) {
  if (!value.is_array()) {
    feature.problems.push_back(where + " is not an array of positions");
    return std::nullopt;
  }
  Line out;
  for (std::size_t i = 0; i < value.get_array().size(); ++i) {
    const auto p = position(value.get_array()[i]);
    if (!p) {
      feature.problems.push_back(fmt::format("{} position {} is not a valid [longitude, latitude]", where, i));
      return std::nullopt;
    }
    out.push_back(*p);
  }
  const bool distinct = std::any_of(
      out.begin(), out.end(), [&](const LonLat& p) { return p.lon != out.front().lon || p.lat != out.front().lat; });
  if (out.size() < 2 || !distinct) {
    feature.problems.push_back(where + " has fewer than 2 distinct positions");
    return std::nullopt;
  }
  return out;
}

void read_lines_or_point(const json::string& type, const json::value& coords, GeometryKind kind, GeoFeature& feature) {
  if (kind == GeometryKind::point) {
    if (type != "Point") {
      feature.problems.push_back(fmt::format("geometry type {} is not Point", std::string_view(type)));
    } else if (const auto p = position(coords)) {
      feature.point = *p;
    } else {
      feature.problems.emplace_back("point is not a valid [longitude, latitude]");
    }
    return;
  }
  if (type == "LineString") {
    if (auto l = line(coords, "line", feature)) feature.lines.push_back(std::move(*l));
  } else if (type == "MultiLineString") {
    if (!coords.is_array() || coords.get_array().empty()) {
      feature.problems.emplace_back("MultiLineString has no lines");
      return;
    }
    for (std::size_t i = 0; i < coords.get_array().size(); ++i) {
      auto l = line(coords.get_array()[i], fmt::format("line {}", i), feature);
      if (!l) {
        feature.lines.clear();
        return;
      }
      feature.lines.push_back(std::move(*l));
    }
  } else {
    feature.problems.push_back(
        fmt::format("geometry type {} is not LineString or MultiLineString", std::string_view(type)));
  }
}

// Reads a GeoJSON geometry object into feature.shape (or lines, or point, as options.kind says), or
// its problems into feature.problems.
void read_geometry_into(const json::value* geometry, const GeoJsonReadOptions& options, GeoFeature& feature) {
  const auto* gobj = geometry ? geometry->if_object() : nullptr;
  const auto* gtype = gobj ? gobj->if_contains("type") : nullptr;
  const auto* coords = gobj ? gobj->if_contains("coordinates") : nullptr;
  RingReader reader{options, feature};
  if (gobj == nullptr || gtype == nullptr || !gtype->is_string()) {
    feature.problems.emplace_back("feature has no geometry");
  } else if (coords == nullptr) {
    feature.problems.emplace_back("geometry has no coordinates");
  } else if (options.kind != GeometryKind::polygon) {
    read_lines_or_point(gtype->get_string(), *coords, options.kind, feature);
  } else if (gtype->get_string() == "Polygon") {
    if (auto polygons = reader.polygon(*coords, "polygon")) feature.shape = MultiPolygon{std::move(*polygons)};
  } else if (gtype->get_string() == "MultiPolygon") {
    if (!coords->is_array() || coords->get_array().empty()) {
      feature.problems.emplace_back("MultiPolygon has no polygons");
    } else {
      MultiPolygon shape;
      bool ok = true;
      for (std::size_t p = 0; p < coords->get_array().size() && ok; ++p) {
        auto polygons = reader.polygon(coords->get_array()[p], fmt::format("polygon {}", p));
        ok = polygons.has_value();
        if (ok) shape.parts.insert(shape.parts.end(), polygons->begin(), polygons->end());
      }
      if (ok) feature.shape = std::move(shape);
    }
  } else {
    feature.problems.push_back(
        fmt::format("geometry type {} is not Polygon or MultiPolygon", std::string_view(gtype->get_string())));
  }
  if (feature.shape && feature.shape->parts.empty()) {
    feature.problems.emplace_back("nothing is left of the geometry after dropping degenerate parts");
    feature.shape.reset();
  }
}

}  // namespace

namespace {

// One stored geometry object read as `kind`: the feature it fills, or why it is not one.
Result<GeoFeature> read_one_geometry(std::string_view text, GeometryKind kind) {
  json::parse_options parse_options;
  parse_options.max_depth = kMaxGeoJsonDepth;
  boost::system::error_code ec;
  const json::value root = json::parse(text, ec, {}, parse_options);
  if (ec) return fail(Error(ErrorCode::validation_failed, "geojson.geometry_not_json").with("reason", ec.message()));
  GeoFeature feature;
  read_geometry_into(&root, {.kind = kind}, feature);
  const bool read = kind == GeometryKind::polygon ? feature.shape.has_value()
                    : kind == GeometryKind::line  ? !feature.lines.empty()
                                                  : feature.point.has_value();
  if (!read) {
    return fail(Error(ErrorCode::validation_failed, "geojson.geometry_invalid")
                    .with("problem", feature.problems.empty() ? std::string("empty") : feature.problems.front()));
  }
  return feature;
}

}  // namespace

Result<MultiPolygon> read_geometry(std::string_view text) {
  UG_TRY_ASSIGN(auto feature, read_one_geometry(text, GeometryKind::polygon));
  return std::move(*feature.shape);
}

Result<std::vector<Line>> read_line_geometry(std::string_view text) {
  UG_TRY_ASSIGN(auto feature, read_one_geometry(text, GeometryKind::line));
  return std::move(feature.lines);
}

Result<std::vector<GeoFeature>> read_feature_collection(std::string_view text, const GeoJsonReadOptions& options) {
  json::parse_options parse_options;
  parse_options.max_depth = kMaxGeoJsonDepth;
  boost::system::error_code ec;
  const json::value root = json::parse(text, ec, {}, parse_options);
  if (ec) {
    return fail(Error(ErrorCode::validation_failed, "geojson.file_not_json").with("reason", ec.message()));
  }
  const auto* object = root.if_object();
  const auto* type = object ? object->if_contains("type") : nullptr;
  if (type == nullptr || !type->is_string() || type->get_string() != "FeatureCollection") {
    return fail(ErrorCode::validation_failed, "geojson.not_feature_collection");
  }
  const auto* features = object->if_contains("features");
  if (features == nullptr || !features->is_array()) {
    return fail(ErrorCode::validation_failed, "geojson.features_missing");
  }

  std::vector<GeoFeature> out;
  out.reserve(features->get_array().size());
  for (std::size_t i = 0; i < features->get_array().size(); ++i) {
    GeoFeature feature;
    feature.position = i;
    const auto* f = features->get_array()[i].if_object();
    if (f == nullptr) {
      feature.problems.emplace_back("feature is not an object");
      out.push_back(std::move(feature));
      continue;
    }
    if (const auto* props = f->if_contains("properties"); props && props->is_object()) {
      feature.properties = props->get_object();
    }
    read_geometry_into(f->if_contains("geometry"), options, feature);
    out.push_back(std::move(feature));
  }
  return out;
}

std::optional<std::string> property_text(const GeoFeature& feature, std::string_view name) {
  const auto* value = feature.properties.if_contains(name);
  if (value == nullptr) return std::nullopt;
  if (value->is_string()) return std::string(value->get_string());
  if (value->is_int64()) return std::to_string(value->get_int64());
  if (value->is_uint64()) return std::to_string(value->get_uint64());
  return std::nullopt;
}

namespace {

json::array ring_json(const Ring& ring, std::int64_t nano_step) {
  json::array out;
  out.reserve(ring.size());
  const auto degrees = [nano_step](std::int64_t nano) {
    // Full precision reads back to the same nanodegrees (to_nano rounds).
    if (nano_step == 1) return static_cast<double>(nano) / kNanoPerDegree;
    const auto steps = static_cast<double>(nano) / static_cast<double>(nano_step);
    return std::round(steps) / (static_cast<double>(kNanoPerDegree) / static_cast<double>(nano_step));
  };
  for (const auto& p : ring) out.push_back(json::array{json::value(degrees(p.x)), json::value(degrees(p.y))});
  return out;
}

json::array polygon_json(const Polygon& polygon, std::int64_t nano_step) {
  // Not `json::array rings{ring_json(…)}`: with one array argument, clang reads those braces as a
  // copy and GCC as a one-element list (found by the clang tier: exports lost a nesting level).
  json::array rings;
  rings.push_back(ring_json(polygon.outer, nano_step));
  for (const auto& hole : polygon.holes) rings.push_back(ring_json(hole, nano_step));
  return rings;
}

}  // namespace

json::object to_geojson_geometry(const MultiPolygon& shape, int decimals) {
  std::int64_t nano_step = 1;
  for (int d = std::clamp(decimals, 0, 9); d < 9; ++d) nano_step *= 10;
  if (shape.parts.size() == 1) {
    return json::object{{"type", "Polygon"}, {"coordinates", polygon_json(shape.parts[0], nano_step)}};
  }
  json::array parts;
  for (const auto& part : shape.parts) parts.push_back(polygon_json(part, nano_step));
  return json::object{{"type", "MultiPolygon"}, {"coordinates", std::move(parts)}};
}

boost::json::object to_geojson_lines(const std::vector<Line>& lines, int decimals) {
  const double scale = std::pow(10.0, decimals);
  const auto rounded = [&](double v) { return std::round(v * scale) / scale; };
  json::array parts;
  for (const auto& l : lines) {
    json::array positions;
    for (const auto& p : l) positions.push_back(json::array{rounded(p.lon), rounded(p.lat)});
    parts.push_back(std::move(positions));
  }
  return json::object{{"type", "MultiLineString"}, {"coordinates", std::move(parts)}};
}

}  // namespace ug::geo
