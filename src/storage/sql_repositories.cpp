// Portable SQL implementations of the repositories (parameters bound, never spliced).
#include "storage/sql_repositories.hpp"

#include <fmt/format.h>

#include <span>

#include "storage/record_columns.hpp"

namespace ug::storage {

Result<std::optional<IdempotencyRecord>> SqlIdempotencyRepository::find(std::string_view scope, std::string_view key) {
  UG_TRY_ASSIGN(
      auto rows,
      conn_.execute("SELECT request_fingerprint, response_status, response_body, created_at_ms FROM idempotency_keys "
                    "WHERE scope = $1 AND idempotency_key = $2",
                    {std::string(scope), std::string(key)}));
  if (rows.rows.empty()) return std::optional<IdempotencyRecord>{};
  const auto& row = rows.rows.front();
  return IdempotencyRecord{std::string(scope), std::string(key), row.text(0), static_cast<int>(row.int64(1)),
                           row.text(2),        row.int64(3)};
}

Result<void> SqlIdempotencyRepository::insert(const IdempotencyRecord& r) {
  auto done = conn_.execute(
      "INSERT INTO idempotency_keys (scope, idempotency_key, request_fingerprint, response_status, response_body, "
      "created_at_ms) VALUES ($1, $2, $3, $4, $5, $6)",
      {r.scope, r.key, r.request_fingerprint, std::int64_t{r.response_status}, r.response_body, r.created_at});
  if (!done) {
    auto error = done.error();
    if (error.code == ErrorCode::conflict) error.message = "storage.idempotency_key_used";
    return fail(std::move(error));
  }
  return {};
}

Result<std::int64_t> SqlIdempotencyRepository::purge_created_before(UnixMillis cutoff) {
  UG_TRY_ASSIGN(auto done, conn_.execute("DELETE FROM idempotency_keys WHERE created_at_ms < $1", {cutoff}));
  return done.affected_rows;
}

Result<InstanceInfo> SqlInstanceRepository::get() {
  UG_TRY_ASSIGN(auto rows, conn_.execute("SELECT instance_id, created_at_ms FROM instance WHERE singleton = 1"));
  if (rows.rows.empty()) return fail(ErrorCode::internal, {}, "instance row missing: database not migrated");
  return InstanceInfo{rows.rows[0].text(0), rows.rows[0].int64(1)};
}

namespace {

DivisionRecord division_from(const SqlRow& row) {
  return {row.text(0), row.text(1), row.text(2), row.text(3), row.int64(4) != 0};
}

GridRecord grid_from(const SqlRow& row) {
  const auto& area = row.at(6);
  const double area_m2 =
      std::holds_alternative<double>(area) ? std::get<double>(area) : static_cast<double>(row.int64(6));
  return {row.text(0), row.text(1), row.text(2), row.text(3), row.text(4), row.text(5), area_m2, row.int64(7)};
}

Result<std::int64_t> count_rows(SqlConnection& conn, std::string_view sql) {
  UG_TRY_ASSIGN(auto rows, conn.execute(sql));
  return rows.rows.at(0).int64(0);
}

}  // namespace

Result<void> SqlDivisionRepository::upsert(const DivisionRecord& d) {
  UG_TRY(
      conn_.execute("INSERT INTO divisions (code, name, level, parent_code, synthetic) VALUES ($1, $2, $3, $4, $5) "
                    "ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level, "
                    "parent_code = excluded.parent_code, synthetic = excluded.synthetic",
                    {d.code, d.name, d.level, optional_text(d.parent_code), std::int64_t{d.synthetic ? 1 : 0}}));
  return {};
}

Result<std::optional<DivisionRecord>> SqlDivisionRepository::find(std::string_view code) {
  UG_TRY_ASSIGN(auto rows,
                conn_.execute("SELECT code, name, level, parent_code, synthetic FROM divisions WHERE code = $1",
                              {std::string(code)}));
  if (rows.rows.empty()) return std::optional<DivisionRecord>{};
  return division_from(rows.rows.front());
}

Result<std::vector<DivisionRecord>> SqlDivisionRepository::all() {
  UG_TRY_ASSIGN(auto rows,
                conn_.execute("SELECT code, name, level, parent_code, synthetic FROM divisions ORDER BY code"));
  std::vector<DivisionRecord> out;
  out.reserve(rows.rows.size());
  for (const auto& row : rows.rows) out.push_back(division_from(row));
  return out;
}

Result<std::int64_t> SqlDivisionRepository::count() { return count_rows(conn_, "SELECT count(*) FROM divisions"); }

Result<void> SqlGridRepository::upsert(const GridRecord& g) {
  UG_TRY(conn_.execute(
      "INSERT INTO unit_grids (code, name, district_code, street_code, community_code, geometry, area_m2, "
      "imported_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
      "ON CONFLICT (code) DO UPDATE SET name = excluded.name, district_code = excluded.district_code, "
      "street_code = excluded.street_code, community_code = excluded.community_code, "
      "geometry = excluded.geometry, area_m2 = excluded.area_m2, imported_at_ms = excluded.imported_at_ms",
      {g.code, g.name, optional_text(g.district_code), optional_text(g.street_code), optional_text(g.community_code),
       g.geometry_geojson, g.area_m2, g.imported_at}));
  return {};
}

namespace {
constexpr std::string_view kGridColumns =
    "SELECT code, name, district_code, street_code, community_code, geometry, area_m2, imported_at_ms FROM unit_grids";
}

Result<std::optional<GridRecord>> SqlGridRepository::find(std::string_view code) {
  UG_TRY_ASSIGN(auto rows, conn_.execute(std::string(kGridColumns) + " WHERE code = $1", {std::string(code)}));
  if (rows.rows.empty()) return std::optional<GridRecord>{};
  return grid_from(rows.rows.front());
}

Result<std::vector<GridRecord>> SqlGridRepository::all() {
  UG_TRY_ASSIGN(auto rows, conn_.execute(std::string(kGridColumns) + " ORDER BY code"));
  std::vector<GridRecord> out;
  out.reserve(rows.rows.size());
  for (const auto& row : rows.rows) out.push_back(grid_from(row));
  return out;
}

Result<std::vector<std::pair<std::string, std::string>>> SqlGridRepository::names() {
  UG_TRY_ASSIGN(auto rows, conn_.execute("SELECT code, name FROM unit_grids ORDER BY code"));
  std::vector<std::pair<std::string, std::string>> out;
  out.reserve(rows.rows.size());
  for (const auto& row : rows.rows) out.emplace_back(row.text(0), row.text(1));
  return out;
}

Result<std::int64_t> SqlGridRepository::count() { return count_rows(conn_, "SELECT count(*) FROM unit_grids"); }

Result<std::string> SqlGridRepository::change_marker() {
  UG_TRY_ASSIGN(auto rows, conn_.execute("SELECT count(*), COALESCE(MAX(imported_at_ms), 0) FROM unit_grids"));
  return rows.rows.at(0).text(0) + ":" + rows.rows.at(0).text(1);
}

Result<std::int64_t> SqlGridRepository::link_divisions() {
  std::int64_t changed = 0;
  // Grid codes: 6-digit district + 3-digit street + 3-digit community + sequence (DOMAIN.md §2).
  for (const auto& [column, length] : {std::pair{"district_code", 6}, {"street_code", 9}, {"community_code", 12}}) {
    UG_TRY_ASSIGN(
        auto done,
        conn_.execute(
            std::string("UPDATE unit_grids SET ") + column + " = substr(code, 1, $1) WHERE " + column +
                " IS NULL AND EXISTS (SELECT 1 FROM divisions d WHERE d.code = substr(unit_grids.code, 1, $1))",
            {std::int64_t{length}}));
    changed += done.affected_rows;
  }
  return changed;
}

Result<void> SqlCategoryRepository::install_standard(const CategoryRecord& c) {
  UG_TRY(conn_.execute(
      "INSERT INTO categories (kind, code, major_code, major_name, name, standard) VALUES ($1, $2, $3, $4, $5, 1) "
      "ON CONFLICT (kind, code) DO UPDATE SET major_code = excluded.major_code, major_name = excluded.major_name, "
      "name = excluded.name, standard = 1",
      {c.kind, c.code, c.major_code, c.major_name, c.name}));
  return {};
}

Result<void> SqlCategoryRepository::insert(const CategoryRecord& c) {
  UG_TRY(
      conn_.execute("INSERT INTO categories (kind, code, major_code, major_name, name, standard, enabled, synonyms, "
                    "register_condition, close_condition) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                    {c.kind, c.code, c.major_code, c.major_name, c.name, std::int64_t{c.standard ? 1 : 0},
                     std::int64_t{c.enabled ? 1 : 0}, c.synonyms, c.register_condition, c.close_condition}));
  return {};
}

