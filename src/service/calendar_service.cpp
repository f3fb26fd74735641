// CalendarService: merges shipped and stored calendar data, validates imports and overrides.
#include "service/calendar_service.hpp"

#include <fmt/format.h>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <map>

#include "service/audit_log.hpp"

namespace ug::service {
namespace {

constexpr std::size_t kMaxReasonBytes = 200;

calendar::CalendarSources merge(const std::vector<calendar::HolidayFile>& shipped,
                                const std::vector<calendar::HolidayFile>& imported,
                                std::vector<calendar::DateOverride> overrides) {
  // An imported year replaces the shipped file of that year; later years' files win for a date
  // listed twice (a 元旦 notice lists the end of the year before).
  std::map<int, const calendar::HolidayFile*> by_year;
  for (const auto& y : shipped) by_year[y.year] = &y;
  for (const auto& y : imported) by_year[y.year] = &y;
  calendar::CalendarSources sources;
  for (const auto& [year, file] : by_year) {
    sources.years.insert(year);
    sources.national.insert(sources.national.end(), file->days.begin(), file->days.end());
  }
  sources.overrides = std::move(overrides);
  return sources;
}

Result<void> check_year_file(int year, const std::vector<calendar::ListedDay>& days) {
  if (year < 2000 || year > 2099) {
    return fail(Error(ErrorCode::validation_failed, "calendar.year_range").with("year", std::int64_t{year}));
  }
  std::set<std::string> seen;
  const std::string own = fmt::format("{}-", year), late_before = fmt::format("{}-12-", year - 1);
  for (const auto& d : days) {
    if (!d.date.starts_with(own) && !d.date.starts_with(late_before)) {
      return fail(Error(ErrorCode::validation_failed, "calendar.date_outside_year")
                      .with("date", d.date)
                      .with("year", std::int64_t{year}));
    }
    if (d.name.empty()) {
      return fail(Error(ErrorCode::validation_failed, "calendar.holiday_name_empty").with("date", d.date));
    }
    if (!seen.insert(d.date).second) {
      return fail(Error(ErrorCode::validation_failed, "calendar.date_listed_twice").with("date", d.date));
    }
  }
  return {};
}

}  // namespace

CalendarService::CalendarService(storage::Database& db, CalendarSettings settings)
    : db_(db), settings_(std::move(settings)) {
  current_.store(std::make_shared<const calendar::WorkCalendar>(settings_.config, merge(settings_.shipped, {}, {})));
}

Result<CalendarService::Stored> CalendarService::load_stored() {
  return db_.read([](storage::Transaction& tx) -> Result<Stored> {
    Stored out;
    UG_TRY_ASSIGN(auto revision, tx.calendar().revision());
    out.revision = revision;
    UG_TRY_ASSIGN(auto years, tx.calendar().years());
    for (const auto& y : years) {
      auto parsed = calendar::parse_holiday_file(y.document);
      if (!parsed) return fail(ErrorCode::internal, {}, fmt::format("stored calendar year {} unreadable", y.year));
      out.imported.push_back(std::move(*parsed));
    }
    UG_TRY_ASSIGN(auto overrides, tx.calendar().overrides());
    for (const auto& o : overrides) out.overrides.push_back({o.date, o.workday, o.reason});
    return out;
  });
}

void CalendarService::install(const Stored& stored) {
  current_.store(std::make_shared<const calendar::WorkCalendar>(
      settings_.config, merge(settings_.shipped, stored.imported, stored.overrides)));
  if (revision_.exchange(stored.revision) != stored.revision && on_change_) on_change_();
}

Result<void> CalendarService::reload() {
  const std::lock_guard lock(reload_mutex_);
  UG_TRY_ASSIGN(auto stored, load_stored());
  install(stored);
  return {};
}

Result<bool> CalendarService::refresh_if_changed() {
  UG_TRY_ASSIGN(auto revision, db_.read([](storage::Transaction& tx) { return tx.calendar().revision(); }));
  if (revision == revision_.load()) return false;
  UG_TRY(reload());
  return true;
}

Result<CalendarImportReport> CalendarService::import_year(const access::Principal& caller, std::string_view json_text) {
  UG_TRY(access::require(caller, access::Permission::manage_calendar));
  UG_TRY_ASSIGN(auto parsed, calendar::parse_holiday_file(json_text));
  const int year = parsed.year;
  const auto& days = parsed.days;
  UG_TRY(check_year_file(year, days));
  UG_TRY(reload());
  const auto before = current();

  CalendarImportReport report;
  report.year = year;
  report.listed_days = days.size();
  report.replaced = before->loaded_years().contains(year);
  UG_TRY(db_.write([&](storage::Transaction& tx) -> Result<void> {
    UG_TRY(tx.calendar().upsert_year(
        {year, std::string(json_text), static_cast<std::int64_t>(days.size()), now_unix_millis()}));
    UG_TRY(tx.calendar().bump_revision());
    return append_audit(tx, caller, "calendar.import_year", std::to_string(year), "ok",
                        fmt::format(R"({{"listed_days":{},"replaced":{}}})", days.size(), report.replaced));
  }));
  UG_TRY(reload());
  const auto after = current();
  // The imported year and the late December before it, which its notice may rearrange.
  for (int y : {year - 1, year}) {
    auto old_days = before->year_days(y);
    auto new_days = after->year_days(y);
    if (!old_days || !new_days) continue;  // 1999 / 2100: outside the table
    for (std::size_t i = 0; i < new_days->size(); ++i) {
      const auto& [date, now] = (*new_days)[i];
      const auto& was = (*old_days)[i].second;
      if (was.workday != now.workday || was.working_minutes != now.working_minutes)
        report.changed_dates.push_back(date);
    }
  }
  return report;
}

Result<void> CalendarService::set_override(const access::Principal& caller, const std::string& date, bool workday,
                                           const std::string& reason) {
  UG_TRY(access::require(caller, access::Permission::manage_calendar));
  if (!calendar::is_iso_date(date) || !current()->day(date)) {
    return fail(invalid("date", "calendar.override_date_format"));
  }
  if (reason.empty() || reason.size() > kMaxReasonBytes) {
    return fail(invalid("reason", "calendar.override_reason_length"));
  }
  UG_TRY(db_.write([&](storage::Transaction& tx) -> Result<void> {
    UG_TRY(tx.calendar().upsert_override({date, workday, reason, now_unix_millis()}));
    UG_TRY(tx.calendar().bump_revision());
    boost::json::object summary{{"workday", workday}, {"reason", reason}};
    return append_audit(tx, caller, "calendar.override", date, "ok", boost::json::serialize(summary));
  }));
  return reload();
}

Result<bool> CalendarService::remove_override(const access::Principal& caller, const std::string& date) {
  UG_TRY(access::require(caller, access::Permission::manage_calendar));
  auto removed = db_.write([&](storage::Transaction& tx) -> Result<bool> {
    auto gone = tx.calendar().remove_override(date);
    if (!gone || !*gone) return gone;
    UG_TRY(tx.calendar().bump_revision());
    UG_TRY(append_audit(tx, caller, "calendar.remove_override", date));
    return true;
  });
  if (!removed) return removed;
  UG_TRY(reload());
  return removed;
}

Result<std::vector<storage::CalendarOverrideRecord>> CalendarService::overrides() {
  return db_.read([](storage::Transaction& tx) { return tx.calendar().overrides(); });
}

}  // namespace ug::service
