// WorkCalendar: the day table, prefix sums of working seconds, and the arithmetic over them.
#include "calendar/work_calendar.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <chrono>
#include <optional>

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

}  // namespace

std::array<std::vector<Period>, 7> CalendarConfig::default_periods() {
  const std::vector<Period> office = {{8 * 60 + 30, 12 * 60}, {13 * 60 + 30, 17 * 60 + 30}};
  return {office, office, office, office, office, {}, {}};
}

Result<UnixSeconds> parse_iso8601(std::string_view text) {
  // YYYY-MM-DDTHH:MM[:SS](Z|±HH:MM)
  const auto bad = [&] {
    return fail(Error(ErrorCode::validation_failed, "时间应为带时区的 ISO 8601，如 2026-11-23T08:30:00+08:00")
                    .with("value", std::string(text)));
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
  return date->time_since_epoch().count() * 86'400 + hh * 3600 + mm * 60 + ss - offset * 60;
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

Result<std::pair<int, std::vector<ListedDay>>> parse_holiday_file(std::string_view json_text) {
  boost::system::error_code ec;
  const auto root = json::parse(json_text, ec);
  const auto* object = ec ? nullptr : root.if_object();
  const auto* year_value = object ? object->if_contains("year") : nullptr;
  const auto* days = object ? object->if_contains("days") : nullptr;
  if (!year_value || !year_value->is_int64() || !days || !days->is_array()) {
    return fail(ErrorCode::validation_failed,
                "节假日文件应为 {\"year\": …, \"days\": [{\"name\", \"date\", \"isOffDay\"}]}");
  }
  std::vector<ListedDay> out;
  for (const auto& d : days->get_array()) {
    const auto* o = d.if_object();
    const auto* name = o ? o->if_contains("name") : nullptr;
    const auto* date = o ? o->if_contains("date") : nullptr;
    const auto* off = o ? o->if_contains("isOffDay") : nullptr;
    if (!name || !name->is_string() || !date || !date->is_string() || !off || !off->is_bool() ||
        !parse_date(date->get_string())) {
      return fail(ErrorCode::validation_failed, "节假日文件中有格式错误的日期条目");
    }
    out.push_back({std::string(date->get_string()), std::string(name->get_string()), off->get_bool()});
  }
  return std::make_pair(static_cast<int>(year_value->get_int64()), std::move(out));
}

WorkCalendar::WorkCalendar(CalendarConfig config, const std::vector<ListedDay>& listed, std::set<int> years)
    : config_(std::move(config)), years_(std::move(years)) {
  for (const auto& d : listed) listed_[d.date] = d;
  const sys_days start{kTableStart}, end{kTableEnd};
  first_day_ = start.time_since_epoch().count();
  const int last_year = last_loaded_year();
  days_.reserve(static_cast<std::size_t>((end - start).count() + 1));
  cumulative_.reserve(days_.capacity() + 1);
  cumulative_.push_back(0);
  for (sys_days d = start; d <= end; d += days{1}) {
    DayRow row;
    const int wd = weekday_index(d);
    row.provisional = static_cast<int>(year_month_day{d}.year()) > last_year;
    const auto it = listed_.find(iso_date(d));
    if (it != listed_.end()) {
      row.periods_of =
          it->second.off ? std::int8_t{-1} : static_cast<std::int8_t>(wd < 5 ? wd : config_.makeup_workday_uses);
    } else {
      row.periods_of =
          config_.periods[static_cast<std::size_t>(wd)].empty() ? std::int8_t{-1} : static_cast<std::int8_t>(wd);
    }
    const std::int64_t worked =
        row.periods_of < 0 ? 0 : period_seconds(config_.periods[static_cast<std::size_t>(row.periods_of)]);
    cumulative_.push_back(cumulative_.back() + worked);
    days_.push_back(row);
  }
}

Result<DayStatus> WorkCalendar::day(std::string_view date) const {
  const auto d = parse_date(date);
  if (!d || *d < sys_days{kTableStart} || *d > sys_days{kTableEnd}) {
    return fail(Error(ErrorCode::validation_failed, "日期应为 2000-01-01 至 2099-12-31 之间的 YYYY-MM-DD")
                    .with("field", std::string("date")));
  }
  const auto& row = days_[static_cast<std::size_t>(d->time_since_epoch().count() - first_day_)];
  DayStatus status{row.periods_of >= 0, "", row.provisional};
  if (const auto it = listed_.find(std::string(date)); it != listed_.end()) {
    status.reason = it->second.off ? it->second.name : "make-up workday (" + it->second.name + ")";
  } else {
    status.reason = weekday_index(*d) < 5 ? "weekday" : "weekend";
  }
  return status;
}

Result<std::int64_t> WorkCalendar::day_index(UnixSeconds instant, std::int64_t* second_of_day) const {
  const std::int64_t local = instant + config_.utc_offset_minutes * 60;
  const std::int64_t day = (local >= 0 ? local : local - (kSecondsPerDay - 1)) / kSecondsPerDay;
  *second_of_day = local - day * kSecondsPerDay;
  const std::int64_t index = day - first_day_;
  if (index < 0 || index >= static_cast<std::int64_t>(days_.size())) {
    return fail(ErrorCode::validation_failed, "时间超出工作日历的范围（2000–2099 年）");
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
  const auto a = day_index(from, &from_second);
  if (!a) return tl::unexpected(a.error());
  const auto b = day_index(to, &to_second);
  if (!b) return tl::unexpected(b.error());
  return worked_before(*b, to_second) - worked_before(*a, from_second);
}

Result<Deadline> WorkCalendar::due(UnixSeconds start, std::int64_t amount, Unit unit) const {
  if (amount < 0) return fail(Error(ErrorCode::validation_failed, "时限不能为负").with("field", std::string("amount")));
  switch (unit) {
    case Unit::natural_minutes:
      return Deadline{start + amount * 60, false};
    case Unit::natural_hours:
      return Deadline{start + amount * 3600, false};
    case Unit::natural_days:
      return Deadline{start + amount * kSecondsPerDay, false};
    default:
      break;
  }
  const std::int64_t seconds = unit == Unit::working_minutes ? amount * 60
                               : unit == Unit::working_hours ? amount * 3600
                                                             : amount * config_.standard_day_minutes * 60;
  std::int64_t second_of_day = 0;
  const auto start_day = day_index(start, &second_of_day);
  if (!start_day) return tl::unexpected(start_day.error());
  if (seconds == 0) return Deadline{start, days_[static_cast<std::size_t>(*start_day)].provisional};
  const std::int64_t target = worked_before(*start_day, second_of_day) + seconds;
  // The first day boundary with at least `target` worked before it: the deadline falls in the day
  // before it (so a limit ending at a period's end is due then, not at the next period's start).
  const auto boundary = std::lower_bound(cumulative_.begin(), cumulative_.end(), target);
  if (boundary == cumulative_.end()) return fail(ErrorCode::validation_failed, "时限超出工作日历的范围（2099 年以后）");
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
