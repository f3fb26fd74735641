// Closure and department indicators of DOMAIN.md §7 over the cases of a period, each case as it was
// at the evaluation instant (case_at). The cohort is the cases registered in the period; rates carry
// their numerator and denominator, and an empty denominator has no value (never 0 % or 100 %).
// Every figure is a sum of the cases' tallies (tallies.hpp).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>

#include "evaluation/case_at.hpp"

namespace ug::evaluation {

struct Rate {
  std::int64_t numerator = 0;
  std::int64_t denominator = 0;
  std::optional<double> value() const {
    return denominator == 0 ? std::nullopt
                            : std::optional<double>(static_cast<double>(numerator) / static_cast<double>(denominator));
  }
  bool operator==(const Rate&) const = default;
};

// [from_ms, to_ms): the cases whose registration falls in it are the period's cohort.
struct Period {
  std::int64_t from_ms = 0;
  std::int64_t to_ms = 0;
  bool holds(const std::optional<std::int64_t>& at) const { return at && *at >= from_ms && *at < to_ms; }
};

// 立案数, 结案数, 应结案数, 按期结案数 and their rates, at instant `at_ms`. A case closed without a
// running deadline (a self-handled report) is closed on time: there was nothing to be late against.
struct ClosureFigures {
  std::int64_t registered = 0;
  std::int64_t closed = 0;
  std::int64_t due_to_close = 0;  // closed, or open with the overall deadline passed
  std::int64_t closed_on_time = 0;
  Rate close_rate;          // closed / due_to_close
  Rate on_time_close_rate;  // closed_on_time / due_to_close
  bool operator==(const ClosureFigures&) const = default;
};

// A region's figures at one level (district, street, community or unit grid), keyed by its code;
// cases placed in no grid have no region and are left out. Reports count by the report instant
// (上报数 of the period); registrations and closures over the cohort registered in the period.
enum class RegionLevel { district, street, community, grid };
struct RegionFigures {
  std::int64_t reported = 0;  // 上报数
  std::map<std::string, std::int64_t> reported_by_channel;
  std::int64_t supervisor_reports = 0;  // 监督员上报数
  std::int64_t public_reports = 0;      // 公众举报数 (public channels, DOMAIN.md §4)
  // 漏报数: public reports verified in the period that were not merged into an earlier report of a
  // supervisor — problems the public found before the patrol did.
  std::int64_t missed_by_patrol = 0;
  ClosureFigures closure;  // 立案数, 结案率, 按期结案率 …
  Rate satisfaction;       // 满意率 over the callbacks of the period on the region's cases
  bool operator==(const RegionFigures&) const = default;
};
std::map<std::string, RegionFigures> region_figures(std::span<const CaseAt> cases, RegionLevel level,
                                                    const Period& period, std::int64_t at_ms);

// A department's figures over the cohort's cases last dispatched to it (a department that returned
// a case is counted only in `returned`).
struct DepartmentFigures {
  std::int64_t due_to_handle = 0;  // 应处置数: handled, or unhandled with the handling deadline passed
  std::int64_t handled = 0;        // 处置数
  std::int64_t handled_on_time = 0;
  std::int64_t handled_late = 0;
  std::int64_t overdue_unhandled = 0;  // 超期未处置数
  std::int64_t reworked = 0;           // handled cases with at least one rework
  std::int64_t returned = 0;           // 回退数
  Rate handle_rate;                    // handled / due_to_handle (处置率)
  Rate on_time_handle_rate;            // handled_on_time / due_to_handle (按期处置率)
  Rate rework_rate;                    // reworked / handled (返工率)
  Rate satisfaction;                   // 满意率 over the period's callbacks on cases last dispatched to it
  bool operator==(const DepartmentFigures&) const = default;
};
// Keyed by department id.
std::map<std::string, DepartmentFigures> department_figures(std::span<const CaseAt> cases, const Period& period,
                                                            std::int64_t at_ms);

}  // namespace ug::evaluation
