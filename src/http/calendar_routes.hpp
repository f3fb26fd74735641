// GET /api/v1/calendar/due and /api/v1/calendar/days: deadlines in working time and the workdays of
// a year, read-only (changing the calendar is an admin action: the CLI today, the accounts issue's
// admin endpoints next).
#pragma once

#include "http/router.hpp"
#include "service/calendar_service.hpp"

namespace ug::http {

void add_calendar_routes(Router& router, service::CalendarService& calendar);

}  // namespace ug::http
