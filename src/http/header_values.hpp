// Parsing of list-valued HTTP header fields (Accept-Encoding, If-None-Match, media type
// parameters): split on a separator, trim spaces and tabs, skip empty items (RFC 9110 §5.6.1).
#pragma once

#include <string_view>
#include <vector>

namespace ug::http {

std::string_view trim_ows(std::string_view text);
std::vector<std::string_view> split_header_list(std::string_view value, char separator = ',');

}  // namespace ug::http
