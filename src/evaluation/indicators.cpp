// Counting the closure and department indicators over cases at an instant.
#include "evaluation/indicators.hpp"

namespace ug::evaluation {

bool missed_by_patrol(const CaseAt& c, const Period& period) {
  return workflow::is_public_channel(c.channel) && period.holds(c.verified_at_ms) && !c.patrol_found_first;
}

namespace {

// One case's part of the closure counts (the rates are set by finish_closure).
void add_closure(ClosureFigures& f, const CaseAt& c, const Period& period, std::int64_t at_ms) {
  if (!period.holds(c.registered_at_ms)) return;
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

void finish_closure(ClosureFigures& f) {
  f.close_rate = {f.closed, f.due_to_close};
  f.on_time_close_rate = {f.closed_on_time, f.due_to_close};
}

// One case's callbacks of the period, counted into 满意率.
void add_callbacks(Rate& r, const CaseAt& c, const Period& period) {
  for (const auto& callback : c.callbacks) {
    if (!period.holds(callback.at_ms)) continue;
    ++r.denominator;
    if (callback.satisfaction == "满意" || callback.satisfaction == "基本满意") ++r.numerator;
  }
}

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

ClosureFigures closure_figures(std::span<const CaseAt> cases, const Period& period, std::int64_t at_ms) {
  ClosureFigures f;
  for (const auto& c : cases) add_closure(f, c, period, at_ms);
  finish_closure(f);
  return f;
}

std::map<std::string, RegionFigures> region_figures(std::span<const CaseAt> cases, RegionLevel level,
                                                    const Period& period, std::int64_t at_ms) {
  std::map<std::string, RegionFigures> all;
  for (const auto& c : cases) {
    const auto& code = region_code(c, level);
    if (code.empty()) continue;
    auto& f = all[code];
    // 漏报 counts by the verification, whenever the report was made.
    if (missed_by_patrol(c, period)) ++f.missed_by_patrol;
    add_closure(f.closure, c, period, at_ms);
    add_callbacks(f.satisfaction, c, period);
    if (!period.holds(c.reported_at_ms)) continue;
    ++f.reported;
    ++f.reported_by_channel[c.channel];
    if (c.channel == "supervisor") ++f.supervisor_reports;
    if (workflow::is_public_channel(c.channel)) ++f.public_reports;
  }
  std::map<std::string, RegionFigures> out;
  for (auto& [code, f] : all) {
    finish_closure(f.closure);
    if (f.reported > 0 || f.closure.registered > 0 || f.missed_by_patrol > 0 || f.satisfaction.denominator > 0) {
      out.emplace(code, std::move(f));
    }
  }
  return out;
}

Rate satisfaction_rate(std::span<const CaseAt> cases, const Period& period) {
  Rate r;
  for (const auto& c : cases) add_callbacks(r, c, period);
  return r;
}

std::map<std::string, DepartmentFigures> department_figures(std::span<const CaseAt> cases, const Period& period,
                                                            std::int64_t at_ms) {
  std::map<std::string, DepartmentFigures> out;
  for (const auto& c : cases) {
    if (!c.department.empty()) {
      Rate satisfaction;
      add_callbacks(satisfaction, c, period);
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
