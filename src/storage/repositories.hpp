// Repository interfaces: what the service layer may ask of storage. Each backend implements them
// (today through the shared SQL implementations in storage/sql_*). Later issues add repositories
// for places, calendar, accounts and cases here.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace ug::storage {

// The first result of a write that must not be repeated (an intake or a case action sent again
// with the same Idempotency-Key). `scope` separates callers (an account or a token), so two
// systems cannot collide on a key; `request_fingerprint` detects a key reused for another request.
struct IdempotencyRecord {
  std::string scope;
  std::string key;
  std::string request_fingerprint;
  int response_status = 0;
  std::string response_body;
  UnixMillis created_at = 0;
};

class IdempotencyRepository {
 public:
  virtual ~IdempotencyRepository() = default;
  virtual Result<std::optional<IdempotencyRecord>> find(std::string_view scope, std::string_view key) = 0;
  // ErrorCode::conflict when (scope, key) is already recorded.
  virtual Result<void> insert(const IdempotencyRecord& record) = 0;
  // Forgets records created before `cutoff`; returns how many.
  virtual Result<std::int64_t> purge_created_before(UnixMillis cutoff) = 0;
};

// Facts about this installation, stored in the database itself.
struct InstanceInfo {
  std::string instance_id;  // random, fixed when the database was created
  UnixMillis created_at = 0;
};

class InstanceRepository {
 public:
  virtual ~InstanceRepository() = default;
  virtual Result<InstanceInfo> get() = 0;
};

// An administrative division (DOMAIN.md §2). Level follows from the code's length.
struct DivisionRecord {
  std::string code;
  std::string name;
  std::string level;        // province | city | district | street | community
  std::string parent_code;  // empty for a province
  bool synthetic = false;   // made by the demo city, not an official code
};

class DivisionRepository {
 public:
  virtual ~DivisionRepository() = default;
  // Inserts or replaces by code.
  virtual Result<void> upsert(const DivisionRecord& division) = 0;
  virtual Result<std::optional<DivisionRecord>> find(std::string_view code) = 0;
  virtual Result<std::vector<DivisionRecord>> all() = 0;
  virtual Result<std::int64_t> count() = 0;
};

// A unit grid as stored: its shape as GeoJSON geometry text (the geo module reads and writes it).
struct GridRecord {
  std::string code;
  std::string name;
  std::string district_code;  // empty when no known division matches the code's prefix
  std::string street_code;
  std::string community_code;
  std::string geometry_geojson;
  double area_m2 = 0;
  UnixMillis imported_at = 0;
};

class GridRepository {
 public:
  virtual ~GridRepository() = default;
  // Inserts or replaces by code.
  virtual Result<void> upsert(const GridRecord& grid) = 0;
  virtual Result<std::optional<GridRecord>> find(std::string_view code) = 0;
  virtual Result<std::vector<GridRecord>> all() = 0;  // ordered by code
  // {code, name} of every grid, ordered by code: what lists need, without the geometry.
  virtual Result<std::vector<std::pair<std::string, std::string>>> names() = 0;
  virtual Result<std::int64_t> count() = 0;
  // Changes whenever grids are added, replaced or removed: the server compares it to reload.
  virtual Result<std::string> change_marker() = 0;
  // Fills the division columns of grids whose code prefix names a division now known.
  virtual Result<std::int64_t> link_divisions() = 0;
};

// A responsibility grid (责任网格): a named set of unit grids assigned to a supervisor or a team.
struct ResponsibilityGridRecord {
  std::int64_t id = 0;
  std::string name;
  std::string description;
  std::int64_t unit_grid_count = 0;  // filled by all()
};

class ResponsibilityGridRepository {
 public:
  virtual ~ResponsibilityGridRepository() = default;
  // A new set with these members; ErrorCode::conflict for a name in use or an unknown unit grid.
  virtual Result<std::int64_t> create(const ResponsibilityGridRecord& grid, const std::vector<std::string>& codes) = 0;
  virtual Result<std::vector<ResponsibilityGridRecord>> all() = 0;  // ordered by name
  virtual Result<std::vector<std::string>> members(std::int64_t id) = 0;
};

