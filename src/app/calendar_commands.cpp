// The calendar subcommands: build the calendar service over the configured database, do one thing,
// print it.
#include "app/calendar_commands.hpp"

#include <fmt/format.h>

#include <iostream>

#include "app/commands.hpp"

namespace ug::app {
namespace {

// The calendar service over the prepared database, reloaded; null after telling the user why not.
struct OpenCalendar {
  std::unique_ptr<storage::Database> db;
  std::unique_ptr<service::CalendarService> service;
};

std::optional<OpenCalendar> open_calendar(const Config& config) {
  auto settings = calendar_settings(config);
  if (!settings) {
    std::cerr << settings.error().public_message() << "\n";
    return std::nullopt;
  }
  OpenCalendar out;
  out.db = open_prepared(config);
  if (!out.db) return std::nullopt;
  out.service = std::make_unique<service::CalendarService>(*out.db, std::move(*settings));
  if (auto loaded = out.service->reload(); !loaded) {
    std::cerr << loaded.error().public_message() << "\n";
    return std::nullopt;
  }
  return out;
}

int report_failure(const Error& error) {
  std::cerr << error.public_message() << "\n";
  return error.code == ErrorCode::validation_failed ? kExitUsage : kExitFailure;
}

std::string duration_text(std::int64_t seconds) {
  const std::int64_t magnitude = seconds < 0 ? -seconds : seconds;
  return fmt::format("{}{}:{:02}:{:02}", seconds < 0 ? "-" : "", magnitude / 3600, magnitude / 60 % 60, magnitude % 60);
}

}  // namespace

Result<std::vector<calendar::HolidayFile>> read_holiday_dir(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    return fail(Error(ErrorCode::not_found, "holidays.dir_missing").with("path", dir.string()));
  }
  std::vector<calendar::HolidayFile> out;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".json") continue;
    const auto text = read_file_or_report(entry.path());
    if (!text) return fail(Error(ErrorCode::unavailable, "cli.file_unreadable").with("path", entry.path().string()));
    auto parsed = calendar::parse_holiday_file(*text);
    if (!parsed) {
      return fail(
          Error(ErrorCode::validation_failed, "holidays.file_invalid")
              .with("path", entry.path().string())
              .with_word("reason", parsed.error().public_message(), parsed.error().public_message(Language::en)));
    }
    out.push_back(std::move(*parsed));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.year < b.year; });
  return out;
}

Result<service::CalendarSettings> calendar_settings(const Config& config) {
  service::CalendarSettings settings;
  auto& c = settings.config;
  c.utc_offset_minutes = config.calendar.utc_offset_minutes;
  c.standard_day_minutes = config.calendar.standard_day_minutes;
  static constexpr std::array<std::string_view, 7> weekdays = {"monday", "tuesday",  "wednesday", "thursday",
                                                               "friday", "saturday", "sunday"};
  for (std::size_t i = 0; i < weekdays.size(); ++i) {
    // load_config checked them already
    UG_TRY_ASSIGN(c.periods[i], calendar::parse_periods(config.calendar.periods[i]));
    if (weekdays[i] == config.calendar.makeup_workday_periods) c.makeup_workday_uses = static_cast<int>(i);
  }
  if (c.periods[static_cast<std::size_t>(c.makeup_workday_uses)].empty()) {
    return fail(ErrorCode::validation_failed, "config.makeup_workday_without_periods");
  }
  settings.thresholds = {config.calendar.yellow_percent, config.calendar.red_percent};
  settings.shipped = calendar::built_in_holiday_files();
  if (!config.calendar.holiday_dir.empty()) {
    UG_TRY_ASSIGN(const auto added, read_holiday_dir(config.calendar.holiday_dir));
    settings.shipped.insert(settings.shipped.end(), added.begin(), added.end());
  }
  return settings;
}

