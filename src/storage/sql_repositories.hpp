// Repositories written once in portable SQL over SqlConnection, shared by the SQLite and
// PostgreSQL backends, and the Transaction that hands them out.
#pragma once

#include "storage/database.hpp"
#include "storage/sql.hpp"

namespace ug::storage {

class SqlIdempotencyRepository final : public IdempotencyRepository {
 public:
  explicit SqlIdempotencyRepository(SqlConnection& conn) : conn_(conn) {}
  Result<std::optional<IdempotencyRecord>> find(std::string_view scope, std::string_view key) override;
  Result<void> insert(const IdempotencyRecord& record) override;
  Result<std::int64_t> purge_created_before(UnixMillis cutoff) override;

 private:
  SqlConnection& conn_;
};

class SqlInstanceRepository final : public InstanceRepository {
 public:
  explicit SqlInstanceRepository(SqlConnection& conn) : conn_(conn) {}
  Result<InstanceInfo> get() override;

 private:
  SqlConnection& conn_;
};

class SqlDivisionRepository final : public DivisionRepository {
 public:
  explicit SqlDivisionRepository(SqlConnection& conn) : conn_(conn) {}
  Result<void> upsert(const DivisionRecord& division) override;
  Result<std::optional<DivisionRecord>> find(std::string_view code) override;
  Result<std::vector<DivisionRecord>> all() override;
  Result<std::int64_t> count() override;

 private:
  SqlConnection& conn_;
};

class SqlGridRepository final : public GridRepository {
 public:
  explicit SqlGridRepository(SqlConnection& conn) : conn_(conn) {}
  Result<void> upsert(const GridRecord& grid) override;
  Result<std::optional<GridRecord>> find(std::string_view code) override;
  Result<std::vector<GridRecord>> all() override;
  Result<std::int64_t> count() override;
  Result<std::int64_t> link_divisions() override;
  Result<std::string> change_marker() override;

 private:
  SqlConnection& conn_;
};

class SqlCategoryRepository final : public CategoryRepository {
 public:
  explicit SqlCategoryRepository(SqlConnection& conn) : conn_(conn) {}
  Result<void> install_standard(const CategoryRecord& category) override;
  Result<void> insert(const CategoryRecord& category) override;
  Result<bool> update_settings(const CategoryRecord& category) override;
  Result<std::vector<CategoryRecord>> all() override;
  Result<std::optional<CategoryRecord>> find(std::string_view kind, std::string_view code) override;

 private:
  SqlConnection& conn_;
};

class SqlOrgUnitRepository final : public OrgUnitRepository {
 public:
  explicit SqlOrgUnitRepository(SqlConnection& conn) : conn_(conn) {}
  Result<void> upsert(const OrgUnitRecord& unit) override;
  Result<std::vector<OrgUnitRecord>> all() override;

 private:
  SqlConnection& conn_;
};

class SqlRuleRepository final : public RuleRepository {
 public:
  explicit SqlRuleRepository(SqlConnection& conn) : conn_(conn) {}
  Result<std::int64_t> insert(const RuleRecord& rule) override;
  Result<bool> remove(std::int64_t id) override;
  Result<std::vector<RuleRecord>> all() override;

 private:
  SqlConnection& conn_;
};

class SqlResponsibilityGridRepository final : public ResponsibilityGridRepository {
 public:
  explicit SqlResponsibilityGridRepository(SqlConnection& conn) : conn_(conn) {}
  Result<std::int64_t> create(const ResponsibilityGridRecord& grid, const std::vector<std::string>& codes) override;
  Result<std::vector<ResponsibilityGridRecord>> all() override;
  Result<std::vector<std::string>> members(std::int64_t id) override;

 private:
  SqlConnection& conn_;
};

class SqlComponentRepository final : public ComponentRepository {
 public:
  explicit SqlComponentRepository(SqlConnection& conn) : conn_(conn) {}
  Result<void> upsert(const ComponentRecord& component) override;
  Result<std::optional<ComponentRecord>> find(std::string_view id) override;
  Result<std::vector<ComponentRecord>> in_box(std::string_view category_code, std::int64_t west, std::int64_t south,
                                              std::int64_t east, std::int64_t north) override;
  Result<std::vector<ComponentRecord>> all() override;
  Result<void> add_status_change(std::string_view id, const ComponentStatusChange& change) override;
  Result<std::vector<ComponentStatusChange>> status_history(std::string_view id) override;

 private:
  SqlConnection& conn_;
};

class SqlCalendarRepository final : public CalendarRepository {
 public:
  explicit SqlCalendarRepository(SqlConnection& conn) : conn_(conn) {}
  Result<void> upsert_year(const CalendarYearRecord& year) override;
  Result<std::vector<CalendarYearRecord>> years() override;
  Result<void> upsert_override(const CalendarOverrideRecord& override_day) override;
  Result<bool> remove_override(std::string_view date) override;
  Result<std::vector<CalendarOverrideRecord>> overrides() override;
  Result<std::int64_t> revision() override;
  Result<std::int64_t> bump_revision() override;

 private:
  SqlConnection& conn_;
};

class SqlTransaction final : public Transaction {
 public:
  explicit SqlTransaction(SqlConnection& conn)
      : idempotency_(conn),
        instance_(conn),
        divisions_(conn),
        grids_(conn),
        categories_(conn),
        org_units_(conn),
        rules_(conn),
        responsibility_grids_(conn),
        components_(conn),
        calendar_(conn) {}
  IdempotencyRepository& idempotency() override { return idempotency_; }
  InstanceRepository& instance() override { return instance_; }
  DivisionRepository& divisions() override { return divisions_; }
  GridRepository& grids() override { return grids_; }
  CategoryRepository& categories() override { return categories_; }
  OrgUnitRepository& org_units() override { return org_units_; }
  RuleRepository& rules() override { return rules_; }
  ResponsibilityGridRepository& responsibility_grids() override { return responsibility_grids_; }
  ComponentRepository& components() override { return components_; }
  CalendarRepository& calendar() override { return calendar_; }

 private:
  SqlIdempotencyRepository idempotency_;
  SqlInstanceRepository instance_;
  SqlDivisionRepository divisions_;
  SqlGridRepository grids_;
  SqlCategoryRepository categories_;
  SqlOrgUnitRepository org_units_;
  SqlRuleRepository rules_;
  SqlResponsibilityGridRepository responsibility_grids_;
  SqlComponentRepository components_;
  SqlCalendarRepository calendar_;
};

// Runs `work` between BEGIN and COMMIT on `conn`, rolling back on error or exception.
Result<void> run_sql_transaction(SqlConnection& conn, std::string_view begin_statement,
                                 const std::function<Result<void>(Transaction&)>& work);

}  // namespace ug::storage
