// What the case services may ask of storage: case rows (the projection of a case's events plus its
// schedule under the calendar in force), the append-only event log, reporters' contacts, the daily
// case-number counter, and the queries behind queues, duplicate checks and ledgers.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "workflow/case_record.hpp"

namespace ug::storage {

struct CaseRow {
  workflow::CaseProjection projection;
  workflow::CaseSchedule schedule;
  bool operator==(const CaseRow&) const = default;
};

enum class CaseSort { number, updated, due };  // number: newest case first; due: soonest deadline first

// A row's place in a keyset-paged list under `sort`: what CaseFilter::after takes to go on after it.
inline std::pair<std::int64_t, std::string> sort_key(const CaseRow& row, CaseSort sort) {
  switch (sort) {
    case CaseSort::updated:
      return {row.projection.updated_at_ms, row.projection.id};
    case CaseSort::due:
      return {row.schedule.due_at_ms.value_or(0), row.projection.id};
    case CaseSort::number:
      break;
  }
  return {0, row.projection.id};
}

// What a caller asks of a queue: filters, a search, "my queue", the order and the page. Every list
// is "any of"; empty means no filter. The HTTP layer fills it from the query string; it cannot say
// what the caller may see, which is the service's CaseScope.
struct CaseFilter {
  std::vector<std::string> states;
  std::vector<std::string> stages;
  std::vector<std::string> channels;
  std::vector<std::string> categories;   // 5-digit codes, or 2-digit major classes
  std::vector<std::string> departments;  // org unit ids
  std::vector<std::string> urgencies;    // normal | urgent | critical
  std::vector<std::string> regions;      // grid / community / street / district code prefixes
  std::optional<std::string> light;      // green | yellow | red, as of the scope's now_ms
  bool overdue = false;                  // the current stage's deadline has passed
  bool supervised = false;               // at least one 督办 notice (the supervision process)
  bool unplaced = false;                 // an address without a point, waiting to be placed
  std::optional<bool> open;              // true: not terminal; false: terminal
  std::optional<std::int64_t> created_from_ms, created_to_ms, updated_from_ms, updated_to_ms;  // [from, to)
  // Words in the description or the address, or a number or code (CaseScope says which, and whether
  // contacts are searched too).
  std::string text;
  bool queue = false;  // "my queue": work waiting for the caller (CaseScope says which states)

