// The address gazetteer (地名地址库, issue 22): roads with names, aliases and centre lines, and
// address points (a road and a house number, a named building or both) with a location. Built once
// into an immutable index; geocoding a typed address and naming the nearest address to a point are
// pure lookups on it, the same on either database. Grids, scopes and storage are the service's.
//
// Geocoding tries, in this order, each answer with a score in (0, 1]:
//   address         the road and the house number exactly (the building too, when typed)     1.0
//   intersection    two roads named together (杜鹃路和雷峰大道交界处): where their lines meet  0.9
//   nearest_number  the road, and the nearest recorded number on the same side (odd/even)    0.85 − gap, ≥ 0.65
//   building        a named building or POI the text contains                               0.8
//   road            the road alone (its middle)                                              0.6
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "geo/geometry.hpp"

namespace ug::catalog {

struct Road {
  std::string name;  // 育才路
  std::vector<std::string> aliases;
  std::string district_code;                    // optional
  std::vector<std::vector<geo::LonLat>> lines;  // centre line parts, each of two points or more
  bool synthetic = false;                       // made by the demo, not surveyed
};

struct AddressPoint {
  std::string road;      // a road's name; empty for a building known only by its name
  std::string number;    // the stored form of catalog::read_house_number; empty without one
  std::string building;  // a building or POI name (育才小区, 济宁市第一中学); may be empty
  std::string community_code;
  geo::LonLat location;
  bool synthetic = false;
};

// 育才路12号（育才小区）, 育才路12号, 育才小区.
std::string address_label(const AddressPoint& point);

struct GeocodeCandidate {
  std::string kind;  // address | intersection | nearest_number | building | road
  std::string label;
  std::string road;  // canonical name, even when an alias was typed
  std::string number;
  std::string building;
  std::string community_code;
  geo::LonLat point;
  double score = 0;
  bool synthetic = false;
};

struct NearestAddress {
  AddressPoint address;
  double distance_m = 0;
};

struct NearestRoad {
  std::string road;
  double distance_m = 0;
};

class Gazetteer {
 public:
  Gazetteer();  // empty
  Gazetteer(std::vector<Road> roads, std::vector<AddressPoint> points);
  ~Gazetteer();
  Gazetteer(Gazetteer&&) noexcept;
  Gazetteer& operator=(Gazetteer&&) noexcept;

  // Best first, at most `limit`; empty when nothing in the text is known.
  std::vector<GeocodeCandidate> geocode(std::string_view text, std::size_t limit) const;
  // The nearest address point within `max_distance_m`.
  std::optional<NearestAddress> nearest_address(geo::LonLat point, double max_distance_m) const;
  // The nearest road centre line within `max_distance_m`.
  std::optional<NearestRoad> nearest_road(geo::LonLat point, double max_distance_m) const;

  std::size_t road_count() const;
  std::size_t address_count() const;
  const std::vector<Road>& roads() const;

 private:
  struct Index;
  std::unique_ptr<Index> index_;
};

}  // namespace ug::catalog
