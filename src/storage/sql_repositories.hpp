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
  Result<std::vector<std::pair<std::string, std::string>>> names() override;
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
  Result<std::int64_t> change_marker() override;

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

class SqlUserRepository final : public UserRepository {
 public:
  explicit SqlUserRepository(SqlConnection& conn) : conn_(conn) {}
  Result<std::int64_t> insert(const UserRecord& user) override;
  Result<bool> update(const UserRecord& user) override;
  Result<bool> set_password(std::int64_t id, std::string_view hash, bool must_change, UnixMillis now) override;
  Result<std::optional<UserRecord>> find(std::int64_t id) override;
  Result<std::optional<UserRecord>> find_by_username(std::string_view username) override;
  Result<std::vector<UserRecord>> all() override;
  Result<std::int64_t> count() override;

 private:
  Result<void> replace_roles_and_scopes(const UserRecord& user);
  Result<std::vector<UserRecord>> select(std::string_view where, std::span<const SqlValue> params);
  SqlConnection& conn_;
};

class SqlSessionRepository final : public SessionRepository {
 public:
  explicit SqlSessionRepository(SqlConnection& conn) : conn_(conn) {}
  Result<void> insert(const SessionRecord& session) override;
  Result<std::optional<SessionRecord>> find(std::string_view id_hash) override;
  Result<void> touch(std::string_view id_hash, UnixMillis last_seen, UnixMillis expires_at) override;
  Result<bool> remove(std::string_view id_hash) override;
  Result<std::int64_t> remove_for_user(std::int64_t user_id) override;
  Result<std::int64_t> purge_expired(UnixMillis now) override;

 private:
  SqlConnection& conn_;
};

class SqlTokenRepository final : public TokenRepository {
 public:
  explicit SqlTokenRepository(SqlConnection& conn) : conn_(conn) {}
  Result<std::int64_t> insert(const TokenRecord& token) override;
  Result<std::optional<TokenRecord>> find_by_hash(std::string_view token_hash) override;
  Result<std::optional<TokenRecord>> find(std::int64_t id) override;
  Result<std::vector<TokenRecord>> all() override;
  Result<bool> revoke(std::int64_t id, UnixMillis now) override;
  Result<void> touch(std::int64_t id, UnixMillis now) override;
  Result<std::int64_t> change_marker() override;

 private:
  Result<std::vector<TokenRecord>> select(std::string_view where, std::span<const SqlValue> params);
  SqlConnection& conn_;
};

class SqlLoginFailureRepository final : public LoginFailureRepository {
 public:
  explicit SqlLoginFailureRepository(SqlConnection& conn) : conn_(conn) {}
  Result<FailureWindow> since(std::string_view key, UnixMillis since) override;
  Result<void> record(std::string_view key, UnixMillis at) override;
  Result<void> clear(std::string_view key) override;
  Result<std::int64_t> purge_before(UnixMillis before) override;

 private:
  SqlConnection& conn_;
};

class SqlAuditRepository final : public AuditRepository {
 public:
  explicit SqlAuditRepository(SqlConnection& conn) : conn_(conn) {}
  Result<std::int64_t> append(const AuditRecord& record) override;
  Result<std::vector<AuditRecord>> query(const AuditQuery& query) override;
  Result<std::int64_t> delete_before(UnixMillis before_ms) override;

 private:
  SqlConnection& conn_;
};

class SqlSavedViewRepository final : public SavedViewRepository {
 public:
  explicit SqlSavedViewRepository(SqlConnection& conn) : conn_(conn) {}
  Result<std::vector<SavedViewRecord>> of_user(std::int64_t user_id) override;
  Result<bool> put(const SavedViewRecord& view) override;
  Result<bool> remove(std::int64_t user_id, std::string_view name) override;

 private:
  SqlConnection& conn_;
};

