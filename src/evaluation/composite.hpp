// The composite score (综合指标值) of DOMAIN.md §7 and the rankings built on it: a weighted sum of
// indicator scores per evaluated kind, rates scoring rate × 100 (or its complement where lower is
// better) and counts scoring by configurable bands; grades A–E; ranks shared by units whose
// composites show equal to two decimals, listed by unit; change against the previous period.
//
// Indicators without a value: DOMAIN.md gives composite = Σ wᵢ × sᵢ / 100 with every indicator
// present and is silent on the rest. A unit with nothing to count for an indicator (a department
// that handled nothing has no 返工率) is neither rewarded nor punished for it: the composite is
// renormalised over the indicators that have a score, Σ wᵢ × sᵢ / Σ wᵢ, which equals DOMAIN's
// formula when all are present. With no scored indicator there is no composite, grade or rank.
#pragma once

#include <algorithm>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "evaluation/catalogue.hpp"

namespace ug::evaluation {

// A count of at least `at_least` scores `score` (the band with the highest such threshold).
struct Band {
  std::int64_t at_least = 0;
  double score = 0;
  bool operator==(const Band&) const = default;
};

struct Weighting {
  std::map<std::string, double> weights;           // indicator id → weight; they sum to 100
  std::map<std::string, std::vector<Band>> bands;  // count indicator id → bands, ascending thresholds
  bool operator==(const Weighting&) const = default;
};

// The documented defaults (docs/evaluation.md).
Weighting default_weighting(Kind kind);
// validation_failed naming the problem: an unknown indicator, a negative weight, weights not
// summing to 100, a weighted count without bands, bands on a rate, thresholds not ascending from 0,
// a score outside 0–100.
Result<void> validate(Kind kind, const Weighting& weighting);

// An indicator's score: none for a rate without a value, or a count with no band.
std::optional<double> indicator_score(const Indicator& indicator, const Value& value, const std::vector<Band>* bands);

struct Composite {
  std::optional<double> value;  // 0–100
  std::optional<Grade> grade;
  std::map<std::string, std::optional<double>> scores;  // weighted indicator id → its score
};
Composite composite_of(Kind kind, const UnitValues& unit, const Weighting& weighting);

struct Ranked {
  std::string unit;
  Composite composite;
  std::optional<int> rank;  // 1 = best; none without a composite
  std::optional<double> previous_value;
  std::optional<int> previous_rank;
};
// Best first; equal composites (to two decimals) share a rank and are listed by unit; units without
// a composite come last. `previous` is the same kind over the previous period.
std::vector<Ranked> rank(Kind kind, std::span<const UnitValues> now, std::span<const UnitValues> previous,
                         const Weighting& weighting);

// Red and black lists (红黑榜) of units in ranking order (anything with an optional `rank`): the
// best `n` ranked, best first, and the worst `n` ranked not already on the red list, worst first.
template <class Unit>
struct RedBlack {
  std::vector<Unit> red, black;
};
template <class Unit>
RedBlack<Unit> red_black(std::span<const Unit> ranked, std::size_t n) {
  RedBlack<Unit> out;
  std::vector<const Unit*> with_rank;
  for (const auto& r : ranked) {
    if (r.rank) with_rank.push_back(&r);
  }
  const auto red = std::min(n, with_rank.size());
  for (std::size_t i = 0; i < red; ++i) out.red.push_back(*with_rank[i]);
  for (std::size_t i = with_rank.size(); i > red && out.black.size() < n; --i) out.black.push_back(*with_rank[i - 1]);
  return out;
}

// docs/evaluation.md: the catalogue of every kind with its default weights and bands.
std::string evaluation_documentation();

}  // namespace ug::evaluation
