// The rules a chosen password must pass (issue 19): NIST SP 800-63B §5.1.1.2 by default — at least
// 8 characters counted as characters (Unicode code points, not bytes), no control characters, not
// the username, not a commonly used password (the lists of data/common-passwords/) — and, for
// bureaus whose 等保 assessment asks for them, a number of character classes. Pure functions: the
// account service applies them whenever a person chooses a password.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace ug::access {

struct PasswordPolicy {
  int min_length = 8;        // characters
  int max_length = 128;      // characters
  int required_classes = 0;  // how many of: lower-case letters, upper-case letters, digits, anything else
};

// The password of the accounts `demo create` makes. They are created with it directly; nobody may
// choose it, since it is printed in the README.
inline constexpr std::string_view kDemoPassword = "urbangrid-demo";

// validation_failed (field `field`) with a message naming the rule the password breaks.
Result<void> check_new_password(std::string_view password, std::string_view username, const PasswordPolicy& policy,
                                const std::string& field = "password");

// The number of Unicode code points of UTF-8 text; nullopt when it is not valid UTF-8 (overlong
// forms, surrogates and values past U+10FFFF included).
std::optional<std::size_t> utf8_length(std::string_view text);

// Whether the password is on the shipped lists, ignoring ASCII case.
bool is_common_password(std::string_view password);
std::size_t common_password_count();

}  // namespace ug::access
