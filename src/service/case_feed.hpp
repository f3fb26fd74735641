// Live case changes inside one server, for the browsers' live queues (GET /api/v1/events/stream):
// the case service publishes each committed action, the light watch each deadline crossing. A
// commit only appends the change to a bounded queue (issue 19: with every listener called on the
// committing thread, 2,000 open streams took intake from 3 to 59 ms); one fan-out thread hands
// the queued changes to the listeners. Nothing here is durable; a client that reconnects reloads
// its queue (the durable feed for other systems is the webhook outbox).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <span>
#include <string>
#include <thread>

#include "workflow/case_record.hpp"

namespace ug::service {

struct CaseChange {
  std::int64_t id = 0;                  // the event's position in the log; 0 for a light notice
  std::string kind;                     // case | light
  workflow::CaseProjection projection;  // the case after the change (scope checks, summary)
  std::string action;                   // case: the action taken
  std::string light, stage;             // light: yellow | red, and the stage whose deadline turned
  std::int64_t at_ms = 0;
};

class CaseFeed {
 public:
  struct Listener {
    // Changes in publishing order, a batch at a time, on the fan-out thread.
    std::function<void(std::span<const CaseChange>)> on_changes;
    // The queue overflowed and changes were dropped: what a listener passed on is incomplete.
    std::function<void()> on_lost = [] {};
  };

  // `capacity`: changes that may wait for the fan-out thread; more are dropped (and on_lost called).
  explicit CaseFeed(std::size_t capacity = 10'000);
  ~CaseFeed();
  CaseFeed(const CaseFeed&) = delete;
  CaseFeed& operator=(const CaseFeed&) = delete;

  std::uint64_t subscribe(Listener listener);
  // Once it returns the listener is not running and is not called again.
  void unsubscribe(std::uint64_t id);
  // O(1) for the caller: queues the change and returns; never waits for a listener.
  void publish(CaseChange change);
  std::size_t subscribers() const;
  std::uint64_t lost() const;  // changes dropped because the queue was full, since start

 private:
  void fan_out(std::stop_token stop);

  const std::size_t capacity_;
  mutable std::mutex queue_mutex_;  // pending_, lost_, dropped_since_delivery_
  std::condition_variable_any queue_changed_;
  std::deque<CaseChange> pending_;
  std::uint64_t lost_ = 0;
  bool dropped_since_delivery_ = false;
  mutable std::mutex listeners_mutex_;  // held while listeners run, so unsubscribe waits for them
  std::uint64_t next_ = 1;
  std::map<std::uint64_t, Listener> listeners_;
  std::jthread thread_;  // last: stopped and joined before the members above go
};

}  // namespace ug::service
