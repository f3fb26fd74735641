// Typed query parameters with the 422 every endpoint gives for a missing or malformed one, naming
// the field: one rule for every route instead of one per route.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "http/message.hpp"

namespace ug::http {

// A decimal within [min, max]; `fallback` when absent (without one, absence is an error).
Result<double> number_query_param(const Request& request, const std::string& name, double min, double max,
                                  std::optional<double> fallback = std::nullopt);

// An integer within [min, max]; `fallback` when absent (without one, absence is an error).
Result<std::int64_t> integer_query_param(const Request& request, const std::string& name, std::int64_t min,
                                         std::int64_t max, std::optional<std::int64_t> fallback = std::nullopt);

// true/1 or false/0; nullopt when absent or empty.
Result<std::optional<bool>> optional_boolean_query_param(const Request& request, const std::string& name);
// The same with `fallback` when absent or empty.
Result<bool> boolean_query_param(const Request& request, const std::string& name, bool fallback);
// A comma-separated list ("a,b"), blanks trimmed and empty items dropped; empty when absent.
std::vector<std::string> list_query_param(const Request& request, const std::string& name);

// The required `lon` (-180…180) and `lat` (-90…90) parameters.
Result<std::pair<double, double>> lon_lat_query_params(const Request& request);

// A query string as logs and the audit trail keep it: names and values decoded, and the search
// (`q`, however its name is encoded) with every digit but the last four starred, so a phone number
// searched for is not written down in full ("q=13812345678" → "q=*******5678").
std::string query_for_the_record(std::string_view query);
// A request target the same way: its path as sent, its query for the record.
std::string target_for_the_record(std::string_view target);

// The path parameter `id` as a positive integer; nullopt when it is not one.
std::optional<std::int64_t> id_param(const Request& request);

}  // namespace ug::http
