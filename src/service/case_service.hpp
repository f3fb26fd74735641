// The case lifecycle as a use case (DOMAIN.md §4–6), in parts: case_intake.cpp, case_actions.cpp,
// case_queries.cpp, case_maintenance.cpp over case_service.cpp's shared half. Intake from every channel (place → grid
// and divisions, routing suggestion, duplicate suggestions, case number, tracking code), actions checked by the
// workflow table and recorded as events, the case row kept as their projection with its deadlines under the work
// calendar, queues within the caller's scope, ledgers, and rebuilding rows from events. Every write is one transaction:
// the event, the row and (with an Idempotency-Key) the stored answer commit together or not at all.
#pragma once

#include <array>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "access/principal.hpp"
#include "calendar/limit_clock.hpp"
#include "core/clock.hpp"
#include "geo/geometry.hpp"
#include "service/calendar_service.hpp"
#include "service/case_feed.hpp"
#include "service/evaluation_totals.hpp"
#include "service/gazetteer_service.hpp"
#include "service/grid_service.hpp"
#include "service/routing_service.hpp"
#include "storage/database.hpp"
#include "workflow/case_record.hpp"

namespace ug::service {

struct CaseSettings {
  // Stage limits by workflow::Stage (DOMAIN.md §5 defaults; handling comes from the rules).
  std::map<workflow::Stage, calendar::TimeLimit> stage_limits = {
      {workflow::Stage::accept, {10, calendar::Unit::natural_minutes}},
      {workflow::Stage::verify, {60, calendar::Unit::natural_minutes}},
      {workflow::Stage::register_, {30, calendar::Unit::natural_minutes}},
      {workflow::Stage::dispatch, {30, calendar::Unit::natural_minutes}},
      {workflow::Stage::sign, {30, calendar::Unit::natural_minutes}},
      {workflow::Stage::check, {120, calendar::Unit::natural_minutes}},
      {workflow::Stage::close, {30, calendar::Unit::natural_minutes}},
  };
  bool rework_restarts_handling = true;    // check_fail starts a fresh handling limit
  workflow::ExtraRequired extra_required;  // fields the city requires beyond the workflow table's
  double duplicate_radius_m = 50;
  std::map<std::string, double> duplicate_radius_by_category;  // matter code → metres
  int duplicate_window_hours = 72;
  std::size_t attachments_per_action = 9;                 // photos one report or action may carry
  int utc_offset_minutes = 480;                           // case numbers use the local date
  std::function<std::int64_t()> clock = now_unix_millis;  // the time of events (tests set their own)
};

// The check and close limits that make a case's overall deadline (evaluation).
evaluation::AfterHandlingLimits after_handling_limits(const CaseSettings& settings);

// What a reporter sends. The channel is not here: it comes from the caller (DOMAIN.md §1).
// The most bytes the texts of a report or an action may hold. Intake and the actions enforce them
// for every caller; the HTTP shapes publish them and refuse an oversize field before it gets here.
struct TextLimits {
  static constexpr std::size_t text = 4000;  // description, comment, reason
  static constexpr std::size_t address = 500;
  static constexpr std::size_t name = 100;  // reporter_name
  static constexpr std::size_t external_ref = 100;
  static constexpr std::size_t phone = 20;
};

struct IntakeRequest {
  std::string description;
  std::string category;      // matter code, optional at intake
  std::string component_id;  // optional; its location places a report without a point
  std::string urgency = "normal";
  std::optional<geo::LonLat> point;
  std::string address;
  std::string reporter_name, reporter_phone;
  std::string external_ref;   // the sender's own id (12345 ticket number …); unique per channel
  bool self_handled = false;  // a supervisor fixed it on the spot (自处理): comment and photos required
  std::string comment;
  std::vector<std::string> attachments;
};

// The fields an action may carry; which are required is the workflow table's business.
struct ActionRequest {
  std::int64_t version = 0;  // the version the caller saw; a stale one answers 409
  std::string comment, reason, category, urgency, department, extension, merge_target, satisfaction;
  std::vector<std::string> attachments;
  std::optional<geo::LonLat> point;  // place
};

struct DuplicateCandidate {
  std::string id;
  std::string state;
  std::string category_code;
  std::string description;
  double distance_m = 0;
  std::int64_t created_at_ms = 0;
};

// A case as the caller may see it.
struct CaseView {
  storage::CaseRow row;
  std::vector<workflow::CaseEvent> events;                 // the timeline (filled by get)
  std::optional<calendar::ClockReading> stage_reading;     // the current stage's clock now
  std::optional<calendar::ClockReading> handling_reading;  // the handling clock now, while it runs
  std::vector<workflow::Action> allowed_actions;           // for this caller, now
  std::vector<workflow::ActionFields> action_fields;       // each allowed action's form
  access::ReporterContact reporter;                        // masked unless the caller may see it
  std::int64_t merged_reports = 0;                         // reports merged into this case
  std::int64_t supervision_notices = 0;                    // 督办 notices issued on it (get, list)
  std::optional<RoutingSuggestion> routing;                // intake and pending dispatch
  std::vector<DuplicateCandidate> duplicates;              // intake
  std::vector<storage::AttachmentRecord> attachments;      // photos, in the order events added them
  std::string place;  // what the gazetteer calls its point: 育才路12号, 育才路附近, or "" (issue 22)
};

// The public's view (no account): progress without personal data or staff names.
struct PublicCaseView {
  std::string tracking_code;
  std::string state;
  std::string category_code;
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
  std::vector<std::pair<std::string, std::int64_t>> steps;  // action, at_ms; no names, no comments
  bool can_rate = false;
  std::string satisfaction;
  std::vector<std::pair<std::string, std::string>> attachments;  // id, role (before | after)
};

// An Idempotency-Key: the first answer is stored with the change and replayed for the same key.
struct IdempotentRequest {
  std::string scope;        // who: "user:12", "token:3", "public:<address>"
  std::string key;          // the header's value
  std::string fingerprint;  // what was asked; the same key for another request is refused
  int status = 200;
  std::function<std::string(const CaseView&)> render;  // the body to store
};

struct CaseOutcome {
  std::optional<CaseView> view;                      // a fresh change
  std::optional<storage::IdempotencyRecord> replay;  // the stored first answer to the same key
};

struct Ledger {
  std::vector<workflow::CaseEvent> entries;  // newest first
};

struct RebuildReport {
  std::int64_t cases = 0;
  std::vector<std::string> differences;  // "<case>: <what differs>"
  std::int64_t repaired = 0;
};

// validation_failed (field.too_long, naming the field) for a text over `max_bytes`.
Result<void> check_text_size(std::string_view field, const std::string& text, std::size_t max_bytes = TextLimits::text);

// YYYYMMDD of an instant in local time: the day part of a case number.
std::string local_day(std::int64_t at_ms, int utc_offset_minutes);

// The payload keys of a place (lon, lat, and the grid and divisions when the point lies in a grid),
// as the intake and `place` record them.
void append_place_payload(std::vector<std::pair<std::string, std::string>>& payload, geo::LonLat point,
                          const std::optional<GridPlace>& place);

class CaseService {
 public:
  CaseService(storage::Database& db, GridService& grids, RoutingService& routing, CalendarService& calendar,
              CaseSettings settings)
      : db_(db),
        grids_(grids),
        routing_(routing),
        calendar_(calendar),
        settings_(std::move(settings)),
        totals_(calendar, after_handling_limits(settings_)) {}

