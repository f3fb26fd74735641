// GET /api/v1/calendar/due and /api/v1/calendar/days: deadlines in working time and the workdays of
// a year, read-only (changing the calendar is an admin action: the CLI today, the accounts issue's
// admin endpoints next).
#pragma once

#include <boost/json/object.hpp>

#include "http/router.hpp"
#include "service/calendar_service.hpp"

namespace ug::http {

void add_calendar_routes(Router& router, service::CalendarService& calendar);

// An instant query parameter (ISO 8601 with an offset); nullopt when absent. A '+' of the offset
// that was not percent-encoded arrives as a space and is read as the '+' it was.
Result<std::optional<calendar::UnixSeconds>> instant_query_param(const Request& request, const std::string& name);
// A clock reading as the calendar and case routes show it, instants in local time.
boost::json::object clock_reading_json(const calendar::ClockReading& reading, int utc_offset_minutes);
boost::json::value clock_reading_schema();  // of clock_reading_json

}  // namespace ug::http
