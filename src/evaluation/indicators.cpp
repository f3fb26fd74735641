// The closure, region and department figures of cases at an instant: the sum of their tallies.
#include "evaluation/indicators.hpp"

#include "evaluation/tallies.hpp"

namespace ug::evaluation {

std::map<std::string, RegionFigures> region_figures(std::span<const CaseAt> cases, RegionLevel level,
                                                    const Period& period, std::int64_t at_ms) {
  return region_figures(count(cases, period, at_ms), level);
}

std::map<std::string, DepartmentFigures> department_figures(std::span<const CaseAt> cases, const Period& period,
                                                            std::int64_t at_ms) {
  return department_figures(count(cases, period, at_ms));
}

}  // namespace ug::evaluation
