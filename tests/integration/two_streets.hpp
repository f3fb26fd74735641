// The small city the case and evaluation service tests share: two unit grids in two streets of
// 任城区, a point in each, two departments with their rules, the services over them, people with a
// role and scopes, photos as the attachment service records them, and Beijing wall-clock instants.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include <functional>
#include <memory>

#include "../unit/calendar/national_calendar.hpp"
#include "access/principal.hpp"
#include "geo/geometry.hpp"
#include "service/case_service.hpp"
#include "service/supervision_service.hpp"

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

// The services of the city on `db`: grids A and B; departments HW (matter 06010, 4 working hours)
// and SZ (01001, 2 natural hours); the national calendar; cases whose events are timed by `clock`.
struct TwoStreetServices {
  std::unique_ptr<service::GridService> grids;
  std::unique_ptr<service::RoutingService> routing;
  std::unique_ptr<service::CalendarService> calendar;
  std::unique_ptr<service::CaseService> cases;
  std::unique_ptr<service::SupervisionService> supervision;
};
inline void build_two_streets(storage::Database& db, std::function<std::int64_t()> clock, TwoStreetServices& out) {
  const auto cli = access::Principal::command_line();
  out.grids = std::make_unique<service::GridService>(db);
  ASSERT_TRUE(out.grids->import_geojson(cli, kGrids, {}));
  out.routing =
      std::make_unique<service::RoutingService>(db, *out.grids, calendar::TimeLimit{2, calendar::Unit::working_days});
  ASSERT_TRUE(out.routing->save_org_unit(cli, {"HW", "环卫处", "department", "", "", true}));
  ASSERT_TRUE(out.routing->save_org_unit(cli, {"SZ", "市政处", "department", "", "", true}));
  ASSERT_TRUE(out.routing->add_rule(cli, {0, "06010", "", "", std::nullopt, "HW", {4, calendar::Unit::working_hours}}));
  ASSERT_TRUE(out.routing->add_rule(cli, {0, "01001", "", "", std::nullopt, "SZ", {2, calendar::Unit::natural_hours}}));
  service::CalendarSettings calendar_settings;
  calendar_settings.shipped = calendar::built_in_holiday_files();
  out.calendar = std::make_unique<service::CalendarService>(db, calendar_settings);
  ASSERT_TRUE(out.calendar->reload());
  service::CaseSettings settings;
  settings.clock = clock;
  out.cases = std::make_unique<service::CaseService>(db, *out.grids, *out.routing, *out.calendar, settings);
  service::SupervisionSettings supervision;
  supervision.clock = std::move(clock);
  out.supervision = std::make_unique<service::SupervisionService>(db, *out.calendar, *out.cases, supervision);
}

// A photo `who` uploaded at `at_ms`, as the attachment service records it (the files are its business).
inline storage::AttachmentRecord photo_record(std::string id, const access::Principal& who, std::int64_t at_ms) {
  storage::AttachmentRecord a;
  a.id = std::move(id);
  a.sha256 = std::string(64, 'a');
  a.media_type = a.public_media_type = "image/jpeg";
  a.size_bytes = 1000;
  a.width = 640;
  a.height = 480;
  a.uploaded_by_user_id = who.user_id;
  a.uploader = who.username;
  a.created_at_ms = at_ms;
  return a;
}

}  // namespace ug::test
