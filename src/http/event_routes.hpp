// GET /api/v1/events/stream: server-sent events of case changes and deadline lights within the
// caller's scope, for live queues and maps in the browser.
#pragma once

#include "http/router.hpp"
#include "service/case_feed.hpp"
#include "service/case_service.hpp"

namespace ug::http {

void add_event_routes(Router& router, service::CaseFeed& feed, const service::CaseService& cases,
                      int utc_offset_minutes);

}  // namespace ug::http