int calendar_due_command(const LoadedConfig& loaded, const DueCommand& c) {
  std::optional<calendar::TimeLimit> limit;
  int given = 0;
  for (const auto& [value, unit] : {std::pair{c.working_minutes, calendar::Unit::working_minutes},
                                    {c.working_hours, calendar::Unit::working_hours},
                                    {c.working_days, calendar::Unit::working_days},
                                    {c.natural_minutes, calendar::Unit::natural_minutes},
                                    {c.natural_hours, calendar::Unit::natural_hours},
                                    {c.natural_days, calendar::Unit::natural_days}}) {
    if (value) {
      ++given;
      limit = calendar::TimeLimit{*value, unit};
    }
  }
  if (given != 1) {
    std::cerr << "需要且只能给出一个时限：--working-minutes/-hours/-days 或 --natural-minutes/-hours/-days\n";
    return kExitUsage;
  }
  const auto start = calendar::parse_iso8601(c.from);
  if (!start) return report_failure(start.error());
  std::optional<calendar::UnixSeconds> at;
  if (c.at) {
    auto parsed = calendar::parse_iso8601(*c.at);
    if (!parsed) return report_failure(parsed.error());
    at = *parsed;
  }
  auto open = open_calendar(loaded.config);
  if (!open) return kExitFailure;
  const auto work = open->service->current();
  const auto due = work->due(*start, limit->value, limit->unit);
  if (!due) return report_failure(due.error());
  const int offset = loaded.config.calendar.utc_offset_minutes;
  std::cout << calendar::format_iso8601(due->at, offset) << (due->provisional ? " provisional" : "") << "\n";
  if (at) {
    const auto reading = calendar::read_clock(*work, {*start, *limit, {}, {}}, *at, open->service->thresholds());
    if (!reading) return report_failure(reading.error());
    std::cout << "light\t" << calendar::to_string(reading->light) << "\nused\t" << duration_text(reading->used_seconds)
              << "\nremaining\t" << duration_text(reading->remaining_seconds) << "\n";
  }
  return kExitOk;
}

int calendar_is_workday_command(const LoadedConfig& loaded, const std::string& date) {
  auto open = open_calendar(loaded.config);
  if (!open) return kExitFailure;
  const auto status = open->service->current()->day(date);
  if (!status) return report_failure(status.error());
  std::cout << (status->workday ? "workday" : "offday") << '\t' << status->reason
            << (status->provisional ? "\tprovisional" : "") << "\n";
  return kExitOk;
}

int calendar_import_command(const LoadedConfig& loaded, const std::filesystem::path& file) {
  const auto text = read_file_or_report(file);
  if (!text) return kExitFailure;
  auto open = open_calendar(loaded.config);
  if (!open) return kExitFailure;
  const auto report = open->service->import_year(access::Principal::command_line(), *text);
  if (!report) return report_failure(report.error());
  std::cout << fmt::format("{} 年：{} 个日期已{}；{} 个日期的工作时间与导入前不同", report->year, report->listed_days,
                           report->replaced ? "替换原有安排" : "导入", report->changed_dates.size());
  std::cout << (report->changed_dates.empty() ? "" : "：")
            << fmt::format("{}\n", fmt::join(report->changed_dates, " "));
  return kExitOk;
}

int calendar_override_command(const LoadedConfig& loaded, const OverrideCommand& c) {
  if (static_cast<int>(c.workday) + static_cast<int>(c.offday) + static_cast<int>(c.remove) != 1) {
    std::cerr << "需要且只能给出 --workday、--offday 或 --remove 之一\n";
    return kExitUsage;
  }
  auto open = open_calendar(loaded.config);
  if (!open) return kExitFailure;
  if (c.remove) {
    const auto removed = open->service->remove_override(access::Principal::command_line(), c.date);
    if (!removed) return report_failure(removed.error());
    std::cout << (*removed ? "removed " : "no override on ") << c.date << "\n";
    return kExitOk;
  }
  if (const auto set = open->service->set_override(access::Principal::command_line(), c.date, c.workday, c.reason);
      !set)
    return report_failure(set.error());
  const auto status = open->service->current()->day(c.date);
  std::cout << c.date << '\t' << (status->workday ? "workday" : "offday") << '\t' << status->reason << "\n";
  return kExitOk;
}

int calendar_overrides_command(const LoadedConfig& loaded) {
  auto open = open_calendar(loaded.config);
  if (!open) return kExitFailure;
  const auto overrides = open->service->overrides();
  if (!overrides) return report_failure(overrides.error());
  for (const auto& o : *overrides) {
    std::cout << o.date << '\t' << (o.workday ? "workday" : "offday") << '\t' << o.reason << "\n";
  }
  return kExitOk;
}

}  // namespace ug::app
