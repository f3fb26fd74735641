// The indicator table per kind and the evaluation and drill-down that read it.
#include "evaluation/catalogue.hpp"

#include <algorithm>
#include <array>
#include <functional>

#include "evaluation/people.hpp"
#include "workflow/workflow.hpp"

namespace ug::evaluation {
namespace {

constexpr std::array<Kind, 6> kKinds = {Kind::region,    Kind::department,   Kind::supervisor,
                                        Kind::operator_, Kind::shift_leader, Kind::dispatcher};

struct KindName {
  Kind kind;
  std::string_view id, zh, en;
};
// clang-format off
constexpr std::array<KindName, 6> kKindNames = {{
    {.kind = Kind::region, .id = "region", .zh = "区域", .en = "region"},
    {.kind = Kind::department, .id = "department", .zh = "专业部门", .en = "department"},
    {.kind = Kind::supervisor, .id = "supervisor", .zh = "监督员", .en = "supervisor"},
    {.kind = Kind::operator_, .id = "operator", .zh = "受理员", .en = "operator"},
    {.kind = Kind::shift_leader, .id = "shift_leader", .zh = "值班长", .en = "shift leader"},
    {.kind = Kind::dispatcher, .id = "dispatcher", .zh = "派遣员", .en = "dispatcher"},
}};
// clang-format on

constexpr std::array<std::pair<RegionLevel, std::string_view>, 4> kLevels = {{{RegionLevel::district, "district"},
                                                                              {RegionLevel::street, "street"},
                                                                              {RegionLevel::community, "community"},
                                                                              {RegionLevel::grid, "grid"}}};

std::string channel_zh(std::string_view channel) { return std::string(workflow::channel_zh(channel)); }

template <class Figures>
struct Entry {
  Indicator meta;
  std::function<Value(const Figures&)> get;
};

template <class Figures>
struct Table {
  std::vector<Entry<Figures>> entries;
  std::vector<Indicator> metas;
  explicit Table(std::vector<Entry<Figures>> e) : entries(std::move(e)) {
    for (const auto& entry : entries) metas.push_back(entry.meta);
  }
};

Indicator count(std::string id, std::string zh, std::string en, std::string definition,
                Better better = Better::higher) {
  return {std::move(id), std::move(zh), std::move(en), std::move(definition), false, better, {}};
}
Indicator rate(std::string id, std::string zh, std::string en, std::string definition, Better better = Better::higher) {
  return {std::move(id), std::move(zh), std::move(en), std::move(definition), true, better, {}};
}

const Table<RegionFigures>& region_table() {
  static const Table<RegionFigures> table = [] {
    using F = RegionFigures;
    std::vector<Entry<F>> e = {
        {count("reported", "上报数", "Reports", "期内上报的问题数（按上报时间，含各渠道）"),
         [](const F& f) { return Value(f.reported); }},
    };
    for (const auto channel : workflow::channels()) {
      const std::string id(channel);
      auto meta = count("reported_" + id, "上报数·" + channel_zh(channel),
                        "Reports: " + std::string(workflow::channel_en(channel)),
                        "期内经“" + channel_zh(channel) + "”渠道上报的问题数");
      meta.part_of = "reported";
      e.push_back({std::move(meta), [id](const F& f) {
                     const auto n = f.reported_by_channel.find(id);
                     return Value(n == f.reported_by_channel.end() ? std::int64_t{0} : n->second);
                   }});
    }
    const std::vector<Entry<F>> rest = {
        {count("supervisor_reports", "监督员上报数", "Supervisor reports", "期内监督员巡查上报的问题数"),
         [](const F& f) { return Value(f.supervisor_reports); }},
        {count("public_reports", "公众举报数", "Public reports",
               "期内经公众渠道（两条热线、随手拍、媒体、社会监督员、Open311）上报的问题数"),
         [](const F& f) { return Value(f.public_reports); }},
        {count("missed_by_patrol", "漏报数", "Missed by patrol",
               "期内核实属实的公众举报中，未并入监督员此前上报案件的数量（巡查未先发现）", Better::lower),
         [](const F& f) { return Value(f.missed_by_patrol); }},
        {count("registered", "立案数", "Registered", "期内立案的案件数（自处理案件按上报时立案计）"),
         [](const F& f) { return Value(f.closure.registered); }},
        {count("closed", "结案数", "Closed", "期内立案、至评价时点已结案的案件数"),
         [](const F& f) { return Value(f.closure.closed); }},
        {count("due_to_close", "应结案数", "Due to close",
               "期内立案的案件中，至评价时点已结案的，加上未结案且总时限已到的"),
         [](const F& f) { return Value(f.closure.due_to_close); }},
        {count("closed_on_time", "按期结案数", "Closed on time",
               "已结案且结案不晚于总时限（处置时限 + 核查时限 + 结案时限）的案件数"),
         [](const F& f) { return Value(f.closure.closed_on_time); }},
        {rate("close_rate", "结案率", "Close rate", "结案数 / 应结案数"),
         [](const F& f) { return Value(f.closure.close_rate); }},
        {rate("on_time_close_rate", "按期结案率", "On-time close rate", "按期结案数 / 应结案数"),
         [](const F& f) { return Value(f.closure.on_time_close_rate); }},
        {rate("satisfaction_rate", "满意率", "Satisfaction rate",
              "（满意 + 基本满意）/ 期内记录的回访数（按回访时间）"),
         [](const F& f) { return Value(f.satisfaction); }},
    };
    e.insert(e.end(), rest.begin(), rest.end());
    return Table<F>(std::move(e));
  }();
  return table;
}

const Table<DepartmentFigures>& department_table() {
  using F = DepartmentFigures;
  static const Table<F> table({
      {count("due_to_handle", "应处置数", "Due to handle",
             "期内立案、最后一次派遣给本部门的案件中，至评价时点已处置的，加上未处置且处置时限已到的"),
       [](const F& f) { return Value(f.due_to_handle); }},
      {count("handled", "处置数", "Handled", "至评价时点已处置（最后一次处置完成后未被核查退回）的案件数"),
       [](const F& f) { return Value(f.handled); }},
      {count("handled_on_time", "按期处置数", "Handled on time", "处置完成不晚于当时有效的处置时限的案件数"),
       [](const F& f) { return Value(f.handled_on_time); }},
      {count("handled_late", "超期处置数", "Handled late", "处置完成晚于处置时限的案件数", Better::lower),
       [](const F& f) { return Value(f.handled_late); }},
      {count("overdue_unhandled", "超期未处置数", "Overdue, not handled", "至评价时点未处置且处置时限已过的案件数",
             Better::lower),
       [](const F& f) { return Value(f.overdue_unhandled); }},
      {count("reworked", "返工数", "Reworked", "已处置案件中至少一次核查不通过（返工）的案件数", Better::lower),
       [](const F& f) { return Value(f.reworked); }},
      {count("returned", "回退数", "Returned", "期内立案、经批准由本部门回退的案件数（不计入本部门其他指标）",
             Better::lower),
       [](const F& f) { return Value(f.returned); }},
      {rate("handle_rate", "处置率", "Handle rate", "处置数 / 应处置数"),
       [](const F& f) { return Value(f.handle_rate); }},
      {rate("on_time_handle_rate", "按期处置率", "On-time handle rate", "按期处置数 / 应处置数"),
       [](const F& f) { return Value(f.on_time_handle_rate); }},
      {rate("rework_rate", "返工率", "Rework rate", "返工数 / 处置数", Better::lower),
       [](const F& f) { return Value(f.rework_rate); }},
      {rate("satisfaction_rate", "满意率", "Satisfaction rate",
            "（满意 + 基本满意）/ 期内对最后派遣给本部门的案件记录的回访数"),
       [](const F& f) { return Value(f.satisfaction); }},
  });
  return table;
}

const Table<SupervisorFigures>& supervisor_table() {
  using F = SupervisorFigures;
  static const Table<F> table({
      {count("reported", "上报数", "Reports", "本人期内巡查上报的问题数"),
       [](const F& f) { return Value(f.reported); }},
      {count("valid_reports", "有效上报数", "Valid reports", "上报数中至评价时点已立案的（含自处理）"),
       [](const F& f) { return Value(f.valid_reports); }},
      {rate("valid_report_rate", "有效上报率", "Valid report rate", "有效上报数 / 上报数"),
       [](const F& f) { return Value(f.valid_report_rate); }},
      {count("missed_by_patrol", "漏报数", "Missed by patrol",
             "本人责任网格内期内核实属实、未并入监督员此前上报的公众举报数", Better::lower),
       [](const F& f) { return Value(f.missed_by_patrol); }},
      {rate("missed_rate", "漏报率", "Missed rate", "漏报数 /（有效上报数 + 漏报数）", Better::lower),
       [](const F& f) { return Value(f.missed_rate); }},
      {count("verifications", "核实数", "Verifications", "本人期内完成的核实任务数"),
       [](const F& f) { return Value(f.verifications); }},
      {rate("on_time_verify_rate", "按时核实率", "On-time verification rate", "在核实时限内完成的核实数 / 核实数"),
       [](const F& f) { return Value(f.on_time_verify_rate); }},
      {count("checks", "核查数", "Checks", "本人期内完成的核查任务数（通过或不通过）"),
       [](const F& f) { return Value(f.checks); }},
      {rate("on_time_check_rate", "按时核查率", "On-time check rate",
            "在核查时限（自处置完成起算）内完成的核查数 / 核查数"),
       [](const F& f) { return Value(f.on_time_check_rate); }},
  });
  return table;
}

const Table<OperatorFigures>& operator_table() {
  using F = OperatorFigures;
  static const Table<F> table({
      {count("accepted", "受理数", "Accepted", "本人期内处理的待受理问题数（受理、派核实、不予受理、合并）"),
       [](const F& f) { return Value(f.accepted); }},
      {count("accepted_on_time", "按时受理数", "Accepted on time", "在受理时限内处理的"),
       [](const F& f) { return Value(f.accepted_on_time); }},
      {rate("on_time_accept_rate", "按时受理率", "On-time acceptance rate", "按时受理数 / 受理数"),
       [](const F& f) { return Value(f.on_time_accept_rate); }},
  });
  return table;
}

const Table<ShiftLeaderFigures>& shift_leader_table() {
  using F = ShiftLeaderFigures;
  static const Table<F> table({
      {count("registered", "立案数", "Registered", "本人期内立案的案件数"),
       [](const F& f) { return Value(f.registered); }},
      {count("voided", "作废数", "Voided", "本人期内立案、至评价时点已作废的案件数", Better::lower),
       [](const F& f) { return Value(f.voided); }},
      {rate("accurate_register_rate", "准确立案率", "Accurate registration rate", "（立案数 − 作废数）/ 立案数"),
       [](const F& f) { return Value(f.accurate_register_rate); }},
      {count("register_decisions", "立案审核数", "Registration decisions",
             "本人期内完成的待立案审核（立案或不予立案）"),
       [](const F& f) { return Value(f.register_decisions); }},
      {rate("on_time_register_rate", "按时立案率", "On-time registration rate",
            "在立案时限内完成的审核数 / 立案审核数"),
       [](const F& f) { return Value(f.on_time_register_rate); }},
      {count("closes", "结案数", "Closes", "本人期内结案的次数"), [](const F& f) { return Value(f.closes); }},
      {rate("on_time_close_rate", "按时结案率", "On-time close rate", "在结案时限内结案的次数 / 结案数"),
       [](const F& f) { return Value(f.on_time_close_rate); }},
  });
  return table;
}

const Table<DispatcherFigures>& dispatcher_table() {
  using F = DispatcherFigures;
  static const Table<F> table({
      {count("dispatched", "派遣数", "Dispatched", "本人期内的派遣次数"),
       [](const F& f) { return Value(f.dispatched); }},
      {count("returned", "回退数", "Returned", "本人期内的派遣中，至评价时点经批准回退的", Better::lower),
       [](const F& f) { return Value(f.returned); }},
      {rate("accurate_dispatch_rate", "准确派遣率", "Accurate dispatch rate", "（派遣数 − 回退数）/ 派遣数"),
       [](const F& f) { return Value(f.accurate_dispatch_rate); }},
      {count("dispatch_decisions", "派遣处理数", "Dispatch tasks", "本人期内完成的待派遣任务数"),
       [](const F& f) { return Value(f.dispatch_decisions); }},
      {rate("on_time_dispatch_rate", "按时派遣率", "On-time dispatch rate",
            "在派遣时限内完成的派遣任务数 / 派遣处理数"),
       [](const F& f) { return Value(f.on_time_dispatch_rate); }},
  });
  return table;
}

template <class Figures>
std::vector<UnitValues> rows_of(const Table<Figures>& table, const std::map<std::string, Figures>& figures) {
  std::vector<UnitValues> out;
  out.reserve(figures.size());
  for (const auto& [unit, f] : figures) {
    UnitValues row{unit, {}};
    row.values.reserve(table.entries.size());
    for (const auto& entry : table.entries) row.values.push_back(entry.get(f));
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace

std::span<const Kind> kinds() { return kKinds; }

std::string_view to_string(Kind kind) { return kKindNames[static_cast<std::size_t>(kind)].id; }
std::string_view zh_name(Kind kind) { return kKindNames[static_cast<std::size_t>(kind)].zh; }
std::string_view en_name(Kind kind) { return kKindNames[static_cast<std::size_t>(kind)].en; }

std::optional<Kind> parse_kind(std::string_view text) {
  for (const auto& k : kKindNames) {
    if (k.id == text) return k.kind;
  }
  return std::nullopt;
}

std::string_view to_string(RegionLevel level) { return kLevels[static_cast<std::size_t>(level)].second; }

std::optional<RegionLevel> parse_region_level(std::string_view text) {
  for (const auto& [level, name] : kLevels) {
    if (name == text) return level;
  }
  return std::nullopt;
}

std::span<const Indicator> indicators(Kind kind) {
  switch (kind) {
    case Kind::region:
      return region_table().metas;
    case Kind::department:
      return department_table().metas;
    case Kind::supervisor:
      return supervisor_table().metas;
    case Kind::operator_:
      return operator_table().metas;
    case Kind::shift_leader:
      return shift_leader_table().metas;
    case Kind::dispatcher:
      break;
  }
  return dispatcher_table().metas;
}

std::optional<std::size_t> indicator_index(Kind kind, std::string_view id) {
  const auto all = indicators(kind);
  const auto found = std::find_if(all.begin(), all.end(), [&](const Indicator& i) { return i.id == id; });
  if (found == all.end()) return std::nullopt;
  return static_cast<std::size_t>(found - all.begin());
}

std::vector<UnitValues> evaluate(Kind kind, const Counts& counts, const Context& context) {
  switch (kind) {
    case Kind::region:
      return rows_of(region_table(), region_figures(counts, context.level));
    case Kind::department:
      return rows_of(department_table(), department_figures(counts));
    case Kind::supervisor:
      return rows_of(supervisor_table(), supervisor_figures(counts, context.supervisor_grids));
    case Kind::operator_:
      return rows_of(operator_table(), operator_figures(counts));
    case Kind::shift_leader:
      return rows_of(shift_leader_table(), shift_leader_figures(counts));
    case Kind::dispatcher:
      break;
  }
  return rows_of(dispatcher_table(), dispatcher_figures(counts));
}

std::vector<UnitValues> evaluate(Kind kind, std::span<const CaseAt> cases, const Period& period, std::int64_t at_ms,
                                 const Context& context) {
  return evaluate(kind, count(cases, period, at_ms), context);
}

std::vector<CountedCase> counted_cases(Kind kind, std::string_view unit, std::size_t indicator,
                                       std::span<const CaseAt> cases, const Period& period, std::int64_t at_ms,
                                       const Context& context) {
  // Each case evaluated on its own: the figures are sums over cases, so a case counts in the
  // whole figure exactly as much as it counts alone — the list cannot drift from the figure.
  Context alone = context;
  if (kind == Kind::supervisor) {  // only the disputed supervisor's grids matter
    alone.supervisor_grids.clear();
    if (const auto grids = context.supervisor_grids.find(std::string(unit)); grids != context.supervisor_grids.end()) {
      alone.supervisor_grids.insert(*grids);
    }
  }
  std::vector<CountedCase> out;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const auto rows = evaluate(kind, cases.subspan(i, 1), period, at_ms, alone);
    const auto row = std::find_if(rows.begin(), rows.end(), [&](const UnitValues& r) { return r.unit == unit; });
    if (row == rows.end() || indicator >= row->values.size()) continue;
    const auto& value = row->values[indicator];
    if (const auto* n = std::get_if<std::int64_t>(&value)) {
      if (*n > 0) out.push_back({cases[i].id, *n, 0});
    } else if (const auto& r = std::get<Rate>(value); r.denominator > 0) {
      out.push_back({cases[i].id, r.numerator, r.denominator});
    }
  }
  return out;
}

}  // namespace ug::evaluation