Result<bool> SqlCategoryRepository::update_settings(const CategoryRecord& c) {
  UG_TRY_ASSIGN(
      auto done,
      conn_.execute(
          "UPDATE categories SET enabled = $3, synonyms = $4, register_condition = $5, close_condition = $6 "
          "WHERE kind = $1 AND code = $2",
          {c.kind, c.code, std::int64_t{c.enabled ? 1 : 0}, c.synonyms, c.register_condition, c.close_condition}));
  return done.affected_rows > 0;
}

namespace {
constexpr std::string_view kCategoryColumns =
    "SELECT kind, code, major_code, major_name, name, standard, enabled, synonyms, register_condition, "
    "close_condition FROM categories";
CategoryRecord category_from(const SqlRow& r) {
  return {.kind = r.text(0),
          .code = r.text(1),
          .major_code = r.text(2),
          .major_name = r.text(3),
          .name = r.text(4),
          .standard = r.int64(5) != 0,
          .enabled = r.int64(6) != 0,
          .synonyms = r.text(7),
          .register_condition = r.text(8),
          .close_condition = r.text(9)};
}
}  // namespace

Result<std::vector<CategoryRecord>> SqlCategoryRepository::all() {
  UG_TRY_ASSIGN(auto rows, conn_.execute(std::string(kCategoryColumns) + " ORDER BY kind, code"));
  std::vector<CategoryRecord> out;
  out.reserve(rows.rows.size());
  for (const auto& r : rows.rows) out.push_back(category_from(r));
  return out;
}

