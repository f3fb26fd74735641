// The gazetteer's tables (migration 0022) through the portable SQL layer.
#include "core/text.hpp"
#include "storage/sql_repositories.hpp"

namespace ug::storage {
namespace {

std::string joined_aliases(const std::vector<std::string>& aliases) {
  std::string out;
  for (const auto& a : aliases) {
    if (!out.empty()) out += '|';
    out += a;
  }
  return out;
}

}  // namespace

Result<void> SqlGazetteerRepository::upsert_roads(std::span<const RoadRecord> roads) {
  if (roads.empty()) return {};
  UG_TRY(raise_change_marker(conn_, kGazetteerMarker));
  for (const auto& r : roads) {
    UG_TRY(conn_.execute(
        "INSERT INTO roads (name, aliases, district_code, geometry, synthetic) VALUES ($1, $2, $3, $4, $5) "
        "ON CONFLICT (name) DO UPDATE SET aliases = excluded.aliases, district_code = excluded.district_code, "
        "geometry = excluded.geometry, synthetic = excluded.synthetic",
        {r.name, joined_aliases(r.aliases), r.district_code, r.geometry_geojson, std::int64_t{r.synthetic ? 1 : 0}}));
  }
  return {};
}

Result<void> SqlGazetteerRepository::upsert_addresses(std::span<const AddressRecord> addresses) {
  if (addresses.empty()) return {};
  UG_TRY(raise_change_marker(conn_, kGazetteerMarker));
  for (const auto& a : addresses) {
    UG_TRY(conn_.execute(
        "INSERT INTO address_points (road, number, building, community_code, lon_nano, lat_nano, synthetic) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (road, number, building) DO UPDATE SET "
        "community_code = excluded.community_code, lon_nano = excluded.lon_nano, lat_nano = excluded.lat_nano, "
        "synthetic = excluded.synthetic",
        {a.road, a.number, a.building, a.community_code, a.lon_nano, a.lat_nano, std::int64_t{a.synthetic ? 1 : 0}}));
  }
  return {};
}

Result<void> SqlGazetteerRepository::clear_roads() {
  UG_TRY(raise_change_marker(conn_, kGazetteerMarker));
  UG_TRY(conn_.execute("DELETE FROM roads"));
  return {};
}

Result<void> SqlGazetteerRepository::clear_addresses() {
  UG_TRY(raise_change_marker(conn_, kGazetteerMarker));
  UG_TRY(conn_.execute("DELETE FROM address_points"));
  return {};
}

Result<std::vector<RoadRecord>> SqlGazetteerRepository::roads() {
  UG_TRY_ASSIGN(auto rows,
                conn_.execute("SELECT name, aliases, district_code, geometry, synthetic FROM roads ORDER BY name"));
  std::vector<RoadRecord> out;
  out.reserve(rows.rows.size());
  for (const auto& row : rows.rows) {
    RoadRecord r{row.text(0), {}, row.text(2), row.text(3), row.int64(4) != 0};
    const auto aliases = row.text(1);
    for (const auto alias : split_list(aliases, '|')) r.aliases.emplace_back(alias);
    out.push_back(std::move(r));
  }
  return out;
}

Result<std::vector<AddressRecord>> SqlGazetteerRepository::addresses() {
  UG_TRY_ASSIGN(auto rows, conn_.execute("SELECT road, number, building, community_code, lon_nano, lat_nano, "
                                         "synthetic FROM address_points ORDER BY road, number, building"));
  std::vector<AddressRecord> out;
  out.reserve(rows.rows.size());
  for (const auto& row : rows.rows) {
    out.push_back({row.text(0), row.text(1), row.text(2), row.text(3), row.int64(4), row.int64(5), row.int64(6) != 0});
  }
  return out;
}

Result<std::int64_t> SqlGazetteerRepository::road_count() {
  UG_TRY_ASSIGN(auto rows, conn_.execute("SELECT count(*) FROM roads"));
  return rows.rows.at(0).int64(0);
}

Result<std::int64_t> SqlGazetteerRepository::address_count() {
  UG_TRY_ASSIGN(auto rows, conn_.execute("SELECT count(*) FROM address_points"));
  return rows.rows.at(0).int64(0);
}

Result<std::int64_t> SqlGazetteerRepository::change_marker() { return read_change_marker(conn_, kGazetteerMarker); }

}  // namespace ug::storage
