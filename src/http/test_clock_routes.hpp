// GET and PUT /api/v1/testing/clock: reading and moving the process clock of a test or
// demonstration deployment (DOMAIN.md §11), so a deadline can be seen passing without waiting.
// The routes exist only when `testing.enabled = true`; elsewhere the path is an ordinary 404.
#pragma once

#include "http/router.hpp"

namespace ug::http {

void add_test_clock_routes(Router& router, int utc_offset_minutes);

}  // namespace ug::http
