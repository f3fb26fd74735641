// The gazetteer's index: names found in a typed address through their first two characters,
// addresses per road ordered by number, and Boost.Geometry R-trees of points and road segments in a
// local plane (longitude scaled by the cosine of the data's mean latitude, so distances are true to
// well under 1 % across a city).
#include "catalog/gazetteer.hpp"

#include <algorithm>
#include <boost/function_output_iterator.hpp>
#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <cmath>
#include <map>
#include <unordered_map>

#include "catalog/address_text.hpp"

namespace ug::catalog {
namespace {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;
using PlanePoint = bg::model::point<double, 2, bg::cs::cartesian>;
using PlaneSegment = bg::model::segment<PlanePoint>;
using PointEntry = std::pair<PlanePoint, std::uint32_t>;
using SegmentEntry = std::pair<PlaneSegment, std::uint32_t>;

constexpr std::uint32_t kNone = UINT32_MAX;

// Bytes of the first two UTF-8 characters at `at` (fewer at the end): the key names are filed under.
std::string_view two_characters(std::string_view text, std::size_t at) {
  std::size_t end = at;
  for (int n = 0; n < 2 && end < text.size(); ++n) {
    ++end;
    while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
  }
  return text.substr(at, end - at);
}
std::size_t character_count(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}
bool character_start(std::string_view text, std::size_t at) {
  return at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) != 0x80;
}

// Names filed by their first two characters; a lookup reports every name that occurs in a text.
class NameTable {
 public:
  void add(const std::string& normalized, std::uint32_t id) {
    if (character_count(normalized) < 2) return;  // one character would match everywhere
    table_[std::string(two_characters(normalized, 0))].push_back({normalized, id});
  }
  struct Mention {
    std::size_t at = 0;
    std::size_t length = 0;
    std::uint32_t id = kNone;
  };
  // Every occurrence in `text`, longest first (then leftmost).
  std::vector<Mention> find_in(std::string_view text) const {
    std::vector<Mention> out;
    for (std::size_t at = 0; at < text.size(); ++at) {
      if (!character_start(text, at)) continue;
      const auto found = table_.find(std::string(two_characters(text, at)));
      if (found == table_.end()) continue;
      for (const auto& [name, id] : found->second) {
        if (text.compare(at, name.size(), name) == 0) out.push_back({at, name.size(), id});
      }
    }
    std::sort(out.begin(), out.end(), [](const Mention& a, const Mention& b) {
      return a.length != b.length ? a.length > b.length : a.at < b.at;
    });
    return out;
  }

 private:
  std::unordered_map<std::string, std::vector<std::pair<std::string, std::uint32_t>>> table_;
};

struct StoredPoint {
  std::uint32_t road = kNone;  // index into Index::roads
  int value = 0;               // the house number's first integer
  std::uint32_t source = 0;    // index into Index::points
};

}  // namespace

std::string address_label(const AddressPoint& point) {
  std::string out = point.road + house_number_label(point.number);
  if (!point.building.empty()) out += out.empty() ? point.building : "（" + point.building + "）";
  return out;
}

struct Gazetteer::Index {
  std::vector<Road> roads;  // given roads, then road names only addresses mention (no line)
  std::vector<AddressPoint> points;
  std::vector<std::string> normalized_buildings;  // parallel to points
  std::vector<std::vector<StoredPoint>> by_road;  // per road, by number
  NameTable road_names, building_names;
  double x_scale = 1;  // cos(mean latitude)
  bgi::rtree<PointEntry, bgi::rstar<16>> point_tree;
  bgi::rtree<SegmentEntry, bgi::rstar<16>> segment_tree;
  std::vector<std::optional<geo::LonLat>> road_middles;

  PlanePoint plane(geo::LonLat p) const { return {p.lon * x_scale, p.lat}; }
  geo::LonLat degrees(const PlanePoint& p) const { return {p.get<0>() / x_scale, p.get<1>()}; }

  GeocodeCandidate candidate(const std::string& kind, const AddressPoint& p, double score) const {
    return {kind, address_label(p), p.road, p.number, p.building, p.community_code, p.location, score, p.synthetic};
  }
  std::optional<geo::LonLat> meeting_point(std::uint32_t first, std::uint32_t second, double within_m) const;
};

