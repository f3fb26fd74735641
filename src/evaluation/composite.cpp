// Composite scores, their defaults and validation, and rankings.
#include "evaluation/composite.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace ug::evaluation {
namespace {

// Counts where fewer is better: a first case costs a little, many cost everything.
const std::vector<Band> kFewerIsBetter = {{0, 100}, {1, 90}, {5, 70}, {20, 40}, {50, 0}};

double shown(double value) { return std::round(value * 100.0) / 100.0; }

// An error of a kind's settings, naming the kind in the message's language.
Error kind_error(Kind kind, MessageKey message) {
  return Error(ErrorCode::validation_failed, message).with_word("kind_name", zh_name(kind), en_name(kind));
}

}  // namespace

Weighting default_weighting(Kind kind) {
  switch (kind) {
    case Kind::region:
      return {{{"on_time_close_rate", 40}, {"close_rate", 20}, {"satisfaction_rate", 20}, {"missed_by_patrol", 20}},
              {{"missed_by_patrol", kFewerIsBetter}}};
    case Kind::department:
      return {{{"on_time_handle_rate", 40},
               {"handle_rate", 20},
               {"rework_rate", 10},
               {"satisfaction_rate", 20},
               {"overdue_unhandled", 10}},
              {{"overdue_unhandled", kFewerIsBetter}}};
    case Kind::supervisor:
      return {{{"valid_report_rate", 25},
               {"missed_rate", 25},
               {"on_time_verify_rate", 20},
               {"on_time_check_rate", 20},
               {"reported", 10}},
              {{"reported", {{0, 0}, {1, 40}, {20, 60}, {50, 80}, {100, 100}}}}};
    case Kind::operator_:
      return {{{"on_time_accept_rate", 80}, {"accepted", 20}},
              {{"accepted", {{0, 0}, {1, 40}, {100, 60}, {300, 80}, {600, 100}}}}};
    case Kind::shift_leader:
      return {{{"accurate_register_rate", 40}, {"on_time_register_rate", 30}, {"on_time_close_rate", 30}}, {}};
    case Kind::dispatcher:
      break;
  }
  return {{{"accurate_dispatch_rate", 50}, {"on_time_dispatch_rate", 50}}, {}};
}

Result<void> validate(Kind kind, const Weighting& weighting) {
  double sum = 0;
  for (const auto& [id, weight] : weighting.weights) {
    const auto index = indicator_index(kind, id);
    if (!index) return fail(kind_error(kind, "composite.no_indicator").with("indicator", id));
    if (!std::isfinite(weight) || weight < 0) {
      return fail(Error(ErrorCode::validation_failed, "composite.weight_negative").with("indicator", id));
    }
    sum += weight;
    if (weight > 0 && !indicators(kind)[*index].is_rate && !weighting.bands.contains(id)) {
      return fail(Error(ErrorCode::validation_failed, "composite.count_weight_without_bands").with("indicator", id));
    }
  }
  if (std::abs(sum - 100.0) > 1e-6) {
    return fail(kind_error(kind, "composite.weights_sum").with("sum", fmt::format("{}", sum)));
  }
  for (const auto& [id, bands] : weighting.bands) {
    const auto index = indicator_index(kind, id);
    if (!index) return fail(kind_error(kind, "composite.no_indicator").with("indicator", id));
    if (indicators(kind)[*index].is_rate) {
      return fail(Error(ErrorCode::validation_failed, "composite.rate_with_bands").with("indicator", id));
    }
    if (bands.empty() || bands.front().at_least != 0) {
      return fail(Error(ErrorCode::validation_failed, "composite.bands_not_from_zero").with("indicator", id));
    }
    for (std::size_t i = 0; i < bands.size(); ++i) {
      if (i > 0 && bands[i].at_least <= bands[i - 1].at_least) {
        return fail(Error(ErrorCode::validation_failed, "composite.bands_not_increasing").with("indicator", id));
      }
      if (!std::isfinite(bands[i].score) || bands[i].score < 0 || bands[i].score > 100) {
        return fail(Error(ErrorCode::validation_failed, "composite.band_score_range").with("indicator", id));
      }
    }
  }
  return {};
}

std::optional<double> indicator_score(const Indicator& indicator, const Value& value, const std::vector<Band>* bands) {
  if (const auto* r = std::get_if<Rate>(&value)) return rate_score(*r, indicator.better);
  if (bands == nullptr) return std::nullopt;
  const auto n = std::get<std::int64_t>(value);
  std::optional<double> score;
  for (const auto& band : *bands) {
    if (n >= band.at_least) score = band.score;
  }
  return score;
}

Composite composite_of(Kind kind, const UnitValues& unit, const Weighting& weighting) {
  Composite out;
  const auto all = indicators(kind);
  double weighted = 0, present = 0;
  for (const auto& [id, weight] : weighting.weights) {
    const auto index = indicator_index(kind, id);
    if (!index || *index >= unit.values.size()) continue;
    const auto bands = weighting.bands.find(id);
    const auto score =
        indicator_score(all[*index], unit.values[*index], bands == weighting.bands.end() ? nullptr : &bands->second);
    out.scores.emplace(id, score);
    if (!score || weight <= 0) continue;
    weighted += weight * *score;
    present += weight;
  }
  if (present > 0) {
    out.value = weighted / present;
    out.grade = grade_of(*out.value);
  }
  return out;
}

namespace {

// Composites in ranking order with their ranks.
std::vector<Ranked> ranked(Kind kind, std::span<const UnitValues> units, const Weighting& weighting) {
  std::vector<Ranked> out;
  out.reserve(units.size());
  for (const auto& u : units) out.push_back({u.unit, composite_of(kind, u, weighting), std::nullopt, {}, {}});
  std::sort(out.begin(), out.end(), [](const Ranked& a, const Ranked& b) {
    const auto& x = a.composite.value;
    const auto& y = b.composite.value;
    if (x.has_value() != y.has_value()) return x.has_value();
    if (x && shown(*x) != shown(*y)) return shown(*x) > shown(*y);
    return a.unit < b.unit;
  });
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (!out[i].composite.value) break;
    const bool tie = i > 0 && shown(*out[i].composite.value) == shown(*out[i - 1].composite.value);
    out[i].rank = tie ? out[i - 1].rank : static_cast<int>(i) + 1;
  }
  return out;
}

}  // namespace

std::vector<Ranked> rank(Kind kind, std::span<const UnitValues> now, std::span<const UnitValues> previous,
                         const Weighting& weighting) {
  auto out = ranked(kind, now, weighting);
  std::map<std::string, const Ranked*> before;
  const auto earlier = ranked(kind, previous, weighting);
  for (const auto& r : earlier) before.emplace(r.unit, &r);
  for (auto& r : out) {
    const auto found = before.find(r.unit);
    if (found == before.end()) continue;
    r.previous_value = found->second->composite.value;
    r.previous_rank = found->second->rank;
  }
  return out;
}

}  // namespace ug::evaluation
