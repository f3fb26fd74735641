// ProcessRepository in the portable SQL of sql.hpp: items and their event log (payloads and the
// items' other fields as JSON objects of text), scoped through the cases they concern.
#include <fmt/format.h>

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "storage/sql_case_scope.hpp"
#include "storage/sql_repositories.hpp"

namespace ug::storage {
namespace json = boost::json;
using workflow::ProcessEvent;
using workflow::ProcessItem;

namespace {

constexpr std::string_view kItemColumns =
    "id, process, case_id, state, open, version, unit, level, due_at_ms, opened_at_ms, updated_at_ms, closed_at_ms, "
    "fields";
constexpr std::string_view kEventColumns =
    "item_id, sequence, process, action, actor, actor_user_id, role, at_ms, from_state, to_state, payload";

std::string text_object(const std::vector<std::pair<std::string, std::string>>& pairs) {
  json::object out;
  for (const auto& [key, value] : pairs) out[key] = value;
  return json::serialize(out);
}

Result<std::vector<std::pair<std::string, std::string>>> read_text_object(const std::string& text,
                                                                          std::string_view whose) {
  std::error_code ec;
  const auto value = json::parse(text, ec);
  if (ec || !value.is_object()) return fail(ErrorCode::internal, {}, fmt::format("unreadable fields of {}", whose));
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [key, v] : value.as_object()) {
    if (!v.is_string()) return fail(ErrorCode::internal, {}, fmt::format("non-text field of {}", whose));
    out.emplace_back(std::string(key), std::string(v.as_string()));
  }
  return out;
}

Result<ProcessItem> item_of(const SqlRow& r) {
  ProcessItem item;
  item.id = r.text(0);
  item.process = r.text(1);
  item.case_id = r.text(2);
  item.state = r.text(3);
  item.open = r.int64(4) != 0;
  item.version = r.int64(5);
  item.unit = r.text(6);
  item.level = r.text(7);
  item.due_at_ms = r.optional_int64(8);
  item.opened_at_ms = r.int64(9);
  item.updated_at_ms = r.int64(10);
  item.closed_at_ms = r.optional_int64(11);
  UG_TRY_ASSIGN(auto fields, read_text_object(r.text(12), item.id));
  for (auto& [key, value] : fields) item.fields.emplace(std::move(key), std::move(value));
  return item;
}

Result<ProcessEvent> event_of(const SqlRow& r) {
  ProcessEvent e;
  e.item_id = r.text(0);
  e.sequence = r.int64(1);
  e.process = r.text(2);
  e.action = r.text(3);
  e.actor = r.text(4);
  e.actor_user_id = r.optional_int64(5);
  e.role = r.text(6);
  e.at_ms = r.int64(7);
  e.from = r.text(8);
  e.to = r.text(9);
  UG_TRY_ASSIGN(e.payload, read_text_object(r.text(10), e.item_id));
  return e;
}

std::vector<SqlValue> item_values(const ProcessItem& item) {
  return {item.id,
          item.process,
          item.case_id,
          item.state,
          std::int64_t{item.open ? 1 : 0},
          item.version,
          item.unit,
          item.level,
          optional_int(item.due_at_ms),
          item.opened_at_ms,
          item.updated_at_ms,
          optional_int(item.closed_at_ms),
          text_object({item.fields.begin(), item.fields.end()})};
}

template <typename T>
Result<std::vector<T>> all_of(const SqlResult& r, Result<T> (*read)(const SqlRow&)) {
  std::vector<T> out;
  out.reserve(r.rows.size());
  for (const auto& row : r.rows) {
    UG_TRY_ASSIGN(auto value, read(row));
    out.push_back(std::move(value));
  }
  return out;
}

// The filter's conditions (without states when `with_states` is false) and the scope's, as one WHERE.
void add_filter(Where& w, const ProcessFilter& f, const CaseQuery* scope, bool with_states) {
  w.add("process = " + w.param(f.process));
  if (with_states) w.any_of("state", f.states);
  w.any_of("level", f.levels);
  if (!f.case_id.empty()) w.add("case_id = " + w.param(f.case_id));
  if (f.open) w.add(fmt::format("open = {}", *f.open ? 1 : 0));
  if (f.due_from_ms) w.add("due_at_ms >= " + w.param(*f.due_from_ms));
  if (f.due_before_ms) w.add("due_at_ms < " + w.param(*f.due_before_ms));
  if (scope != nullptr) {
    Where cases;  // the scope's conditions over cases, numbered after the filter's
    cases.params() = std::move(w.params());
    add_case_scope(cases, *scope);
    const auto condition = cases.text();
    w.params() = std::move(cases.params());
    w.add(fmt::format("case_id IN (SELECT id FROM cases WHERE {})", condition));
  }
}

}  // namespace

Result<std::int64_t> SqlProcessRepository::next_number(std::string_view process, std::string_view period) {
  UG_TRY_ASSIGN(auto r, conn_.execute("INSERT INTO process_numbers (process, period, last_number) VALUES ($1, $2, 1) "
                                      "ON CONFLICT (process, period) DO UPDATE SET last_number = "
                                      "process_numbers.last_number + 1 RETURNING last_number",
                                      {std::string(process), std::string(period)}));
  return r.rows.at(0).int64(0);
}

Result<void> SqlProcessRepository::insert(const ProcessItem& item) {
  const auto values = item_values(item);
  UG_TRY(conn_.execute(fmt::format("INSERT INTO process_items ({}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
                                   "$11, $12, $13)",
                                   kItemColumns),
                       values));
  return {};
}

