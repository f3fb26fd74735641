// Validation and repair of grid shapes with GEOS (the field's reference geometry library):
// validity with the reason and place GEOS gives, MakeValid, overlap areas between two grids, and
// the gaps (holes) in the union of a set of grids. Never called on the lookup hot path.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "geo/geometry.hpp"

namespace ug::geo {

struct Validity {
  bool valid = true;
  std::string reason;              // e.g. "Self-intersection"
  std::optional<LonLat> location;  // where GEOS found the problem
};

Validity check_validity(const MultiPolygon& shape);

// GEOS MakeValid, keeping the polygonal result only; an error when nothing polygonal is left.
Result<MultiPolygon> make_valid(const MultiPolygon& shape);

// Area of the intersection of two shapes, in square metres (0 when they only touch).
double overlap_area_square_metres(const MultiPolygon& a, const MultiPolygon& b);

// The part of `shape` inside `clip` (polygonal parts only; empty when they do not meet).
MultiPolygon intersection(const MultiPolygon& shape, const MultiPolygon& clip);

// The union of `shapes` (GEOS UnaryUnion).
MultiPolygon union_of(const std::vector<const MultiPolygon*>& shapes);

// The holes of the union of `shapes` whose area is at least `min_area_square_metres`.
std::vector<MultiPolygon> gaps_in_union(const std::vector<const MultiPolygon*>& shapes, double min_area_square_metres);

}  // namespace ug::geo
