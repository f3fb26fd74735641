// One case as evaluation sees it at an instant T (DOMAIN.md §7, "Terms"): registered, dispatched to
// whom, handled when, closed when, and the deadlines in force at T — everything the indicators
// count, folded from the case's events up to T under the work calendar. Pure: no storage, no clock,
// so the same events give the same figures whenever they are recomputed.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "calendar/time_limit.hpp"
#include "calendar/work_calendar.hpp"
#include "core/result.hpp"
#include "workflow/case_record.hpp"

namespace ug::evaluation {

// The limits of the two stages after handling; the overall deadline adds them to the handling
// deadline (defaults of DOMAIN.md §5; a deployment passes its configured ones).
struct AfterHandlingLimits {
  calendar::TimeLimit check{120, calendar::Unit::natural_minutes};
  calendar::TimeLimit close{30, calendar::Unit::natural_minutes};
};

struct CaseAt {
  std::string id;
  std::string channel;
  std::string category_code;
  std::string grid_code, community_code, street_code, district_code;
  std::int64_t reported_at_ms = 0;
  std::string reporter;     // who made the report (the intake event's actor)
  std::string merged_into;  // the case this report was merged into by T ("" none)
  // Merged into a supervisor's report made before it: the patrol had found the problem first. Set by
  // link_merges, which sees the target.
  bool patrol_found_first = false;
  // The register action, or the report itself for a self-handled report (自处理: found and fixed by
  // the supervisor on the spot, it is a case of the centre without passing through registration).
  std::optional<std::int64_t> registered_at_ms;
  std::optional<std::int64_t> closed_at_ms;  // closed (结案) by T and not reopened by T
  bool open = false;                         // not in a terminal state at T
  // The department of the last dispatch at or before T ("" when never dispatched, or returned since).
  std::string department;
  std::optional<std::int64_t> dispatched_at_ms;
  std::vector<std::string> returned_by;  // departments whose return was approved by T, in order
  // The last finish at or before T that no check_fail at or before T followed.
  std::optional<std::int64_t> handled_at_ms;
  // The handling deadline in force at T: when it was handled, the one the finish met; otherwise the
  // running clock's. None before the first dispatch or while suspended (the clock is paused).
  std::optional<std::int64_t> handling_due_ms;
  // Handling deadline + the check limit + the close limit, each added under the calendar.
  std::optional<std::int64_t> overall_due_ms;
  std::int64_t rework_count = 0;               // check_fail by T
  std::optional<std::int64_t> verified_at_ms;  // verify_ok by T (public reports found true on site)
  struct Callback {
    std::int64_t at_ms = 0;
    std::string satisfaction;  // 满意, 基本满意 or 不满意
    bool operator==(const Callback&) const = default;
  };
  std::vector<Callback> callbacks;  // by T, in order
  bool provisional = false;         // a deadline rests on a year whose national calendar is not loaded

  // Who did what, for the people's indicators: every person is scored by the events they recorded,
  // in the role they acted in (the event's role).
  std::string reporter_role;  // the role the reporter acted in ("" for a channel without an account)
  std::string registered_by;  // the register action's actor ("" for a self-handled report)
  bool voided = false;        // void (作废) at T
  struct Dispatch {
    std::int64_t at_ms = 0;
    std::string actor;
    std::string department;
    std::optional<std::int64_t> returned_at_ms;  // a return of this dispatch was approved then, by T (回退)
    bool returned() const { return returned_at_ms.has_value(); }
    bool operator==(const Dispatch&) const = default;
  };
  std::vector<Dispatch> dispatches;  // by T, in order
  // One stay in a stage with a limit (accept, verify, register, dispatch, sign, check, close): when
  // the case entered it, its deadline under the calendar, and the event that ended it by T.
  struct StageTask {
    workflow::Stage stage = workflow::Stage::none;
    std::int64_t started_at_ms = 0;
    std::int64_t due_at_ms = 0;
    std::optional<std::int64_t> done_at_ms;
    std::string department;        // the case's department when the stage began (a sign stage: the one to sign)
    std::string done_by, done_as;  // actor and role of the ending event
    workflow::Action done_with = workflow::Action::report;
    bool on_time() const { return done_at_ms && *done_at_ms <= due_at_ms; }
    bool operator==(const StageTask&) const = default;
  };
  std::vector<StageTask> stage_tasks;  // in order; the last may still run at T
};

// The fold behind case_at, one event at a time, for whoever needs the case at each of its events
// (the running totals): case_now() is the case as the events added so far left it.
class CaseFold {
 public:
  CaseFold(const calendar::WorkCalendar& calendar, const AfterHandlingLimits& limits)
      : calendar_(calendar), limits_(limits) {}
  // validation_failed for an event that does not follow.
  Result<void> add(const workflow::CaseEvent& event);
  // not_found before the first event.
  Result<CaseAt> case_now() const;

 private:
  const calendar::WorkCalendar& calendar_;
  AfterHandlingLimits limits_;
  CaseAt folded_;  // what the events set as they came; case_now() adds what the projection says
  std::optional<workflow::CaseProjection> now_;
  std::optional<workflow::CaseProjection> before_finish_;  // the case as the counted finish found it
  std::string reporter_, reporter_role_;
};

// `events` in sequence order (a whole history; those after `at_ms` are ignored). not_found when the
// case was not yet reported at `at_ms`; validation_failed for a history that does not fold.
Result<CaseAt> case_at(std::span<const workflow::CaseEvent> events, std::int64_t at_ms,
                       const calendar::WorkCalendar& calendar, const AfterHandlingLimits& limits = {});

// Sets patrol_found_first on the reports merged into an earlier supervisor report, the targets'
// reports found by `report_of` (nullptr: unknown).
struct ReportOf {
  std::string channel;
  std::int64_t reported_at_ms = 0;
};
void link_merges(std::span<CaseAt> cases, const std::function<const ReportOf*(const std::string& id)>& report_of);

}  // namespace ug::evaluation
