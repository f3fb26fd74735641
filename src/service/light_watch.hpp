// The scheduler half of the traffic lights (DOMAIN.md §5): stored deadlines already say when each
// open case turns yellow and red; this scan notices the crossings since the last scan, records each
// once (so any number of scans, or servers, notify once), writes the case.light webhooks with the
// record, and tells in-process listeners (logs, live streams).
#pragma once

#include <functional>
#include <mutex>
#include <vector>

#include "core/clock.hpp"
#include "storage/database.hpp"

namespace ug::service {

class LightWatch {
 public:
  using Listener = std::function<void(const storage::LightCrossing&, const workflow::CaseProjection&)>;

  LightWatch(storage::Database& db, int utc_offset_minutes, std::function<std::int64_t()> clock = now_unix_millis)
      : db_(db), utc_offset_minutes_(utc_offset_minutes), clock_(std::move(clock)) {}

  void on_crossing(Listener listener);
  // Records and announces every crossing up to now; returns how many were new.
  Result<int> scan();

 private:
  storage::Database& db_;
  int utc_offset_minutes_;
  std::function<std::int64_t()> clock_;
  std::mutex listeners_mutex_;
  std::vector<Listener> listeners_;
};

}  // namespace ug::service
