// WorkCalendar: the day table, prefix sums of working seconds, and the arithmetic over them.
#include "calendar/work_calendar.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <chrono>
#include <optional>

#include "core/invariant.hpp"

namespace ug::calendar {
namespace json = boost::json;
using namespace std::chrono;

namespace {

constexpr std::int64_t kSecondsPerDay = 86'400;
const year_month_day kTableStart{year{2000}, January, day{1}};
const year_month_day kTableEnd{year{2099}, December, day{31}};

int weekday_index(sys_days d) { return static_cast<int>((weekday{d}.c_encoding() + 6) % 7); }  // Monday = 0

std::string iso_date(sys_days d) {
  const year_month_day ymd{d};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                     static_cast<unsigned>(ymd.day()));
}

std::optional<sys_days> parse_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  for (const std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  }
  const year_month_day ymd{year{std::stoi(std::string(text.substr(0, 4)))},
                           month{static_cast<unsigned>(std::stoi(std::string(text.substr(5, 2))))},
                           day{static_cast<unsigned>(std::stoi(std::string(text.substr(8, 2))))}};
  if (!ymd.ok()) return std::nullopt;
  return sys_days{ymd};
}

std::int64_t period_seconds(const std::vector<Period>& periods) {
  std::int64_t total = 0;
  for (const auto& p : periods) total += (p.end_minute - p.start_minute) * 60;
  return total;
}

int minutes_of(const std::vector<Period>& periods) { return static_cast<int>(period_seconds(periods) / 60); }

// The national arrangement of the last loaded year's final days can still change: the next year's
// notice lists its 元旦 days off and make-up days from as early as 29 December (holiday-cn files
// 2007, 2008, 2012, 2019 and 2023 all do). Those days stay provisional until that year is loaded.
constexpr unsigned kYearEndUnsettledFrom = 25;

}  // namespace

bool is_iso_date(std::string_view text) { return parse_date(text).has_value(); }

Result<std::vector<Period>> parse_periods(std::string_view text) {
  std::vector<Period> out;
  const auto bad = [&](MessageKey why) {
    return Error(ErrorCode::validation_failed, why).with("value", std::string(text));
  };
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t comma = std::min(text.find(',', at), text.size());
    const std::string_view item = text.substr(at, comma - at);
    const auto minute = [](std::string_view hhmm) -> int {
      if (hhmm.size() != 5 || hhmm[2] != ':') return -1;
      for (const std::size_t i : {0u, 1u, 3u, 4u}) {
        if (hhmm[i] < '0' || hhmm[i] > '9') return -1;
      }
      const int h = (hhmm[0] - '0') * 10 + (hhmm[1] - '0'), m = (hhmm[3] - '0') * 10 + (hhmm[4] - '0');
      if (m > 59 || h > 24 || (h == 24 && m != 0)) return -1;
      return h * 60 + m;
    };
    if (item.size() != 11 || item[5] != '-') {
      return fail(bad("work_calendar.period_malformed").with("item", std::string(item)));
    }
    const Period p{minute(item.substr(0, 5)), minute(item.substr(6, 5))};
    if (p.start_minute < 0 || p.end_minute < 0 || p.start_minute >= p.end_minute) {
      return fail(bad("work_calendar.period_malformed").with("item", std::string(item)));
    }
    if (!out.empty() && p.start_minute < out.back().end_minute) return fail(bad("work_calendar.periods_overlap"));
    out.push_back(p);
    at = comma + 1;
    if (at == text.size()) return fail(bad("work_calendar.periods_trailing_comma"));
  }
  return out;
}

std::string format_periods(const std::vector<Period>& periods) {
  std::string out;
  for (const auto& p : periods) {
    if (!out.empty()) out += ',';
    out += fmt::format("{:02}:{:02}-{:02}:{:02}", p.start_minute / 60, p.start_minute % 60, p.end_minute / 60,
                       p.end_minute % 60);
  }
  return out;
}

std::string_view to_string(DaySource source) {
  switch (source) {
    case DaySource::national:
      return "national";
    case DaySource::local_override:
      return "override";
    case DaySource::weekday_rule:
      break;
  }
  return "weekday_rule";
}

std::array<std::vector<Period>, 7> CalendarConfig::default_periods() {
  const std::vector<Period> office = {{8 * 60 + 30, 12 * 60}, {13 * 60 + 30, 17 * 60 + 30}};
  return {office, office, office, office, office, {}, {}};
}

