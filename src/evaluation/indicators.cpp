// Counting the closure and department indicators over cases at an instant.
#include "evaluation/indicators.hpp"

namespace ug::evaluation {

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

std::map<std::string, DepartmentFigures> department_figures(std::span<const CaseAt> cases, const Period& period,
                                                            std::int64_t at_ms) {
  std::map<std::string, DepartmentFigures> out;
  for (const auto& c : cases) {
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
