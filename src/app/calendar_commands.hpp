// `urbangrid calendar due|is-workday`: working-time arithmetic from the command line.
#pragma once

#include <optional>
#include <string>

#include "app/config.hpp"
#include "calendar/work_calendar.hpp"

namespace ug::app {

// The national calendar from calendar.holiday_dir with the configured offset and day length.
Result<calendar::WorkCalendar> load_work_calendar(const Config& config);

struct DueCommand {
  std::string from;
  std::optional<long long> working_minutes, working_hours, working_days, natural_minutes, natural_hours, natural_days;
};

int calendar_due_command(const LoadedConfig& loaded, const DueCommand& command);
int calendar_is_workday_command(const LoadedConfig& loaded, const std::string& date);

}  // namespace ug::app
