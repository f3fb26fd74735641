// bench/calendar_due: deadlines in working time on the real national calendar, one thread.
// UrbanGrid's WorkCalendar (binary search over per-day prefix sums) against a straightforward
// day-by-day loop — per day: is it listed (hash map of the holiday files), else is it Monday to
// Friday; then walk its periods — measured in the same run on the same random cases, and every
// answer of the two compared (the benchmark fails on any difference).
//
//   calendar_due [--cases 1000000] [--seed 42] [--max-days 30]
//
// Cases: starts uniform over 2024-01-01 … 2026-06-30 (any second, so inside, between and outside
// periods), limits uniform from 1 working minute to --max-days working days.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <unordered_map>
#include <vector>

#include "calendar/work_calendar.hpp"

namespace {

using namespace ug::calendar;
using Clock = std::chrono::steady_clock;
constexpr std::int64_t kDay = 86'400, kOffset = 8 * 3600;  // Asia/Shanghai

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

std::int64_t day_number(const std::string& iso) {
  using namespace std::chrono;
  const year_month_day ymd{year{std::stoi(iso.substr(0, 4))}, month{static_cast<unsigned>(std::stoi(iso.substr(5, 2)))},
                           day{static_cast<unsigned>(std::stoi(iso.substr(8, 2)))}};
  return sys_days{ymd}.time_since_epoch().count();
}

// The baseline: what a first implementation looks like. Same periods and rules as the defaults.
class DayByDay {
 public:
  explicit DayByDay(const std::vector<HolidayFile>& files) {
    for (const auto& f : files) {
      for (const auto& d : f.days) listed_[day_number(d.date)] = !d.off;
    }
  }
  UnixSeconds due(UnixSeconds start, std::int64_t seconds) const {
    static constexpr std::int64_t periods[2][2] = {{8 * 3600 + 1800, 12 * 3600}, {13 * 3600 + 1800, 17 * 3600 + 1800}};
    const std::int64_t local = start + kOffset;
    std::int64_t day = local / kDay, second = local % kDay;
    for (;; ++day, second = 0) {
      if (!works(day)) continue;
      for (const auto& p : periods) {
        const std::int64_t from = std::max(second, p[0]);
        if (from >= p[1]) continue;
        if (p[1] - from >= seconds) return day * kDay + from + seconds - kOffset;
        seconds -= p[1] - from;
      }
    }
  }

 private:
  bool works(std::int64_t day) const {
    if (const auto it = listed_.find(day); it != listed_.end()) return it->second;
    return (day + 3) % 7 < 5;  // 1970-01-01 was a Thursday: (day + 3) % 7 is 0 on Mondays
  }
  std::unordered_map<std::int64_t, bool> listed_;
};

}  // namespace

int main(int argc, char** argv) {
  std::size_t cases = 1'000'000;
  unsigned seed = 42;
  std::int64_t max_days = 30;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--cases")) {
      cases = std::strtoull(argv[i + 1], nullptr, 10);
    } else if (!std::strcmp(argv[i], "--max-days")) {
      max_days = std::max<std::int64_t>(1, std::strtoll(argv[i + 1], nullptr, 10));
    } else if (!std::strcmp(argv[i], "--seed")) {
      seed = static_cast<unsigned>(std::strtoul(argv[i + 1], nullptr, 10));
    } else {
      std::fprintf(stderr, "unknown option %s\n", argv[i]);
      return 2;
    }
  }
  const auto files = built_in_holiday_files();
  CalendarSources sources;
  for (const auto& f : files) {
    sources.years.insert(f.year);
    sources.national.insert(sources.national.end(), f.days.begin(), f.days.end());
  }
  const auto build_start = Clock::now();
  const WorkCalendar calendar(CalendarConfig{}, sources);
  const double build_seconds = seconds_since(build_start);
  const DayByDay baseline(files);

  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<UnixSeconds> starts(1'704'038'400, 1'719'676'800);  // 2024-01-01 … 2026-06-30 +08
  std::uniform_int_distribution<std::int64_t> minutes(1, max_days * 450);
  std::vector<std::pair<UnixSeconds, std::int64_t>> work(cases);
  for (auto& w : work) w = {starts(rng), minutes(rng)};

  std::vector<UnixSeconds> fast(cases), slow(cases);
  auto start = Clock::now();
  for (std::size_t i = 0; i < cases; ++i)
    fast[i] = calendar.due(work[i].first, work[i].second, Unit::working_minutes)->at;
  const double fast_seconds = seconds_since(start);
  start = Clock::now();
  for (std::size_t i = 0; i < cases; ++i) slow[i] = baseline.due(work[i].first, work[i].second * 60);
  const double slow_seconds = seconds_since(start);
  start = Clock::now();
  std::int64_t checksum = 0;
  for (std::size_t i = 0; i < cases; ++i) checksum += *calendar.elapsed_working(work[i].first, fast[i]);
  const double elapsed_seconds = seconds_since(start);

  std::size_t differ = 0;
  for (std::size_t i = 0; i < cases; ++i) differ += fast[i] != slow[i];
  const auto per_second = [&](double s) { return static_cast<double>(cases) / s; };
  std::printf("calendar table 2000–2099 built in %.1f ms\n", build_seconds * 1e3);
  std::printf("cases %zu (limits up to %lld working days), answers differing from the baseline: %zu\n", cases,
              static_cast<long long>(max_days), differ);
  std::printf("due (WorkCalendar)   %12.0f /s (%.1f ns each)\n", per_second(fast_seconds), fast_seconds * 1e9 / cases);
  std::printf("due (day-by-day)     %12.0f /s (%.1f ns each)\n", per_second(slow_seconds), slow_seconds * 1e9 / cases);
  std::printf("elapsed_working      %12.0f /s (checksum %lld)\n", per_second(elapsed_seconds),
              static_cast<long long>(checksum));
  std::printf("ratio WorkCalendar / day-by-day: %.1f×\n", slow_seconds / fast_seconds);
  return differ == 0 ? 0 : 1;
}
