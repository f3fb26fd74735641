// Queue exports: paging through the caller's cases, one row per case, as CSV or .xlsx.
#include "service/case_export.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <map>

#include "calendar/work_calendar.hpp"
#include "service/audit_log.hpp"
#include "service/category_service.hpp"
#include "service/spreadsheet.hpp"
#include "service/vocabulary.hpp"
#include "workflow/workflow.hpp"

namespace ug::service {
namespace {

constexpr std::array kColumns{
    ExportColumn{"number", "案件编号", "Case number"},
    ExportColumn{"state", "状态", "State"},
    ExportColumn{"deadline", "时限", "Deadline", true},
    ExportColumn{"light", "红黄绿灯", "Light"},
    ExportColumn{"description", "问题描述", "Description"},
    ExportColumn{"category", "类别", "Category"},
    ExportColumn{"urgency", "紧急程度", "Urgency"},
    ExportColumn{"grid", "网格", "Grid"},
    ExportColumn{"channel", "来源", "Channel"},
    ExportColumn{"created", "上报时间", "Reported", true},
    ExportColumn{"place", "地点", "Place"},
    ExportColumn{"department", "处置单位", "Handling unit"},
    ExportColumn{"reporter", "上报人", "Reporter"},
    ExportColumn{"reporter_phone", "联系电话", "Reporter's phone"},
    ExportColumn{"updated", "更新时间", "Updated", true},
    ExportColumn{"closed", "结案时间", "Closed", true},
};

// Pages through the filter's cases; reads one more than kMaxRows to tell "too many".
constexpr int kPage = 1'000;

std::string_view worded(const Term& term, Language language) { return language == Language::en ? term.en : term.zh; }

const Term& words_of(const Term& term) { return term; }
const Term& words_of(const StateTerm& term) { return term.words; }
const Term& words_of(const ChannelTerm& term) { return term.words; }

// A code's name from one of the vocabulary's lists; the code itself when it names nothing there.
template <typename Terms>
std::string term_of(const Terms& terms, std::string_view code, Language language) {
  for (const auto& t : terms) {
    if (words_of(t).code == code) return std::string(worded(words_of(t), language));
  }
  return std::string(code);
}

std::string light_name(const calendar::ClockReading& reading, Language language) {
  const bool en = language == Language::en;
  std::string out;
  switch (reading.light) {
    case calendar::Light::green:
      out = en ? "green" : "绿灯";
      break;
    case calendar::Light::yellow:
      out = en ? "yellow" : "黄灯";
      break;
    case calendar::Light::red:
      out = en ? "red" : "红灯";
      break;
  }
  if (reading.overdue) out += en ? " (overdue)" : "（已超时）";
  return out;
}

// "2026-12-08 09:30" local: what a spreadsheet reads as a date and time.
std::string local_time(std::int64_t ms, int offset) {
  auto iso = calendar::format_iso8601(ms / 1000, offset);  // 2026-12-08T09:30:00+08:00
  return iso.substr(0, 10) + " " + iso.substr(11, 5);
}

struct Names {
  std::map<std::string, std::string, std::less<>> categories;
  std::map<std::string, std::string, std::less<>> units;
};

std::string cell(std::string_view column, const CaseView& v, const Names& names, const CaseExportRequest& request) {
  const auto& p = v.row.projection;
  const auto language = request.language;
  const auto time = [&](std::optional<std::int64_t> ms) {
    return ms ? local_time(*ms, request.utc_offset_minutes) : "";
  };
  const auto named = [](const auto& map, const std::string& code) {
    const auto found = map.find(code);
    return found == map.end() ? code : found->second;
  };
  if (column == "number") return p.id;
  if (column == "state") return term_of(vocabulary().states, workflow::to_string(p.state), language);
  if (column == "deadline") {
    return v.stage_reading && v.stage_reading->due ? time(*v.stage_reading->due * 1000) : "";
  }
  if (column == "light") return v.stage_reading ? light_name(*v.stage_reading, language) : "";
  if (column == "description") return p.description;
  if (column == "category") return p.category_code.empty() ? "" : named(names.categories, p.category_code);
  if (column == "urgency") return term_of(vocabulary().urgencies, p.urgency, language);
  if (column == "grid") return p.grid_code;
  if (column == "channel") return term_of(vocabulary().channels, p.channel, language);
  if (column == "created") return time(p.created_at_ms);
  if (column == "place") return v.place.empty() ? p.address : v.place;
  if (column == "department") return p.department_id.empty() ? "" : named(names.units, p.department_id);
  if (column == "reporter") return v.reporter.name;
  if (column == "reporter_phone") return v.reporter.phone;
  if (column == "updated") return time(p.updated_at_ms);
  if (column == "closed") return p.closed_at_ms ? time(p.closed_at_ms) : "";
  return "";
}

std::string as_csv(const std::vector<const ExportColumn*>& columns, const std::vector<std::vector<std::string>>& rows,
                   Language language) {
  std::string out(kUtf8Bom);
  for (std::size_t c = 0; c < columns.size(); ++c) {
    out += (c ? "," : "") + csv_cell(language == Language::en ? columns[c]->en : columns[c]->zh);
  }
  out += "\r\n";
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c) out += (c ? "," : "") + csv_cell(row[c]);
    out += "\r\n";
  }
  return out;
}

