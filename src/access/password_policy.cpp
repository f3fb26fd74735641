// Password rules and the embedded lists of common passwords.
#include "access/password_policy.hpp"

#include <span>
#include <unordered_set>

#include "core/text.hpp"

namespace ug::access {

std::span<const std::string_view> common_password_lists();  // generated from data/common-passwords/*.lst

namespace {

const std::unordered_set<std::string>& common_passwords() {
  static const auto set = [] {
    std::unordered_set<std::string> out;
    for (auto text : common_password_lists()) {
      while (!text.empty()) {
        const auto end = text.find('\n');
        auto line = text.substr(0, end);
        text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty() || line.starts_with("#!comment:")) continue;
        out.insert(ascii_lower(line));
      }
    }
    return out;
  }();
  return set;
}

// Decodes one UTF-8 sequence at text[at]; the code point and its length, or nullopt when invalid.
std::optional<std::pair<char32_t, std::size_t>> decode(std::string_view text, std::size_t at) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(at);
  if (lead < 0x80) return std::pair{char32_t{lead}, std::size_t{1}};
  std::size_t length = 0;
  char32_t value = 0, smallest = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2, value = lead & 0x1F, smallest = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, value = lead & 0x0F, smallest = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, value = lead & 0x07, smallest = 0x10000;
  } else {
    return std::nullopt;
  }
  if (at + length > text.size()) return std::nullopt;
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(at + i) & 0xC0) != 0x80) return std::nullopt;
    value = (value << 6) | (byte(at + i) & 0x3F);
  }
  if (value < smallest || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return std::nullopt;
  return std::pair{value, length};
}

bool is_control(char32_t c) { return c < 0x20 || (c >= 0x7F && c <= 0x9F); }

}  // namespace

std::optional<std::size_t> utf8_length(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t at = 0; at < text.size(); ++count) {
    const auto decoded = decode(text, at);
    if (!decoded) return std::nullopt;
    at += decoded->second;
  }
  return count;
}

bool is_common_password(std::string_view password) { return common_passwords().contains(ascii_lower(password)); }

std::size_t common_password_count() { return common_passwords().size(); }

Result<void> check_new_password(std::string_view password, std::string_view username, const PasswordPolicy& policy,
                                const std::string& field) {
  bool lower = false, upper = false, digit = false, other = false;
  std::size_t characters = 0;
  for (std::size_t at = 0; at < password.size(); ++characters) {
    const auto decoded = decode(password, at);
    if (!decoded) return fail(invalid(field, "password.not_utf8"));
    const auto c = decoded->first;
    if (is_control(c)) return fail(invalid(field, "password.control_characters"));
    lower |= c >= 'a' && c <= 'z';
    upper |= c >= 'A' && c <= 'Z';
    digit |= c >= '0' && c <= '9';
    other |= !(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9');
    at += decoded->second;
  }
  if (characters < static_cast<std::size_t>(policy.min_length) ||
      characters > static_cast<std::size_t>(policy.max_length)) {
    return fail(invalid(field, "password.length")
                    .with("min_length", std::int64_t{policy.min_length})
                    .with("max_length", std::int64_t{policy.max_length}));
  }
  const int classes = int{lower} + int{upper} + int{digit} + int{other};
  if (classes < policy.required_classes) {
    return fail(
        invalid(field, "password.character_classes").with("required_classes", std::int64_t{policy.required_classes}));
  }
  const auto folded = ascii_lower(password);
  if (!username.empty() && folded == ascii_lower(username)) return fail(invalid(field, "password.same_as_username"));
  if (folded == kDemoPassword) return fail(invalid(field, "password.demo_password"));
  if (is_common_password(password)) return fail(invalid(field, "password.common"));
  return {};
}

}  // namespace ug::access
