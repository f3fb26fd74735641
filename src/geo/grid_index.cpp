// GridIndex on Boost.Geometry's rtree with integer boxes (so the box test is as exact as the
// polygon test), bulk-loaded with its packing algorithm.
#include "geo/grid_index.hpp"

#include <algorithm>
#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <boost/iterator/function_output_iterator.hpp>
#include <cmath>
#include <tuple>

#include "core/invariant.hpp"

namespace ug::geo {
namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

namespace {

// Boxes are single-precision and rounded outward: half the size of exact boxes, so more of the
// tree stays in cache, and still a conservative filter (a point in the exact box is in the float
// box, because rounding is monotonic). The exact integer test on the candidates decides.
using BgPoint = bg::model::point<float, 2, bg::cs::cartesian>;
using BgBox = bg::model::box<BgPoint>;

float down(Nano v) {
  const double d = static_cast<double>(v) / kNanoPerDegree;
  auto f = static_cast<float>(d);
  if (static_cast<double>(f) > d) f = std::nextafter(f, -1000.0f);
  return f;
}
float up(Nano v) {
  const double d = static_cast<double>(v) / kNanoPerDegree;
  auto f = static_cast<float>(d);
  if (static_cast<double>(f) < d) f = std::nextafter(f, 1000.0f);
  return f;
}
BgPoint query_point(NanoPoint p) {
  return {static_cast<float>(static_cast<double>(p.x) / kNanoPerDegree),
          static_cast<float>(static_cast<double>(p.y) / kNanoPerDegree)};
}

// Tree entry: the box, the grid's position, and for a grid that is one ring without holes (nearly
// all unit grids) that ring's range in the flat vertex array, so testing a candidate reads one
// contiguous run of memory. vertex_count 0: use the grid's full shape.
using Entry = std::tuple<BgBox, std::uint32_t, std::uint32_t, std::uint32_t>;

__extension__ typedef __int128 Wide;

// Crossing-number test of one closed ring, boundary included; same rule as geometry.cpp.
bool ring_covers(const NanoPoint* ring, std::uint32_t count, NanoPoint p) {
  bool inside = false;
  for (std::uint32_t i = 0, j = count - 1; i < count; j = i++) {
    const NanoPoint a = ring[j], b = ring[i];
    const Wide o = static_cast<Wide>(b.x - a.x) * static_cast<Wide>(p.y - a.y) -
                   static_cast<Wide>(p.x - a.x) * static_cast<Wide>(b.y - a.y);
    if (o == 0 && p.x >= std::min(a.x, b.x) && p.x <= std::max(a.x, b.x) && p.y >= std::min(a.y, b.y) &&
        p.y <= std::max(a.y, b.y)) {
      return true;  // on the boundary
    }
    if ((a.y > p.y) != (b.y > p.y) && ((b.y > a.y) ? o > 0 : o < 0)) inside = !inside;
  }
  return inside;
}

}  // namespace

struct GridIndex::Tree {
  bgi::rtree<Entry, bgi::quadratic<16>> rtree;
  std::vector<NanoPoint> vertices;

  bool covers_entry(const Entry& e, const std::vector<IndexedGrid>& grids, NanoPoint p) const {
    const auto count = std::get<3>(e);
    if (count != 0) return ring_covers(vertices.data() + std::get<2>(e), count, p);
    return covers(grids[std::get<1>(e)].shape, p);
  }
};

GridIndex::GridIndex(std::vector<IndexedGrid> grids) : grids_(std::move(grids)), tree_(std::make_unique<Tree>()) {
  std::sort(grids_.begin(), grids_.end(), [](const auto& a, const auto& b) { return a.code < b.code; });
  for (std::size_t i = 1; i < grids_.size(); ++i) {
    UG_INVARIANT(grids_[i - 1].code != grids_[i].code, "duplicate grid code " + grids_[i].code);
  }
  std::vector<Entry> entries;
  entries.reserve(grids_.size());
  for (std::size_t i = 0; i < grids_.size(); ++i) {
    const auto& shape = grids_[i].shape;
    const Box b = bounding_box(shape);
    std::uint32_t begin = 0, count = 0;
    if (shape.parts.size() == 1 && shape.parts[0].holes.empty()) {
      const auto& ring = shape.parts[0].outer;
      begin = static_cast<std::uint32_t>(tree_->vertices.size());
      count = static_cast<std::uint32_t>(ring.size());
      tree_->vertices.insert(tree_->vertices.end(), ring.begin(), ring.end());
    }
    entries.emplace_back(BgBox({down(b.min.x), down(b.min.y)}, {up(b.max.x), up(b.max.y)}),
                         static_cast<std::uint32_t>(i), begin, count);
  }
  tree_->rtree = bgi::rtree<Entry, bgi::quadratic<16>>(entries.begin(), entries.end());
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
  tree_->rtree.query(bgi::intersects(query_point(point)), boost::make_function_output_iterator([&](const Entry& e) {
                       // Grids are sorted by code: a lower position is a smaller code.
                       if (std::get<1>(e) < best && tree_->covers_entry(e, grids_, point)) best = std::get<1>(e);
                     }));
  if (best == UINT32_MAX) return std::nullopt;
  return best;
}

std::vector<std::size_t> GridIndex::covering(NanoPoint point) const {
  std::vector<std::size_t> out;
  tree_->rtree.query(bgi::intersects(query_point(point)), boost::make_function_output_iterator([&](const Entry& e) {
                       if (tree_->covers_entry(e, grids_, point)) out.push_back(std::get<1>(e));
                     }));
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::size_t> GridIndex::meeting(const Box& box) const {
  std::vector<std::size_t> out;
  const BgBox query({down(box.min.x), down(box.min.y)}, {up(box.max.x), up(box.max.y)});
  tree_->rtree.query(
      bgi::intersects(query), boost::make_function_output_iterator([&](const Entry& e) {
        // Float boxes are inflated by up to a metre: confirm with the exact box.
        const Box b = bounding_box(grids_[std::get<1>(e)].shape);
        if (b.min.x <= box.max.x && box.min.x <= b.max.x && b.min.y <= box.max.y && box.min.y <= b.max.y) {
          out.push_back(std::get<1>(e));
        }
      }));
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::pair<std::size_t, std::size_t>> GridIndex::box_neighbours() const {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  for (const auto& entry : tree_->rtree) {
    const auto i = std::get<1>(entry);
    tree_->rtree.query(bgi::intersects(std::get<0>(entry)),
                       boost::make_function_output_iterator([&](const Entry& other) {
                         // Float boxes are inflated by up to a metre: confirm with the exact boxes.
                         const auto j = std::get<1>(other);
                         if (j <= i) return;
                         const Box a = bounding_box(grids_[i].shape), b = bounding_box(grids_[j].shape);
                         if (a.min.x <= b.max.x && b.min.x <= a.max.x && a.min.y <= b.max.y && b.min.y <= a.max.y) {
                           out.emplace_back(i, j);
                         }
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
  bytes += tree_->vertices.capacity() * sizeof(NanoPoint);
  // Leaves hold one entry per grid; packed nodes of 16 add a few percent for the inner levels.
  bytes += static_cast<std::size_t>(static_cast<double>(grids_.size() * sizeof(Entry)) * 1.1);
  return bytes;
}

}  // namespace ug::geo
