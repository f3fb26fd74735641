// Geometry of unit grids: points, rings, polygons with holes, multipolygons. Coordinates are kept as
// integer nanodegrees (1e-9°, about 0.1 mm on the ground) so that "is this point on the boundary?"
// is decided exactly, the same on every machine and every run (DOMAIN.md §2: a point on a shared
// edge belongs to exactly one grid). Longitude/latitude are WGS84/CGCS2000.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace ug::geo {

using Nano = std::int64_t;  // nanodegrees
inline constexpr double kNanoPerDegree = 1e9;

struct LonLat {
  double lon = 0;
  double lat = 0;
};

// A line string in degrees: a road's centre line (two points or more).
using Line = std::vector<LonLat>;

struct NanoPoint {
  Nano x = 0;  // longitude
  Nano y = 0;  // latitude
  friend bool operator==(const NanoPoint&, const NanoPoint&) = default;
};

// Rounds to the nearest nanodegree; nullopt for NaN, infinities and values outside ±180/±90.
std::optional<NanoPoint> to_nano(LonLat p);
LonLat to_degrees(NanoPoint p);

struct Box {
  NanoPoint min{};
  NanoPoint max{};
  bool contains(NanoPoint p) const { return p.x >= min.x && p.x <= max.x && p.y >= min.y && p.y <= max.y; }
};

// A closed ring: first point == last point, at least 4 points.
using Ring = std::vector<NanoPoint>;

struct Polygon {
  Ring outer;
  std::vector<Ring> holes;
};

struct MultiPolygon {
  std::vector<Polygon> parts;
};

Box bounding_box(const MultiPolygon& shape);

// Where a point lies relative to a shape. Boundaries include the boundaries of holes.
enum class Location { outside, boundary, inside };
Location locate_point(const MultiPolygon& shape, NanoPoint p);
inline bool covers(const MultiPolygon& shape, NanoPoint p) { return locate_point(shape, p) != Location::outside; }

// Planar area in square degrees (shoelace; holes subtracted), and an estimate in square metres at
// the shape's mean latitude (spherical Earth, R = 6,371,008.8 m): good to well under 1 % for
// shapes the size of a city.
double area_square_degrees(const MultiPolygon& shape);

inline constexpr double kEarthRadiusMetres = 6'371'008.8;  // mean radius (IUGG)
// Metres along a meridian per degree of latitude.
double metres_per_degree();
// Great-circle distance (haversine) between two points, in metres.
double distance_metres(LonLat a, LonLat b);
double area_square_metres(const MultiPolygon& shape);
// A box (nanodegrees) that holds every point within `radius_m` of `centre`, for a coarse search
// before exact distances; nullopt when `centre` is not a valid coordinate.
std::optional<Box> box_around(LonLat centre, double radius_m);

}  // namespace ug::geo
