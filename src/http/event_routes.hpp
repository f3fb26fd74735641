// GET /api/v1/events/stream: server-sent events of case changes and deadline lights within the
// caller's scope, for live queues and maps in the browser. Each open stream holds a connection and
// a descriptor for as long as it lasts, so streams are capped per principal and in total (429 with
// Retry-After beyond), the total always leaving descriptors for ordinary requests (issue 19).
#pragma once

#include "http/message.hpp"
#include "http/router.hpp"
#include "service/case_feed.hpp"
#include "service/case_service.hpp"

namespace ug::http {

struct EventStreamSettings {
  int utc_offset_minutes = 480;
  int streams_per_principal = 5;  // one user's streams (its tokens and sessions together)
  int max_streams = 1000;         // all streams, before the descriptor check below
  int descriptor_reserve = 256;   // descriptors the streams leave free under RLIMIT_NOFILE
  int retry_ms = 3000;            // the stream's retry: hint; Retry-After of a refusal (rounded up)
  EventStreamPolicy policy;       // heartbeat, lifetime, queue length
};

// The cap on all streams actually applied: `max_streams`, lowered to RLIMIT_NOFILE minus
// `descriptor_reserve` when the process may open fewer descriptors than that (never below 0).
int effective_stream_cap(int max_streams, int descriptor_reserve);

void add_event_routes(Router& router, service::CaseFeed& feed, const service::CaseService& cases,
                      const EventStreamSettings& settings);

}  // namespace ug::http
