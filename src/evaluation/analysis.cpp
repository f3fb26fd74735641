// Counting the analysis series.
#include "evaluation/analysis.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <numeric>
#include <tuple>

#include <fmt/format.h>

namespace ug::evaluation {
namespace {

using namespace std::chrono;

// The local calendar date of an instant.
year_month_day local_date(std::int64_t ms, int offset) {
  return year_month_day{floor<days>(sys_seconds{seconds{ms / 1000 + std::int64_t{offset} * 60}})};
}

std::string bucket_of(std::int64_t ms, Bucket bucket, int offset) {
  auto date = local_date(ms, offset);
  if (bucket == Bucket::month) return fmt::format("{:04}-{:02}", int(date.year()), unsigned(date.month()));
  if (bucket == Bucket::week) {
    const sys_days day{date};
    const weekday wd{day};
    date = year_month_day{day - days{(wd.c_encoding() + 6) % 7}};  // back to Monday
  }
  return fmt::format("{:04}-{:02}-{:02}", int(date.year()), unsigned(date.month()), unsigned(date.day()));
}

const std::string& key_of(const CaseAt& c, Split split) {
  static const std::string none;
  switch (split) {
    case Split::category:
      return c.category_code;
    case Split::channel:
      return c.channel;
    case Split::district:
      return c.district_code;
    case Split::street:
      return c.street_code;
    case Split::none:
      break;
  }
  return none;
}

std::int64_t nearest_rank(const std::vector<std::int64_t>& sorted, double p) {
  const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(sorted.size())));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

}  // namespace

std::optional<Bucket> parse_bucket(std::string_view text) {
  if (text == "day") return Bucket::day;
  if (text == "week") return Bucket::week;
  if (text == "month") return Bucket::month;
  return std::nullopt;
}

std::optional<Split> parse_split(std::string_view text) {
  if (text.empty() || text == "none") return Split::none;
  if (text == "category") return Split::category;
  if (text == "channel") return Split::channel;
  if (text == "district") return Split::district;
  if (text == "street") return Split::street;
  return std::nullopt;
}

std::vector<TrendPoint> trends(std::span<const CaseAt> cases, const Period& period, std::int64_t at_ms, Bucket bucket,
                               Split split, int offset) {
  std::map<std::pair<std::string, std::string>, TrendPoint> points;
  const auto point = [&](std::int64_t ms, const CaseAt& c) -> TrendPoint& {
    auto b = bucket_of(ms, bucket, offset);
    const auto& key = key_of(c, split);
    auto& p = points[{b, key}];
    p.bucket = std::move(b);
    p.key = key;
    return p;
  };
  for (const auto& c : cases) {
    if (period.holds(c.reported_at_ms)) ++point(c.reported_at_ms, c).reported;
    if (period.holds(c.registered_at_ms)) ++point(*c.registered_at_ms, c).registered;
    if (period.holds(c.closed_at_ms) && *c.closed_at_ms <= at_ms) ++point(*c.closed_at_ms, c).closed;
  }
  std::vector<TrendPoint> out;
  out.reserve(points.size());
  for (auto& [k, p] : points) out.push_back(std::move(p));
  return out;
}

std::vector<CategoryShare> category_mix(std::span<const CaseAt> cases, const Period& period) {
  std::map<std::string, std::int64_t> counts;
  std::int64_t all = 0;
  for (const auto& c : cases) {
    if (!period.holds(c.reported_at_ms)) continue;
    ++counts[c.category_code];
    ++all;
  }
  std::vector<CategoryShare> out;
  for (const auto& [code, n] : counts) out.push_back({code, n, {n, all}});
  std::stable_sort(out.begin(), out.end(),
                   [](const CategoryShare& a, const CategoryShare& b) { return a.reported > b.reported; });
  return out;
}