Result<std::optional<CategoryRecord>> SqlCategoryRepository::find(std::string_view kind, std::string_view code) {
  UG_TRY_ASSIGN(auto rows, conn_.execute(std::string(kCategoryColumns) + " WHERE kind = $1 AND code = $2",
                                         {std::string(kind), std::string(code)}));
  if (rows.rows.empty()) return std::optional<CategoryRecord>{};
  return category_from(rows.rows.front());
}

Result<void> raise_change_marker(SqlConnection& conn, std::string_view name) {
  UG_TRY(conn.execute("UPDATE change_markers SET version = version + 1 WHERE name = $1", {std::string(name)}));
  return {};
}

Result<std::int64_t> read_change_marker(SqlConnection& conn, std::string_view name) {
  UG_TRY_ASSIGN(auto rows, conn.execute("SELECT version FROM change_markers WHERE name = $1", {std::string(name)}));
  return rows.rows.empty() ? 0 : rows.rows.at(0).int64(0);
}

Result<void> SqlOrgUnitRepository::upsert(const OrgUnitRecord& u) {
  UG_TRY(raise_change_marker(conn_, kRoutingMarker));
  UG_TRY(conn_.execute(
      "INSERT INTO org_units (id, name, kind, parent_id, street_code, active) VALUES ($1, $2, $3, $4, $5, $6) "
      "ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, parent_id = excluded.parent_id, "
      "street_code = excluded.street_code, active = excluded.active",
      {u.id, u.name, u.kind, optional_text(u.parent_id), optional_text(u.street_code),
       std::int64_t{u.active ? 1 : 0}}));
  return {};
}

Result<std::vector<OrgUnitRecord>> SqlOrgUnitRepository::all() {
  UG_TRY_ASSIGN(auto rows,
                conn_.execute("SELECT id, name, kind, parent_id, street_code, active FROM org_units ORDER BY id"));
  std::vector<OrgUnitRecord> out;
  for (const auto& r : rows.rows)
    out.push_back({.id = r.text(0),
                   .name = r.text(1),
                   .kind = r.text(2),
                   .parent_id = r.text(3),
                   .street_code = r.text(4),
                   .active = r.int64(5) != 0});
  return out;
}

Result<std::vector<EvaluationWeightRecord>> SqlEvaluationSettingsRepository::weights(std::string_view kind) {
  UG_TRY_ASSIGN(
      auto rows,
      conn_.execute("SELECT indicator, weight_centi FROM evaluation_weights WHERE kind = $1 ORDER BY indicator",
                    {std::string(kind)}));
  std::vector<EvaluationWeightRecord> out;
  for (const auto& r : rows.rows) out.push_back({r.text(0), r.int64(1)});
  return out;
}

Result<std::vector<EvaluationBandRecord>> SqlEvaluationSettingsRepository::bands(std::string_view kind) {
  UG_TRY_ASSIGN(
      auto rows,
      conn_.execute(
          "SELECT indicator, at_least, score_centi FROM evaluation_bands WHERE kind = $1 ORDER BY indicator, at_least",
          {std::string(kind)}));
  std::vector<EvaluationBandRecord> out;
  for (const auto& r : rows.rows) out.push_back({r.text(0), r.int64(1), r.int64(2)});
  return out;
}