class SqlCaseRepository final : public CaseRepository {
 public:
  explicit SqlCaseRepository(SqlConnection& conn) : conn_(conn) {}
  Result<std::int64_t> next_numbers(std::string_view day, std::int64_t count) override;
  Result<void> insert(const CaseRow& row) override;
  Result<bool> update(const CaseRow& row, std::int64_t expected_version) override;
  Result<void> update_schedule(std::string_view id, const workflow::CaseSchedule& schedule) override;
  Result<void> append_event(workflow::CaseEvent& event) override;
  Result<void> append_events(std::span<const workflow::CaseEvent> events) override;
  Result<std::optional<CaseRow>> find(std::string_view id) override;
  Result<std::optional<CaseRow>> find_by_tracking_code(std::string_view code) override;
  Result<std::vector<workflow::CaseEvent>> events(std::string_view id) override;
  Result<std::vector<CaseRow>> list(const CaseQuery& query) override;
  Result<std::vector<StateCount>> count_by_state(const CaseQuery& query) override;
  Result<std::vector<GroupCount>> count_by(const CaseQuery& query, CaseGroup group, int utc_offset_minutes) override;
  Result<std::vector<CaseRow>> open_in_box(std::int64_t west, std::int64_t south, std::int64_t east, std::int64_t north,
                                           std::span<const std::string> grid_codes, std::int64_t since_ms,
                                           std::string_view category) override;
  Result<std::optional<std::string>> id_by_external_ref(std::string_view channel, std::string_view ref) override;
  Result<std::int64_t> merged_count(std::string_view id) override;
  Result<std::vector<std::string>> open_ids() override;
  Result<std::vector<workflow::CaseEvent>> histories(std::string_view after_id, std::int64_t reported_by_ms,
                                                     std::int64_t changed_since_ms, int limit) override;
  Result<std::vector<std::string>> ids_after(std::string_view after_id, int limit) override;
  Result<std::vector<workflow::CaseEvent>> ledger_events(workflow::Action action, std::int64_t from_ms,
                                                         std::int64_t to_ms, const CaseQuery& scope,
                                                         int limit) override;
  Result<std::vector<LightCrossing>> light_crossings(std::int64_t now_ms, int limit) override;
  Result<bool> record_light_notice(const LightCrossing& crossing) override;
  Result<void> set_reporter(std::string_view id, std::string_view name, std::string_view phone) override;
  Result<std::int64_t> erase_reporter_phones(std::int64_t closed_before_ms) override;
  Result<std::optional<std::pair<std::string, std::string>>> reporter(std::string_view id) override;

 private:
  // `column` is one of this class's own literals, never caller input.
  Result<std::optional<CaseRow>> find_where(std::string_view column, std::string_view value);
  SqlConnection& conn_;
};

class SqlAttachmentRepository final : public AttachmentRepository {
 public:
  explicit SqlAttachmentRepository(SqlConnection& conn) : conn_(conn) {}
  Result<void> insert(const AttachmentRecord& record) override;
  Result<std::optional<AttachmentRecord>> find(std::string_view id) override;
  Result<bool> bind(std::string_view id, std::string_view case_id, std::string_view role,
                    std::int64_t event_sequence) override;
  Result<std::vector<AttachmentRecord>> of_case(std::string_view case_id) override;

 private:
  SqlConnection& conn_;
};

class SqlProcessRepository final : public ProcessRepository {
 public:
  explicit SqlProcessRepository(SqlConnection& conn) : conn_(conn) {}
  Result<std::int64_t> next_number(std::string_view process, std::string_view period) override;
  Result<void> insert(const workflow::ProcessItem& item) override;
  Result<bool> update(const workflow::ProcessItem& item, std::int64_t expected_version) override;
  Result<void> replace(const workflow::ProcessItem& item) override;
  Result<void> append_event(const workflow::ProcessEvent& event) override;
  Result<std::optional<workflow::ProcessItem>> find(std::string_view id) override;
  Result<std::vector<workflow::ProcessEvent>> events(std::string_view id) override;
  Result<std::vector<workflow::ProcessItem>> list(const ProcessFilter& filter, const CaseQuery* scope) override;
  Result<std::vector<ProcessStateCount>> count_states(const ProcessFilter& filter, const CaseQuery* scope) override;
  Result<std::map<std::string, std::int64_t>> count_by_case(std::string_view process,
                                                            const std::vector<std::string>& case_ids) override;
  Result<std::vector<std::string>> ids_after(std::string_view process, std::string_view after_id, int limit) override;
  Result<std::vector<std::string>> orphan_ids(std::string_view process) override;

 private:
  SqlConnection& conn_;
};

class SqlWebhookRepository final : public WebhookRepository {
 public:
  explicit SqlWebhookRepository(SqlConnection& conn) : conn_(conn) {}
  Result<void> add_subscription(WebhookSubscription& subscription) override;
  Result<std::vector<WebhookSubscription>> subscriptions(bool active_only) override;
  Result<std::optional<WebhookSubscription>> find_subscription(std::int64_t id) override;
  Result<bool> set_active(std::int64_t id, bool active) override;
  Result<void> enqueue(const WebhookDelivery& delivery) override;
  Result<std::vector<DueDelivery>> due(std::int64_t now_ms, int limit) override;
  Result<void> record_attempt(const WebhookDelivery& delivery) override;
  Result<std::vector<WebhookDelivery>> deliveries(std::int64_t subscription_id, std::string_view state,
                                                  int limit) override;
  Result<DeliveryCounts> counts(std::int64_t subscription_id) override;

 private:
  SqlConnection& conn_;
};

class SqlIndexRepository final : public IndexRepository {
 public:
  explicit SqlIndexRepository(SqlConnection& conn) : conn_(conn) {}
  Result<std::vector<std::string>> defer(std::span<const std::string> tables) override;
  Result<std::vector<std::string>> restore_deferred() override;