  CaseSort sort = CaseSort::number;
  std::optional<std::pair<std::int64_t, std::string>> after;  // keyset: the last row's sort key and id
  int limit = 50;
};

// What the case service imposes on a caller's filter; only it fills this.
struct CaseScope {
  // Region prefixes ("*" everywhere), departments (empty: any), and the reporter who always sees
  // their own cases.
  std::vector<std::string> regions;
  std::vector<std::string> departments;
  std::optional<std::int64_t> reporter_user_id;
  bool unplaced = false;  // also cases not on any grid yet (the centre's, whatever its regions)
  // The search text as a code: the case number, and with text_in_contacts also the tracking code,
  // the external reference and the reporter's phone in full or its last four digits — indexed
  // lookups only, never a scan.
  bool text_as_code = false;
  bool text_in_contacts = false;
  // "My queue": cases in one of these states, or with one of these requests waiting (Pending bits).
  std::vector<std::string> queue_states;
  std::uint8_t queue_pending = 0;
  std::int64_t now_ms = 0;
};

struct CaseQuery {
  CaseFilter filter;
  CaseScope scope;
};

// Whether a search text is a number or code (letters, digits, "-", "+", "_"; a phone number may also
// hold spaces) rather than words.
inline bool is_search_code(std::string_view text) {
  if (text.empty()) return false;
  const bool spaced_number = text.find_first_not_of("0123456789 +-") == std::string_view::npos &&
                             text.find_first_of("0123456789") != std::string_view::npos;
  if (spaced_number) return true;
  for (const char c : text) {
    const bool ok =
        (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' || c == '+' || c == '_';
    if (!ok) return false;
  }
  return true;
}

// The digits of a search text that is a phone number — only digits, spaces, "+" and "-", with 4
// digits (the last four) or 7 to 13 (a full number, with or without the country code 86) — or "".
// A 14-digit text is a case number.
inline std::string phone_search_digits(std::string_view text) {
  if (text.find_first_not_of("0123456789 +-") != std::string_view::npos) return {};
  std::string digits;
  for (const char c : text) {
    if (c >= '0' && c <= '9') digits.push_back(c);
  }
  return digits.size() == 4 || (digits.size() >= 7 && digits.size() <= 13) ? digits : std::string();
}

struct StateCount {
  std::string state;
  std::int64_t count = 0;
};

// What grouped counts are counted by: a column of the case, or the local day it was reported.
enum class CaseGroup { state, grid, street, district, channel, category, department, created_day };

// A group's key (for created_day the local date, YYYY-MM-DD) and how many cases it holds.
struct GroupCount {
  std::string key;
  std::int64_t count = 0;
};

// A deadline's light turned: the case's current stage, the deadline crossed and when it turned.
struct LightCrossing {
  std::string case_id;
  std::string stage;
  std::int64_t due_at_ms = 0;
  std::string light;  // yellow | red
  std::int64_t at_ms = 0;
  bool operator==(const LightCrossing&) const = default;
};

class CaseRepository {
 public:
  virtual ~CaseRepository() = default;
  // Reserves `count` consecutive numbers of the day's sequence (1, 2, …) and returns the first;
  // `day` is YYYYMMDD.
  virtual Result<std::int64_t> next_numbers(std::string_view day, std::int64_t count = 1) = 0;
  // ErrorCode::conflict when the id or the tracking code exists.
  virtual Result<void> insert(const CaseRow& row) = 0;
  // Replaces the row when its stored version is `expected_version`; false when it is not (another
  // writer got there first).
  virtual Result<bool> update(const CaseRow& row, std::int64_t expected_version) = 0;
  // Rewrites only the schedule (a calendar change); the projection stays as it is.
  virtual Result<void> update_schedule(std::string_view id, const workflow::CaseSchedule& schedule) = 0;
  // ErrorCode::conflict when the case already has an event with this sequence. Sets event.log_id.
  virtual Result<void> append_event(workflow::CaseEvent& event) = 0;
  // Many events at once (bulk loads): several rows a statement; their log ids are not read back.
  virtual Result<void> append_events(std::span<const workflow::CaseEvent> events) = 0;
  virtual Result<std::optional<CaseRow>> find(std::string_view id) = 0;
  virtual Result<std::optional<CaseRow>> find_by_tracking_code(std::string_view code) = 0;
  virtual Result<std::vector<workflow::CaseEvent>> events(std::string_view id) = 0;  // by sequence
  virtual Result<std::vector<CaseRow>> list(const CaseQuery& query) = 0;
  // Open cases per state under the query's filters (sort, keyset and limit ignored).
  virtual Result<std::vector<StateCount>> count_by_state(const CaseQuery& query) = 0;
  // Cases under the query's filters (open and closed alike unless `open` says) per group, in key
  // order; `utc_offset_minutes` places created_day's midnights.
  virtual Result<std::vector<GroupCount>> count_by(const CaseQuery& query, CaseGroup group, int utc_offset_minutes) = 0;
  // Open cases whose point lies in the box (nanodegrees), created at or after `since_ms`, of the
  // category when one is given (or not yet categorised), the newest 200. `grid_codes` are the unit grids the box meets
  // ("" for points outside every grid): the index the lookup reads is led by the grid.
  virtual Result<std::vector<CaseRow>> open_in_box(std::int64_t west, std::int64_t south, std::int64_t east,
                                                   std::int64_t north, std::span<const std::string> grid_codes,
                                                   std::int64_t since_ms, std::string_view category) = 0;
  // The case a channel already sent under its own reference, if any.
  virtual Result<std::optional<std::string>> id_by_external_ref(std::string_view channel, std::string_view ref) = 0;
  // Reports merged into the case.
  virtual Result<std::int64_t> merged_count(std::string_view id) = 0;
  // Every open case (to recompute deadlines when the calendar changes).
  virtual Result<std::vector<std::string>> open_ids() = 0;
  // Evaluation's read: every event of the next `limit` cases after `after_id` ("" from the start)
  // in id order that were reported at or before `reported_by_ms` and last changed at or after
  // `changed_since_ms`, case by case in sequence order.
  virtual Result<std::vector<workflow::CaseEvent>> histories(std::string_view after_id, std::int64_t reported_by_ms,
                                                             std::int64_t changed_since_ms, int limit) = 0;
  // Case ids in order after `after_id` ("" from the start), at most `limit` (for rebuilds).
  virtual Result<std::vector<std::string>> ids_after(std::string_view after_id, int limit) = 0;
  // The ledger entries of one action (reopen or callback; any other is refused) in
  // [from_ms, to_ms), newest first, cases limited like a queue query's scope.
  virtual Result<std::vector<workflow::CaseEvent>> ledger_events(workflow::Action action, std::int64_t from_ms,
                                                                 std::int64_t to_ms, const CaseQuery& scope,
                                                                 int limit) = 0;

  // Open cases whose current deadline turned yellow or red at or before `now_ms` without a recorded
  // notice (red only, when both turned since the last scan), earliest first.
  virtual Result<std::vector<LightCrossing>> light_crossings(std::int64_t now_ms, int limit) = 0;
  // False when this crossing was already recorded (another scanner got there first).
  virtual Result<bool> record_light_notice(const LightCrossing& crossing) = 0;

  virtual Result<void> set_reporter(std::string_view id, std::string_view name, std::string_view phone) = 0;
  // Erases (to "") the phone numbers of reporters whose case closed before `closed_before_ms` and
  // was not reopened since (retention); returns how many were erased.
  virtual Result<std::int64_t> erase_reporter_phones(std::int64_t closed_before_ms) = 0;
  // {name, phone}; nullopt when none was given.
  virtual Result<std::optional<std::pair<std::string, std::string>>> reporter(std::string_view id) = 0;
};

}  // namespace ug::storage
