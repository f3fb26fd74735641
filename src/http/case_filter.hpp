// The queue's filters as a query string reads them (state, stage, channel, category, department,
// urgency, region, light, dates, search, sort, page): one reader for the queue, its counts, its
// exports and the saved views that keep a query for later, so all four refuse the same input.
#pragma once

#include "http/message.hpp"
#include "service/case_service.hpp"

namespace ug::http {

inline constexpr int kMaxCasePageSize = 200;

// Each wrong parameter is a 422 naming it. Local dates (…_from / …_to) are read at the offset.
Result<storage::CaseFilter> case_filter(const Request& request, int utc_offset_minutes);

// The same reader over a query string kept apart from any request (a saved view's).
Result<storage::CaseFilter> case_filter_of_query(std::string_view query, int utc_offset_minutes);

}  // namespace ug::http