Result<void> SqlEvaluationSettingsRepository::replace(std::string_view kind,
                                                      std::span<const EvaluationWeightRecord> weights,
                                                      std::span<const EvaluationBandRecord> bands) {
  const std::string k(kind);
  for (const auto* table : {"evaluation_weights", "evaluation_bands"}) {
    UG_TRY(conn_.execute(fmt::format("DELETE FROM {} WHERE kind = $1", table), {k}));
  }
  for (const auto& w : weights) {
    UG_TRY(conn_.execute("INSERT INTO evaluation_weights (kind, indicator, weight_centi) VALUES ($1, $2, $3)",
                         {k, w.indicator, w.weight_centi}));
  }
  for (const auto& b : bands) {
    UG_TRY(
        conn_.execute("INSERT INTO evaluation_bands (kind, indicator, at_least, score_centi) VALUES ($1, $2, $3, $4)",
                      {k, b.indicator, b.at_least, b.score_centi}));
  }
  return {};
}

Result<std::int64_t> SqlRuleRepository::insert(const RuleRecord& r) {
  UG_TRY_ASSIGN(auto rows, conn_.execute("INSERT INTO responsibility_rules (matter_code, major_code, area_prefix, "
                                         "urgency, department_id, limit_value, "
                                         "limit_unit) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                                         {r.matter_code, r.major_code, r.area_prefix, optional_text(r.urgency),
                                          r.department_id, r.limit_value, r.limit_unit}));
  UG_TRY(raise_change_marker(conn_, kRoutingMarker));
  return rows.rows.at(0).int64(0);
}

Result<bool> SqlRuleRepository::remove(std::int64_t id) {
  UG_TRY_ASSIGN(auto done, conn_.execute("DELETE FROM responsibility_rules WHERE id = $1", {id}));
  if (done.affected_rows > 0) UG_TRY(raise_change_marker(conn_, kRoutingMarker));
  return done.affected_rows > 0;
}

Result<std::int64_t> SqlRuleRepository::change_marker() { return read_change_marker(conn_, kRoutingMarker); }

Result<std::vector<RuleRecord>> SqlRuleRepository::all() {
  UG_TRY_ASSIGN(
      auto rows,
      conn_.execute("SELECT id, matter_code, major_code, area_prefix, urgency, department_id, limit_value, limit_unit "
                    "FROM responsibility_rules ORDER BY id"));
  std::vector<RuleRecord> out;
  for (const auto& r : rows.rows) {
    out.push_back({.id = r.int64(0),
                   .matter_code = r.text(1),
                   .major_code = r.text(2),
                   .area_prefix = r.text(3),
                   .urgency = r.text(4),
                   .department_id = r.text(5),
                   .limit_value = r.int64(6),
                   .limit_unit = r.text(7)});
  }
  return out;
}

Result<std::int64_t> SqlResponsibilityGridRepository::create(const ResponsibilityGridRecord& grid,
                                                             const std::vector<std::string>& codes) {
  UG_TRY_ASSIGN(auto rows,
                conn_.execute("INSERT INTO responsibility_grids (name, description) VALUES ($1, $2) RETURNING id",
                              {grid.name, grid.description}));
  const auto id = rows.rows.at(0).int64(0);
  for (const auto& code : codes) {
    auto added = conn_.execute(
        "INSERT INTO responsibility_grid_members (responsibility_grid_id, unit_grid_code) VALUES ($1, $2)", {id, code});
    if (!added) {
      auto error = added.error();
      if (error.code == ErrorCode::conflict) {
        error.message = "storage.unit_grid_missing_or_repeated";
        error.with("unit_grid", code);
      }
      return tl::unexpected(std::move(error));
    }
  }
  return id;
}

Result<std::vector<ResponsibilityGridRecord>> SqlResponsibilityGridRepository::all() {
  UG_TRY_ASSIGN(auto rows,
                conn_.execute("SELECT g.id, g.name, g.description, (SELECT count(*) FROM responsibility_grid_members m "
                              "WHERE m.responsibility_grid_id = g.id) FROM responsibility_grids g ORDER BY g.name"));
  std::vector<ResponsibilityGridRecord> out;
  for (const auto& r : rows.rows) out.push_back({r.int64(0), r.text(1), r.text(2), r.int64(3)});
  return out;
}