namespace {
constexpr std::string_view kSetColumns =
    "process = $2, case_id = $3, state = $4, open = $5, version = $6, unit = $7, level = $8, due_at_ms = $9, "
    "opened_at_ms = $10, updated_at_ms = $11, closed_at_ms = $12, fields = $13";
}

Result<bool> SqlProcessRepository::update(const ProcessItem& item, std::int64_t expected_version) {
  auto values = item_values(item);
  values.emplace_back(expected_version);
  UG_TRY_ASSIGN(
      auto r,
      conn_.execute(fmt::format("UPDATE process_items SET {} WHERE id = $1 AND version = $14", kSetColumns), values));
  return r.affected_rows == 1;
}

Result<void> SqlProcessRepository::replace(const ProcessItem& item) {
  const auto values = item_values(item);
  UG_TRY_ASSIGN(auto r, conn_.execute(fmt::format("UPDATE process_items SET {} WHERE id = $1", kSetColumns), values));
  if (r.affected_rows == 0) UG_TRY(insert(item));
  return {};
}

Result<void> SqlProcessRepository::append_event(const ProcessEvent& e) {
  UG_TRY(
      conn_.execute(fmt::format("INSERT INTO process_events ({}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                                kEventColumns),
                    {e.item_id, e.sequence, e.process, e.action, e.actor, optional_int(e.actor_user_id), e.role,
                     e.at_ms, e.from, e.to, text_object(e.payload)}));
  return {};
}

Result<std::optional<ProcessItem>> SqlProcessRepository::find(std::string_view id) {
  UG_TRY_ASSIGN(auto r, conn_.execute(fmt::format("SELECT {} FROM process_items WHERE id = $1", kItemColumns),
                                      {std::string(id)}));
  if (r.rows.empty()) return std::optional<ProcessItem>{};
  UG_TRY_ASSIGN(auto item, item_of(r.rows.front()));
  return std::optional<ProcessItem>(std::move(item));
}

Result<std::vector<ProcessEvent>> SqlProcessRepository::events(std::string_view id) {
  UG_TRY_ASSIGN(auto r, conn_.execute(fmt::format("SELECT {} FROM process_events WHERE item_id = $1 ORDER BY sequence",
                                                  kEventColumns),
                                      {std::string(id)}));
  return all_of<ProcessEvent>(r, event_of);
}

Result<std::vector<ProcessItem>> SqlProcessRepository::list(const ProcessFilter& filter, const CaseQuery* scope) {
  Where w;
  add_filter(w, filter, scope, true);
  const auto sql = fmt::format("SELECT {} FROM process_items WHERE {} ORDER BY {} LIMIT {}", kItemColumns, w.text(),
                               filter.soonest_due_first ? "due_at_ms, id" : "opened_at_ms DESC, id DESC",
                               w.param(std::int64_t{filter.limit}));
  UG_TRY_ASSIGN(auto r, conn_.execute(sql, w.params()));
  return all_of<ProcessItem>(r, item_of);
}

Result<std::vector<ProcessStateCount>> SqlProcessRepository::count_states(const ProcessFilter& filter,
                                                                          const CaseQuery* scope) {
  Where w;
  add_filter(w, filter, scope, false);
  UG_TRY_ASSIGN(auto r,
                conn_.execute(fmt::format("SELECT state, COUNT(*) FROM process_items WHERE {} GROUP BY state ORDER BY "
                                          "state",
                                          w.text()),
                              w.params()));
  std::vector<ProcessStateCount> out;
  for (const auto& row : r.rows) out.push_back({row.text(0), row.int64(1)});
  return out;
}

Result<std::map<std::string, std::int64_t>> SqlProcessRepository::count_by_case(
    std::string_view process, const std::vector<std::string>& case_ids) {
  std::map<std::string, std::int64_t> out;
  if (case_ids.empty()) return out;
  Where w;
  w.add("process = " + w.param(std::string(process)));
  w.any_of("case_id", case_ids);
  UG_TRY_ASSIGN(auto r, conn_.execute(fmt::format("SELECT case_id, COUNT(*) FROM process_items WHERE {} GROUP BY "
                                                  "case_id",
                                                  w.text()),
                                      w.params()));
  for (const auto& row : r.rows) out[row.text(0)] = row.int64(1);
  return out;
}

Result<std::vector<std::string>> SqlProcessRepository::ids_after(std::string_view process, std::string_view after_id,
                                                                 int limit) {
  UG_TRY_ASSIGN(auto r,
                conn_.execute("SELECT id FROM process_items WHERE process = $1 AND id > $2 ORDER BY id LIMIT $3",
                              {std::string(process), std::string(after_id), std::int64_t{limit}}));
  std::vector<std::string> out;
  for (const auto& row : r.rows) out.push_back(row.text(0));
  return out;
}

Result<std::vector<std::string>> SqlProcessRepository::orphan_ids(std::string_view process) {
  UG_TRY_ASSIGN(auto r, conn_.execute("SELECT DISTINCT item_id FROM process_events e WHERE process = $1 AND NOT EXISTS "
                                      "(SELECT 1 FROM process_items i WHERE i.id = e.item_id) ORDER BY item_id",
                                      {std::string(process)}));
  std::vector<std::string> out;
  for (const auto& row : r.rows) out.push_back(row.text(0));
  return out;
}

}  // namespace ug::storage