std::vector<HotSpot> hot_spots(std::span<const CaseAt> cases, const Period& period, std::int64_t threshold,
                               std::int64_t window_ms) {
  std::map<std::pair<std::string, std::string>, std::vector<const CaseAt*>> by_place;
  for (const auto& c : cases) {
    if (c.grid_code.empty() || c.category_code.empty() || !period.holds(c.reported_at_ms)) continue;
    by_place[{c.grid_code, c.category_code}].push_back(&c);
  }
  std::vector<HotSpot> out;
  for (auto& [place, reports] : by_place) {
    if (static_cast<std::int64_t>(reports.size()) < threshold) continue;
    std::sort(reports.begin(), reports.end(), [](const CaseAt* a, const CaseAt* b) {
      return std::tie(a->reported_at_ms, a->id) < std::tie(b->reported_at_ms, b->id);
    });
    std::size_t best_first = 0, best_count = 0;
    for (std::size_t first = 0, last = 0; first < reports.size(); ++first) {
      last = std::max(last, first);
      while (last < reports.size() && reports[last]->reported_at_ms < reports[first]->reported_at_ms + window_ms)
        ++last;
      if (last - first > best_count) {
        best_count = last - first;
        best_first = first;
      }
    }
    if (static_cast<std::int64_t>(best_count) < threshold) continue;
    HotSpot spot{place.first, place.second, static_cast<std::int64_t>(best_count), {}, 0, 0};
    for (std::size_t i = best_first; i < best_first + best_count; ++i) spot.case_ids.push_back(reports[i]->id);
    spot.first_ms = reports[best_first]->reported_at_ms;
    spot.last_ms = reports[best_first + best_count - 1]->reported_at_ms;
    out.push_back(std::move(spot));
  }
  std::stable_sort(out.begin(), out.end(), [](const HotSpot& a, const HotSpot& b) { return a.count > b.count; });
  return out;
}

WeekHours busiest_hours(std::span<const CaseAt> cases, const Period& period, int offset) {
  WeekHours out{};
  for (const auto& c : cases) {
    if (!period.holds(c.reported_at_ms)) continue;
    const auto local = sys_seconds{seconds{c.reported_at_ms / 1000 + std::int64_t{offset} * 60}};
    const auto day = floor<days>(local);
    const auto monday_first = (weekday{day}.c_encoding() + 6) % 7;
    const auto hour = duration_cast<hours>(local - day).count();
    ++out[monday_first][static_cast<std::size_t>(hour)];
  }
  return out;
}

Result<std::vector<StageDuration>> stage_durations(std::span<const CaseAt> cases, const Period& period,
                                                   const calendar::WorkCalendar& calendar) {
  using workflow::Stage;
  const std::vector<std::pair<std::string, Stage>> order = {
      {"accept", Stage::accept},     {"verify", Stage::verify}, {"register", Stage::register_},
      {"dispatch", Stage::dispatch}, {"sign", Stage::sign},     {"handling", Stage::handling},
      {"check", Stage::check},       {"close", Stage::close}};
  std::map<Stage, std::vector<std::int64_t>> spent;
  const auto add = [&](Stage stage, std::int64_t from_ms, std::int64_t to_ms) -> Result<void> {
    UG_TRY_ASSIGN(const auto working, calendar.elapsed_working(from_ms / 1000, to_ms / 1000));
    spent[stage].push_back(working);
    return {};
  };
  for (const auto& c : cases) {
    for (const auto& task : c.stage_tasks) {
      if (period.holds(task.done_at_ms)) UG_TRY(add(task.stage, task.started_at_ms, *task.done_at_ms));
    }
    if (period.holds(c.handled_at_ms) && c.dispatched_at_ms && *c.dispatched_at_ms <= *c.handled_at_ms) {
      UG_TRY(add(Stage::handling, *c.dispatched_at_ms, *c.handled_at_ms));
    }
  }
  std::vector<StageDuration> out;
  for (const auto& [name, stage] : order) {
    StageDuration d{name, 0, std::nullopt, std::nullopt, std::nullopt, std::nullopt};
    auto found = spent.find(stage);
    if (found != spent.end() && !found->second.empty()) {
      auto& values = found->second;
      std::sort(values.begin(), values.end());
      d.count = static_cast<std::int64_t>(values.size());
      d.mean_s = static_cast<double>(std::accumulate(values.begin(), values.end(), std::int64_t{0})) /
                 static_cast<double>(values.size());
      d.p50_s = nearest_rank(values, 0.5);
      d.p90_s = nearest_rank(values, 0.9);
      d.max_s = values.back();
    }
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace ug::evaluation
