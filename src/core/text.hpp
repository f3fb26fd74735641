// Small text predicates and transforms used by every parser of codes, headers and names. ASCII
// only on purpose: codes and HTTP tokens are ASCII, and Chinese text passes through unchanged.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace ug {

inline std::string ascii_lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); });
  return out;
}

// True for a non-empty run of 0-9 (and, when `length` is given, exactly that long).
inline bool is_digits(std::string_view text, std::size_t length = std::string_view::npos) {
  if (text.empty() || (length != std::string_view::npos && text.size() != length)) return false;
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Without leading and trailing spaces and tabs.
inline std::string_view trim_blanks(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// "a, b,,c" → {"a", "b", "c"}: split on `separator`, items trimmed, empty ones skipped (the list
// rule of HTTP fields, RFC 9110 §5.6.1, and of comma-separated settings).
inline std::vector<std::string_view> split_list(std::string_view text, char separator = ',') {
  std::vector<std::string_view> items;
  while (true) {
    const auto at = text.find(separator);
    const auto item = trim_blanks(text.substr(0, at));
    if (!item.empty()) items.push_back(item);
    if (at == std::string_view::npos) return items;
    text.remove_prefix(at + 1);
  }
}

}  // namespace ug