namespace {

// The point halfway along the longest part of a line, or the middle of a road's addresses.
std::optional<geo::LonLat> middle_of(const Road& road, const std::vector<StoredPoint>& points,
                                     const std::vector<AddressPoint>& sources) {
  const std::vector<geo::LonLat>* longest = nullptr;
  double longest_m = -1;
  for (const auto& line : road.lines) {
    double length = 0;
    for (std::size_t i = 1; i < line.size(); ++i) length += geo::distance_metres(line[i - 1], line[i]);
    if (length > longest_m) longest_m = length, longest = &line;
  }
  if (longest != nullptr && longest->size() >= 2) {
    double half = longest_m / 2;
    for (std::size_t i = 1; i < longest->size(); ++i) {
      const auto a = (*longest)[i - 1], b = (*longest)[i];
      const double step = geo::distance_metres(a, b);
      if (step >= half && step > 0) {
        const double t = half / step;
        return geo::LonLat{a.lon + t * (b.lon - a.lon), a.lat + t * (b.lat - a.lat)};
      }
      half -= step;
    }
    return longest->back();
  }
  if (points.empty()) return std::nullopt;
  return sources[points[points.size() / 2].source].location;
}

}  // namespace

// Where two roads meet: a crossing of their segments, or else the closest approach of their
// vertices to the other's segments if within `within_m`; in the index's plane.
std::optional<geo::LonLat> Gazetteer::Index::meeting_point(std::uint32_t first, std::uint32_t second,
                                                           double within_m) const {
  // Walk the road with fewer vertices; find the other's segments near each of its own through the
  // segment R-tree, so the work grows with the roads' lengths, not with their product.
  const auto vertices = [&](std::uint32_t r) {
    std::size_t n = 0;
    for (const auto& line : roads[r].lines) n += line.size();
    return n;
  };
  const auto walked = vertices(first) <= vertices(second) ? first : second;
  const auto other = walked == first ? second : first;
  const auto cross = [](double ax, double ay, double bx, double by) { return ax * by - ay * bx; };
  const double reach = within_m / geo::metres_per_degree();
  std::optional<geo::LonLat> closest;
  double closest_d = reach;
  for (const auto& line : roads[walked].lines) {
    for (std::size_t i = 1; i < line.size(); ++i) {
      const auto p = plane(line[i - 1]), p2 = plane(line[i]);
      const bg::model::box<PlanePoint> near(
          PlanePoint(std::min(p.get<0>(), p2.get<0>()) - reach, std::min(p.get<1>(), p2.get<1>()) - reach),
          PlanePoint(std::max(p.get<0>(), p2.get<0>()) + reach, std::max(p.get<1>(), p2.get<1>()) + reach));
      std::optional<geo::LonLat> crossing;
      segment_tree.query(
          bgi::intersects(near) && bgi::satisfies([&](const SegmentEntry& e) { return e.second == other; }),
          boost::make_function_output_iterator([&](const SegmentEntry& e) {
            if (crossing) return;
            const auto& q = e.first.first;
            const auto& q2 = e.first.second;
            const double rx = p2.get<0>() - p.get<0>(), ry = p2.get<1>() - p.get<1>();
            const double sx = q2.get<0>() - q.get<0>(), sy = q2.get<1>() - q.get<1>();
            const double denominator = cross(rx, ry, sx, sy);
            const double qpx = q.get<0>() - p.get<0>(), qpy = q.get<1>() - p.get<1>();
            if (denominator != 0) {
              const double t = cross(qpx, qpy, sx, sy) / denominator;
              const double u = cross(qpx, qpy, rx, ry) / denominator;
              if (t >= 0 && t <= 1 && u >= 0 && u <= 1) {
                crossing = degrees(PlanePoint(p.get<0>() + t * rx, p.get<1>() + t * ry));
                return;
              }
            }
            for (const auto& [end, segment] : {std::pair{p, PlaneSegment(q, q2)}, std::pair{p2, PlaneSegment(q, q2)},
                                               std::pair{q, PlaneSegment(p, p2)}, std::pair{q2, PlaneSegment(p, p2)}}) {
              const double d = bg::distance(end, segment);
              if (d < closest_d) closest_d = d, closest = degrees(end);
            }
          }));
      if (crossing) return crossing;
    }
  }
  return closest;
}

Gazetteer::Gazetteer() : index_(std::make_unique<Index>()) {}