Result<std::vector<std::string>> SqlResponsibilityGridRepository::members(std::int64_t id) {
  UG_TRY_ASSIGN(
      auto rows,
      conn_.execute("SELECT unit_grid_code FROM responsibility_grid_members WHERE responsibility_grid_id = $1 ORDER BY "
                    "unit_grid_code",
                    {id}));
  std::vector<std::string> out;
  for (const auto& r : rows.rows) out.push_back(r.text(0));
  return out;
}

namespace {

// The columns of the components table (storage/record_columns.hpp): the SELECT list, the upsert
// and component_from all walk this one list.
constexpr RecordColumn<ComponentRecord> kComponentTable[] = {
    member_column<&ComponentRecord::id>("id"),
    member_column<&ComponentRecord::category_code>("category_code"),
    member_column<&ComponentRecord::name>("name"),
    member_column<&ComponentRecord::supervisor_code>("supervisor_code"),
    member_column<&ComponentRecord::supervisor_name>("supervisor_name"),
    member_column<&ComponentRecord::owner_code>("owner_code"),
    member_column<&ComponentRecord::owner_name>("owner_name"),
    member_column<&ComponentRecord::maintainer_code>("maintainer_code"),
    member_column<&ComponentRecord::maintainer_name>("maintainer_name"),
    member_column<&ComponentRecord::grid_code>("grid_code"),
    member_column<&ComponentRecord::status>("status"),
    member_column<&ComponentRecord::first_survey_date>("first_survey_date"),
    member_column<&ComponentRecord::change_date>("change_date"),
    member_column<&ComponentRecord::data_source>("data_source"),
    member_column<&ComponentRecord::remarks>("remarks"),
    member_column<&ComponentRecord::street_code>("street_code"),
    member_column<&ComponentRecord::street_name>("street_name"),
    member_column<&ComponentRecord::community_code>("community_code"),
    member_column<&ComponentRecord::community_name>("community_name"),
    member_column<&ComponentRecord::lon_nano>("lon_nano"),
    member_column<&ComponentRecord::lat_nano>("lat_nano"),
};

const std::string& component_select() {
  static const std::string select = "SELECT " + column_list<ComponentRecord>(kComponentTable) + " FROM components";
  return select;
}

ComponentRecord component_from(const SqlRow& r) {
  ComponentRecord c;
  read_columns<ComponentRecord>(kComponentTable, r, c);  // plain columns: every value is readable
  return c;
}

Result<std::vector<ComponentRecord>> components_from(Result<SqlResult> rows) {
  if (!rows) return tl::unexpected(rows.error());
  std::vector<ComponentRecord> out;
  out.reserve(rows->rows.size());
  for (const auto& r : rows->rows) out.push_back(component_from(r));
  return out;
}

}  // namespace

Result<void> SqlComponentRepository::upsert(const ComponentRecord& c) {
  static const std::string statement = [] {
    std::string updates;
    for (const auto& column : std::span(kComponentTable).subspan(1)) {
      updates += fmt::format("{}{} = excluded.{}", updates.empty() ? "" : ", ", column.name, column.name);
    }
    return fmt::format("INSERT INTO components ({}) VALUES ({}) ON CONFLICT (id) DO UPDATE SET {}",
                       column_list<ComponentRecord>(kComponentTable),
                       column_placeholders<ComponentRecord>(kComponentTable), updates);
  }();
  UG_TRY(conn_.execute(statement, column_values<ComponentRecord>(kComponentTable, c)));
  return {};
}

Result<std::optional<ComponentRecord>> SqlComponentRepository::find(std::string_view id) {
  UG_TRY_ASSIGN(auto rows, components_from(conn_.execute(component_select() + " WHERE id = $1", {std::string(id)})));
  if (rows.empty()) return std::optional<ComponentRecord>{};
  return std::move(rows.front());
}

Result<std::vector<ComponentRecord>> SqlComponentRepository::in_box(std::string_view category_code, std::int64_t west,
                                                                    std::int64_t south, std::int64_t east,
                                                                    std::int64_t north) {
  return components_from(conn_.execute(
      component_select() +
          " WHERE category_code = $1 AND lon_nano BETWEEN $2 AND $3 AND lat_nano BETWEEN $4 AND $5 ORDER BY id",
      {std::string(category_code), west, east, south, north}));
}

Result<std::vector<ComponentRecord>> SqlComponentRepository::all() {
  return components_from(conn_.execute(component_select() + " ORDER BY id"));
}

