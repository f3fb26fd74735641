// Exact point-in-polygon on integer coordinates (crossing number with a half-open rule, plus an
// exact on-segment test), bounding boxes and areas.
#include "geo/geometry.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace ug::geo {
namespace {

__extension__ typedef __int128 Wide;  // products of nanodegree differences need more than 64 bits

// > 0 when p is left of a→b, < 0 right, 0 on the line; exact.
Wide orientation(NanoPoint a, NanoPoint b, NanoPoint p) {
  return static_cast<Wide>(b.x - a.x) * static_cast<Wide>(p.y - a.y) -
         static_cast<Wide>(p.x - a.x) * static_cast<Wide>(b.y - a.y);
}

bool on_segment(NanoPoint a, NanoPoint b, NanoPoint p) {
  return orientation(a, b, p) == 0 && p.x >= std::min(a.x, b.x) && p.x <= std::max(a.x, b.x) &&
         p.y >= std::min(a.y, b.y) && p.y <= std::max(a.y, b.y);
}

// Location of p against one ring, ignoring holes.
Location locate_in_ring(const Ring& ring, NanoPoint p) {
  bool inside = false;
  for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
    const NanoPoint a = ring[j], b = ring[i];
    if (on_segment(a, b, p)) return Location::boundary;
    // Edges crossing the horizontal line through p, counting each vertex once (half-open in y).
    if ((a.y > p.y) != (b.y > p.y)) {
      const Wide o = orientation(a, b, p);
      // The crossing lies right of p when p is left of an upward edge or right of a downward one.
      if ((b.y > a.y) ? o > 0 : o < 0) inside = !inside;
    }
  }
  return inside ? Location::inside : Location::outside;
}

Location locate_in_polygon(const Polygon& polygon, NanoPoint p) {
  const auto outer = locate_in_ring(polygon.outer, p);
  if (outer != Location::inside) return outer;
  for (const auto& hole : polygon.holes) {
    const auto in_hole = locate_in_ring(hole, p);
    if (in_hole == Location::boundary) return Location::boundary;
    if (in_hole == Location::inside) return Location::outside;
  }
  return Location::inside;
}

double ring_area(const Ring& ring) {
  double twice = 0;
  for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
    twice += static_cast<double>(ring[j].x) * static_cast<double>(ring[i].y) -
             static_cast<double>(ring[i].x) * static_cast<double>(ring[j].y);
  }
  return std::fabs(twice) / 2.0 / (kNanoPerDegree * kNanoPerDegree);
}

}  // namespace

std::optional<NanoPoint> to_nano(LonLat p) {
  if (!std::isfinite(p.lon) || !std::isfinite(p.lat) || std::fabs(p.lon) > 180.0 || std::fabs(p.lat) > 90.0) {
    return std::nullopt;
  }
  return NanoPoint{std::llround(p.lon * kNanoPerDegree), std::llround(p.lat * kNanoPerDegree)};
}

LonLat to_degrees(NanoPoint p) {
  return {static_cast<double>(p.x) / kNanoPerDegree, static_cast<double>(p.y) / kNanoPerDegree};
}

Box bounding_box(const MultiPolygon& shape) {
  Box box{{INT64_MAX, INT64_MAX}, {INT64_MIN, INT64_MIN}};
  for (const auto& part : shape.parts) {
    for (const auto& p : part.outer) {
      box.min.x = std::min(box.min.x, p.x);
      box.min.y = std::min(box.min.y, p.y);
      box.max.x = std::max(box.max.x, p.x);
      box.max.y = std::max(box.max.y, p.y);
    }
  }
  return box;
}

Location locate_point(const MultiPolygon& shape, NanoPoint p) {
  Location best = Location::outside;
  for (const auto& part : shape.parts) {
    const auto where = locate_in_polygon(part, p);
    if (where == Location::inside) return where;
    if (where == Location::boundary) best = where;
  }
  return best;
}

double area_square_degrees(const MultiPolygon& shape) {
  double area = 0;
  for (const auto& part : shape.parts) {
    area += ring_area(part.outer);
    for (const auto& hole : part.holes) area -= ring_area(hole);
  }
  return area;
}

double metres_per_degree() { return kEarthRadiusMetres * std::numbers::pi / 180.0; }

double distance_metres(LonLat a, LonLat b) {
  const double rad = std::numbers::pi / 180.0;
  const double dlat = (b.lat - a.lat) * rad, dlon = (b.lon - a.lon) * rad;
  const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(a.lat * rad) * std::cos(b.lat * rad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadiusMetres * std::asin(std::min(1.0, std::sqrt(h)));
}

double area_square_metres(const MultiPolygon& shape) {
  const Box box = bounding_box(shape);
  const double mean_lat = (static_cast<double>(box.min.y) + static_cast<double>(box.max.y)) / 2.0 / kNanoPerDegree;
  return area_square_degrees(shape) * metres_per_degree() * metres_per_degree() *
         std::cos(mean_lat * std::numbers::pi / 180.0);
}

std::optional<Box> box_around(LonLat centre, double radius_m) {
  const auto c = to_nano(centre);
  if (!c) return std::nullopt;
  const double dlat = radius_m / metres_per_degree();
  const double dlon = dlat / std::max(0.01, std::cos(centre.lat * std::numbers::pi / 180.0));
  const auto half_x = static_cast<Nano>(dlon * kNanoPerDegree) + 1,
             half_y = static_cast<Nano>(dlat * kNanoPerDegree) + 1;
  return Box{{c->x - half_x, c->y - half_y}, {c->x + half_x, c->y + half_y}};
}

}  // namespace ug::geo
