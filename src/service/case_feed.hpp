// Live case changes inside one server, for the browsers' live queues (GET /api/v1/events/stream):
// the case service publishes each committed action, the light watch each deadline crossing, and
// every subscriber (one per open stream) is told on the publishing thread. Nothing here is durable;
// a client that reconnects reloads its queue (the durable feed for other systems is the webhook
// outbox).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>

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
  using Listener = std::function<void(const CaseChange&)>;
  // Listeners must be quick (queue and return): they run on the thread that committed the change.
  std::uint64_t subscribe(Listener listener);
  void unsubscribe(std::uint64_t id);
  void publish(const CaseChange& change) const;
  std::size_t subscribers() const;

 private:
  mutable std::mutex mutex_;
  std::uint64_t next_ = 1;
  std::map<std::uint64_t, Listener> listeners_;
};

}  // namespace ug::service
