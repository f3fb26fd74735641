// The small city the case and evaluation service tests share: two unit grids in two streets of
// 任城区, a point in each, people with a role and scopes, and Beijing wall-clock instants.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "../unit/calendar/national_calendar.hpp"
#include "access/principal.hpp"
#include "geo/geometry.hpp"

namespace ug::test {

inline access::Principal person(std::int64_t id, std::string name, access::Role role, std::vector<std::string> regions,
                                std::vector<std::string> departments = {}) {
  access::Principal p;
  p.user_id = id;
  p.username = std::move(name);
  p.roles = {role};
  p.region_scopes = std::move(regions);
  p.department_scopes = std::move(departments);
  return p;
}

// Two unit grids: A in street 370811002 (任城区), B in street 370811003.
inline constexpr std::string_view kGrids = R"({"type":"FeatureCollection","features":[
  {"type":"Feature","properties":{"code":"370811002001001"},"geometry":{"type":"Polygon",
   "coordinates":[[[116.530,35.370],[116.531,35.370],[116.531,35.371],[116.530,35.371],[116.530,35.370]]]}},
  {"type":"Feature","properties":{"code":"370811003001001"},"geometry":{"type":"Polygon",
   "coordinates":[[[116.540,35.370],[116.541,35.370],[116.541,35.371],[116.540,35.371],[116.540,35.370]]]}}]})";
inline const geo::LonLat kInA{116.5305, 35.3705};
inline const geo::LonLat kInB{116.5405, 35.3705};

inline std::int64_t bj(unsigned m, unsigned d, int hh, int mm, int y = 2026) {
  return calendar::beijing(y, m, d, hh, mm) * 1000;
}

}  // namespace ug::test