  const CaseSettings& settings() const { return settings_; }
  // Where committed changes are announced live (optional; not durable).
  void set_feed(CaseFeed* feed) { feed_ = feed; }
  // Names every case's point by its nearest address (CaseView::place); none: places stay unnamed.
  void set_gazetteer(const GazetteerService* gazetteer) { gazetteer_ = gazetteer; }
  // Whether the caller may see the case: their own report, or within their regions and departments.
  bool may_see(const access::Principal& caller, const workflow::CaseProjection& p) const { return visible(caller, p); }

  // The caller's filter (also the scope of the process ledgers) with what they may see (regions, departments, their own
  // reports, the search's reach, their queue) and now.
  storage::CaseQuery scoped(const access::Principal& caller, storage::CaseFilter filter) const;

  // The channel a caller's reports carry: an integration token's own, else by role.
  static std::string channel_of(const access::Principal& caller);

  // A new case. 422 for invalid fields (naming the field), unknown categories or components, an
  // empty place; 409 for an external reference this channel already sent (details: case).
  Result<CaseOutcome> intake(const access::Principal& caller, const IntakeRequest& request,
                             const IdempotentRequest* idempotency = nullptr);
  // An action on a case: 404 outside the caller's scope, 409 for a stale version or an action the
  // state does not allow (details: state, version, allowed_actions), 403 without the permission,
  // 422 for missing or invalid fields.
  Result<CaseOutcome> act(const access::Principal& caller, const std::string& id, workflow::Action action,
                          const ActionRequest& request, const IdempotentRequest* idempotency = nullptr);

