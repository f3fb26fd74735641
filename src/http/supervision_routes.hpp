// The 督办 routes (DOMAIN.md §9): the ledger of notices with their states, lights and counts, a
// notice with its timeline and the caller's allowed actions, issuing one on a case, and the
// actions on it (reply, withdraw). The escalation of late notices is the server's sweep.
#pragma once

#include "http/router.hpp"
#include "service/supervision_service.hpp"

namespace ug::http {

void add_supervision_routes(Router& router, service::SupervisionService& supervision, int utc_offset_minutes);

}  // namespace ug::http