// A component as stored: the attributes of GB/T 47678.5 Table 2 and the location in nanodegrees.
struct ComponentRecord {
  std::string id, category_code, name, supervisor_code, supervisor_name, owner_code, owner_name, maintainer_code,
      maintainer_name, grid_code, status, first_survey_date, change_date, data_source, remarks, street_code,
      street_name, community_code, community_name;
  std::int64_t lon_nano = 0, lat_nano = 0;
};

struct ComponentStatusChange {
  UnixMillis changed_at = 0;
  std::string status;
  std::string note;
};

class ComponentRepository {
 public:
  virtual ~ComponentRepository() = default;
  virtual Result<void> upsert(const ComponentRecord& component) = 0;
  virtual Result<std::optional<ComponentRecord>> find(std::string_view id) = 0;
  // Components of one category inside a box (nanodegrees), for nearest-neighbour searches.
  virtual Result<std::vector<ComponentRecord>> in_box(std::string_view category_code, std::int64_t west,
                                                      std::int64_t south, std::int64_t east, std::int64_t north) = 0;
  virtual Result<std::vector<ComponentRecord>> all() = 0;  // ordered by id
  virtual Result<void> add_status_change(std::string_view id, const ComponentStatusChange& change) = 0;
  virtual Result<std::vector<ComponentStatusChange>> status_history(std::string_view id) = 0;  // oldest first
};

// A category of the directory as stored (DOMAIN.md §3); synonyms one per line.
struct CategoryRecord {
  std::string kind;  // component | matter
  std::string code;
  std::string major_code;
  std::string major_name;
  std::string name;
  bool standard = false;
  bool enabled = true;
  std::string synonyms;
  std::string register_condition;
  std::string close_condition;
};

class CategoryRepository {
 public:
  virtual ~CategoryRepository() = default;
  // Inserts a standard category or refreshes its names, keeping the city's settings.
  virtual Result<void> install_standard(const CategoryRecord& category) = 0;
  // A local category; ErrorCode::conflict when (kind, code) exists.
  virtual Result<void> insert(const CategoryRecord& category) = 0;
  // Enabled, synonyms and conditions of one category; false when it does not exist.
  virtual Result<bool> update_settings(const CategoryRecord& category) = 0;
  virtual Result<std::vector<CategoryRecord>> all() = 0;  // ordered by kind, code
  virtual Result<std::optional<CategoryRecord>> find(std::string_view kind, std::string_view code) = 0;
};

// An organisation unit: supervision centre, command centre, department or street office.
// The composite's settings of one evaluated kind as stored: weights and count bands, in hundredths.
struct EvaluationWeightRecord {
  std::string indicator;
  std::int64_t weight_centi = 0;
  bool operator==(const EvaluationWeightRecord&) const = default;
};
struct EvaluationBandRecord {
  std::string indicator;
  std::int64_t at_least = 0;
  std::int64_t score_centi = 0;
  bool operator==(const EvaluationBandRecord&) const = default;
};

class EvaluationSettingsRepository {
 public:
  virtual ~EvaluationSettingsRepository() = default;
  // Both empty when the kind was never set.
  virtual Result<std::vector<EvaluationWeightRecord>> weights(std::string_view kind) = 0;  // by indicator
  virtual Result<std::vector<EvaluationBandRecord>> bands(std::string_view kind) = 0;      // by indicator, at_least
  virtual Result<void> replace(std::string_view kind, std::span<const EvaluationWeightRecord> weights,
                               std::span<const EvaluationBandRecord> bands) = 0;
};

// One stored running total of evaluation (migration 0016), or a change to add to it.
struct EvaluationTotalRecord {
  std::int32_t day = 0;
  std::int32_t scope = 0;
  std::string unit;
  std::int32_t counter = 0;
  std::int32_t effective_day = 0;
  std::int64_t n = 0;
  bool operator==(const EvaluationTotalRecord&) const = default;
};
// Sorted by key, one record per key with the n summed, zeros dropped (what add() stores).
void merge_totals(std::vector<EvaluationTotalRecord>& records);
struct EvaluationTotalSum {
  std::int32_t scope = 0;
  std::string unit;
  std::int32_t counter = 0;
  std::int64_t n = 0;
};

