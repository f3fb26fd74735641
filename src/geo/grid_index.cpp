// GridIndex on Boost.Geometry's rtree with integer boxes (so the box test is as exact as the
// polygon test), bulk-loaded with its packing algorithm.
#include "geo/grid_index.hpp"

#include <algorithm>
#include <boost/function_output_iterator.hpp>
#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>

#include "core/invariant.hpp"

namespace ug::geo {
namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

using BgPoint = bg::model::point<Nano, 2, bg::cs::cartesian>;
using BgBox = bg::model::box<BgPoint>;
using Entry = std::pair<BgBox, std::uint32_t>;

struct GridIndex::Tree {
  bgi::rtree<Entry, bgi::quadratic<16>> rtree;
};

GridIndex::GridIndex(std::vector<IndexedGrid> grids) : grids_(std::move(grids)) {
  std::sort(grids_.begin(), grids_.end(), [](const auto& a, const auto& b) { return a.code < b.code; });
  for (std::size_t i = 1; i < grids_.size(); ++i) {
    UG_INVARIANT(grids_[i - 1].code != grids_[i].code, "duplicate grid code " + grids_[i].code);
  }
  std::vector<Entry> entries;
  entries.reserve(grids_.size());
  for (std::size_t i = 0; i < grids_.size(); ++i) {
    const Box b = bounding_box(grids_[i].shape);
    entries.emplace_back(BgBox(BgPoint(b.min.x, b.min.y), BgPoint(b.max.x, b.max.y)), static_cast<std::uint32_t>(i));
  }
  tree_ = std::make_unique<Tree>(Tree{bgi::rtree<Entry, bgi::quadratic<16>>(entries.begin(), entries.end())});
}

GridIndex::~GridIndex() = default;
GridIndex::GridIndex(GridIndex&&) noexcept = default;
GridIndex& GridIndex::operator=(GridIndex&&) noexcept = default;

std::optional<std::size_t> GridIndex::locate(LonLat point) const {
  const auto nano = to_nano(point);
  if (!nano) return std::nullopt;
  return locate(*nano);
}

std::optional<std::size_t> GridIndex::locate(NanoPoint point) const {
  std::uint32_t best = UINT32_MAX;
  tree_->rtree.query(bgi::intersects(BgPoint(point.x, point.y)),
                     boost::make_function_output_iterator([&](const Entry& entry) {
                       // Grids are sorted by code: a lower position is a smaller code.
                       if (entry.second < best && covers(grids_[entry.second].shape, point)) best = entry.second;
                     }));
  if (best == UINT32_MAX) return std::nullopt;
  return best;
}

std::vector<std::size_t> GridIndex::covering(NanoPoint point) const {
  std::vector<std::size_t> out;
  tree_->rtree.query(bgi::intersects(BgPoint(point.x, point.y)),
                     boost::make_function_output_iterator([&](const Entry& entry) {
                       if (covers(grids_[entry.second].shape, point)) out.push_back(entry.second);
                     }));
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::pair<std::size_t, std::size_t>> GridIndex::box_neighbours() const {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  for (const auto& [box, i] : tree_->rtree) {
    tree_->rtree.query(bgi::intersects(box), boost::make_function_output_iterator([&, i = i](const Entry& other) {
                         if (other.second > i) out.emplace_back(i, other.second);
                       }));
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::size_t GridIndex::memory_bytes() const {
  std::size_t bytes = sizeof(*this) + grids_.capacity() * sizeof(IndexedGrid);
  for (const auto& g : grids_) {
    bytes += g.code.capacity() + g.shape.parts.capacity() * sizeof(Polygon);
    for (const auto& part : g.shape.parts) {
      bytes += part.outer.capacity() * sizeof(NanoPoint) + part.holes.capacity() * sizeof(Ring);
      for (const auto& hole : part.holes) bytes += hole.capacity() * sizeof(NanoPoint);
    }
  }
  // Leaves hold one entry per grid; with 16 entries a node and ~70 % fill, the inner levels add
  // a few percent more.
  bytes += static_cast<std::size_t>(static_cast<double>(grids_.size() * sizeof(Entry)) * 1.5);
  return bytes;
}

}  // namespace ug::geo
