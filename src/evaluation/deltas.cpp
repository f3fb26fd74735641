// A case's tallies as a function of T: evaluated at each event and each deadline crossing between
// events, and differenced.
#include "evaluation/deltas.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <tuple>

namespace ug::evaluation {
namespace {

constexpr std::int64_t kDayMs = 86'400'000;

using Key = std::tuple<Scope, std::uint8_t, std::string, std::int32_t>;  // scope, counter, unit, day
using Tallied = std::map<Key, std::int64_t>;

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
  for (const auto& e : events) times.push_back(e.at_ms);
  std::sort(times.begin(), times.end());
  times.erase(std::unique(times.begin(), times.end()), times.end());

  std::map<std::tuple<Scope, std::uint8_t, std::string, std::int32_t, std::int32_t>, std::int64_t> changes;
  Tallied was;
  std::vector<Tally> tallies;
  for (std::size_t i = 0; i < times.size(); ++i) {
    const auto t = times[i];
    const auto next = i + 1 < times.size() ? times[i + 1] : std::numeric_limits<std::int64_t>::max();
    auto c = case_at(events, t, calendar, limits);
    if (!c) return tl::unexpected(c.error());
    link_merges(std::span<CaseAt>(&*c, 1), report_of);
    // Until the next event the case stands still; only a deadline passing changes what counts.
    std::vector<std::int64_t> points = {t};
    for (const auto& due : {c->handling_due_ms, c->overall_due_ms}) {
      if (due && *due > t && *due < next) points.push_back(*due);
    }
    std::sort(points.begin(), points.end());
    points.erase(std::unique(points.begin(), points.end()), points.end());
    for (const auto point : points) {
      tallies.clear();
      tally(*c, point, tallies);
      Tallied now;
      for (const auto& one : tallies)
        ++now[Key{one.scope, one.counter, std::string(one.unit), local_day(one.at_ms, offset)}];
      const auto effective = local_day(point - 1, offset);
      for (const auto& [key, n] : now) {
        const auto old = was.find(key);
        const auto d = n - (old == was.end() ? 0 : old->second);
        if (d != 0) changes[std::tuple_cat(key, std::make_tuple(effective))] += d;
      }
      for (const auto& [key, n] : was) {
        if (!now.contains(key)) changes[std::tuple_cat(key, std::make_tuple(effective))] -= n;
      }
      was = std::move(now);
    }
  }
  std::vector<TallyDelta> out;
  for (auto& [key, n] : changes) {
    if (n == 0) continue;
    out.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), std::get<3>(key), std::get<4>(key), n});
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

Counts counts_of(std::span<const TallyDelta> deltas, std::int32_t from_day, std::int32_t to_day, std::int32_t at_day) {
  Counts out;
  for (const auto& d : deltas) {
    if (d.day >= from_day && d.day < to_day && d.effective_day < at_day) out.add(d.scope, d.unit, d.counter, d.n);
  }
  return out;
}

}  // namespace ug::evaluation
