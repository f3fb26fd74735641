// Small text predicates and transforms used by every parser of codes, headers and names. ASCII
// only on purpose: codes and HTTP tokens are ASCII, and Chinese text passes through unchanged.
#pragma once

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>
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

// A decimal integer (optional '-'), the whole text; nullopt otherwise or on overflow.
inline std::optional<std::int64_t> parse_int64(std::string_view text) {
  std::int64_t value = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

// An integer counted in units of 10^-decimals written as an exact decimal: (116397128000, 9) →
// "116.397128000". No floating point, so the text reads back to the same integer.
inline std::string format_fixed(std::int64_t scaled, int decimals) {
  std::int64_t unit = 1;
  for (int i = 0; i < decimals; ++i) unit *= 10;
  const bool negative = scaled < 0;
  const auto magnitude = negative ? -static_cast<unsigned long long>(scaled) : static_cast<unsigned long long>(scaled);
  std::string fraction = std::to_string(magnitude % static_cast<unsigned long long>(unit));
  fraction.insert(0, static_cast<std::size_t>(decimals) - fraction.size(), '0');
  return (negative ? "-" : "") + std::to_string(magnitude / static_cast<unsigned long long>(unit)) +
         (decimals > 0 ? "." + fraction : "");
}

// The inverse of format_fixed: at most `decimals` fractional digits; nullopt for anything else.
inline std::optional<std::int64_t> parse_fixed(std::string_view text, int decimals) {
  const bool negative = !text.empty() && text.front() == '-';
  if (negative) text.remove_prefix(1);
  const auto dot = text.find('.');
  const auto whole = text.substr(0, dot);
  const auto fraction = dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
  if (!is_digits(whole) || whole.size() > 9 || (dot != std::string_view::npos && !is_digits(fraction)) ||
      fraction.size() > static_cast<std::size_t>(decimals)) {
    return std::nullopt;
  }
  std::int64_t value = *parse_int64(whole);
  for (int i = 0; i < decimals; ++i) {
    value =
        value * 10 + (static_cast<std::size_t>(i) < fraction.size() ? fraction[static_cast<std::size_t>(i)] - '0' : 0);
  }
  return negative ? -value : value;
}

// FNV-1a (64 bits) of `text`, continuing from `hash`: a fingerprint of content (ETags, migration
// checksums, the basis of evaluation's totals), not a defence against anyone. Feeding pieces one
// after another gives the hash of their concatenation.
inline constexpr std::uint64_t kFnv1aBasis = 14695981039346656037ULL;
inline std::uint64_t fnv1a(std::string_view text, std::uint64_t hash = kFnv1aBasis) {
  for (const unsigned char c : text) hash = (hash ^ c) * 1099511628211ULL;
  return hash;
}

}  // namespace ug
