// The work calendar as a use case: the national holiday files shipped with UrbanGrid, plus what
// this city stored in its database (years imported since, local overrides), combined into one
// immutable WorkCalendar that a change replaces atomically. Servers notice changes made by another
// process (`urbangrid calendar import`) through a revision counter.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "access/principal.hpp"
#include "calendar/limit_clock.hpp"
#include "calendar/work_calendar.hpp"
#include "storage/database.hpp"

namespace ug::service {

struct CalendarSettings {
  calendar::CalendarConfig config;
  calendar::LightThresholds thresholds;
  // The national files: built in (calendar::built_in_holiday_files()) and any the deployment adds
  // (calendar.holiday_dir); a later file of the same year replaces an earlier one.
  std::vector<calendar::HolidayFile> shipped;
};

struct CalendarImportReport {
  int year = 0;
  std::size_t listed_days = 0;
  bool replaced = false;  // the year was already loaded (shipped or imported) and is now replaced
  // Dates whose working time differs from what the calendar said before the import (for a year not
  // loaded before: what the weekday rule had assumed). Provisional deadlines over them change.
  std::vector<std::string> changed_dates;
};

class CalendarService {
 public:
  CalendarService(storage::Database& db, CalendarSettings settings);

  // The calendar in force; never null (before the first reload: the shipped files alone).
  std::shared_ptr<const calendar::WorkCalendar> current() const { return current_.load(); }
  const calendar::LightThresholds& thresholds() const { return settings_.thresholds; }

  // Called after a new calendar is installed whose stored content differs from the one before (the
  // first load, an import or override here or by another process): deadlines under it change.
  void on_change(std::function<void()> listener) { on_change_ = std::move(listener); }

  // Rebuilds from the shipped files and the database.
  Result<void> reload();
  // Reloads when the stored calendar changed since the current one was built; true when it did.
  Result<bool> refresh_if_changed();

  // Stores a year file (holiday-cn format). validation_failed for a malformed file or dates that do
  // not belong to its year (its own dates, or late December of the year before).
  // Changes need manage_calendar and are audited.
  Result<CalendarImportReport> import_year(const access::Principal& caller, std::string_view json_text);
  // A local extra workday or day off; replaces an earlier override of the same date.
  Result<void> set_override(const access::Principal& caller, const std::string& date, bool workday,
                            const std::string& reason);
  // false when the date had no override.
  Result<bool> remove_override(const access::Principal& caller, const std::string& date);
  Result<std::vector<storage::CalendarOverrideRecord>> overrides();

 private:
  struct Stored {
    std::int64_t revision = 0;
    std::vector<calendar::HolidayFile> imported;
    std::vector<calendar::DateOverride> overrides;
  };
  Result<Stored> load_stored();
  void install(const Stored& stored);

  storage::Database& db_;
  CalendarSettings settings_;
  std::mutex reload_mutex_;
  std::atomic<std::int64_t> revision_{-1};  // of the database content `current_` was built from
  std::atomic<std::shared_ptr<const calendar::WorkCalendar>> current_;
  std::function<void()> on_change_;
};

}  // namespace ug::service