Result<void> SqlComponentRepository::add_status_change(std::string_view id, const ComponentStatusChange& change) {
  UG_TRY(conn_.execute(
      "INSERT INTO component_status_history (component_id, changed_at_ms, status, note) VALUES ($1, $2, $3, $4)",
      {std::string(id), change.changed_at, change.status, change.note}));
  return {};
}

Result<std::vector<ComponentStatusChange>> SqlComponentRepository::status_history(std::string_view id) {
  UG_TRY_ASSIGN(
      auto rows,
      conn_.execute("SELECT changed_at_ms, status, note FROM component_status_history WHERE component_id = $1 "
                    "ORDER BY changed_at_ms, id",
                    {std::string(id)}));
  std::vector<ComponentStatusChange> out;
  for (const auto& r : rows.rows) out.push_back({r.int64(0), r.text(1), r.text(2)});
  return out;
}

Result<void> run_sql_transaction(SqlConnection& conn, std::string_view begin_statement,
                                 const std::function<Result<void>(Transaction&)>& work) {
  UG_TRY(conn.execute(begin_statement));
  SqlTransaction tx(conn);
  Result<void> outcome;
  try {
    outcome = work(tx);
  } catch (...) {
    (void)conn.execute("ROLLBACK");
    throw;
  }
  if (!outcome) {
    (void)conn.execute("ROLLBACK");
    return outcome;
  }
  auto committed = conn.execute("COMMIT");
  if (!committed) {
    (void)conn.execute("ROLLBACK");
    return tl::unexpected(committed.error());
  }
  return {};
}

Result<void> SqlCalendarRepository::upsert_year(const CalendarYearRecord& y) {
  UG_TRY(conn_.execute(
      "INSERT INTO calendar_years (year, document, listed_days, imported_at_ms) VALUES ($1, $2, $3, $4) "
      "ON CONFLICT (year) DO UPDATE SET document = excluded.document, listed_days = excluded.listed_days, "
      "imported_at_ms = excluded.imported_at_ms",
      {std::int64_t{y.year}, y.document, y.listed_days, y.imported_at}));
  return {};
}

Result<std::vector<CalendarYearRecord>> SqlCalendarRepository::years() {
  UG_TRY_ASSIGN(auto rows,
                conn_.execute("SELECT year, document, listed_days, imported_at_ms FROM calendar_years ORDER BY year"));
  std::vector<CalendarYearRecord> out;
  for (const auto& r : rows.rows) out.push_back({static_cast<int>(r.int64(0)), r.text(1), r.int64(2), r.int64(3)});
  return out;
}

Result<void> SqlCalendarRepository::upsert_override(const CalendarOverrideRecord& o) {
  UG_TRY(
      conn_.execute("INSERT INTO calendar_overrides (date, workday, reason, updated_at_ms) VALUES ($1, $2, $3, $4) "
                    "ON CONFLICT (date) DO UPDATE SET workday = excluded.workday, reason = excluded.reason, "
                    "updated_at_ms = excluded.updated_at_ms",
                    {o.date, std::int64_t{o.workday ? 1 : 0}, o.reason, o.updated_at}));
  return {};
}

Result<bool> SqlCalendarRepository::remove_override(std::string_view date) {
  UG_TRY_ASSIGN(auto done, conn_.execute("DELETE FROM calendar_overrides WHERE date = $1", {std::string(date)}));
  return done.affected_rows > 0;
}

Result<std::vector<CalendarOverrideRecord>> SqlCalendarRepository::overrides() {
  UG_TRY_ASSIGN(auto rows,
                conn_.execute("SELECT date, workday, reason, updated_at_ms FROM calendar_overrides ORDER BY date"));
  std::vector<CalendarOverrideRecord> out;
  for (const auto& r : rows.rows) out.push_back({r.text(0), r.int64(1) != 0, r.text(2), r.int64(3)});
  return out;
}

Result<std::int64_t> SqlCalendarRepository::revision() {
  UG_TRY_ASSIGN(auto rows, conn_.execute("SELECT revision FROM calendar_revision WHERE id = 1"));
  return rows.rows.at(0).int64(0);
}

Result<std::int64_t> SqlCalendarRepository::bump_revision() {
  UG_TRY_ASSIGN(auto rows,
                conn_.execute("UPDATE calendar_revision SET revision = revision + 1 WHERE id = 1 RETURNING revision"));
  return rows.rows.at(0).int64(0);
}

}  // namespace ug::storage
