// A case's tallies as a function of T: evaluated at each event and each deadline crossing between
// events, and differenced.
#include "evaluation/deltas.hpp"

#include <algorithm>
#include <array>
#include <deque>
#include <limits>
#include <tuple>

namespace ug::evaluation {
namespace {

constexpr std::int64_t kDayMs = 86'400'000;

// One counter of one unit for one day, as tallied at an instant (the unit points into a CaseAt
// kept alive until the end).
struct Counted {
  Scope scope;
  std::uint8_t counter;
  std::string_view unit;
  std::int32_t day;
  std::int64_t n;
  auto key() const { return std::tie(scope, counter, unit, day); }
};

struct Change {
  Scope scope;
  std::uint8_t counter;
  std::string_view unit;
  std::int32_t day, effective_day;
  std::int64_t n;
  auto key() const { return std::tie(scope, counter, unit, day, effective_day); }
};

// Sorted by key, equal keys summed.
template <class T>
void collapse(std::vector<T>& v) {
  std::sort(v.begin(), v.end(), [](const T& a, const T& b) { return a.key() < b.key(); });
  std::size_t kept = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (kept > 0 && v[kept - 1].key() == v[i].key()) {
      v[kept - 1].n += v[i].n;
    } else {
      v[kept++] = v[i];
    }
  }
  v.resize(kept);
}

}  // namespace

std::int32_t local_day(std::int64_t at_ms, int utc_offset_minutes) {
  const auto local = at_ms + std::int64_t{utc_offset_minutes} * 60'000;
  return static_cast<std::int32_t>(local >= 0 ? local / kDayMs : -((-local + kDayMs - 1) / kDayMs));
}

Result<std::vector<TallyDelta>> tally_deltas(std::span<const workflow::CaseEvent> events,
                                             const calendar::WorkCalendar& calendar, const AfterHandlingLimits& limits,
                                             const std::function<const ReportOf*(const std::string&)>& report_of) {
  const int offset = calendar.config().utc_offset_minutes;
  std::vector<std::int64_t> times;
  times.reserve(events.size());
  for (const auto& e : events) times.push_back(e.at_ms);
  std::sort(times.begin(), times.end());
  times.erase(std::unique(times.begin(), times.end()), times.end());

  std::deque<CaseAt> states;  // every state folded; the tallies' units point into them
  std::vector<Change> changes;
  std::vector<Counted> was, now;
  std::vector<Tally> tallies;
  CaseFold fold(calendar, limits);
  std::size_t folded_events = 0;
  for (std::size_t i = 0; i < times.size(); ++i) {
    const auto t = times[i];
    const auto next = i + 1 < times.size() ? times[i + 1] : std::numeric_limits<std::int64_t>::max();
    // The events up to t, in sequence order, as case_at would take them.
    for (; folded_events < events.size() && events[folded_events].at_ms <= t; ++folded_events) {
      UG_TRY(fold.add(events[folded_events]));
    }
    if (folded_events == 0) continue;  // a later event stamped before the report (a clock set back)
    UG_TRY_ASSIGN(auto folded, fold.case_now());
    auto& c = states.emplace_back(std::move(folded));
    link_merges(std::span<CaseAt>(&c, 1), report_of);
    // Until the next event the case stands still; only a deadline passing changes what counts.
    std::array<std::int64_t, 3> points = {t, t, t};
    std::size_t n_points = 1;
    for (const auto& due : {c.handling_due_ms, c.overall_due_ms}) {
      if (due && *due > t && *due < next) points[n_points++] = *due;
    }
    if (n_points == 3 && points[2] < points[1]) std::swap(points[1], points[2]);  // t comes first
    for (std::size_t p = 0; p < n_points; ++p) {
      const auto point = points[p];
      if (p > 0 && point == points[p - 1]) continue;
      tallies.clear();
      tally(c, point, tallies);
      now.clear();
      for (const auto& one : tallies)
        now.push_back({one.scope, one.counter, one.unit, local_day(one.at_ms, offset), 1});
      collapse(now);
      // now − was, by a merge of the two sorted lists.
      const auto effective = local_day(point - 1, offset);
      std::size_t a = 0, b = 0;
      while (a < now.size() || b < was.size()) {
        if (b == was.size() || (a < now.size() && now[a].key() < was[b].key())) {
          changes.push_back({now[a].scope, now[a].counter, now[a].unit, now[a].day, effective, now[a].n});
          ++a;
        } else if (a == now.size() || was[b].key() < now[a].key()) {
          changes.push_back({was[b].scope, was[b].counter, was[b].unit, was[b].day, effective, -was[b].n});
          ++b;
        } else {
          if (now[a].n != was[b].n) {
            changes.push_back({now[a].scope, now[a].counter, now[a].unit, now[a].day, effective, now[a].n - was[b].n});
          }
          ++a, ++b;
        }
      }
      std::swap(was, now);
    }
  }
  collapse(changes);
  std::vector<TallyDelta> out;
  out.reserve(changes.size());
  for (const auto& c : changes) {
    if (c.n != 0) out.push_back({c.scope, c.counter, std::string(c.unit), c.day, c.effective_day, c.n});
  }
  return out;
}

std::vector<TallyDelta> difference(std::span<const TallyDelta> after, std::span<const TallyDelta> before) {
  const auto key = [](const TallyDelta& d) { return std::tie(d.scope, d.counter, d.unit, d.day, d.effective_day); };
  std::vector<TallyDelta> out;
  std::size_t a = 0, b = 0;
  while (a < after.size() || b < before.size()) {
    if (b == before.size() || (a < after.size() && key(after[a]) < key(before[b]))) {
      out.push_back(after[a++]);
    } else if (a == after.size() || key(before[b]) < key(after[a])) {
      out.push_back(before[b++]);
      out.back().n = -out.back().n;
    } else {
      if (after[a].n != before[b].n) {
        out.push_back(after[a]);
        out.back().n -= before[b].n;
      }
      ++a, ++b;
    }
  }
  return out;
}

}  // namespace ug::evaluation
