// The calendar subcommands: load the holiday files, answer one question, print it.
#include "app/calendar_commands.hpp"

#include <filesystem>
#include <iostream>

#include "app/commands.hpp"

namespace ug::app {

Result<calendar::WorkCalendar> load_work_calendar(const Config& config) {
  std::vector<calendar::ListedDay> listed;
  std::set<int> years;
  std::error_code ec;
  const std::filesystem::path dir = config.calendar.holiday_dir;
  if (!std::filesystem::is_directory(dir, ec)) {
    return fail(ErrorCode::not_found, "节假日数据目录不存在：" + dir.string());
  }
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".json") continue;
    const auto text = read_file_or_report(entry.path());
    if (!text) return fail(ErrorCode::unavailable, "无法读取 " + entry.path().string());
    auto parsed = calendar::parse_holiday_file(*text);
    if (!parsed) return fail(ErrorCode::validation_failed, entry.path().string() + "：" + parsed.error().message);
    years.insert(parsed->first);
    listed.insert(listed.end(), parsed->second.begin(), parsed->second.end());
  }
  calendar::CalendarConfig calendar_config;
  calendar_config.utc_offset_minutes = config.calendar.utc_offset_minutes;
  calendar_config.standard_day_minutes = config.calendar.standard_day_minutes;
  return calendar::WorkCalendar(calendar_config, listed, years);
}

int calendar_due_command(const LoadedConfig& loaded, const DueCommand& c) {
  std::optional<std::pair<long long, calendar::Unit>> limit;
  int given = 0;
  for (const auto& [value, unit] : {std::pair{c.working_minutes, calendar::Unit::working_minutes},
                                    {c.working_hours, calendar::Unit::working_hours},
                                    {c.working_days, calendar::Unit::working_days},
                                    {c.natural_minutes, calendar::Unit::natural_minutes},
                                    {c.natural_hours, calendar::Unit::natural_hours},
                                    {c.natural_days, calendar::Unit::natural_days}}) {
    if (value) {
      ++given;
      limit = std::pair{*value, unit};
    }
  }
  if (given != 1) {
    std::cerr << "需要且只能给出一个时限：--working-minutes/-hours/-days 或 --natural-minutes/-hours/-days\n";
    return kExitUsage;
  }
  const auto start = calendar::parse_iso8601(c.from);
  if (!start) {
    std::cerr << start.error().message << "\n";
    return kExitUsage;
  }
  auto work = load_work_calendar(loaded.config);
  if (!work) {
    std::cerr << work.error().public_message() << "\n";
    return kExitFailure;
  }
  const auto due = work->due(*start, limit->first, limit->second);
  if (!due) {
    std::cerr << due.error().message << "\n";
    return kExitUsage;
  }
  std::cout << calendar::format_iso8601(due->at, loaded.config.calendar.utc_offset_minutes)
            << (due->provisional ? " provisional" : "") << "\n";
  return kExitOk;
}

int calendar_is_workday_command(const LoadedConfig& loaded, const std::string& date) {
  auto work = load_work_calendar(loaded.config);
  if (!work) {
    std::cerr << work.error().public_message() << "\n";
    return kExitFailure;
  }
  const auto status = work->day(date);
  if (!status) {
    std::cerr << status.error().message << "\n";
    return kExitUsage;
  }
  std::cout << (status->workday ? "workday" : "offday") << '\t' << status->reason
            << (status->provisional ? "\tprovisional" : "") << "\n";
  return kExitOk;
}

}  // namespace ug::app
