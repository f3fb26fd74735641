// Portable SQL implementation of the case repository: rows, the event log (payload as a JSON object
// of text fields), reporters, case numbers, and the queue query built from CaseQuery with bound
// parameters only.
#include <fmt/format.h>

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/text.hpp"
#include "storage/dialect.hpp"
#include "storage/record_columns.hpp"
#include "storage/sql_case_scope.hpp"
#include "storage/sql_repositories.hpp"

namespace ug::storage {
namespace json = boost::json;
using workflow::CaseEvent;
using workflow::CaseProjection;
using workflow::CaseSchedule;

namespace {

constexpr std::string_view kEventColumns =
    "id, case_id, sequence, action, actor, actor_user_id, role, channel, at_ms, from_state, to_state, payload";

// "sign 1727685000000 30 natural_minutes"
std::string encode_stage_clock(const std::optional<workflow::StageClock>& clock) {
  if (!clock) return {};
  return fmt::format("{} {} {}", workflow::to_string(clock->stage), clock->started_at_ms,
                     calendar::format_limit(clock->limit));
}

std::optional<workflow::StageClock> decode_stage_clock(std::string_view text) {
  const auto parts = split_list(text, ' ');
  if (parts.size() != 4) return std::nullopt;
  workflow::StageClock clock;
  for (int s = 0; s <= static_cast<int>(workflow::Stage::close); ++s) {
    if (workflow::to_string(static_cast<workflow::Stage>(s)) == parts[0]) clock.stage = static_cast<workflow::Stage>(s);
  }
  const auto started = parse_int64(parts[1]);
  const auto limit = calendar::parse_limit(std::string(parts[2]) + " " + std::string(parts[3]));
  if (!started || !limit) return std::nullopt;
  clock.started_at_ms = *started;
  clock.limit = *limit;
  return clock;
}

// "start value unit|ext value unit,…|from-until,from-"  (seconds)
std::string encode_handling_clock(const std::optional<calendar::LimitClock>& clock) {
  if (!clock) return {};
  std::string out = fmt::format("{} {}|", clock->start, calendar::format_limit(clock->limit));
  for (std::size_t i = 0; i < clock->extensions.size(); ++i) {
    out += (i ? "," : "") + calendar::format_limit(clock->extensions[i]);
  }
  out += '|';
  for (std::size_t i = 0; i < clock->suspensions.size(); ++i) {
    const auto& s = clock->suspensions[i];
    out += fmt::format("{}{}-{}", i ? "," : "", s.from, s.until ? std::to_string(*s.until) : "");
  }
  return out;
}

std::optional<calendar::LimitClock> decode_handling_clock(std::string_view text) {
  if (text.empty()) return std::nullopt;
  const auto bar1 = text.find('|');
  const auto bar2 = text.find('|', bar1 + 1);
  if (bar1 == std::string_view::npos || bar2 == std::string_view::npos) return std::nullopt;
  calendar::LimitClock clock;
  const auto head = text.substr(0, bar1);
  const auto space = head.find(' ');
  const auto start = parse_int64(head.substr(0, space));
  const auto limit = space == std::string_view::npos ? std::nullopt : calendar::parse_limit(head.substr(space + 1));
  if (!start || !limit) return std::nullopt;
  clock.start = *start;
  clock.limit = *limit;
  for (const auto ext : split_list(text.substr(bar1 + 1, bar2 - bar1 - 1))) {
    const auto e = calendar::parse_limit(ext);
    if (!e) return std::nullopt;
    clock.extensions.push_back(*e);
  }
  for (const auto item : split_list(text.substr(bar2 + 1))) {
    const auto dash = item.find('-', 1);
    if (dash == std::string_view::npos) return std::nullopt;
    const auto from = parse_int64(item.substr(0, dash));
    const auto until_text = item.substr(dash + 1);
    const auto until = until_text.empty() ? std::optional<std::int64_t>() : parse_int64(until_text);
    if (!from || (!until_text.empty() && !until)) return std::nullopt;
    clock.suspensions.push_back({*from, until});
  }
  return clock;
}

// The columns of the cases table (storage/record_columns.hpp): the column list of every SELECT,
// the INSERT, the versioned UPDATE and row_to_case all walk this one list.
using CaseColumn = RecordColumn<CaseRow>;
using Projection = workflow::CaseProjection;
constexpr auto P = &CaseRow::projection;
constexpr auto S = &CaseRow::schedule;

constexpr CaseColumn kCaseTable[] = {
    part_column<P, &Projection::id>("id"),
    part_column<P, &Projection::version>("version"),
    {.name = "state",
     .write = [](const CaseRow& c) -> SqlValue { return std::string(workflow::to_string(c.projection.state)); },
     .read =
         [](const SqlRow& r, std::size_t i, CaseRow& c) {
           const auto state = workflow::parse_state(r.text(i));
           if (state) c.projection.state = *state;
           return state.has_value();
         }},
    // Derived from the state, stored for the queues' indexes; never read back.
    {.name = "stage",
     .write = [](const CaseRow& c) -> SqlValue {
       return std::string(workflow::to_string(workflow::stage_of(c.projection.state)));
     },
     .read = [](const SqlRow&, std::size_t, CaseRow&) { return true; }},
    part_column<P, &Projection::channel>("channel"),
    {.name = "tracking_code",
     .write = [](const CaseRow& c) { return optional_text(c.projection.tracking_code); },
     .read =
         [](const SqlRow& r, std::size_t i, CaseRow& c) {
           c.projection.tracking_code = r.text(i);
           return true;
         }},
    part_column<P, &Projection::description>("description"),
    part_column<P, &Projection::category_code>("category_code"),
    part_column<P, &Projection::component_id>("component_id"),
    part_column<P, &Projection::urgency>("urgency"),
    part_column<P, &Projection::lon_nano>("lon_nano"),
    part_column<P, &Projection::lat_nano>("lat_nano"),
    part_column<P, &Projection::address>("address"),
    part_column<P, &Projection::grid_code>("grid_code"),
    part_column<P, &Projection::community_code>("community_code"),
    part_column<P, &Projection::street_code>("street_code"),
    part_column<P, &Projection::district_code>("district_code"),
    part_column<P, &Projection::external_ref>("external_ref"),
    part_column<P, &Projection::reporter_user_id>("reporter_user_id"),
    part_column<P, &Projection::suggested_department_id>("suggested_department_id"),
    part_column<P, &Projection::department_id>("department_id"),
    part_column<P, &Projection::pending>("pending"),
    part_column<P, &Projection::requested_extension>("requested_extension"),
    part_column<P, &Projection::rework_count>("rework_count"),
    part_column<P, &Projection::reopen_count>("reopen_count"),
    part_column<P, &Projection::return_count>("return_count"),
    part_column<P, &Projection::dispatch_count>("dispatch_count"),
    part_column<P, &Projection::merged_into>("merged_into"),
    part_column<P, &Projection::satisfaction>("satisfaction"),
    part_column<P, &Projection::created_at_ms>("created_at_ms"),
    part_column<P, &Projection::updated_at_ms>("updated_at_ms"),
    part_column<P, &Projection::closed_at_ms>("closed_at_ms"),
    {.name = "stage_clock",
     .write = [](const CaseRow& c) -> SqlValue { return encode_stage_clock(c.projection.stage_clock); },
     .read =
         [](const SqlRow& r, std::size_t i, CaseRow& c) {
           const auto text = r.text(i);
           c.projection.stage_clock = decode_stage_clock(text);
           return text.empty() || c.projection.stage_clock.has_value();
         }},
    {.name = "handling_clock",
     .write = [](const CaseRow& c) -> SqlValue { return encode_handling_clock(c.projection.handling_clock); },
     .read =
         [](const SqlRow& r, std::size_t i, CaseRow& c) {
           const auto text = r.text(i);
           c.projection.handling_clock = decode_handling_clock(text);
           return text.empty() || c.projection.handling_clock.has_value();
         }},
    part_column<S, &CaseSchedule::due_at_ms>("due_at_ms"),
    part_column<S, &CaseSchedule::yellow_at_ms>("yellow_at_ms"),
    part_column<S, &CaseSchedule::red_at_ms>("red_at_ms"),
    part_column<S, &CaseSchedule::handling_due_at_ms>("handling_due_at_ms"),
    part_column<S, &CaseSchedule::provisional>("provisional"),
};

// "id, version, state, …": the columns of kCaseTable, for SELECT lists.
const std::string& case_columns() {
  static const std::string list = column_list<CaseRow>(kCaseTable);
  return list;
}

Result<CaseRow> row_to_case(const SqlRow& r) {
  CaseRow row;
  if (const auto unreadable = read_columns<CaseRow>(kCaseTable, r, row)) {
    return fail(ErrorCode::internal, {}, fmt::format("unreadable {} in case row {}", *unreadable, row.projection.id));
  }
  return row;
}

// Every row through `convert` (row_to_case, row_to_event); the first failure wins.
template <typename Convert>
auto map_rows(const SqlResult& result, Convert convert)
    -> Result<std::vector<typename std::invoke_result_t<Convert, const SqlRow&>::value_type>> {
  std::vector<typename std::invoke_result_t<Convert, const SqlRow&>::value_type> out;
  out.reserve(result.rows.size());
  for (const auto& r : result.rows) {
    UG_TRY_ASSIGN(auto item, convert(r));
    out.push_back(std::move(item));
  }
  return out;
}

std::vector<std::string> first_column(const SqlResult& result) {
  std::vector<std::string> out;
  out.reserve(result.rows.size());
  for (const auto& row : result.rows) out.push_back(row.text(0));
  return out;
}

std::vector<SqlValue> case_values(const CaseRow& row) { return column_values<CaseRow>(kCaseTable, row); }

Result<CaseEvent> row_to_event(const SqlRow& r) {
  CaseEvent e;
  e.log_id = r.int64(0);
  e.case_id = r.text(1);
  e.sequence = r.int64(2);
  const auto action = workflow::parse_action(r.text(3));
  const auto to = workflow::parse_state(r.text(10));
  const auto from = r.is_null(9) ? std::nullopt : workflow::parse_state(r.text(9));
  if (!action || !to || (!r.is_null(9) && !from)) {
    return fail(ErrorCode::internal, {}, fmt::format("unreadable event {} of case {}", e.sequence, e.case_id));
  }
  e.action = *action;
  e.actor = r.text(4);
  e.actor_user_id = r.optional_int64(5);
  e.role = r.text(6);
  e.channel = r.text(7);
  e.at_ms = r.int64(8);
  e.from = from;
  e.to = *to;
  std::error_code ec;
  const auto payload = json::parse(r.text(11), ec);
  if (ec || !payload.is_object()) {
    return fail(ErrorCode::internal, {},
                fmt::format("unreadable payload of event {} of case {}", e.sequence, e.case_id));
  }
  for (const auto& [key, value] : payload.as_object()) {
    if (!value.is_string()) return fail(ErrorCode::internal, {}, "non-text payload field in case " + e.case_id);
    e.payload.emplace_back(std::string(key), std::string(value.as_string()));
  }
  return e;
}

// "('reported', 'verifying', …)": the open states as the workflow declares them, as an SQL list.
const std::string kOpenStates = [] {
  std::string list;
  for (const auto state : workflow::open_states())
    list += fmt::format("{}'{}'", list.empty() ? "(" : ", ", workflow::to_string(state));
  return list + ")";
}();

// A phone number as it is searched and indexed: its digits ("+86 138-1234-5678" → "8613812345678").
std::string phone_digits(std::string_view phone) {
  std::string out;
  for (const char c : phone) {
    if (c >= '0' && c <= '9') out.push_back(c);
  }
  return out;
}

void add_filters(Where& w, const CaseQuery& q) {
  add_case_scope(w, q);
  w.any_of("state", q.filter.states);
  w.any_of("stage", q.filter.stages);
  w.any_of("channel", q.filter.channels);
  w.any_of("urgency", q.filter.urgencies);
  w.any_of("department_id", q.filter.departments);
  if (!q.filter.categories.empty()) {
    std::string any;
    for (const auto& c : q.filter.categories) {
      any += (any.empty() ? "" : " OR ") +
             (c.size() == 2 ? w.starts_with("category_code", c) : "category_code = " + w.param(c));
    }
    w.add("(" + any + ")");
  }
  if (!q.filter.regions.empty()) {
    std::string any;
    for (const auto& r : q.filter.regions) any += (any.empty() ? "" : " OR ") + w.starts_with("grid_code", r);
    w.add("(" + any + ")");
  }
  if (q.filter.light) {
    const auto now = w.param(q.scope.now_ms);
    if (*q.filter.light == "red") {
      w.add(fmt::format("red_at_ms < {}", now));
    } else if (*q.filter.light == "yellow") {
      w.add(fmt::format("yellow_at_ms < {0} AND (red_at_ms IS NULL OR red_at_ms >= {0})", now));
    } else {
      w.add(fmt::format("due_at_ms IS NOT NULL AND (yellow_at_ms IS NULL OR yellow_at_ms >= {})", now));
    }
  }
  if (q.filter.overdue) w.add(fmt::format("due_at_ms < {}", w.param(q.scope.now_ms)));
  if (q.filter.supervised) {
    w.add("id IN (SELECT case_id FROM process_items WHERE process = 'supervision')");
  }
  if (q.filter.unplaced) w.add("lon_nano IS NULL");
  if (q.filter.open) w.add(fmt::format("state {} IN {}", *q.filter.open ? "" : "NOT", kOpenStates));
  if (q.filter.created_from_ms) w.add("created_at_ms >= " + w.param(*q.filter.created_from_ms));
  if (q.filter.created_to_ms) w.add("created_at_ms < " + w.param(*q.filter.created_to_ms));
  if (q.filter.updated_from_ms) w.add("updated_at_ms >= " + w.param(*q.filter.updated_from_ms));
  if (q.filter.updated_to_ms) w.add("updated_at_ms < " + w.param(*q.filter.updated_to_ms));
  if (q.filter.queue) {
    // Both sides indexable (cases_state, cases_pending), so the planner can read the two sets and
    // merge them; a bit test would make it read every case (1.2 s at 1,000,000: case_queue.sh).
    std::string states, pending;
    for (const auto& s : q.scope.queue_states) states += (states.empty() ? "" : ", ") + w.param(s);
    static_assert(workflow::bits(workflow::Pending::void_) == 8, "pending values are the subsets of four kinds");
    for (std::int64_t v = 1; v < 16; ++v) {
      if ((v & q.scope.queue_pending) != 0) pending += (pending.empty() ? "" : ", ") + std::to_string(v);
    }
    std::vector<std::string> terms;
    if (!states.empty()) terms.push_back("state IN (" + states + ")");
    if (!pending.empty()) terms.push_back("pending IN (" + pending + ")");
    w.add(terms.empty() ? "1 = 0" : terms.size() == 1 ? terms[0] : "(" + terms[0] + " OR " + terms[1] + ")");
  }
  if (!q.filter.text.empty()) {
    const auto id = w.param(q.filter.text);
    if (!q.scope.text_as_code) {
      const auto like = w.param("%" + Where::escape_like(q.filter.text) + "%");
      w.add(fmt::format("(id = {0} OR description LIKE {1} ESCAPE '\\' OR address LIKE {1} ESCAPE '\\')", id, like));
    } else {
      // A number or code: only indexed equalities, so that a search stays fast at any size.
      std::string any = "id = " + id;
      if (q.scope.text_in_contacts) {
        any += fmt::format(" OR tracking_code = {0} OR external_ref = {0}", id);
        if (const auto digits = phone_search_digits(q.filter.text); !digits.empty()) {
          any += fmt::format(" OR id IN (SELECT case_id FROM case_reporters WHERE {} = {})",
                             digits.size() == 4 ? "phone_last4" : "phone_digits", w.param(digits));
        }
      }
      w.add("(" + any + ")");
    }
  }
}

}  // namespace

Result<std::int64_t> SqlCaseRepository::next_numbers(std::string_view day, std::int64_t count) {
  UG_TRY_ASSIGN(
      auto r,
      conn_.execute(
          "INSERT INTO case_numbers (day, last_sequence) VALUES ($1, $2) "
          "ON CONFLICT (day) DO UPDATE SET last_sequence = case_numbers.last_sequence + $2 RETURNING last_sequence",
          {std::string(day), count}));
  return r.rows.at(0).int64(0) - count + 1;
}

namespace {

// INSERT and versioned UPDATE over kCaseTable, built once: case_values binds $1 … $n in that order.
struct CaseStatements {
  std::string insert, update;
};
const CaseStatements& case_statements() {
  static const CaseStatements statements = [] {
    constexpr std::size_t count = std::size(kCaseTable);
    std::string sets;
    for (std::size_t i = 1; i < count; ++i)
      sets += fmt::format("{}{} = ${}", i > 1 ? ", " : "", kCaseTable[i].name, i + 1);
    return CaseStatements{
        fmt::format("INSERT INTO cases ({}) VALUES ({})", case_columns(), column_placeholders<CaseRow>(kCaseTable)),
        fmt::format("UPDATE cases SET {} WHERE id = $1 AND version = ${}", sets, count + 1)};
  }();
  return statements;
}

}  // namespace

Result<void> SqlCaseRepository::insert(const CaseRow& row) {
  UG_TRY(conn_.execute(case_statements().insert, case_values(row)));
  return {};
}

Result<bool> SqlCaseRepository::update(const CaseRow& row, std::int64_t expected_version) {
  auto values = case_values(row);
  values.emplace_back(expected_version);
  UG_TRY_ASSIGN(auto r, conn_.execute(case_statements().update, values));
  return r.affected_rows == 1;
}

Result<void> SqlCaseRepository::update_schedule(std::string_view id, const CaseSchedule& s) {
  UG_TRY(conn_.execute(
      "UPDATE cases SET due_at_ms = $2, yellow_at_ms = $3, red_at_ms = $4, handling_due_at_ms = $5, "
      "provisional = $6 WHERE id = $1",
      {std::string(id), optional_int(s.due_at_ms), optional_int(s.yellow_at_ms), optional_int(s.red_at_ms),
       optional_int(s.handling_due_at_ms), std::int64_t{s.provisional ? 1 : 0}}));
  return {};
}

namespace {

constexpr std::string_view kEventInsert =
    "INSERT INTO case_events (case_id, sequence, action, actor, actor_user_id, role, channel, at_ms, from_state, "
    "to_state, payload) VALUES ";
constexpr std::size_t kEventFields = 11;

// The bound values of one event, in kEventInsert's column order.
void event_values(const CaseEvent& e, std::vector<SqlValue>& out) {
  json::object payload;
  for (const auto& [key, value] : e.payload) payload[key] = value;
  out.insert(out.end(), {e.case_id, e.sequence, std::string(workflow::to_string(e.action)), e.actor,
                         optional_int(e.actor_user_id), e.role, e.channel, e.at_ms,
                         e.from ? SqlValue{std::string(workflow::to_string(*e.from))} : SqlValue{SqlNull{}},
                         std::string(workflow::to_string(e.to)), json::serialize(payload)});
}

// "($1, …, $11), ($12, …)" for `rows` events.
std::string event_placeholders(std::size_t rows) {
  std::string out;
  for (std::size_t r = 0; r < rows; ++r) {
    out += r == 0 ? "(" : ", (";
    for (std::size_t f = 1; f <= kEventFields; ++f)
      out += fmt::format("{}${}", f == 1 ? "" : ", ", r * kEventFields + f);
    out += ")";
  }
  return out;
}

}  // namespace

Result<void> SqlCaseRepository::append_event(CaseEvent& e) {
  static const std::string sql = std::string(kEventInsert) + event_placeholders(1) + " RETURNING id";
  std::vector<SqlValue> values;
  event_values(e, values);
  UG_TRY_ASSIGN(auto r, conn_.execute(sql, values));
  e.log_id = r.rows.at(0).int64(0);
  return {};
}

Result<void> SqlCaseRepository::append_events(std::span<const CaseEvent> events) {
  constexpr std::size_t kRows = 64;  // 704 values a statement, well under both databases' limits
  static const std::string full = std::string(kEventInsert) + event_placeholders(kRows);
  std::vector<SqlValue> values;
  values.reserve(kRows * kEventFields);
  for (std::size_t at = 0; at < events.size(); at += kRows) {
    const auto n = std::min(kRows, events.size() - at);
    values.clear();
    for (std::size_t i = at; i < at + n; ++i) event_values(events[i], values);
    UG_TRY(conn_.execute(n == kRows ? full : std::string(kEventInsert) + event_placeholders(n), values));
  }
  return {};
}

Result<std::optional<CaseRow>> SqlCaseRepository::find(std::string_view id) { return find_where("id", id); }

Result<std::optional<CaseRow>> SqlCaseRepository::find_by_tracking_code(std::string_view code) {
  return find_where("tracking_code", code);
}

Result<std::optional<CaseRow>> SqlCaseRepository::find_where(std::string_view column, std::string_view value) {
  UG_TRY_ASSIGN(auto r, conn_.execute(fmt::format("SELECT {} FROM cases WHERE {} = $1", case_columns(), column),
                                      {std::string(value)}));
  if (r.rows.empty()) return std::optional<CaseRow>{};
  UG_TRY_ASSIGN(auto row, row_to_case(r.rows.front()));
  return std::optional<CaseRow>(std::move(row));
}

Result<std::vector<CaseEvent>> SqlCaseRepository::events(std::string_view id) {
  UG_TRY_ASSIGN(auto r, conn_.execute(fmt::format("SELECT {} FROM case_events WHERE case_id = $1 ORDER BY sequence",
                                                  kEventColumns),
                                      {std::string(id)}));
  return map_rows(r, row_to_event);
}

Result<std::vector<CaseEvent>> SqlCaseRepository::histories(std::string_view after_id, std::int64_t reported_by_ms,
                                                            std::int64_t changed_since_ms, int limit) {
  UG_TRY_ASSIGN(
      auto r,
      conn_.execute(fmt::format("SELECT {} FROM case_events WHERE case_id IN (SELECT id FROM cases WHERE id > $1 "
                                "AND created_at_ms <= $2 AND updated_at_ms >= $3 ORDER BY id LIMIT $4) "
                                "ORDER BY case_id, sequence",
                                kEventColumns),
                    {std::string(after_id), reported_by_ms, changed_since_ms, std::int64_t{limit}}));
  return map_rows(r, row_to_event);
}

Result<std::vector<CaseRow>> SqlCaseRepository::list(const CaseQuery& q) {
  Where w;
  add_filters(w, q);
  std::string order;
  switch (q.filter.sort) {
    case CaseSort::number:
      if (q.filter.after) w.add("id < " + w.param(q.filter.after->second));
      order = "id DESC";
      break;
    case CaseSort::updated:
      if (q.filter.after) {
        const auto at = w.param(q.filter.after->first);
        w.add(fmt::format("(updated_at_ms < {0} OR (updated_at_ms = {0} AND id < {1}))", at,
                          w.param(q.filter.after->second)));
      }
      order = "updated_at_ms DESC, id DESC";
      break;
    case CaseSort::due:
      w.add("due_at_ms IS NOT NULL");
      if (q.filter.after) {
        const auto at = w.param(q.filter.after->first);
        w.add(fmt::format("(due_at_ms > {0} OR (due_at_ms = {0} AND id > {1}))", at, w.param(q.filter.after->second)));
      }
      order = "due_at_ms, id";
      break;
  }
  const auto limit = w.param(std::int64_t{q.filter.limit});
  // The page is chosen on the case numbers alone, then its rows are read: sorting a few thousand
  // matches with every column of each (a department's open cases by deadline) cost tens of
  // milliseconds at 10,000,000 cases (bench/case_queue.sh).
  // On SQLite by rowid, which every index holds, so a covering index answers the inner query alone.
  const auto key = conn_.dialect().index_row_key;
  UG_TRY_ASSIGN(
      auto r,
      conn_.execute(fmt::format("SELECT {0} FROM cases WHERE {4} IN (SELECT {4} FROM cases WHERE {1} ORDER BY {2} "
                                "LIMIT {3}) ORDER BY {2}",
                                case_columns(), w.text(), order, limit, key),
                    w.params()));
  return map_rows(r, row_to_case);
}

Result<std::vector<StateCount>> SqlCaseRepository::count_by_state(const CaseQuery& q) {
  Where w;
  add_filters(w, q);
  // A queue's own terms are the narrow way in (a few thousand cases at 10,000,000); on SQLite the
  // open-state list would lure the planner into reading every open case instead.
  w.add(fmt::format("{} IN {}", q.filter.queue ? conn_.dialect().without_index("state") : "state", kOpenStates));
  UG_TRY_ASSIGN(
      auto r,
      conn_.execute(fmt::format("SELECT state, COUNT(*) FROM cases WHERE {} GROUP BY state ORDER BY state", w.text()),
                    w.params()));
  std::vector<StateCount> out;
  for (const auto& row : r.rows) out.push_back({row.text(0), row.int64(1)});
  return out;
}

Result<std::vector<GroupCount>> SqlCaseRepository::count_by(const CaseQuery& q, CaseGroup group,
                                                            int utc_offset_minutes) {
  Where w;
  add_filters(w, q);
  constexpr std::int64_t kDayMs = 86'400'000;
  std::string key;
  switch (group) {
    case CaseGroup::state:
      key = "state";
      break;
    case CaseGroup::grid:
      key = "grid_code";
      break;
    case CaseGroup::street:
      key = "street_code";
      break;
    case CaseGroup::district:
      key = "district_code";
      break;
    case CaseGroup::channel:
      key = "channel";
      break;
    case CaseGroup::category:
      key = "category_code";
      break;
    case CaseGroup::department:
      key = "department_id";
      break;
    case CaseGroup::created_day:
      // Days since 1970-01-01 in local time; reports are never before 1970, so the division floors.
      key = fmt::format("(created_at_ms + {}) / {}", std::int64_t{utc_offset_minutes} * 60'000, kDayMs);
      break;
  }
  UG_TRY_ASSIGN(auto r, conn_.execute(fmt::format("SELECT {0}, COUNT(*) FROM cases WHERE {1} GROUP BY {0} ORDER BY {0}",
                                                  key, w.text()),
                                      w.params()));
  std::vector<GroupCount> out;
  out.reserve(r.rows.size());
  for (const auto& row : r.rows) {
    if (group == CaseGroup::created_day) {
      out.push_back({calendar::format_iso8601(row.int64(0) * 86'400, 0).substr(0, 10), row.int64(1)});
    } else {
      out.push_back({row.is_null(0) ? std::string() : row.text(0), row.int64(1)});
    }
  }
  return out;
}

Result<std::vector<CaseRow>> SqlCaseRepository::open_in_box(std::int64_t west, std::int64_t south, std::int64_t east,
                                                            std::int64_t north, std::span<const std::string> grid_codes,
                                                            std::int64_t since_ms, std::string_view category) {
  if (grid_codes.empty()) return std::vector<CaseRow>{};
  Where w;
  std::string grids;
  for (const auto& code : grid_codes) grids += (grids.empty() ? "" : ", ") + w.param(code);
  w.add(fmt::format("grid_code IN ({})", grids));
  w.add("created_at_ms >= " + w.param(since_ms));
  w.add(fmt::format("lon_nano BETWEEN {} AND {}", w.param(west), w.param(east)));
  w.add(fmt::format("lat_nano BETWEEN {} AND {}", w.param(south), w.param(north)));
  // cases_grid_recent must lead (migration 0012). Without statistics SQLite prefers cases_state, as
  // if open cases were rare, and reads every open case of the city for each report (intake fell to
  // a few hundred a second with 20,000 cases stored: bench/case_intake.sh); a unary + keeps it off.
  w.add(fmt::format("{} IN {}", conn_.dialect().without_index("state"), kOpenStates));
  // A report nobody has categorised yet may be the same problem whatever the category asked for.
  if (!category.empty())
    w.add(fmt::format("(category_code = {} OR category_code = '')", w.param(std::string(category))));
  UG_TRY_ASSIGN(auto r, conn_.execute(fmt::format("SELECT {} FROM cases WHERE {} ORDER BY created_at_ms DESC LIMIT 200",
                                                  case_columns(), w.text()),
                                      w.params()));
  return map_rows(r, row_to_case);
}

Result<std::optional<std::string>> SqlCaseRepository::id_by_external_ref(std::string_view channel,
                                                                         std::string_view ref) {
  UG_TRY_ASSIGN(auto r,
                conn_.execute("SELECT id FROM cases WHERE channel = $1 AND external_ref = $2 ORDER BY id LIMIT 1",
                              {std::string(channel), std::string(ref)}));
  if (r.rows.empty()) return std::optional<std::string>{};
  return std::optional<std::string>(r.rows[0].text(0));
}

Result<std::int64_t> SqlCaseRepository::merged_count(std::string_view id) {
  UG_TRY_ASSIGN(auto r, conn_.execute("SELECT COUNT(*) FROM cases WHERE merged_into = $1", {std::string(id)}));
  return r.rows.at(0).int64(0);
}

Result<std::vector<std::string>> SqlCaseRepository::open_ids() {
  UG_TRY_ASSIGN(auto r, conn_.execute(fmt::format("SELECT id FROM cases WHERE state IN {} ORDER BY id", kOpenStates)));
  return first_column(r);
}

Result<std::vector<LightCrossing>> SqlCaseRepository::light_crossings(std::int64_t now_ms, int limit) {
  // One arm per light; a case already past red is not offered yellow as well.
  const auto arm = [](std::string_view light, std::string_view column, std::string_view also) {
    return fmt::format(
        "SELECT c.id, c.stage, c.due_at_ms, '{0}' AS light, c.{1} AS at_ms FROM cases c WHERE c.{1} <= $1 {2} "
        "AND c.due_at_ms IS NOT NULL AND c.state IN {3} AND NOT EXISTS (SELECT 1 FROM case_light_notices n "
        "WHERE n.case_id = c.id AND n.stage = c.stage AND n.due_at_ms = c.due_at_ms AND n.light = '{0}')",
        light, column, also, kOpenStates);
  };
  UG_TRY_ASSIGN(
      auto r, conn_.execute(fmt::format("{} UNION ALL {} ORDER BY at_ms, id LIMIT $2", arm("red", "red_at_ms", ""),
                                        arm("yellow", "yellow_at_ms", "AND (c.red_at_ms IS NULL OR c.red_at_ms > $1)")),
                            {now_ms, std::int64_t{limit}}));
  std::vector<LightCrossing> out;
  for (const auto& row : r.rows) {
    out.push_back({row.text(0), row.text(1), row.int64(2), row.text(3), row.int64(4)});
  }
  return out;
}

Result<bool> SqlCaseRepository::record_light_notice(const LightCrossing& c) {
  UG_TRY_ASSIGN(
      auto r,
      conn_.execute(
          "INSERT INTO case_light_notices (case_id, stage, due_at_ms, light, at_ms) VALUES ($1, $2, $3, $4, $5) "
          "ON CONFLICT DO NOTHING",
          {c.case_id, c.stage, c.due_at_ms, c.light, c.at_ms}));
  return r.affected_rows == 1;
}

Result<std::vector<std::string>> SqlCaseRepository::ids_after(std::string_view after_id, int limit) {
  UG_TRY_ASSIGN(auto r, conn_.execute("SELECT id FROM cases WHERE id > $1 ORDER BY id LIMIT $2",
                                      {std::string(after_id), std::int64_t{limit}}));
  return first_column(r);
}

// The condition of the partial index case_events_ledger (migration 0011), written out in the query
// so that both databases' planners may use it: a bound action alone does not show they can.
// The partial index case_events_ledger (0011) still names 'supervise', the 督办 events recorded on
// cases before 0021; a query uses that index only when it repeats the index's condition.
constexpr const char* kLedgerIndexCondition = "action IN ('supervise', 'reopen', 'callback')";

Result<std::vector<CaseEvent>> SqlCaseRepository::ledger_events(workflow::Action action, std::int64_t from_ms,
                                                                std::int64_t to_ms, const CaseQuery& scope, int limit) {
  if (action != workflow::Action::reopen && action != workflow::Action::callback) {
    return fail(ErrorCode::internal, {}, "no ledger of " + std::string(workflow::to_string(action)));
  }
  Where w;
  add_filters(w, scope);
  const auto cases = w.text();
  Where e;  // numbered after the case filters
  e.params() = std::move(w.params());
  const auto sql = fmt::format(
      "SELECT {} FROM case_events WHERE action = {} AND {} AND at_ms >= {} AND at_ms < {} AND case_id IN (SELECT id "
      "FROM cases WHERE {}) ORDER BY at_ms DESC, id DESC LIMIT {}",
      kEventColumns, e.param(std::string(workflow::to_string(action))), kLedgerIndexCondition, e.param(from_ms),
      e.param(to_ms), cases, e.param(std::int64_t{limit}));
  UG_TRY_ASSIGN(auto r, conn_.execute(sql, e.params()));
  return map_rows(r, row_to_event);
}

Result<void> SqlCaseRepository::set_reporter(std::string_view id, std::string_view name, std::string_view phone) {
  const auto digits = phone_digits(phone);
  UG_TRY(conn_.execute(
      "INSERT INTO case_reporters (case_id, name, phone, phone_digits, phone_last4) VALUES ($1, $2, $3, $4, $5) "
      "ON CONFLICT (case_id) DO UPDATE SET name = excluded.name, phone = excluded.phone, "
      "phone_digits = excluded.phone_digits, phone_last4 = excluded.phone_last4",
      {std::string(id), std::string(name), std::string(phone), digits,
       digits.size() >= 4 ? digits.substr(digits.size() - 4) : std::string()}));
  return {};
}

Result<std::int64_t> SqlCaseRepository::erase_reporter_phones(std::int64_t closed_before_ms) {
  UG_TRY_ASSIGN(
      auto r,
      conn_.execute(
          "UPDATE case_reporters SET phone = '', phone_digits = '', phone_last4 = '' WHERE phone <> '' AND case_id IN "
          "(SELECT id FROM cases WHERE closed_at_ms IS NOT NULL AND closed_at_ms < $1)",
          {closed_before_ms}));
  return r.affected_rows;
}

Result<std::optional<std::pair<std::string, std::string>>> SqlCaseRepository::reporter(std::string_view id) {
  UG_TRY_ASSIGN(auto r, conn_.execute("SELECT name, phone FROM case_reporters WHERE case_id = $1", {std::string(id)}));
  if (r.rows.empty()) return std::optional<std::pair<std::string, std::string>>{};
  return std::optional<std::pair<std::string, std::string>>({r.rows[0].text(0), r.rows[0].text(1)});
}

}  // namespace ug::storage