Gazetteer::Gazetteer(std::vector<Road> roads, std::vector<AddressPoint> points) : Gazetteer() {
  auto& ix = *index_;
  ix.roads = std::move(roads);
  ix.points = std::move(points);
  std::map<std::string, std::uint32_t> road_of_name;
  for (std::uint32_t r = 0; r < ix.roads.size(); ++r) road_of_name.emplace(ix.roads[r].name, r);
  for (const auto& p : ix.points) {
    if (!p.road.empty() && road_of_name.emplace(p.road, static_cast<std::uint32_t>(ix.roads.size())).second) {
      ix.roads.push_back({p.road, {}, "", {}, p.synthetic});
    }
  }
  double latitude_sum = 0;
  std::size_t latitude_count = 0;
  for (const auto& p : ix.points) latitude_sum += p.location.lat, ++latitude_count;
  for (const auto& road : ix.roads) {
    for (const auto& line : road.lines) {
      for (const auto& v : line) latitude_sum += v.lat, ++latitude_count;
    }
  }
  if (latitude_count > 0) ix.x_scale = std::cos(latitude_sum / static_cast<double>(latitude_count) * M_PI / 180.0);

  ix.by_road.resize(ix.roads.size());
  std::vector<PointEntry> point_entries;
  point_entries.reserve(ix.points.size());
  ix.normalized_buildings.reserve(ix.points.size());
  for (std::uint32_t i = 0; i < ix.points.size(); ++i) {
    const auto& p = ix.points[i];
    StoredPoint stored{kNone, 0, i};
    if (!p.road.empty()) stored.road = road_of_name.at(p.road);
    if (const auto n = read_house_number(p.number)) stored.value = n->value;
    if (stored.road != kNone) ix.by_road[stored.road].push_back(stored);
    ix.normalized_buildings.push_back(p.building.empty() ? std::string() : normalize_address(p.building));
    if (!p.building.empty()) ix.building_names.add(ix.normalized_buildings.back(), i);
    point_entries.emplace_back(ix.plane(p.location), i);
  }
  for (auto& list : ix.by_road) {
    std::sort(list.begin(), list.end(), [&](const StoredPoint& a, const StoredPoint& b) {
      return a.value != b.value ? a.value < b.value : ix.points[a.source].number < ix.points[b.source].number;
    });
  }
  ix.point_tree = decltype(ix.point_tree)(point_entries.begin(), point_entries.end());

  std::vector<SegmentEntry> segments;
  for (std::uint32_t r = 0; r < ix.roads.size(); ++r) {
    const auto& road = ix.roads[r];
    ix.road_names.add(normalize_address(road.name), r);
    for (const auto& alias : road.aliases) ix.road_names.add(normalize_address(alias), r);
    for (const auto& line : road.lines) {
      for (std::size_t i = 1; i < line.size(); ++i) {
        segments.emplace_back(PlaneSegment(ix.plane(line[i - 1]), ix.plane(line[i])), r);
      }
    }
    ix.road_middles.push_back(middle_of(road, ix.by_road[r], ix.points));
  }
  ix.segment_tree = decltype(ix.segment_tree)(segments.begin(), segments.end());
}

Gazetteer::~Gazetteer() = default;
Gazetteer::Gazetteer(Gazetteer&&) noexcept = default;
Gazetteer& Gazetteer::operator=(Gazetteer&&) noexcept = default;

std::size_t Gazetteer::road_count() const { return index_->roads.size(); }
std::size_t Gazetteer::address_count() const { return index_->points.size(); }
const std::vector<Road>& Gazetteer::roads() const { return index_->roads; }

