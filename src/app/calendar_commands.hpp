// `urbangrid calendar …`: working-time arithmetic, workdays, importing a new national year and local
// overrides, from the command line; and the calendar settings every command and `serve` share.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "app/config.hpp"
#include "service/calendar_service.hpp"

namespace ug::app {

// Every holiday file (*.json, holiday-cn format) of `dir`, in year order.
Result<std::vector<calendar::HolidayFile>> read_holiday_dir(const std::filesystem::path& dir);
// calendar.* as the service needs it: the built-in national files, then those of calendar.holiday_dir.
Result<service::CalendarSettings> calendar_settings(const Config& config);

struct DueCommand {
  std::string from;
  std::optional<long long> working_minutes, working_hours, working_days, natural_minutes, natural_hours, natural_days;
  std::optional<std::string> at;  // also read the clock at this instant
};

struct OverrideCommand {
  std::string date;
  bool workday = false, offday = false, remove = false;
  std::string reason;
};

int calendar_due_command(const LoadedConfig& loaded, const DueCommand& command);
int calendar_is_workday_command(const LoadedConfig& loaded, const std::string& date);
int calendar_import_command(const LoadedConfig& loaded, const std::filesystem::path& file);
int calendar_override_command(const LoadedConfig& loaded, const OverrideCommand& command);
int calendar_overrides_command(const LoadedConfig& loaded);

}  // namespace ug::app
