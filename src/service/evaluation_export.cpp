// Writing evaluations as JSON, CSV and .xlsx.
#include "service/evaluation_export.hpp"

#include <fmt/format.h>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <cmath>
#include <map>

#include "calendar/work_calendar.hpp"
#include "service/spreadsheet.hpp"

namespace ug::service {
namespace {

namespace ev = evaluation;
namespace json = boost::json;

double two_decimals(double v) { return std::round(v * 100.0) / 100.0; }

std::string instant(std::int64_t ms, int offset) { return calendar::format_iso8601(ms / 1000, offset); }

json::value optional_number(const std::optional<double>& v) {
  return v ? json::value(two_decimals(*v)) : json::value(nullptr);
}
json::value optional_int(const std::optional<int>& v) { return v ? json::value(*v) : json::value(nullptr); }
json::value optional_instant(const std::optional<std::int64_t>& ms, int offset) {
  return ms ? json::value(instant(*ms, offset)) : json::value(nullptr);
}

json::value value_json(const ev::Value& v) {
  if (const auto* n = std::get_if<std::int64_t>(&v)) return *n;
  const auto& r = std::get<ev::Rate>(v);
  const auto value = r.value();
  return json::object{{"value", value ? json::value(*value) : json::value(nullptr)},
                      {"numerator", r.numerator},
                      {"denominator", r.denominator}};
}

json::object header_json(const Evaluation& e) {
  json::object out{{"kind", ev::to_string(e.kind)},
                   {"kind_zh", ev::zh_name(e.kind)},
                   {"from", instant(e.period.from_ms, e.utc_offset_minutes)},
                   {"to", instant(e.period.to_ms, e.utc_offset_minutes)},
                   {"at", instant(e.at_ms, e.utc_offset_minutes)},
                   {"previous", json::object{{"from", instant(e.previous.from_ms, e.utc_offset_minutes)},
                                             {"to", instant(e.previous.to_ms, e.utc_offset_minutes)}}},
                   {"cases_read", e.cases_read},
                   {"source", e.source},
                   {"provisional", e.provisional}};
  if (e.kind == ev::Kind::region) out["level"] = ev::to_string(e.level);
  return out;
}

json::object indicator_json(const ev::Indicator& i, const ev::Weighting* weighting) {
  json::object out{{"id", i.id},
                   {"zh", i.zh},
                   {"en", i.en},
                   {"type", i.is_rate ? "rate" : "count"},
                   {"better", i.better == ev::Better::higher ? "higher" : "lower"},
                   {"definition", i.definition}};
  if (!i.part_of.empty()) out["part_of"] = i.part_of;
  if (weighting) {
    const auto w = weighting->weights.find(i.id);
    out["weight"] = w == weighting->weights.end() ? json::value(nullptr) : json::value(w->second);
  }
  return out;
}

std::string value_text(const ev::Value& v) {
  if (const auto* n = std::get_if<std::int64_t>(&v)) return std::to_string(*n);
  const auto value = std::get<ev::Rate>(v).value();
  return value ? fmt::format("{:.4f}", *value) : std::string();
}

std::string optional_text(const std::optional<double>& v) { return v ? fmt::format("{:.2f}", *v) : std::string(); }
std::string optional_text(const std::optional<int>& v) { return v ? std::to_string(*v) : std::string(); }

}  // namespace

std::string indicator_catalogue_json() {
  json::array kinds;
  for (const auto kind : ev::kinds()) {
    json::array items;
    for (const auto& i : ev::indicators(kind)) items.push_back(indicator_json(i, nullptr));
    kinds.push_back(
        json::object{{"kind", ev::to_string(kind)}, {"zh", ev::zh_name(kind)}, {"indicators", std::move(items)}});
  }
  return json::serialize(json::object{{"kinds", std::move(kinds)}});
}

std::string evaluation_json(const Evaluation& e) {
  auto out = header_json(e);
  json::array indicators;
  for (const auto& i : ev::indicators(e.kind)) indicators.push_back(indicator_json(i, &e.weighting));
  out["indicators"] = std::move(indicators);
  json::array units;
  const auto all = ev::indicators(e.kind);
  for (const auto& u : e.units) {
    json::object values;
    for (std::size_t i = 0; i < all.size(); ++i) values[all[i].id] = value_json(u.values[i]);
    json::object scores;
    for (const auto& [id, score] : u.composite.scores) scores[id] = optional_number(score);
    units.push_back(json::object{
        {"unit", u.unit},
        {"name", u.name},
        {"rank", optional_int(u.rank)},
        {"composite", optional_number(u.composite.value)},
        {"grade",
         u.composite.grade ? json::value(std::string(1, ev::to_char(*u.composite.grade))) : json::value(nullptr)},
        {"previous_rank", optional_int(u.previous_rank)},
        {"previous_composite", optional_number(u.previous_composite)},
        {"values", std::move(values)},
        {"scores", std::move(scores)},
    });
  }
  out["units"] = std::move(units);
  return json::serialize(out);
}

std::string evaluation_csv(const Evaluation& e) {
  std::string out(kUtf8Bom);
  out += "unit,name,rank,composite,grade,previous_rank,previous_composite";
  for (const auto& i : ev::indicators(e.kind)) out += "," + i.id;
  out += "\r\n";
  for (const auto& u : e.units) {
    out += fmt::format("{},{},{},{},{},{},{}", csv_cell(u.unit), csv_cell(u.name), optional_text(u.rank),
                       optional_text(u.composite.value),
                       u.composite.grade ? std::string(1, ev::to_char(*u.composite.grade)) : std::string(),
                       optional_text(u.previous_rank), optional_text(u.previous_composite));
    for (const auto& v : u.values) out += "," + value_text(v);
    out += "\r\n";
  }
  return out;
}

Result<std::string> evaluation_xlsx(std::span<const Evaluation> evaluations) {
  return workbook_bytes([&](lxw_workbook* book) -> Result<void> {
    lxw_format* bold = workbook_add_format(book);
    format_set_bold(bold);
    lxw_format* percent = workbook_add_format(book);
    format_set_num_format(percent, "0.00%");
    lxw_format* score = workbook_add_format(book);
    format_set_num_format(score, "0.00");

    const auto text = [](lxw_worksheet* sheet, lxw_row_t row, lxw_col_t col, const std::string& s, lxw_format* f) {
      worksheet_write_string(sheet, row, col, s.c_str(), f);
    };
    for (const auto& e : evaluations) {
      lxw_worksheet* sheet = workbook_add_worksheet(book, std::string(ev::zh_name(e.kind)).c_str());
      const auto all = ev::indicators(e.kind);
      const std::vector<std::string> fixed = {"编码", "名称", "排名", "综合得分", "等级", "上期排名", "上期得分"};
      for (std::size_t c = 0; c < fixed.size(); ++c) text(sheet, 0, static_cast<lxw_col_t>(c), fixed[c], bold);
      for (std::size_t i = 0; i < all.size(); ++i) {
        text(sheet, 0, static_cast<lxw_col_t>(fixed.size() + i), all[i].zh, bold);
      }
      worksheet_freeze_panes(sheet, 1, 2);
      lxw_row_t row = 1;
      for (const auto& u : e.units) {
        text(sheet, row, 0, u.unit, nullptr);
        text(sheet, row, 1, u.name, nullptr);
        if (u.rank) worksheet_write_number(sheet, row, 2, *u.rank, nullptr);
        if (u.composite.value) worksheet_write_number(sheet, row, 3, *u.composite.value, score);
        if (u.composite.grade) text(sheet, row, 4, std::string(1, ev::to_char(*u.composite.grade)), nullptr);
        if (u.previous_rank) worksheet_write_number(sheet, row, 5, *u.previous_rank, nullptr);
        if (u.previous_composite) worksheet_write_number(sheet, row, 6, *u.previous_composite, score);
        for (std::size_t i = 0; i < u.values.size(); ++i) {
          const auto col = static_cast<lxw_col_t>(fixed.size() + i);
          if (const auto* n = std::get_if<std::int64_t>(&u.values[i])) {
            worksheet_write_number(sheet, row, col, static_cast<double>(*n), nullptr);
          } else if (const auto value = std::get<ev::Rate>(u.values[i]).value()) {
            worksheet_write_number(sheet, row, col, *value, percent);
          } else {
            text(sheet, row, col, "—", nullptr);
          }
        }
        ++row;
      }
      const auto from = instant(e.period.from_ms, e.utc_offset_minutes);
      const auto to = instant(e.period.to_ms, e.utc_offset_minutes);
      const auto at = instant(e.at_ms, e.utc_offset_minutes);
      text(sheet, row + 1, 0, fmt::format("评价期间 {} 至 {}（不含），评价时点 {}", from, to, at), nullptr);
    }
    lxw_worksheet* definitions = workbook_add_worksheet(book, "指标说明");
    const std::vector<std::string> head = {"对象", "指标编码", "中文名称", "English", "类型", "方向", "权重", "定义"};
    for (std::size_t c = 0; c < head.size(); ++c) text(definitions, 0, static_cast<lxw_col_t>(c), head[c], bold);
    lxw_row_t row = 1;
    for (const auto& e : evaluations) {
      for (const auto& i : ev::indicators(e.kind)) {
        text(definitions, row, 0, std::string(ev::zh_name(e.kind)), nullptr);
        text(definitions, row, 1, i.id, nullptr);
        text(definitions, row, 2, i.zh, nullptr);
        text(definitions, row, 3, i.en, nullptr);
        text(definitions, row, 4, i.is_rate ? "比率" : "计数", nullptr);
        text(definitions, row, 5, i.better == ev::Better::higher ? "越高越好" : "越低越好", nullptr);
        if (const auto w = e.weighting.weights.find(i.id); w != e.weighting.weights.end()) {
          worksheet_write_number(definitions, row, 6, w->second, nullptr);
        }
        text(definitions, row, 7, i.definition, nullptr);
        ++row;
      }
    }
    return {};
  });
}

namespace {

json::object ranked_json(const EvaluatedUnit& u) {
  return json::object{{"unit", u.unit},
                      {"name", u.name},
                      {"rank", optional_int(u.rank)},
                      {"composite", optional_number(u.composite.value)},
                      {"grade", u.composite.grade ? json::value(std::string(1, ev::to_char(*u.composite.grade)))
                                                  : json::value(nullptr)}};
}

}  // namespace

std::string red_black_json(const Evaluation& e, std::size_t n) {
  const auto lists = ev::red_black<EvaluatedUnit>(e.units, n);
  auto out = header_json(e);
  for (const auto& [name, units] : {std::pair{"red", &lists.red}, std::pair{"black", &lists.black}}) {
    json::array items;
    for (const auto& u : *units) items.push_back(ranked_json(u));
    out[name] = std::move(items);
  }
  return json::serialize(out);
}

std::string negative_list_json(const NegativeList& list) {
  const int offset = list.utc_offset_minutes;
  json::array entries;
  std::map<std::string, std::map<std::string, std::int64_t>> counts;
  for (const auto& e : list.entries) {
    entries.push_back(json::object{{"department", e.entry.department},
                                   {"department_name", e.department_name},
                                   {"kind", ev::to_string(e.entry.kind)},
                                   {"kind_zh", ev::zh_name(e.entry.kind)},
                                   {"case_id", e.entry.case_id},
                                   {"at", instant(e.entry.at_ms, offset)}});
    ++counts[e.entry.department][std::string(ev::to_string(e.entry.kind))];
  }
  json::object by_department;
  for (const auto& [department, kinds] : counts) {
    json::object k;
    for (const auto kind : ev::negative_kinds()) {
      const auto n = kinds.find(std::string(ev::to_string(kind)));
      k[ev::to_string(kind)] = n == kinds.end() ? 0 : n->second;
    }
    by_department[department] = std::move(k);
  }
  return json::serialize(json::object{{"from", instant(list.period.from_ms, offset)},
                                      {"to", instant(list.period.to_ms, offset)},
                                      {"at", instant(list.at_ms, offset)},
                                      {"counts", std::move(by_department)},
                                      {"entries", std::move(entries)}});
}

std::string negative_list_csv(const NegativeList& list) {
  std::string out(kUtf8Bom);
  out += "department,department_name,kind,kind_zh,case_id,at\r\n";
  for (const auto& e : list.entries) {
    out += fmt::format("{},{},{},{},{},{}\r\n", csv_cell(e.entry.department), csv_cell(e.department_name),
                       ev::to_string(e.entry.kind), ev::zh_name(e.entry.kind), csv_cell(e.entry.case_id),
                       instant(e.entry.at_ms, list.utc_offset_minutes));
  }
  return out;
}

std::string analysis_json(const Analysis& a) {
  const int offset = a.utc_offset_minutes;
  const auto name_of = [&](const std::string& code) -> json::value {
    const auto found = a.names.find(code);
    return found == a.names.end() ? json::value(nullptr) : json::value(found->second);
  };
  json::array trends;
  for (const auto& p : a.trends) {
    trends.push_back(json::object{{"bucket", p.bucket},
                                  {"key", p.key},
                                  {"name", name_of(p.key)},
                                  {"reported", p.reported},
                                  {"registered", p.registered},
                                  {"closed", p.closed}});
  }
  json::array mix;
  for (const auto& m : a.category_mix) {
    mix.push_back(json::object{{"category", m.category_code},
                               {"name", name_of(m.category_code)},
                               {"reported", m.reported},
                               {"share", value_json(ev::Value(m.share))}});
  }
  json::array spots;
  for (const auto& h : a.hot_spots) {
    spots.push_back(json::object{{"grid", h.grid_code},
                                 {"grid_name", name_of(h.grid_code)},
                                 {"category", h.category_code},
                                 {"category_name", name_of(h.category_code)},
                                 {"count", h.count},
                                 {"first", instant(h.first_ms, offset)},
                                 {"last", instant(h.last_ms, offset)},
                                 {"cases", json::array(h.case_ids.begin(), h.case_ids.end())}});
  }
  json::array hours;
  for (const auto& day : a.busiest_hours) hours.push_back(json::array(day.begin(), day.end()));
  json::array stages;
  for (const auto& d : a.stage_durations) {
    const auto optional_seconds = [](const std::optional<std::int64_t>& v) {
      return v ? json::value(*v) : json::value(nullptr);
    };
    stages.push_back(json::object{{"stage", d.stage},
                                  {"count", d.count},
                                  {"mean_working_seconds", d.mean_s ? json::value(*d.mean_s) : json::value(nullptr)},
                                  {"p50_working_seconds", optional_seconds(d.p50_s)},
                                  {"p90_working_seconds", optional_seconds(d.p90_s)},
                                  {"max_working_seconds", optional_seconds(d.max_s)}});
  }
  return json::serialize(json::object{{"from", instant(a.period.from_ms, offset)},
                                      {"to", instant(a.period.to_ms, offset)},
                                      {"at", instant(a.at_ms, offset)},
                                      {"trends", std::move(trends)},
                                      {"category_mix", std::move(mix)},
                                      {"hot_spots", std::move(spots)},
                                      {"busiest_hours", std::move(hours)},
                                      {"stage_durations", std::move(stages)}});
}

namespace {

json::object drilled_json(const DrilledCase& d, int offset) {
  const auto& c = d.at;
  return json::object{{"id", c.id},
                      {"numerator", d.numerator},
                      {"denominator", d.denominator},
                      {"channel", c.channel},
                      {"category", c.category_code},
                      {"grid", c.grid_code},
                      {"department", c.department},
                      {"open", c.open},
                      {"reported_at", instant(c.reported_at_ms, offset)},
                      {"registered_at", optional_instant(c.registered_at_ms, offset)},
                      {"handled_at", optional_instant(c.handled_at_ms, offset)},
                      {"handling_due", optional_instant(c.handling_due_ms, offset)},
                      {"closed_at", optional_instant(c.closed_at_ms, offset)},
                      {"overall_due", optional_instant(c.overall_due_ms, offset)},
                      {"rework_count", c.rework_count}};
}

std::string optional_cell(const std::optional<std::int64_t>& ms, int offset) {
  return ms ? instant(*ms, offset) : std::string();
}

}  // namespace

std::string drill_down_json(const DrillDown& d) {
  const auto& e = d.evaluation;
  auto out = header_json(e);
  const auto& indicator = ev::indicators(e.kind)[d.indicator];
  out["unit"] = d.unit;
  out["indicator"] = indicator_json(indicator, nullptr);
  const auto unit =
      std::find_if(e.units.begin(), e.units.end(), [&](const EvaluatedUnit& u) { return u.unit == d.unit; });
  out["name"] = unit == e.units.end() ? "" : unit->name;
  out["value"] = unit == e.units.end() ? json::value(nullptr) : value_json(unit->values[d.indicator]);
  json::array cases;
  for (const auto& c : d.cases) cases.push_back(drilled_json(c, e.utc_offset_minutes));
  out["cases"] = std::move(cases);
  return json::serialize(out);
}

std::string drill_down_csv(const DrillDown& d) {
  const int offset = d.evaluation.utc_offset_minutes;
  std::string out(kUtf8Bom);
  out +=
      "case_id,numerator,denominator,channel,category,grid,department,open,reported_at,registered_at,handled_at,"
      "handling_due,closed_at,overall_due,rework_count\r\n";
  for (const auto& dc : d.cases) {
    const auto& c = dc.at;
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\r\n", csv_cell(c.id), dc.numerator, dc.denominator,
                       csv_cell(c.channel), csv_cell(c.category_code), csv_cell(c.grid_code), csv_cell(c.department),
                       c.open ? "true" : "false", instant(c.reported_at_ms, offset),
                       optional_cell(c.registered_at_ms, offset), optional_cell(c.handled_at_ms, offset),
                       optional_cell(c.handling_due_ms, offset), optional_cell(c.closed_at_ms, offset),
                       optional_cell(c.overall_due_ms, offset), c.rework_count);
  }
  return out;
}

}  // namespace ug::service
