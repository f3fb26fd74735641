// The routes of a user's saved views (issue 22 §4): the queue filters a user named and keeps.
#pragma once

#include "http/router.hpp"
#include "service/saved_view_service.hpp"

namespace ug::http {

void add_saved_view_routes(Router& router, service::SavedViewService& views, int utc_offset_minutes);

}  // namespace ug::http
