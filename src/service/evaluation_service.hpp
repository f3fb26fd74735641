// Evaluation as a use case (DOMAIN.md §7, issue 7): reads a period's counts from the running totals
// where they hold (whole days at a midnight, whole deployment), else reads the events of the cases
// the period can count and folds each to the evaluation instant; computes a kind's indicators
// within the caller's scope, scores and ranks the units against the previous period, names them,
// and lists the cases behind any one figure. The composite's weights and bands come from what an administrator stored,
// else from the configured file, else from the documented defaults.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "access/principal.hpp"
#include "core/clock.hpp"
#include "evaluation/analysis.hpp"
#include "evaluation/composite.hpp"
#include "evaluation/negative.hpp"
#include "service/calendar_service.hpp"
#include "service/evaluation_totals.hpp"
#include "storage/database.hpp"

namespace ug::service {

struct EvaluationSettings {
  evaluation::AfterHandlingLimits limits;                        // the configured check and close limits
  std::map<evaluation::Kind, evaluation::Weighting> weightings;  // from the file; kinds missing use the defaults
  std::function<std::int64_t()> clock = now_unix_millis;
  // Read whole-day figures from the running totals where they hold (else fold the events).
  bool use_totals = true;
};

struct EvaluationQuery {
  evaluation::Kind kind = evaluation::Kind::department;
  std::int64_t from_ms = 0, to_ms = 0;  // the period [from, to)
  std::optional<std::int64_t> at_ms;    // the instant T; default the period's end, or now if that is later
  evaluation::RegionLevel level = evaluation::RegionLevel::district;
  bool as_file = false;  // an export (csv, xlsx): needs data.export besides evaluation.view
};

struct EvaluatedUnit {
  std::string unit;  // region code, department id or username
  std::string name;  // as people know it ("" when unknown)
  std::vector<evaluation::Value> values;
  evaluation::Composite composite;
  std::optional<int> rank, previous_rank;
  std::optional<double> previous_composite;
};

struct Evaluation {
  evaluation::Kind kind = evaluation::Kind::department;
  evaluation::Period period;
  std::int64_t at_ms = 0;
  evaluation::RegionLevel level = evaluation::RegionLevel::district;
  evaluation::Period previous;  // the period before, of the same length, evaluated at its end
  evaluation::Weighting weighting;
  std::vector<EvaluatedUnit> units;  // best first
  std::int64_t cases_read = 0;       // histories folded (0 when read from the totals)
  std::string source;                // "totals" (the running totals) or "events" (folded from the events)
  bool provisional = false;          // a deadline rests on a year whose national calendar is not loaded
  int utc_offset_minutes = 480;      // the calendar's, for showing instants
};

struct DrilledCase {
  evaluation::CaseAt at;  // the case as the figure saw it
  std::int64_t numerator = 0, denominator = 0;
};
struct DrillDown {
  Evaluation evaluation;  // the kind's figures (for the unit's value and name)
  std::string unit;
  std::size_t indicator = 0;  // position in evaluation::indicators(kind)
  std::vector<DrilledCase> cases;
};

// A bound of a period as people write it: a local date YYYY-MM-DD — a start bound is the beginning
// of that day, an end bound the end of it, so 2026-07-01 … 2026-09-30 is the third quarter — or an
// ISO 8601 instant with its offset, taken as it is. Milliseconds; validation_failed otherwise.
Result<std::int64_t> period_bound(std::string_view text, int utc_offset_minutes, bool end_of_day);

struct NegativeList {
  evaluation::Period period;
  std::int64_t at_ms = 0;
  int utc_offset_minutes = 480;
  struct Entry {
    evaluation::NegativeEntry entry;
    std::string department_name;
  };
  std::vector<Entry> entries;  // by department, kind, instant
};

struct AnalysisOptions {
  evaluation::Bucket bucket = evaluation::Bucket::day;
  evaluation::Split split = evaluation::Split::none;
  std::int64_t hot_spot_threshold = 3;               // reports of one category in one grid …
  std::int64_t hot_spot_window_ms = 7 * 86'400'000;  // … within this window
  std::size_t hot_spot_limit = 50;
};

struct Analysis {
  evaluation::Period period;
  std::int64_t at_ms = 0;
  int utc_offset_minutes = 480;
  std::vector<evaluation::TrendPoint> trends;
  std::vector<evaluation::CategoryShare> category_mix;
  std::vector<evaluation::HotSpot> hot_spots;  // the first hot_spot_limit
  evaluation::WeekHours busiest_hours{};
  std::vector<evaluation::StageDuration> stage_durations;
  std::map<std::string, std::string> names;  // category, grid and division codes → names
};

class EvaluationService {
 public:
  EvaluationService(storage::Database& db, CalendarService& calendar, EvaluationSettings settings);

  // forbidden without evaluation.view; validation_failed for an empty or inverted period or an
  // instant before the period began.
  Result<Evaluation> evaluate(const access::Principal& caller, const EvaluationQuery& query);
  // Every kind over the same period (the workbook with one sheet per kind).
  Result<std::vector<Evaluation>> evaluate_all(const access::Principal& caller, EvaluationQuery query);
  // The cases behind `unit`'s `indicator` (an id of the kind's catalogue); not_found for a unit
  // outside the caller's scope, validation_failed for an unknown indicator.
  Result<DrillDown> drill_down(const access::Principal& caller, const EvaluationQuery& query, const std::string& unit,
                               const std::string& indicator);

  // The negative list of departments within the caller's scope, of one kind of entry or all
  // (query.kind is not used).
  Result<NegativeList> negative_list(const access::Principal& caller, const EvaluationQuery& query,
                                     std::optional<evaluation::NegativeKind> only = std::nullopt);

  // Trends, category mix, hot spots, busiest hours and stage durations within the caller's scope.
  Result<Analysis> analyse(const access::Principal& caller, const EvaluationQuery& query,
                           const AnalysisOptions& options);

  // The weights and bands in force for `kind`, and whether an administrator set them.
  struct WeightingInForce {
    evaluation::Weighting weighting;
    std::string source;  // stored | file | default
  };
  Result<WeightingInForce> weighting(const access::Principal& caller, evaluation::Kind kind);
  // evaluation.manage; validated (weights summing to 100 …), stored with an audit entry.
  Result<WeightingInForce> set_weighting(const access::Principal& caller, evaluation::Kind kind,
                                         const evaluation::Weighting& weighting);

  // evaluation.manage: rebuilds the running totals from the stored events (`evaluate --recompute`).
  Result<EvaluationTotals::Recomputed> recompute_totals(const access::Principal& caller);
  // Whether the running totals hold under the calendar and limits in force (else figures are folded).
  Result<bool> totals_current();

 private:
  struct Loaded;
  // What a use reads besides the cases folded at T.
  struct Needs {
    std::vector<evaluation::Kind> kinds;  // their weights and the names of their units
    bool previous = false;                // the cases at the previous period's end (ranks' change)
    bool grid_and_category_names = false;
    bool cases = true;  // the cases themselves (drill-down, lists, analysis), not only their figures
  };
  Result<Loaded> load(const access::Principal& caller, const EvaluationQuery& query, const Needs& needs);
  Result<Evaluation> evaluate_loaded(const Loaded& loaded, evaluation::Kind kind, const access::Principal& caller);
  Result<WeightingInForce> weighting_in_force(storage::Transaction& tx, evaluation::Kind kind) const;

  storage::Database& db_;
  CalendarService& calendar_;
  EvaluationSettings settings_;
  EvaluationTotals totals_;
};

}  // namespace ug::service