 private:
  SqlConnection& conn_;
};

class SqlEvaluationSettingsRepository final : public EvaluationSettingsRepository {
 public:
  explicit SqlEvaluationSettingsRepository(SqlConnection& conn) : conn_(conn) {}
  Result<std::vector<EvaluationWeightRecord>> weights(std::string_view kind) override;
  Result<std::vector<EvaluationBandRecord>> bands(std::string_view kind) override;
  Result<void> replace(std::string_view kind, std::span<const EvaluationWeightRecord> weights,
                       std::span<const EvaluationBandRecord> bands) override;

 private:
  SqlConnection& conn_;
};

class SqlEvaluationTotalsRepository final : public EvaluationTotalsRepository {
 public:
  explicit SqlEvaluationTotalsRepository(SqlConnection& conn) : conn_(conn) {}
  Result<void> add(std::span<const EvaluationTotalRecord> changes) override;
  Result<std::vector<EvaluationTotalSum>> sum(std::int32_t scope, std::int32_t counter, std::int32_t from_day,
                                              std::int32_t to_day, std::int32_t at_day) override;
  Result<std::vector<EvaluationTotalRecord>> all() override;
  Result<std::int64_t> size() override;
  Result<void> clear() override;
  Result<std::string> basis() override;
  Result<std::string> basis_for_adding() override;
  Result<void> set_basis(std::string_view basis) override;

 private:
  SqlConnection& conn_;
};

class SqlGazetteerRepository final : public GazetteerRepository {
 public:
  explicit SqlGazetteerRepository(SqlConnection& conn) : conn_(conn) {}
  Result<void> upsert_roads(std::span<const RoadRecord> roads) override;
  Result<void> upsert_addresses(std::span<const AddressRecord> addresses) override;
  Result<void> clear_roads() override;
  Result<void> clear_addresses() override;
  Result<std::vector<RoadRecord>> roads() override;
  Result<std::vector<AddressRecord>> addresses() override;
  Result<std::int64_t> road_count() override;
  Result<std::int64_t> address_count() override;
  Result<std::int64_t> change_marker() override;

 private:
  SqlConnection& conn_;
};

// The change markers of migration 0020: raised in the transaction of every write to their tables.
inline constexpr std::string_view kRoutingMarker = "routing";      // responsibility_rules, org_units
inline constexpr std::string_view kAccountsMarker = "accounts";    // api_tokens, users
inline constexpr std::string_view kGazetteerMarker = "gazetteer";  // roads, address_points (0022)
Result<void> raise_change_marker(SqlConnection& conn, std::string_view name);
Result<std::int64_t> read_change_marker(SqlConnection& conn, std::string_view name);

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
        calendar_(conn),
        users_(conn),
        sessions_(conn),
        tokens_(conn),
        login_failures_(conn),
        audit_(conn),
        saved_views_(conn),
        cases_(conn),
        attachments_(conn),
        webhooks_(conn),
        processes_(conn),
        gazetteer_(conn),
        indexes_(conn),
        evaluation_settings_(conn),
        evaluation_totals_(conn) {}
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
  UserRepository& users() override { return users_; }
  SessionRepository& sessions() override { return sessions_; }
  TokenRepository& tokens() override { return tokens_; }
  LoginFailureRepository& login_failures() override { return login_failures_; }
  AuditRepository& audit() override { return audit_; }
  SavedViewRepository& saved_views() override { return saved_views_; }
  CaseRepository& cases() override { return cases_; }
  AttachmentRepository& attachments() override { return attachments_; }
  WebhookRepository& webhooks() override { return webhooks_; }
  ProcessRepository& processes() override { return processes_; }
  GazetteerRepository& gazetteer() override { return gazetteer_; }
  IndexRepository& indexes() override { return indexes_; }
  EvaluationSettingsRepository& evaluation_settings() override { return evaluation_settings_; }
  EvaluationTotalsRepository& evaluation_totals() override { return evaluation_totals_; }

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
  SqlUserRepository users_;
  SqlSessionRepository sessions_;
  SqlTokenRepository tokens_;
  SqlLoginFailureRepository login_failures_;
  SqlAuditRepository audit_;
  SqlSavedViewRepository saved_views_;
  SqlCaseRepository cases_;
  SqlAttachmentRepository attachments_;
  SqlWebhookRepository webhooks_;
  SqlProcessRepository processes_;
  SqlGazetteerRepository gazetteer_;
  SqlIndexRepository indexes_;
  SqlEvaluationSettingsRepository evaluation_settings_;
  SqlEvaluationTotalsRepository evaluation_totals_;
};

// Runs `work` between BEGIN and COMMIT on `conn`, rolling back on error or exception.
Result<void> run_sql_transaction(SqlConnection& conn, std::string_view begin_statement,
                                 const std::function<Result<void>(Transaction&)>& work);

}  // namespace ug::storage
