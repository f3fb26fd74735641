// The process clock, and formatting of UnixMillis for logs and the wire.
#include "core/clock.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace ug {

Clock& process_clock() {
  static Clock clock;
  return clock;
}

std::string format_iso8601_utc(UnixMillis instant) {
  using namespace std::chrono;
  const sys_time<milliseconds> tp{milliseconds{instant}};
  const auto day = floor<days>(tp);
  const year_month_day ymd{day};
  const hh_mm_ss hms{tp - day};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), hms.hours().count(),
                     hms.minutes().count(), hms.seconds().count(), hms.subseconds().count());
}

}  // namespace ug
