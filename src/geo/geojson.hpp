// Reading and writing GeoJSON (RFC 7946) polygons, and the line strings and points of road centre
// lines and address points (issue 22). A file-level problem (not JSON, not a
// FeatureCollection, absurd nesting) is an error; a bad feature is reported with its position and
// the file's other features stay usable, so an import can say exactly what it rejected and why.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "geo/geometry.hpp"

namespace ug::geo {

struct GeoFeature {
  std::size_t position = 0;  // 0-based index in the file's "features"
  boost::json::object properties;
  std::optional<MultiPolygon> shape;  // set when the geometry is structurally a usable polygon
  std::vector<Line> lines;            // read as lines: the LineString, or the MultiLineString's parts
  std::optional<LonLat> point;        // read as points: the Point
  std::vector<std::string> problems;  // why shape is empty
  std::vector<std::string> repairs;   // what --repair changed in this feature
};

enum class GeometryKind { polygon, line, point };

struct GeoJsonReadOptions {
  GeometryKind kind = GeometryKind::polygon;  // the geometry every feature must have
  // Close rings whose last point differs from the first, and drop rings (holes) or parts with fewer
  // than three distinct points; every change is listed in GeoFeature::repairs.
  bool repair_rings = false;
};

inline constexpr int kMaxGeoJsonDepth = 64;

Result<std::vector<GeoFeature>> read_feature_collection(std::string_view text, const GeoJsonReadOptions& options);

// One GeoJSON geometry object (Polygon or MultiPolygon), e.g. as stored for a grid.
Result<MultiPolygon> read_geometry(std::string_view text);

// A property as text: strings as they are, integers in decimal; nullopt when absent or another type.
std::optional<std::string> property_text(const GeoFeature& feature, std::string_view name);

// One stored LineString or MultiLineString (a road's centre line) as its parts.
Result<std::vector<Line>> read_line_geometry(std::string_view text);
// A MultiLineString of `lines`, coordinates to `decimals` places.
boost::json::object to_geojson_lines(const std::vector<Line>& lines, int decimals = 7);

// GeoJSON geometry of a shape: Polygon for one part, MultiPolygon otherwise; coordinates in degrees
// with 9 decimals at most (the stored precision).
// Coordinates to `decimals` places of a degree (9, the default, keeps every nanodegree; maps
// need 6, about 0.1 m, and a third of the bytes).
boost::json::object to_geojson_geometry(const MultiPolygon& shape, int decimals = 9);

}  // namespace ug::geo