Result<UnixSeconds> parse_iso8601(std::string_view text) {
  // YYYY-MM-DDTHH:MM[:SS](Z|±HH:MM)
  const auto bad = [&] {
    return fail(Error(ErrorCode::validation_failed, "work_calendar.iso8601_expected").with("value", std::string(text)));
  };
  if (text.size() < 17 || (text[10] != 'T' && text[10] != ' ')) return bad();
  const auto date = parse_date(text.substr(0, 10));
  if (!date) return bad();
  const auto two = [&](std::size_t at) -> int {
    if (at + 2 > text.size() || text[at] < '0' || text[at] > '9' || text[at + 1] < '0' || text[at + 1] > '9') return -1;
    return (text[at] - '0') * 10 + (text[at + 1] - '0');
  };
  const int hh = two(11), mm = two(14);
  if (hh < 0 || hh > 23 || text[13] != ':' || mm < 0 || mm > 59) return bad();
  std::size_t at = 16;
  int ss = 0;
  if (at < text.size() && text[at] == ':') {
    ss = two(at + 1);
    if (ss < 0 || ss > 59) return bad();
    at += 3;
  }
  int offset = 0;
  if (at + 1 == text.size() && text[at] == 'Z') {
    offset = 0;
  } else if (at + 6 == text.size() && (text[at] == '+' || text[at] == '-') && text[at + 3] == ':') {
    const int oh = two(at + 1), om = two(at + 4);
    if (oh < 0 || oh > 14 || om < 0 || om > 59) return bad();
    offset = (oh * 60 + om) * (text[at] == '-' ? -1 : 1);
  } else {
    return bad();
  }
  // Instants from 1970-01-02 to 2199-12-30 (UTC): every real case, and at any offset each one
  // prints as a date in 1970–2199 that reads back as the same instant.
  static const std::int64_t kEarliest = sys_days{year{1970} / January / 2}.time_since_epoch().count() * 86'400;
  static const std::int64_t kLatest = sys_days{year{2199} / December / 30}.time_since_epoch().count() * 86'400;
  const std::int64_t instant = date->time_since_epoch().count() * 86'400 + hh * 3600 + mm * 60 + ss - offset * 60;
  if (instant < kEarliest || instant > kLatest) return bad();
  return instant;
}

std::string format_iso8601(UnixSeconds instant, int utc_offset_minutes) {
  const std::int64_t local = instant + utc_offset_minutes * 60;
  const std::int64_t day_number = (local >= 0 ? local : local - 86'399) / 86'400;
  const std::int64_t second = local - day_number * 86'400;
  const year_month_day ymd{sys_days{days{day_number}}};
  const int offset = std::abs(utc_offset_minutes);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}{:02}:{:02}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), second / 3600,
                     second / 60 % 60, second % 60, utc_offset_minutes < 0 ? '-' : '+', offset / 60, offset % 60);
}

Result<HolidayFile> parse_holiday_file(std::string_view json_text) {
  boost::system::error_code ec;
  const auto root = json::parse(json_text, ec);
  const auto* object = ec ? nullptr : root.if_object();
  const auto* year_value = object ? object->if_contains("year") : nullptr;
  const auto* days = object ? object->if_contains("days") : nullptr;
  if (!year_value || !year_value->is_int64() || !days || !days->is_array()) {
    return fail(ErrorCode::validation_failed, "work_calendar.holiday_file_shape");
  }
  std::vector<ListedDay> out;
  for (const auto& d : days->get_array()) {
    const auto* o = d.if_object();
    const auto* name = o ? o->if_contains("name") : nullptr;
    const auto* date = o ? o->if_contains("date") : nullptr;
    const auto* off = o ? o->if_contains("isOffDay") : nullptr;
    if (!name || !name->is_string() || !date || !date->is_string() || !off || !off->is_bool() ||
        !parse_date(date->get_string())) {
      return fail(ErrorCode::validation_failed, "work_calendar.holiday_file_bad_day");
    }
    out.push_back({std::string(date->get_string()), std::string(name->get_string()), off->get_bool()});
  }
  return HolidayFile{static_cast<int>(year_value->get_int64()), std::move(out)};
}

std::span<const std::string_view> national_holiday_file_texts();  // generated from data/holiday-cn

std::vector<HolidayFile> built_in_holiday_files() {
  std::vector<HolidayFile> out;
  for (const auto text : national_holiday_file_texts()) {
    auto file = parse_holiday_file(text);
    UG_INVARIANT(file.has_value(), "a built-in holiday file does not parse");
    out.push_back(std::move(*file));
  }
  return out;
}

