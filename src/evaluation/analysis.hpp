// Analysis for the leader's dashboard and the periodic report (issue 7, deliverable 5): trends of
// reports, registrations and closures by day, week or month, split by category, channel or region;
// the category mix; hot spots (a unit grid where one category recurs within a window); the
// busiest hours; and how long each stage takes in working time. Pure, over cases at an instant.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "evaluation/indicators.hpp"

namespace ug::evaluation {

enum class Bucket { day, week, month };
std::optional<Bucket> parse_bucket(std::string_view text);
// What a trend is split by; `none` gives one series.
enum class Split { none, category, channel, district, street };
std::optional<Split> parse_split(std::string_view text);

struct TrendPoint {
  std::string bucket;           // local "2026-09-28" (a day, or the Monday of a week) or "2026-09" (a month)
  std::string key;              // the split's value ("" for none, or a case without it)
  std::int64_t reported = 0;    // reports made in the bucket
  std::int64_t registered = 0;  // registrations in the bucket
  std::int64_t closed = 0;      // closes in the bucket, by T
  bool operator==(const TrendPoint&) const = default;
};
// By bucket, then key; only buckets and keys with something to count.
std::vector<TrendPoint> trends(std::span<const CaseAt> cases, const Period& period, std::int64_t at_ms, Bucket bucket,
                               Split split, int utc_offset_minutes);

struct CategoryShare {
  std::string category_code;  // "" for reports not yet classified
  std::int64_t reported = 0;
  Rate share;  // of all reports of the period
  bool operator==(const CategoryShare&) const = default;
};
// Reports of the period by category, most first (ties by code).
std::vector<CategoryShare> category_mix(std::span<const CaseAt> cases, const Period& period);

struct HotSpot {
  std::string grid_code, category_code;
  std::int64_t count = 0;             // reports in the densest window
  std::vector<std::string> case_ids;  // those reports, in time order
  std::int64_t first_ms = 0, last_ms = 0;
  bool operator==(const HotSpot&) const = default;
};
// Pairs of unit grid and category with at least `threshold` reports made in the period within some
// `window_ms` ([t, t + window)); the densest window (the earliest of equals) is reported. Most
// first, then by grid and category. Reports without a grid or a category are not hot spots.
std::vector<HotSpot> hot_spots(std::span<const CaseAt> cases, const Period& period, std::int64_t threshold,
                               std::int64_t window_ms);

// Reports of the period by local weekday (Monday = 0) and hour.
using WeekHours = std::array<std::array<std::int64_t, 24>, 7>;
WeekHours busiest_hours(std::span<const CaseAt> cases, const Period& period, int utc_offset_minutes);

struct StageDuration {
  std::string stage;  // accept, verify, register, dispatch, sign, handling, check, close
  std::int64_t count = 0;
  // Working seconds under the calendar (none when count is 0).
  std::optional<double> mean_s;
  std::optional<std::int64_t> p50_s, p90_s, max_s;
  bool operator==(const StageDuration&) const = default;
};
// Stages that ended in the period: the stage tasks, and handling from the last dispatch to the
// finish that counts. Percentiles by nearest rank.
Result<std::vector<StageDuration>> stage_durations(std::span<const CaseAt> cases, const Period& period,
                                                   const calendar::WorkCalendar& calendar);

}  // namespace ug::evaluation