class EvaluationTotalsRepository {
 public:
  virtual ~EvaluationTotalsRepository() = default;
  // Adds each record's n to its row (a row is created at 0).
  virtual Result<void> add(std::span<const EvaluationTotalRecord> changes) = 0;
  // Per unit, of `counter` of `scope`: the rows of days [from_day, to_day) with effective_day < at_day.
  virtual Result<std::vector<EvaluationTotalSum>> sum(std::int32_t scope, std::int32_t counter, std::int32_t from_day,
                                                      std::int32_t to_day, std::int32_t at_day) = 0;
  // Every row with n ≠ 0, by key (for comparing with a recompute).
  virtual Result<std::vector<EvaluationTotalRecord>> all() = 0;
  virtual Result<std::int64_t> size() = 0;  // rows stored
  virtual Result<void> clear() = 0;
  // What the totals were computed under ("" for a new database, which has no case yet).
  virtual Result<std::string> basis() = 0;
  // The same in a transaction that will add to the totals: on PostgreSQL it holds a shared lock on
  // the basis until the end of the transaction, so no recompute runs between the read and the add.
  virtual Result<std::string> basis_for_adding() = 0;
  // Takes the basis exclusively (a recompute waits for transactions adding and holds them off).
  virtual Result<void> set_basis(std::string_view basis) = 0;
};

struct OrgUnitRecord {
  std::string id;
  std::string name;
  std::string kind;  // supervision_centre | command_centre | department | street_office | other
  std::string parent_id;
  std::string street_code;  // street offices: the street they serve
  bool active = true;
};

class OrgUnitRepository {
 public:
  virtual ~OrgUnitRepository() = default;
  virtual Result<void> upsert(const OrgUnitRecord& unit) = 0;
  virtual Result<std::vector<OrgUnitRecord>> all() = 0;  // ordered by id
};

// A row of the responsibility matrix; empty texts mean "any".
struct RuleRecord {
  std::int64_t id = 0;
  std::string matter_code;
  std::string major_code;
  std::string area_prefix;
  std::string urgency;  // "" any
  std::string department_id;
  std::int64_t limit_value = 0;
  std::string limit_unit;
};

class RuleRepository {
 public:
  virtual ~RuleRepository() = default;
  virtual Result<std::int64_t> insert(const RuleRecord& rule) = 0;  // returns the new id
  virtual Result<bool> remove(std::int64_t id) = 0;
  virtual Result<std::vector<RuleRecord>> all() = 0;  // ordered by id
  // Rises with every write to the rules or the org units (the routing table a server keeps).
  virtual Result<std::int64_t> change_marker() = 0;
};

// A national holiday year imported by command, replacing the shipped file of the same year.
struct CalendarYearRecord {
  int year = 0;
  std::string document;  // holiday-cn JSON
  std::int64_t listed_days = 0;
  UnixMillis imported_at = 0;
};

// A local date that differs from the national calendar.
struct CalendarOverrideRecord {
  std::string date;  // YYYY-MM-DD
  bool workday = false;
  std::string reason;
  UnixMillis updated_at = 0;
};

class CalendarRepository {
 public:
  virtual ~CalendarRepository() = default;
  virtual Result<void> upsert_year(const CalendarYearRecord& year) = 0;
  virtual Result<std::vector<CalendarYearRecord>> years() = 0;  // ordered by year
  virtual Result<void> upsert_override(const CalendarOverrideRecord& override_day) = 0;
  virtual Result<bool> remove_override(std::string_view date) = 0;
  virtual Result<std::vector<CalendarOverrideRecord>> overrides() = 0;  // ordered by date
  // A counter every change above must bump (in its transaction), so servers notice changes made
  // by another process.
  virtual Result<std::int64_t> revision() = 0;
  virtual Result<std::int64_t> bump_revision() = 0;  // returns the new revision
};

// Secondary indexes set aside during a bulk load. Building an index once over loaded rows costs a
// fraction of updating it row by row. defer() drops the plain (non-unique) indexes of the tables
// and records their definitions in `deferred_indexes` in the same transaction; restore_deferred()
// builds whatever is recorded and forgets it in one transaction. Every command that opens a
// database runs restore_deferred(), so a load that was killed leaves no index missing for long.
// Unique indexes and keys are never dropped: they enforce rules the load relies on.
class IndexRepository {
 public:
  virtual ~IndexRepository() = default;
  // The names of the indexes dropped.
  virtual Result<std::vector<std::string>> defer(std::span<const std::string> tables) = 0;
  // The names of the indexes built (none when nothing was deferred).
  virtual Result<std::vector<std::string>> restore_deferred() = 0;
};

}  // namespace ug::storage