WorkCalendar::WorkCalendar(CalendarConfig config, const CalendarSources& sources)
    : config_(std::move(config)), years_(sources.years) {
  // Dates are checked when read (parse_holiday_file, the service's override checks); one that is not
  // a date could never match a day, so it is left out here too.
  for (const auto& d : sources.national) {
    if (const auto day = parse_date(d.date)) national_[day->time_since_epoch().count()] = d;
  }
  for (const auto& o : sources.overrides) {
    if (const auto day = parse_date(o.date)) overrides_[day->time_since_epoch().count()] = o;
  }
  const sys_days start{kTableStart}, end{kTableEnd};
  first_day_ = start.time_since_epoch().count();
  const int last_year = last_loaded_year();
  days_.reserve(static_cast<std::size_t>((end - start).count() + 1));
  cumulative_.reserve(days_.capacity() + 1);
  cumulative_.push_back(0);
  for (sys_days d = start; d <= end; d += days{1}) {
    const year_month_day ymd{d};
    const int y = static_cast<int>(ymd.year());
    const int wd = weekday_index(d);
    // A workday off the usual week (make-up day, or a weekday configured without periods) works
    // the periods of `makeup_workday_uses`.
    const auto working_periods_of = [&] {
      return static_cast<std::int8_t>(
          config_.periods[static_cast<std::size_t>(wd)].empty() ? config_.makeup_workday_uses : wd);
    };
    DayRow row;
    row.provisional = y > last_year || (y == last_year && ymd.month() == December &&
                                        ymd.day() >= std::chrono::day{kYearEndUnsettledFrom});
    const auto number = d.time_since_epoch().count();
    if (const auto o = overrides_.find(number); o != overrides_.end()) {
      row.periods_of = o->second.workday ? working_periods_of() : std::int8_t{-1};
    } else if (const auto n = national_.find(number); n != national_.end()) {
      row.periods_of = n->second.off ? std::int8_t{-1} : working_periods_of();
    } else {
      row.periods_of = config_.periods[static_cast<std::size_t>(wd)].empty() ? std::int8_t{-1} : std::int8_t(wd);
    }
    const std::int64_t worked =
        row.periods_of < 0 ? 0 : period_seconds(config_.periods[static_cast<std::size_t>(row.periods_of)]);
    cumulative_.push_back(cumulative_.back() + worked);
    days_.push_back(row);
  }
}

DayStatus WorkCalendar::status_of(std::int64_t day_number) const {
  const sys_days d{days{day_number}};
  const auto& row = days_[static_cast<std::size_t>(day_number - first_day_)];
  DayStatus status;
  status.workday = row.periods_of >= 0;
  status.provisional = row.provisional;
  status.working_minutes =
      row.periods_of < 0 ? 0 : minutes_of(config_.periods[static_cast<std::size_t>(row.periods_of)]);
  if (const auto o = overrides_.find(day_number); o != overrides_.end()) {
    status.source = DaySource::local_override;
    status.reason = o->second.reason;
  } else if (const auto n = national_.find(day_number); n != national_.end()) {
    status.source = DaySource::national;
    status.reason = n->second.off ? n->second.name : "make-up workday (" + n->second.name + ")";
    status.holiday = n->second.name;
  } else {
    status.source = DaySource::weekday_rule;
    status.reason = weekday_index(d) < 5 ? "weekday" : "weekend";
  }
  return status;
}

Result<DayStatus> WorkCalendar::day(std::string_view date) const {
  const auto d = parse_date(date);
  if (!d || *d < sys_days{kTableStart} || *d > sys_days{kTableEnd}) {
    return fail(invalid("date", "work_calendar.date_expected"));
  }
  return status_of(d->time_since_epoch().count());
}

Result<std::vector<std::pair<std::string, DayStatus>>> WorkCalendar::year_days(int y) const {
  if (y < static_cast<int>(kTableStart.year()) || y > static_cast<int>(kTableEnd.year())) {
    return fail(invalid("year", "work_calendar.year_range"));
  }
  std::vector<std::pair<std::string, DayStatus>> out;
  const sys_days first{year{y} / January / 1}, last{year{y} / December / 31};
  for (sys_days d = first; d <= last; d += days{1}) {
    out.emplace_back(iso_date(d), status_of(d.time_since_epoch().count()));
  }
  return out;
}

Result<std::int64_t> WorkCalendar::day_index(UnixSeconds instant, std::int64_t* second_of_day) const {
  const std::int64_t local = instant + config_.utc_offset_minutes * 60;
  const std::int64_t day = (local >= 0 ? local : local - (kSecondsPerDay - 1)) / kSecondsPerDay;
  *second_of_day = local - day * kSecondsPerDay;
  const std::int64_t index = day - first_day_;
  if (index < 0 || index >= static_cast<std::int64_t>(days_.size())) {
    return fail(ErrorCode::validation_failed, "work_calendar.instant_out_of_range");
  }
  return index;
}