std::vector<GeocodeCandidate> Gazetteer::geocode(std::string_view text, std::size_t limit) const {
  const auto& ix = *index_;
  const auto typed = normalize_address(text);
  std::vector<GeocodeCandidate> out;
  if (typed.empty() || limit == 0) return out;

  // Roads named in the text, each once (its longest mention), not overlapping a longer one.
  std::vector<NameTable::Mention> roads;
  const auto mentions = ix.road_names.find_in(typed);
  for (const auto& m : mentions) {
    const bool taken = std::any_of(roads.begin(), roads.end(), [&](const auto& r) {
      return r.id == m.id || (m.at < r.at + r.length && r.at < m.at + m.length);
    });
    if (!taken) roads.push_back(m);
  }
  // The road the house number follows leads; otherwise the leftmost.
  std::optional<HouseNumber> number;
  std::size_t lead = 0;
  // Any mention counts, a road named twice too (育才路育才路15号).
  for (const auto& m : mentions) {
    auto n = read_house_number(std::string_view(typed).substr(m.at + m.length));
    if (!n) continue;
    const auto kept = std::find_if(roads.begin(), roads.end(), [&](const auto& r) { return r.id == m.id; });
    if (kept == roads.end()) continue;  // inside a longer road's name
    number = std::move(n);
    lead = static_cast<std::size_t>(kept - roads.begin());
    break;
  }
  if (!number && !roads.empty()) {
    lead = static_cast<std::size_t>(
        std::min_element(roads.begin(), roads.end(), [](const auto& a, const auto& b) { return a.at < b.at; }) -
        roads.begin());
  }
  const auto mentioned = [&](std::uint32_t point) {
    const auto& name = ix.normalized_buildings[point];
    return !name.empty() && typed.find(name) != std::string::npos;
  };

  if (!roads.empty()) {
    const auto road = roads[lead].id;
    const auto& list = ix.by_road[road];
    if (number) {
      // Exactly this number; a typed building picks among several entrances of one number.
      std::vector<std::uint32_t> exact;
      for (const auto& s : list) {
        if (ix.points[s.source].number == number->number) exact.push_back(s.source);
      }
      std::stable_sort(exact.begin(), exact.end(),
                       [&](std::uint32_t a, std::uint32_t b) { return mentioned(a) && !mentioned(b); });
      for (std::size_t i = 0; i < exact.size(); ++i) {
        out.push_back(ix.candidate("address", ix.points[exact[i]], i == 0 ? 1.0 : 0.95));
      }
      if (exact.empty()) {
        // The nearest recorded numbers: on the same side of the street (odd/even) first.
        const auto value = number->value;
        const auto by_gap = [&](bool same_side) {
          const StoredPoint* best = nullptr;
          int best_gap = 0;
          const auto from = std::lower_bound(list.begin(), list.end(), value,
                                             [](const StoredPoint& s, int v) { return s.value < v; });
          const auto consider = [&](const StoredPoint& s) {
            if (s.value == 0 || ((s.value % 2) == (value % 2)) != same_side) return false;
            const int gap = std::abs(s.value - value);
            if (best == nullptr || gap < best_gap) best = &s, best_gap = gap;
            return true;
          };
          for (auto it = from; it != list.end(); ++it) {
            if (consider(*it)) break;
          }
          for (auto it = from; it != list.begin();) {
            if (consider(*--it)) break;
          }
          return std::pair{best, best_gap};
        };
        for (const bool same_side : {true, false}) {
          const auto [best, gap] = by_gap(same_side);
          if (best == nullptr) continue;
          // Never below the road alone (0.6): it still says where on the road the numbers run.
          const double score = std::max(same_side ? 0.65 : 0.62, 0.85 - 0.005 * gap - (same_side ? 0.0 : 0.1));
          out.push_back(ix.candidate("nearest_number", ix.points[best->source], score));
        }
      }
    } else if (roads.size() >= 2) {
      const auto other = roads[lead == 0 ? 1 : 0].id;
      if (const auto at = ix.meeting_point(road, other, 50)) {
        GeocodeCandidate c;
        c.kind = "intersection";
        c.road = ix.roads[road].name;
        c.label = ix.roads[road].name + "与" + ix.roads[other].name + "交叉口";
        c.point = *at;
        c.score = 0.9;
        c.synthetic = ix.roads[road].synthetic || ix.roads[other].synthetic;
        out.push_back(std::move(c));
      }
    }
  }

  // Buildings and POIs the text names (the longest first), stronger on the road that was typed.
  std::size_t buildings = 0;
  for (const auto& m : ix.building_names.find_in(typed)) {
    if (buildings++ == limit) break;
    const auto& p = ix.points[m.id];
    const bool on_typed_road = !roads.empty() && !p.road.empty() && ix.roads[roads[lead].id].name == p.road;
    out.push_back(ix.candidate("building", p, on_typed_road ? 0.9 : 0.8));
  }

  for (const auto& m : roads) {
    if (const auto& middle = ix.road_middles[m.id]) {
      GeocodeCandidate c;
      c.kind = "road";
      c.road = c.label = ix.roads[m.id].name;
      c.point = *middle;
      c.score = m.id == roads[lead].id ? 0.6 : 0.55;
      c.synthetic = ix.roads[m.id].synthetic;
      out.push_back(std::move(c));
    }
  }

  // One candidate per place, the best scored; best first.
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.score > b.score; });
  std::vector<GeocodeCandidate> unique;
  for (auto& c : out) {
    const bool seen = std::any_of(unique.begin(), unique.end(), [&](const auto& u) {
      return u.label == c.label && std::abs(u.point.lon - c.point.lon) < 1e-7 &&
             std::abs(u.point.lat - c.point.lat) < 1e-7;
    });
    if (!seen) unique.push_back(std::move(c));
    if (unique.size() == limit) break;
  }
  return unique;
}

std::optional<NearestAddress> Gazetteer::nearest_address(geo::LonLat point, double max_distance_m) const {
  const auto& ix = *index_;
  std::optional<NearestAddress> out;
  ix.point_tree.query(bgi::nearest(ix.plane(point), 1), boost::make_function_output_iterator([&](const PointEntry& e) {
                        const auto& p = ix.points[e.second];
                        const double d = geo::distance_metres(point, p.location);
                        if (d <= max_distance_m) out = NearestAddress{p, d};
                      }));
  return out;
}

std::optional<NearestRoad> Gazetteer::nearest_road(geo::LonLat point, double max_distance_m) const {
  const auto& ix = *index_;
  std::optional<NearestRoad> out;
  const auto at = ix.plane(point);
  ix.segment_tree.query(bgi::nearest(at, 1), boost::make_function_output_iterator([&](const SegmentEntry& e) {
                          const double d = bg::distance(at, e.first) * geo::metres_per_degree();
                          if (d <= max_distance_m) out = NearestRoad{ix.roads[e.second].name, d};
                        }));
  return out;
}

}  // namespace ug::catalog
