// Counting the closure and department indicators over cases at an instant.
#include "evaluation/indicators.hpp"

#include <vector>

namespace ug::evaluation {

bool missed_by_patrol(const CaseAt& c, const Period& period) {
  return workflow::is_public_channel(c.channel) && period.holds(c.verified_at_ms) && !c.patrol_found_first;
}

ClosureFigures closure_figures(std::span<const CaseAt> cases, const Period& period, std::int64_t at_ms) {
  ClosureFigures f;
  for (const auto& c : cases) {
    if (!period.holds(c.registered_at_ms)) continue;
    ++f.registered;
    const bool closed = c.closed_at_ms && *c.closed_at_ms <= at_ms;
    if (closed) {
      ++f.closed;
      ++f.due_to_close;
      if (!c.overall_due_ms || *c.closed_at_ms <= *c.overall_due_ms) ++f.closed_on_time;
    } else if (c.open && c.overall_due_ms && *c.overall_due_ms <= at_ms) {
      ++f.due_to_close;
    }
  }
  f.close_rate = {f.closed, f.due_to_close};
  f.on_time_close_rate = {f.closed_on_time, f.due_to_close};
  return f;
}

namespace {

const std::string& region_code(const CaseAt& c, RegionLevel level) {
  switch (level) {
    case RegionLevel::district:
      return c.district_code;
    case RegionLevel::street:
      return c.street_code;
    case RegionLevel::community:
      return c.community_code;
    case RegionLevel::grid:
      break;
  }
  return c.grid_code;
}

}  // namespace

std::map<std::string, RegionFigures> region_figures(std::span<const CaseAt> cases, RegionLevel level,
                                                    const Period& period, std::int64_t at_ms) {
  std::map<std::string, std::vector<CaseAt>> by_region;
  for (const auto& c : cases) {
    const auto& code = region_code(c, level);
    if (!code.empty()) by_region[code].push_back(c);
  }
  std::map<std::string, RegionFigures> out;
  for (const auto& [code, members] : by_region) {
    RegionFigures f;
    for (const auto& c : members) {
      const bool public_report = workflow::is_public_channel(c.channel);
      // 漏报 counts by the verification, whenever the report was made.
      if (missed_by_patrol(c, period)) ++f.missed_by_patrol;
      if (!period.holds(c.reported_at_ms)) continue;
      ++f.reported;
      ++f.reported_by_channel[c.channel];
      if (c.channel == "supervisor") ++f.supervisor_reports;
      if (public_report) ++f.public_reports;
    }
    f.closure = closure_figures(members, period, at_ms);
    f.satisfaction = satisfaction_rate(members, period);
    if (f.reported > 0 || f.closure.registered > 0 || f.missed_by_patrol > 0 || f.satisfaction.denominator > 0) {
      out.emplace(code, std::move(f));
    }
  }
  return out;
}

Rate satisfaction_rate(std::span<const CaseAt> cases, const Period& period) {
  Rate r;
  for (const auto& c : cases) {
    for (const auto& callback : c.callbacks) {
      if (!period.holds(callback.at_ms)) continue;
      ++r.denominator;
      if (callback.satisfaction == "满意" || callback.satisfaction == "基本满意") ++r.numerator;
    }
  }
  return r;
}

std::map<std::string, DepartmentFigures> department_figures(std::span<const CaseAt> cases, const Period& period,
                                                            std::int64_t at_ms) {
  std::map<std::string, DepartmentFigures> out;
  for (const auto& c : cases) {
    if (!c.department.empty()) {
      const auto satisfaction = satisfaction_rate(std::span(&c, 1), period);
      if (satisfaction.denominator > 0) {
        auto& f = out[c.department].satisfaction;
        f.numerator += satisfaction.numerator;
        f.denominator += satisfaction.denominator;
      }
    }
    if (!period.holds(c.registered_at_ms)) continue;
    for (const auto& d : c.returned_by) ++out[d].returned;
    if (c.department.empty()) continue;
    auto& f = out[c.department];
    const bool handled = c.handled_at_ms && *c.handled_at_ms <= at_ms;
    if (handled) {
      ++f.handled;
      ++f.due_to_handle;
      if (!c.handling_due_ms || *c.handled_at_ms <= *c.handling_due_ms) {
        ++f.handled_on_time;
      } else {
        ++f.handled_late;
      }
      if (c.rework_count > 0) ++f.reworked;
    } else if (c.open && c.handling_due_ms && *c.handling_due_ms <= at_ms) {
      ++f.due_to_handle;
      ++f.overdue_unhandled;
    }
  }
  for (auto& [department, f] : out) {
    f.handle_rate = {f.handled, f.due_to_handle};
    f.on_time_handle_rate = {f.handled_on_time, f.due_to_handle};
    f.rework_rate = {f.reworked, f.handled};
  }
  return out;
}

}  // namespace ug::evaluation
