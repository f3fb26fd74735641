// Wall-clock instants as UTC milliseconds since the Unix epoch: how every backend stores time, so
// SQLite and PostgreSQL hold the same numbers. The calendar module builds working time on top.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace ug {

using UnixMillis = std::int64_t;

inline UnixMillis now_unix_millis() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// ISO 8601 in UTC with millisecond precision, e.g. 2026-11-23T03:33:54.123Z.
std::string format_iso8601_utc(UnixMillis instant);

}  // namespace ug