std::int64_t WorkCalendar::worked_before(std::int64_t day, std::int64_t second_of_day) const {
  std::int64_t total = cumulative_[static_cast<std::size_t>(day)];
  const auto& row = days_[static_cast<std::size_t>(day)];
  if (row.periods_of < 0) return total;
  for (const auto& p : config_.periods[static_cast<std::size_t>(row.periods_of)]) {
    total += std::clamp<std::int64_t>(second_of_day - p.start_minute * 60, 0, (p.end_minute - p.start_minute) * 60);
  }
  return total;
}

Result<std::int64_t> WorkCalendar::elapsed_working(UnixSeconds from, UnixSeconds to) const {
  if (to <= from) return std::int64_t{0};
  std::int64_t from_second = 0, to_second = 0;
  UG_TRY_ASSIGN(const auto a, day_index(from, &from_second));
  UG_TRY_ASSIGN(const auto b, day_index(to, &to_second));
  return worked_before(b, to_second) - worked_before(a, from_second);
}

Result<std::int64_t> WorkCalendar::remaining(UnixSeconds now, UnixSeconds due) const {
  if (now <= due) return elapsed_working(now, due);
  auto since = elapsed_working(due, now);
  if (!since) return since;
  return -*since;
}

std::int64_t WorkCalendar::limit_seconds(TimeLimit limit) const {
  switch (limit.unit) {
    case Unit::natural_minutes:
    case Unit::working_minutes:
      return limit.value * 60;
    case Unit::natural_hours:
    case Unit::working_hours:
      return limit.value * 3600;
    case Unit::natural_days:
      return limit.value * kSecondsPerDay;
    case Unit::working_days:
      break;
  }
  return limit.value * config_.standard_day_minutes * 60;
}

Result<Deadline> WorkCalendar::due(UnixSeconds start, std::int64_t amount, Unit unit) const {
  // 2099 at most: a larger limit cannot be met by the table and would overflow the arithmetic.
  constexpr std::int64_t kLargest = 100LL * 366 * 24 * 60;
  if (amount < 0 || amount > kLargest) {
    return fail(invalid("amount", "work_calendar.amount_range").with("max", kLargest));
  }
  const std::int64_t seconds = limit_seconds({amount, unit});
  if (is_working(unit)) return after_working(start, seconds);
  return Deadline{start + seconds, false};
}

Result<Deadline> WorkCalendar::after_working(UnixSeconds start, std::int64_t seconds) const {
  std::int64_t second_of_day = 0;
  UG_TRY_ASSIGN(const auto start_day, day_index(start, &second_of_day));
  if (seconds <= 0) return Deadline{start, days_[static_cast<std::size_t>(start_day)].provisional};
  const std::int64_t target = worked_before(start_day, second_of_day) + seconds;
  // The first day boundary with at least `target` worked before it: the deadline falls in the day
  // before it (so a limit ending at a period's end is due then, not at the next period's start).
  // Limits are mostly days, not decades: gallop forward from the start day, then binary search the
  // last step — O(log distance), on cache lines near the start.
  auto low = cumulative_.begin() + start_day + 1;
  std::ptrdiff_t step = 8;
  while (cumulative_.end() - low > step && low[step] < target) {
    low += step;
    step *= 2;
  }
  const auto high = cumulative_.end() - low > step ? low + step + 1 : cumulative_.end();
  const auto boundary = std::lower_bound(low, high, target);
  if (boundary == cumulative_.end()) return fail(ErrorCode::validation_failed, "work_calendar.due_out_of_range");
  const auto day = static_cast<std::size_t>(boundary - cumulative_.begin()) - 1;
  std::int64_t left = target - cumulative_[day];
  const auto& row = days_[day];
  for (const auto& p : config_.periods[static_cast<std::size_t>(row.periods_of)]) {
    const std::int64_t length = (p.end_minute - p.start_minute) * 60;
    if (left <= length) {
      const std::int64_t local =
          (first_day_ + static_cast<std::int64_t>(day)) * kSecondsPerDay + p.start_minute * 60 + left;
      return Deadline{local - config_.utc_offset_minutes * 60, row.provisional};
    }
    left -= length;
  }
  return fail(ErrorCode::internal, {}, "working-time table inconsistent");
}

}  // namespace ug::calendar
