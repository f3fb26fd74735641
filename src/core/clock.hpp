// Time as UTC milliseconds since the Unix epoch (how every backend stores it, so SQLite and
// PostgreSQL hold the same numbers), and the process's one clock (DOMAIN.md §11). Every "now" of
// the domain — events, deadlines and lights, sessions and tokens, audit entries, webhook
// schedules, evaluation periods — is read from it through now_unix_millis(). For tests and
// demonstrations only (`testing.enabled = true`) it runs ahead of or behind real time by an
// offset, so a deadline can be seen passing without waiting; otherwise it refuses to move.
// Infrastructure that must keep real time whatever the test clock says (log lines, migration
// records) reads system_unix_millis(); tests/unit/app/layering_test.cpp lists where.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

namespace ug {

using UnixMillis = std::int64_t;

// The machine's wall clock.
inline UnixMillis system_unix_millis() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

class Clock {
 public:
  UnixMillis now() const { return system_unix_millis() + offset_ms_.load(std::memory_order_relaxed); }
  bool testing() const { return testing_.load(std::memory_order_relaxed); }
  std::int64_t offset_ms() const { return offset_ms_.load(std::memory_order_relaxed); }

  // At startup, from the configuration: whether this is a test deployment, and where its clock starts.
  void configure(bool testing, std::int64_t offset_ms) {
    testing_.store(testing, std::memory_order_relaxed);
    offset_ms_.store(testing ? offset_ms : 0, std::memory_order_relaxed);
  }
  // Test deployments only; false (and nothing moves) otherwise.
  bool set_offset(std::int64_t offset_ms) {
    if (!testing()) return false;
    offset_ms_.store(offset_ms, std::memory_order_relaxed);
    return true;
  }
  // Test deployments only: the clock moves on by `ms` (two advances at once both count).
  bool advance(std::int64_t ms) {
    if (!testing()) return false;
    offset_ms_.fetch_add(ms, std::memory_order_relaxed);
    return true;
  }
  // Test deployments only: the clock reads `instant` now and runs on from it.
  bool set_now(UnixMillis instant) { return set_offset(instant - system_unix_millis()); }

 private:
  std::atomic<bool> testing_{false};
  std::atomic<std::int64_t> offset_ms_{0};
};

// The one clock of this process.
Clock& process_clock();

// Now, as the process's clock says.
inline UnixMillis now_unix_millis() { return process_clock().now(); }

// ISO 8601 in UTC with millisecond precision, e.g. 2026-11-23T03:33:54.123Z.
std::string format_iso8601_utc(UnixMillis instant);

}  // namespace ug
