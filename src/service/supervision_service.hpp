// The 督办 process as a use case (DOMAIN.md §9, workflow/supervision.hpp): notices issued on the
// cases a caller may see, replied by the supervised unit, withdrawn by the issuer's side, escalated
// by the server's sweep when late; the ledger with states, lights and counts. Every change is one
// transaction: the event, the item row (the fold of its events) and, for an escalation, the next
// notice commit together.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "access/principal.hpp"
#include "calendar/limit_clock.hpp"
#include "core/clock.hpp"
#include "service/calendar_service.hpp"
#include "service/case_service.hpp"
#include "storage/database.hpp"
#include "workflow/supervision.hpp"

namespace ug::service {

struct SupervisionSettings {
  calendar::TimeLimit reply_limit{1, calendar::Unit::working_days};  // DOMAIN.md §9 default
  calendar::LightThresholds thresholds;
  int utc_offset_minutes = 480;  // notice numbers count per local year
  std::function<std::int64_t()> clock = now_unix_millis;
};

struct NoticeRequest {
  std::string case_id;
  std::string level;        // code or zh word; "" 一般
  std::string comment;      // what is asked
  std::string reply_limit;  // "" the configured one; else working time, e.g. "4 working_hours"
};

struct NoticeActionRequest {
  std::int64_t version = 0;  // the version the caller saw; a stale one answers 409
  std::string reply, reason;
};

struct NoticeFilter {
  std::vector<std::string> states;
  std::vector<std::string> levels;
  std::string case_id;
  std::optional<bool> open;
  bool overdue = false;  // open and past the deadline
  int limit = 200;
};

struct NoticeView {
  workflow::ProcessItem item;
  std::string case_state;                             // the case's state now
  std::vector<workflow::ProcessEvent> events;         // the timeline (get only)
  std::vector<workflow::ProcessForm> forms;           // the caller's allowed actions now
  std::optional<calendar::ClockReading> reply_clock;  // open notices: the reply deadline's clock now
  bool late = false;                                  // not answered by its deadline (督办超期)
};

struct NoticeLedger {
  std::vector<NoticeView> notices;                 // newest first
  std::vector<storage::ProcessStateCount> counts;  // by state, under the same filter (states aside)
};

class SupervisionService {
 public:
  SupervisionService(storage::Database& db, CalendarService& calendar, CaseService& cases, SupervisionSettings settings)
      : db_(db), calendar_(calendar), cases_(cases), settings_(std::move(settings)) {}

  const SupervisionSettings& settings() const { return settings_; }

  // 404 for a case outside the caller's scope, 403 without case.supervise, 409 on a closed case,
  // 422 for a missing comment, an unknown level or a reply limit that is not working time.
  Result<NoticeView> issue(const access::Principal& caller, const NoticeRequest& request);
  // reply or withdraw: 404 outside the caller's scope, 403 without the permission or (reply) for
  // another unit, 409 for a stale version or an action the state does not allow.
  Result<NoticeView> act(const access::Principal& caller, const std::string& id, std::string_view action,
                         const NoticeActionRequest& request);
  Result<NoticeView> get(const access::Principal& caller, const std::string& id);
  Result<NoticeLedger> ledger(const access::Principal& caller, const NoticeFilter& filter);
  // Escalates every notice still waiting past its deadline as of now; returns how many.
  Result<int> escalate_due();

  // The same steps inside a transaction at a given instant, for the history simulator (which
  // writes the past) and for the use cases above: `case_row` is the case as it stands then.
  Result<workflow::ProcessItem> issue_in(storage::Transaction& tx, const access::Principal& caller,
                                         const workflow::CaseProjection& case_row, const NoticeRequest& request,
                                         std::int64_t at_ms);
  Result<workflow::ProcessItem> act_in(storage::Transaction& tx, const access::Principal& caller,
                                       const workflow::ProcessItem& before, const workflow::CaseProjection& case_row,
                                       std::string_view action, const NoticeActionRequest& request, std::int64_t at_ms);
  // The next notice when one was issued (the case still open), nullopt otherwise.
  Result<std::optional<workflow::ProcessItem>> escalate_in(storage::Transaction& tx,
                                                           const workflow::ProcessItem& before,
                                                           const workflow::CaseProjection& case_row,
                                                           std::int64_t at_ms);

 private:
  Result<std::vector<NoticeView>> views(storage::Transaction& tx, const access::Principal& caller,
                                        std::vector<workflow::ProcessItem> items, std::int64_t now_ms) const;
  NoticeView view_of(const access::Principal& caller, workflow::ProcessItem item,
                     const workflow::CaseProjection* case_row, std::int64_t now_ms) const;
  Result<std::string> next_id(storage::Transaction& tx, std::int64_t at_ms) const;
  static workflow::ProcessEvent next_event(const workflow::ProcessItem& before, const workflow::ProcessRow& row,
                                           std::string actor, std::string role, std::int64_t at_ms);
  // Folds `event` onto `before`, stores the row (versioned) and the event.
  static Result<workflow::ProcessItem> record(storage::Transaction& tx, const workflow::ProcessItem& before,
                                              const workflow::ProcessEvent& event);
  // The notice issued on `case_row` (by a caller, or by the sweep with `escalated_from`).
  Result<workflow::ProcessItem> open_notice(storage::Transaction& tx, const workflow::ProcessRow& row,
                                            const workflow::CaseProjection& case_row, workflow::ProcessEvent event,
                                            const workflow::supervision::Level& level, calendar::TimeLimit limit);

  storage::Database& db_;
  CalendarService& calendar_;
  CaseService& cases_;
  SupervisionSettings settings_;
};

// Whether `caller` answers for `unit` (the department of a case's last dispatch, or "" for the
// centre, whose shift leader replies).
bool answers_for(const access::Principal& caller, std::string_view unit);

}  // namespace ug::service
