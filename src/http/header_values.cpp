// Header list splitting shared by content negotiation, conditional requests and media types.
#include "http/header_values.hpp"

namespace ug::http {

std::string_view trim_ows(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::vector<std::string_view> split_header_list(std::string_view value, char separator) {
  std::vector<std::string_view> items;
  while (true) {
    const auto at = value.find(separator);
    const auto item = trim_ows(value.substr(0, at));
    if (!item.empty()) items.push_back(item);
    if (at == std::string_view::npos) return items;
    value.remove_prefix(at + 1);
  }
}

}  // namespace ug::http
