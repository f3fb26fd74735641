// Small text predicates and transforms used by every parser of codes, headers and names. ASCII
// only on purpose: codes and HTTP tokens are ASCII, and Chinese text passes through unchanged.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>

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

}  // namespace ug
