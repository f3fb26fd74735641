// Point → unit grid lookup: a packed R-tree (Boost.Geometry, bulk-loaded) over the grids' bounding
// boxes, then an exact point-in-polygon test on the candidates. Among the grids that cover a point
// (boundary included) the one with the smallest code wins (DOMAIN.md §2). Immutable once built:
// a rebuilt index replaces the old one while readers keep using theirs.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "geo/geometry.hpp"

namespace ug::geo {

struct IndexedGrid {
  std::string code;
  MultiPolygon shape;
};

class GridIndex {
 public:
  // Sorts the grids by code; codes must be unique.
  explicit GridIndex(std::vector<IndexedGrid> grids);
  ~GridIndex();
  GridIndex(GridIndex&&) noexcept;
  GridIndex& operator=(GridIndex&&) noexcept;

  // Position (in grids()) of the covering grid with the smallest code; nullopt outside all grids
  // and for coordinates that are not a valid longitude/latitude.
  std::optional<std::size_t> locate(LonLat point) const;
  std::optional<std::size_t> locate(NanoPoint point) const;
  // Every grid covering the point, in code order (overlap diagnostics).
  std::vector<std::size_t> covering(NanoPoint point) const;
  // Grids whose bounding box meets `box` (edges included), in code order: every grid that can hold
  // a point of the box (the duplicate lookup's candidates).
  std::vector<std::size_t> meeting(const Box& box) const;
  // Pairs of grids whose bounding boxes intersect (candidates for an overlap check).
  std::vector<std::pair<std::size_t, std::size_t>> box_neighbours() const;

  const std::vector<IndexedGrid>& grids() const { return grids_; }
  std::size_t size() const { return grids_.size(); }
  std::size_t memory_bytes() const;  // estimate of the index and the shapes it holds

 private:
  struct Tree;
  std::vector<IndexedGrid> grids_;
  std::unique_ptr<Tree> tree_;
};

}  // namespace ug::geo
