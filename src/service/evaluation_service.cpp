// Evaluation over the stored events: the read, the scope, names, weights and the drill-down.
#include "service/evaluation_service.hpp"

#include <algorithm>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <cmath>
#include <limits>
#include <set>
#include <span>

#include "calendar/work_calendar.hpp"
#include "evaluation/deltas.hpp"
#include "service/audit_log.hpp"
#include "service/case_reports.hpp"
#include "workflow/supervision.hpp"

namespace ug::service {

namespace ev = evaluation;

struct EvaluationService::Loaded {
  ev::Period period, previous;
  std::int64_t at_ms = 0;
  ev::RegionLevel level = ev::RegionLevel::district;
  std::vector<ev::CaseAt> now, before;  // in the caller's scope, at T and at the previous period's end
  // Or, read from the running totals, the counts of the period at T and of the previous period.
  std::optional<ev::Counts> counts_now, counts_before;
  ev::Context context;
  std::map<std::string, std::string> region_names, department_names, people_names, category_names;
  std::map<ev::Kind, WeightingInForce> weightings;
  std::int64_t cases_read = 0;
  std::string source = "events";
  bool provisional = false;
  int utc_offset_minutes = 480;
};

namespace {

constexpr int kCasesPerRead = 2000;

// Whether the caller's scope is the whole deployment (every region, every department).
bool sees_everything(const access::Principal& caller) {
  return caller.department_scopes.empty() && std::find(caller.region_scopes.begin(), caller.region_scopes.end(),
                                                       access::kEverywhere) != caller.region_scopes.end();
}

bool case_in_scope(const access::Principal& caller, const ev::CaseAt& c) {
  return access::sees_region(caller, c.grid_code) && access::sees_department(caller, c.department);
}

// Rows the caller may see: regions within their region scope, departments within their
// department scope; people's rows are figures over the cases in scope already.
bool unit_in_scope(const access::Principal& caller, ev::Kind kind, const std::string& unit) {
  switch (kind) {
    case ev::Kind::region:
      return access::sees_region(caller, unit);
    case ev::Kind::department:
      return access::sees_department(caller, unit);
    default:
      return true;
  }
}

ev::Weighting from_records(const std::vector<storage::EvaluationWeightRecord>& weights,
                           const std::vector<storage::EvaluationBandRecord>& bands) {
  ev::Weighting w;
  for (const auto& r : weights) w.weights[r.indicator] = static_cast<double>(r.weight_centi) / 100.0;
  for (const auto& b : bands) {
    w.bands[b.indicator].push_back({b.at_least, static_cast<double>(b.score_centi) / 100.0});
  }
  return w;
}

std::int64_t centi(double value) { return std::llround(value * 100.0); }

}  // namespace

Result<std::int64_t> period_bound(std::string_view text, int utc_offset_minutes, bool end_of_day) {
  if (calendar::is_iso_date(text)) {
    const auto number = [&](std::size_t at, std::size_t n) { return std::stoi(std::string(text.substr(at, n))); };
    const std::chrono::year_month_day date{std::chrono::year{number(0, 4)},
                                           std::chrono::month{static_cast<unsigned>(number(5, 2))},
                                           std::chrono::day{static_cast<unsigned>(number(8, 2))}};
    const std::int64_t day = std::chrono::sys_days{date}.time_since_epoch().count() + (end_of_day ? 1 : 0);
    return (day * 86'400 - std::int64_t{utc_offset_minutes} * 60) * 1000;
  }
  auto instant = calendar::parse_iso8601(text);
  if (!instant) {
    return fail(Error(ErrorCode::validation_failed, "evaluation.bad_period_bound").with("value", std::string(text)));
  }
  return *instant * 1000;
}

EvaluationService::EvaluationService(storage::Database& db, CalendarService& calendar, EvaluationSettings settings)
    : db_(db), calendar_(calendar), settings_(std::move(settings)), totals_(calendar, settings_.limits) {}

Result<EvaluationService::WeightingInForce> EvaluationService::weighting_in_force(storage::Transaction& tx,
                                                                                  ev::Kind kind) const {
  const auto id = std::string(ev::to_string(kind));
  UG_TRY_ASSIGN(auto weights, tx.evaluation_settings().weights(id));
  if (!weights.empty()) {
    UG_TRY_ASSIGN(auto bands, tx.evaluation_settings().bands(id));
    return WeightingInForce{from_records(weights, bands), "stored"};
  }
  if (const auto file = settings_.weightings.find(kind); file != settings_.weightings.end()) {
    return WeightingInForce{file->second, "file"};
  }
  return WeightingInForce{ev::default_weighting(kind), "default"};
}

Result<EvaluationService::Loaded> EvaluationService::load(const access::Principal& caller, const EvaluationQuery& query,
                                                          const Needs& needs) {
  UG_TRY(access::require(caller, access::Permission::view_evaluation));
  if (query.as_file) UG_TRY(access::require(caller, access::Permission::export_data));
  if (query.to_ms <= query.from_ms) return fail(ErrorCode::validation_failed, "evaluation.period_end_before_start");
  Loaded out;
  out.period = {query.from_ms, query.to_ms};
  out.at_ms = query.at_ms.value_or(std::min(query.to_ms, settings_.clock()));
  if (out.at_ms < query.from_ms) return fail(ErrorCode::validation_failed, "evaluation.at_before_period");
  out.previous = {query.from_ms - (query.to_ms - query.from_ms), query.from_ms};
  out.level = query.level;
  out.context.level = query.level;
  const auto calendar = calendar_.current();
  out.utc_offset_minutes = calendar->config().utc_offset_minutes;

  // Cases with no event since the (previous) period began cannot count; a case is folded at T only
  // when it had an event in the period or since, and at the previous period's end only when that
  // is asked for and it was reported by then.
  const auto fold_cases = [&](storage::Transaction& tx) -> Result<void> {
    std::vector<ev::CaseAt> now, before;
    CaseReports reports(tx);  // every case read, and merge targets outside the window
    const auto fold = [&](std::span<const workflow::CaseEvent> events) -> Result<void> {
      ++out.cases_read;
      const auto& first = events.front();
      reports.note(first);
      const auto fold_at = [&](std::int64_t at, std::vector<ev::CaseAt>& into) -> Result<void> {
        UG_TRY_ASSIGN(auto c, ev::case_at(events, at, *calendar, settings_.limits));
        into.push_back(std::move(c));
        return {};
      };
      if (first.at_ms <= out.at_ms && events.back().at_ms >= out.period.from_ms) UG_TRY(fold_at(out.at_ms, now));
      if (needs.previous && first.at_ms <= out.previous.to_ms) UG_TRY(fold_at(out.previous.to_ms, before));
      return {};
    };
    std::string after;
    for (;;) {
      UG_TRY_ASSIGN(auto page,
                    tx.cases().histories(after, out.at_ms, needs.previous ? out.previous.from_ms : out.period.from_ms,
                                         kCasesPerRead));
      int cases = 0;
      const std::span<const workflow::CaseEvent> all(page);
      for (std::size_t first = 0; first < all.size();) {
        std::size_t last = first + 1;
        while (last < all.size() && all[last].case_id == all[first].case_id) ++last;
        UG_TRY(fold(all.subspan(first, last - first)));
        after = all[first].case_id;
        ++cases;
        first = last;
      }
      if (cases < kCasesPerRead) break;
    }
    // Merge targets outside the window still decide 漏报 (a supervisor's report found first).
    const auto report_of = [&](const std::string& id) { return reports.find(id); };
    ev::link_merges(now, report_of);
    ev::link_merges(before, report_of);
    UG_TRY(reports.status());
    for (auto& c : now) {
      if (case_in_scope(caller, c)) out.now.push_back(std::move(c));
    }
    for (auto& c : before) {
      if (case_in_scope(caller, c)) out.before.push_back(std::move(c));
    }
    out.counts_now = ev::count(out.now, out.period, out.at_ms);
    if (needs.previous) out.counts_before = ev::count(out.before, out.previous, out.previous.to_ms);
    return {};
  };

  // The running totals give whole-day figures at a midnight for a caller who sees everything.
  const auto midnight = [&](std::int64_t ms) {
    return ev::local_day(ms, out.utc_offset_minutes) != ev::local_day(ms - 1, out.utc_offset_minutes);
  };
  const bool regions_kept = EvaluationTotals::keeps(out.level) ||
                            std::find(needs.kinds.begin(), needs.kinds.end(), ev::Kind::region) == needs.kinds.end();
  const bool from_totals = settings_.use_totals && !needs.cases && regions_kept && midnight(out.period.from_ms) &&
                           midnight(out.period.to_ms) && midnight(out.at_ms) && sees_everything(caller);

  UG_TRY(db_.read([&](storage::Transaction& tx) -> Result<void> {
    UG_TRY_ASSIGN(auto totals_hold, from_totals ? totals_.current(tx) : Result<bool>(false));
    if (totals_hold) {
      const auto day = [&](std::int64_t ms) { return ev::local_day(ms, out.utc_offset_minutes); };
      UG_TRY_ASSIGN(out.counts_now, EvaluationTotals::counts(tx, needs.kinds, out.level, day(out.period.from_ms),
                                                             day(out.period.to_ms), day(out.at_ms)));
      if (needs.previous) {
        UG_TRY_ASSIGN(out.counts_before, EvaluationTotals::counts(tx, needs.kinds, out.level, day(out.previous.from_ms),
                                                                  day(out.previous.to_ms), day(out.previous.to_ms)));
      }
      out.source = "totals";
    } else {
      UG_TRY(fold_cases(tx));
    }
    out.provisional = ev::is_provisional(*out.counts_now);

    const auto needs_kind = [&](ev::Kind kind) {
      return std::find(needs.kinds.begin(), needs.kinds.end(), kind) != needs.kinds.end();
    };
    if (needs_kind(ev::Kind::region) || needs.grid_and_category_names) {
      UG_TRY_ASSIGN(auto divisions, tx.divisions().all());
      for (const auto& d : divisions) out.region_names.emplace(d.code, d.name);
    }
    if ((needs_kind(ev::Kind::region) && query.level == ev::RegionLevel::grid) || needs.grid_and_category_names) {
      UG_TRY_ASSIGN(auto grids, tx.grids().names());
      for (auto& [code, name] : grids) out.region_names.emplace(std::move(code), std::move(name));
    }
    if (needs.grid_and_category_names) {
      UG_TRY_ASSIGN(auto categories, tx.categories().all());
      for (const auto& c : categories) {
        if (c.kind == "matter") out.category_names.emplace(c.code, c.name);
      }
    }
    if (needs_kind(ev::Kind::department)) {
      UG_TRY_ASSIGN(auto units, tx.org_units().all());
      for (const auto& u : units) out.department_names.emplace(u.id, u.name);
    }
    const bool people = std::any_of(needs.kinds.begin(), needs.kinds.end(),
                                    [](ev::Kind k) { return k != ev::Kind::region && k != ev::Kind::department; });
    if (people) {
      UG_TRY_ASSIGN(auto users, tx.users().all());
      for (const auto& u : users) {
        out.people_names.emplace(u.username, u.display_name);
        const bool supervisor = std::find(u.roles.begin(), u.roles.end(), "supervisor") != u.roles.end();
        if (supervisor && u.active) out.context.supervisor_grids.emplace(u.username, u.region_scopes);
      }
    }
    for (const auto kind : needs.kinds) {
      UG_TRY_ASSIGN(auto w, weighting_in_force(tx, kind));
      out.weightings.emplace(kind, std::move(w));
    }
    return {};
  }));
  return out;
}

Result<Evaluation> EvaluationService::evaluate_loaded(const Loaded& loaded, ev::Kind kind,
                                                      const access::Principal& caller) {
  Evaluation out;
  out.kind = kind;
  out.period = loaded.period;
  out.at_ms = loaded.at_ms;
  out.level = loaded.level;
  out.previous = loaded.previous;
  out.weighting = loaded.weightings.at(kind).weighting;
  out.cases_read = loaded.cases_read;
  out.source = loaded.source;
  out.provisional = loaded.provisional;
  out.utc_offset_minutes = loaded.utc_offset_minutes;
  const auto scoped = [&](std::vector<ev::UnitValues> rows) {
    std::erase_if(rows, [&](const ev::UnitValues& r) { return !unit_in_scope(caller, kind, r.unit); });
    return rows;
  };
  const auto now = scoped(ev::evaluate(kind, *loaded.counts_now, loaded.context));
  const auto before = scoped(loaded.counts_before ? ev::evaluate(kind, *loaded.counts_before, loaded.context)
                                                  : std::vector<ev::UnitValues>{});
  std::map<std::string, const ev::UnitValues*> by_unit;
  for (const auto& r : now) by_unit.emplace(r.unit, &r);
  const auto& names = kind == ev::Kind::region       ? loaded.region_names
                      : kind == ev::Kind::department ? loaded.department_names
                                                     : loaded.people_names;
  for (auto& ranked : ev::rank(kind, now, before, out.weighting)) {
    EvaluatedUnit u;
    u.unit = ranked.unit;
    if (const auto name = names.find(ranked.unit); name != names.end()) u.name = name->second;
    u.values = by_unit.at(ranked.unit)->values;
    u.composite = std::move(ranked.composite);
    u.rank = ranked.rank;
    u.previous_rank = ranked.previous_rank;
    u.previous_composite = ranked.previous_value;
    out.units.push_back(std::move(u));
  }
  return out;
}

Result<Evaluation> EvaluationService::evaluate(const access::Principal& caller, const EvaluationQuery& query) {
  UG_TRY_ASSIGN(auto loaded, load(caller, query, {{query.kind}, true, false, false}));
  return evaluate_loaded(loaded, query.kind, caller);
}

Result<std::vector<Evaluation>> EvaluationService::evaluate_all(const access::Principal& caller,
                                                                EvaluationQuery query) {
  UG_TRY_ASSIGN(auto loaded, load(caller, query, {{ev::kinds().begin(), ev::kinds().end()}, true, false, false}));
  std::vector<Evaluation> out;
  for (const auto kind : ev::kinds()) {
    UG_TRY_ASSIGN(auto e, evaluate_loaded(loaded, kind, caller));
    out.push_back(std::move(e));
  }
  return out;
}

Result<DrillDown> EvaluationService::drill_down(const access::Principal& caller, const EvaluationQuery& query,
                                                const std::string& unit, const std::string& indicator) {
  const auto index = ev::indicator_index(query.kind, indicator);
  if (!index) {
    return fail(Error(ErrorCode::validation_failed, "evaluation.no_such_indicator")
                    .with_word("kind_name", ev::zh_name(query.kind), ev::en_name(query.kind))
                    .with("indicator", indicator));
  }
  UG_TRY(access::require(caller, access::Permission::view_evaluation));
  if (!unit_in_scope(caller, query.kind, unit)) return fail(ErrorCode::not_found, {});
  UG_TRY_ASSIGN(auto loaded, load(caller, query, {{query.kind}, false, false}));
  UG_TRY_ASSIGN(auto evaluation, evaluate_loaded(loaded, query.kind, caller));
  DrillDown out{std::move(evaluation), unit, *index, {}};
  const auto counted =
      ev::counted_cases(query.kind, unit, *index, loaded.now, loaded.period, loaded.at_ms, loaded.context);
  std::map<std::string_view, const ev::CaseAt*> by_id;
  for (const auto& c : loaded.now) by_id.emplace(c.id, &c);
  for (const auto& c : counted) out.cases.push_back({*by_id.at(c.case_id), c.numerator, c.denominator});
  return out;
}

Result<NegativeList> EvaluationService::negative_list(const access::Principal& caller, const EvaluationQuery& query,
                                                      std::optional<ev::NegativeKind> only) {
  UG_TRY_ASSIGN(auto loaded, load(caller, query, {{ev::Kind::department}, false, false}));
  NegativeList out{loaded.period, loaded.at_ms, loaded.utc_offset_minutes, {}};
  auto entries = ev::negative_list(loaded.now, loaded.period, loaded.at_ms);
  // 督办超期: the notices whose deadline falls in the period, on cases in the caller's regions and
  // departments (a notice is not a case event: its case may have had none in the period).
  storage::CaseQuery scope;
  scope.scope.regions = caller.region_scopes;
  scope.scope.departments = caller.department_scopes;
  scope.scope.unplaced = access::works_in_centre(caller);
  storage::ProcessFilter notices;
  notices.process = std::string(workflow::supervision::process);
  notices.due_from_ms = loaded.period.from_ms;
  notices.due_before_ms = std::min(loaded.period.to_ms, loaded.at_ms + 1);
  notices.limit = std::numeric_limits<int>::max();
  UG_TRY_ASSIGN(auto items, db_.read([&](storage::Transaction& tx) { return tx.processes().list(notices, &scope); }));
  std::vector<ev::NoticeAt> facts;
  for (const auto& n : items) {
    namespace sv = workflow::supervision;
    if (!n.due_at_ms || n.state == sv::lapsed || n.state == sv::archived) continue;
    const bool answered = n.state == sv::replied || n.state == sv::withdrawn;
    facts.push_back({n.unit, n.case_id, *n.due_at_ms, answered ? n.closed_at_ms : std::nullopt});
  }
  for (auto& e : ev::overdue_notices(facts, loaded.period, loaded.at_ms)) entries.push_back(std::move(e));
  for (auto& entry : entries) {
    if (!access::sees_department(caller, entry.department) || (only && entry.kind != *only)) continue;
    const auto name = loaded.department_names.find(entry.department);
    out.entries.push_back({std::move(entry), name == loaded.department_names.end() ? "" : name->second});
  }
  return out;
}

Result<Analysis> EvaluationService::analyse(const access::Principal& caller, const EvaluationQuery& query,
                                            const AnalysisOptions& options) {
  if (options.hot_spot_threshold < 2 || options.hot_spot_window_ms <= 0) {
    return fail(ErrorCode::validation_failed, "evaluation.hot_spot_options");
  }
  UG_TRY_ASSIGN(auto loaded, load(caller, query, {{}, false, true}));
  const auto& l = loaded;
  Analysis out{l.period, l.at_ms, l.utc_offset_minutes, {}, {}, {}, {}, {}, {}};
  out.trends = ev::trends(l.now, l.period, l.at_ms, options.bucket, options.split, l.utc_offset_minutes);
  out.category_mix = ev::category_mix(l.now, l.period);
  out.hot_spots = ev::hot_spots(l.now, l.period, options.hot_spot_threshold, options.hot_spot_window_ms);
  if (out.hot_spots.size() > options.hot_spot_limit) out.hot_spots.resize(options.hot_spot_limit);
  out.busiest_hours = ev::busiest_hours(l.now, l.period, l.utc_offset_minutes);
  UG_TRY_ASSIGN(out.stage_durations, ev::stage_durations(l.now, l.period, *calendar_.current()));
  out.names = l.category_names;
  for (const auto& [code, name] : l.region_names) out.names.emplace(code, name);
  return out;
}

Result<EvaluationTotals::Recomputed> EvaluationService::recompute_totals(const access::Principal& caller) {
  UG_TRY(access::require(caller, access::Permission::manage_evaluation));
  return totals_.recompute(db_);
}

Result<bool> EvaluationService::totals_current() {
  return db_.read([&](storage::Transaction& tx) { return totals_.current(tx); });
}

Result<EvaluationService::WeightingInForce> EvaluationService::weighting(const access::Principal& caller,
                                                                         ev::Kind kind) {
  UG_TRY(access::require(caller, access::Permission::view_evaluation));
  return db_.read([&](storage::Transaction& tx) { return weighting_in_force(tx, kind); });
}

Result<EvaluationService::WeightingInForce> EvaluationService::set_weighting(const access::Principal& caller,
                                                                             ev::Kind kind,
                                                                             const ev::Weighting& weighting) {
  UG_TRY(access::require(caller, access::Permission::manage_evaluation));
  UG_TRY(ev::validate(kind, weighting));
  std::vector<storage::EvaluationWeightRecord> weights;
  for (const auto& [id, w] : weighting.weights) weights.push_back({id, centi(w)});
  std::vector<storage::EvaluationBandRecord> bands;
  for (const auto& [id, list] : weighting.bands) {
    for (const auto& b : list) bands.push_back({id, b.at_least, centi(b.score)});
  }
  return db_.write([&](storage::Transaction& tx) -> Result<WeightingInForce> {
    UG_TRY(tx.evaluation_settings().replace(ev::to_string(kind), weights, bands));
    boost::json::object summary;
    for (const auto& [id, w] : weighting.weights) summary[id] = w;
    UG_TRY(append_audit(tx, caller, "evaluation.set_weighting", std::string(ev::to_string(kind)), "ok",
                        boost::json::serialize(summary)));
    return weighting_in_force(tx, kind);
  });
}

}  // namespace ug::service