  Result<CaseView> get(const access::Principal& caller, const std::string& id);
  Result<std::vector<workflow::CaseEvent>> events(const access::Principal& caller, const std::string& id);
  // A queue: the query's filters within the caller's scope.
  Result<std::vector<CaseView>> list(const access::Principal& caller, storage::CaseFilter filter);
  Result<std::vector<storage::StateCount>> counts(const access::Principal& caller, storage::CaseFilter filter);
  // Cases per group (grid, channel, reported day …) under the query's filters within the caller's
  // scope, closed ones too unless the query asks for open or closed: the dashboard's figures.
  Result<std::vector<storage::GroupCount>> counts_by(const access::Principal& caller, storage::CaseFilter filter,
                                                     storage::CaseGroup group);
  // Open cases near a point within the duplicate window: the category's radius, or the default
  // radius and any category when none is given; cases not yet categorised match every category.
  Result<std::vector<DuplicateCandidate>> duplicates(const access::Principal& caller, geo::LonLat point,
                                                     const std::string& category);
  // reopen (the redo ledger) or callback events within the caller's scope, in
  // [from_ms, to_ms): by default the last 30 days up to now.
  Result<Ledger> ledger(const access::Principal& caller, workflow::Action action, std::optional<std::int64_t> from_ms,
                        std::optional<std::int64_t> to_ms, int limit);

  // The public channel: no account, a tracking code instead of a case number.
  Result<PublicCaseView> public_view(const std::string& tracking_code);
  Result<PublicCaseView> public_rate(const std::string& tracking_code, const std::string& satisfaction,
                                     const std::string& comment, const std::string& address);
  static access::Principal public_reporter(const std::string& address);
  // A case's status as the public sees it, for its reporter (a supervisor's report in another
  // street, a citizen account's report) or anyone with it in scope; 404 for everyone else.
  Result<PublicCaseView> report_status(const access::Principal& caller, const std::string& id);
  // The case a tracking code names; 404 when none does.
  Result<std::string> id_by_tracking_code(const std::string& tracking_code);
  // Whether the caller may see the case (false as well when there is no such case).
  Result<bool> can_see(const access::Principal& caller, const std::string& id);
  // What the public sees of a case and its events: state changes and ratings, no names or text.
  static PublicCaseView public_view_of(const workflow::CaseProjection& projection,
                                       const std::vector<workflow::CaseEvent>& events);

  // Recomputes the stored deadlines of every open case under the calendar in force (a year was
  // imported, settling provisional deadlines, or a local override moved a workday); returns how
  // many changed. The deadlines recorded in the events stay as they were computed.
  Result<std::int64_t> recompute_open_schedules();
  // Folds every case's events again and compares with its row (and the schedule under the calendar
  // in force); with `repair`, writes the recomputed row.
  Result<RebuildReport> rebuild(bool repair);

  // The stage limit and deadline an event entering `to` at `at_ms` records (none for stages without
  // a limit); also used by the history simulator so its events read like real ones.
  std::vector<std::pair<std::string, std::string>> stage_payload(workflow::State to, std::int64_t at_ms) const;
  // The row of a projection with its schedule under the calendar in force.
  Result<storage::CaseRow> finish_row(const workflow::CaseProjection& projection) const;

 private:
  CaseView view_of(const access::Principal& caller, storage::CaseRow row, std::int64_t now_ms) const;
  // In the caller's scope: what they may read in full and act on. Reporting a case does not put it
  // there; its reporter reads its status through own_report.
  bool visible(const access::Principal& caller, const workflow::CaseProjection& p) const;
  static bool reported_by(const access::Principal& caller, const workflow::CaseProjection& p);
  // Records a search by a reporter's phone number in the audit log.
  Result<void> audit_contact_search(const access::Principal& caller, const storage::CaseQuery& query);
  Result<std::vector<DuplicateCandidate>> duplicates_in(storage::Transaction& tx, const access::Principal& caller,
                                                        geo::LonLat point, const std::string& category) const;
  Result<void> fill_attachments(storage::Transaction& tx, CaseView& view) const;
  // The intake event of a new case (case_intake.cpp).
  workflow::CaseEvent intake_event(const access::Principal& caller, const IntakeRequest& request,
                                   const workflow::Transition& row, std::string id, const std::string& description,
                                   const std::string& channel, std::int64_t at_ms,
                                   const std::optional<geo::LonLat>& point,
                                   const std::optional<GridPlace>& place) const;
  Result<CaseOutcome> commit(const IdempotentRequest* idempotency,
                             const std::function<Result<CaseView>(storage::Transaction&)>& change);
  // `scoped`: the case must be visible to the caller (false only for the public's rating, which
  // proves itself by the tracking code).
  Result<CaseOutcome> act_as(const access::Principal& caller, const std::string& id, workflow::Action action,
                             const ActionRequest& request, const IdempotentRequest* idempotency, bool scoped);

  storage::Database& db_;
  GridService& grids_;
  RoutingService& routing_;
  CalendarService& calendar_;
  CaseSettings settings_;
  EvaluationTotals totals_;  // evaluation's running totals, kept in each event's transaction
  CaseFeed* feed_ = nullptr;
  const GazetteerService* gazetteer_ = nullptr;
};

}  // namespace ug::service