Result<std::string> as_xlsx(const std::vector<const ExportColumn*>& columns,
                            const std::vector<std::vector<std::string>>& rows, Language language) {
  return workbook_bytes([&](lxw_workbook* book) -> Result<void> {
    lxw_format* bold = workbook_add_format(book);
    format_set_bold(bold);
    lxw_format* when = workbook_add_format(book);
    format_set_num_format(when, "yyyy-mm-dd hh:mm");
    lxw_worksheet* sheet = workbook_add_worksheet(book, language == Language::en ? "Cases" : "案件");
    for (std::size_t c = 0; c < columns.size(); ++c) {
      const auto header = std::string(language == Language::en ? columns[c]->en : columns[c]->zh);
      worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(c), header.c_str(), bold);
      const double width = columns[c]->code == "description" ? 48 : columns[c]->time ? 17 : 14;
      worksheet_set_column(sheet, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), width, nullptr);
    }
    worksheet_freeze_panes(sheet, 1, 1);
    lxw_row_t r = 1;
    for (const auto& row : rows) {
      for (std::size_t c = 0; c < row.size(); ++c) {
        const auto col = static_cast<lxw_col_t>(c);
        if (row[c].empty()) continue;
        if (columns[c]->time) {  // "YYYY-MM-DD HH:MM", as local_time wrote it
          lxw_datetime at{std::stoi(row[c].substr(0, 4)),  std::stoi(row[c].substr(5, 2)),
                          std::stoi(row[c].substr(8, 2)),  std::stoi(row[c].substr(11, 2)),
                          std::stoi(row[c].substr(14, 2)), 0};
          worksheet_write_datetime(sheet, r, col, &at, when);
        } else {
          worksheet_write_string(sheet, r, col, row[c].c_str(), nullptr);
        }
      }
      ++r;
    }
    if (!rows.empty()) {
      worksheet_autofilter(sheet, 0, 0, static_cast<lxw_row_t>(rows.size()),
                           static_cast<lxw_col_t>(columns.size() - 1));
    }
    return {};
  });
}

}  // namespace

std::span<const ExportColumn> case_export_columns() { return kColumns; }

std::vector<std::string> default_case_export_columns() {
  return {"number", "state", "deadline", "description", "category", "urgency", "grid", "channel", "created"};
}

Result<ExportFile> CaseExport::run(const access::Principal& caller, storage::CaseFilter filter,
                                   const CaseExportRequest& request) {
  std::vector<const ExportColumn*> columns;
  for (const auto& code : request.columns.empty() ? default_case_export_columns() : request.columns) {
    const auto found = std::find_if(kColumns.begin(), kColumns.end(), [&](const auto& c) { return c.code == code; });
    if (found == kColumns.end()) return fail(invalid("columns", "case_export.unknown_column").with("value", code));
    if (std::find(columns.begin(), columns.end(), &*found) == columns.end()) columns.push_back(&*found);
  }

  // One export per caller and a few in all; the count first, so a filter too wide costs one query.
  const auto who = caller.token_id ? -*caller.token_id : caller.user_id;
  {
    std::lock_guard lock(running_mutex_);
    if (running_.size() >= static_cast<std::size_t>(kMaxRunning) || running_.contains(who)) {
      return fail(Error(ErrorCode::rate_limited, "case_export.busy").with("retry_after", std::int64_t{5}));
    }
    running_.insert(who);
  }
  struct Done {
    CaseExport& exports;
    std::int64_t who;
    ~Done() {
      std::lock_guard lock(exports.running_mutex_);
      exports.running_.erase(who);
    }
  } done{*this, who};
  UG_TRY_ASSIGN(const auto groups, cases_.counts_by(caller, filter, storage::CaseGroup::state));
  std::int64_t found = 0;
  for (const auto& g : groups) found += g.count;
  if (found > kMaxRows) {
    return fail(invalid("filters", "case_export.too_many").with("limit", kMaxRows).with("rows", found));
  }

  Names names;
  CategoryQuery every;
  every.include_disabled = true;
  UG_TRY_ASSIGN(auto categories, CategoryService(db_).list(every));
  for (const auto& c : categories) names.categories.emplace(c.code, c.name);
  UG_TRY_ASSIGN(auto units, routing_.org_units(true));
  for (const auto& u : units) names.units.emplace(u.id, u.name);

  std::vector<std::vector<std::string>> rows;
  filter.limit = kPage;
  filter.after.reset();
  for (;;) {
    UG_TRY_ASSIGN(auto page, cases_.list(caller, filter));
    for (const auto& v : page) {
      if (static_cast<std::int64_t>(rows.size()) >= kMaxRows) {  // cases came in since the count
        return fail(invalid("filters", "case_export.too_many").with("limit", kMaxRows));
      }
      std::vector<std::string> row;
      row.reserve(columns.size());
      for (const auto* c : columns) row.push_back(cell(c->code, v, names, request));
      rows.push_back(std::move(row));
    }
    if (static_cast<int>(page.size()) < kPage) break;
    filter.after = storage::sort_key(page.back().row, filter.sort);
  }

  ExportFile file;
  file.rows = static_cast<std::int64_t>(rows.size());
  if (request.format == ExportFormat::xlsx) {
    UG_TRY_ASSIGN(file.bytes, as_xlsx(columns, rows, request.language));
  } else {
    file.bytes = as_csv(columns, rows, request.language);
  }
  // Who took which cases away, and how many: the filters as asked, the columns and the count.
  boost::json::array chosen;
  for (const auto* c : columns) chosen.emplace_back(c->code);
  const auto summary = boost::json::serialize(boost::json::object{
      {"format", request.format == ExportFormat::xlsx ? "xlsx" : "csv"},
      {"filters", request.filters},
      {"columns", std::move(chosen)},
      {"rows", file.rows},
  });
  UG_TRY(db_.write(
      [&](storage::Transaction& tx) { return append_audit(tx, caller, "case.export", "cases", "ok", summary); }));
  return file;
}

}  // namespace ug::service
