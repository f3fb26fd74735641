// The password rules of issue 19: the weak passwords the issue names are refused, length counts
// characters and not bytes, control characters and broken UTF-8 are refused, the lists compare
// without regard to case, and the composition rule stays off unless a bureau turns it on.
#include "access/password_policy.hpp"

#include <gtest/gtest.h>

namespace ug::access {
namespace {

std::string refusal(std::string_view password, std::string_view username = "zhang.wei",
                    const PasswordPolicy& policy = {}) {
  const auto checked = check_new_password(password, username, policy);
  if (checked) return {};
  EXPECT_EQ(checked.error().code, ErrorCode::validation_failed);
  return checked.error().public_message();
}

TEST(PasswordPolicy, RefusesWhatTheIssueNames) {
  EXPECT_NE(refusal("12345678").find("常见密码"), std::string::npos);
  EXPECT_NE(refusal("password").find("常见密码"), std::string::npos);
  EXPECT_NE(refusal("zhang.wei.li", "zhang.wei.li").find("用户名"), std::string::npos);
  EXPECT_NE(refusal("Zhang.Wei.Li", "zhang.wei.li").find("用户名"), std::string::npos);
  EXPECT_NE(refusal("urbangrid-demo").find("演示"), std::string::npos);
  EXPECT_NE(refusal(std::string(8, '\0')).find("控制字符"), std::string::npos);
}

TEST(PasswordPolicy, CommonPasswordsIgnoreCase) {
  EXPECT_TRUE(is_common_password("qwertyuiop"));
  EXPECT_TRUE(is_common_password("QwertyUIOP"));
  EXPECT_TRUE(is_common_password("qq123456"));  // from the zxcvbn-ts list
  EXPECT_TRUE(is_common_password("5201314"));   // from John the Ripper's
  EXPECT_FALSE(is_common_password("#!comment: This list has been compiled by Solar Designer of Openwall Project"));
  EXPECT_FALSE(is_common_password(""));
  EXPECT_FALSE(is_common_password("correct horse 2026"));
  EXPECT_GT(common_password_count(), 12'000u);  // 3,546 + 10,000, less what both hold
  EXPECT_LT(common_password_count(), 13'547u);
}

TEST(PasswordPolicy, LengthCountsCharactersNotBytes) {
  EXPECT_EQ(utf8_length("城市管理"), 4u);
  EXPECT_NE(refusal("城市管理").find("长度"), std::string::npos);  // 12 bytes, 4 characters
  EXPECT_EQ(refusal("城市管理网格平台"), "");                      // 8 characters
  EXPECT_NE(refusal("abc de1").find("长度"), std::string::npos);
  EXPECT_EQ(refusal("abc de12"), "");
  EXPECT_NE(refusal(std::string(129, 'x')).find("长度"), std::string::npos);
  EXPECT_EQ(refusal(std::string(128, 'x')), "");
  PasswordPolicy longer;
  longer.min_length = 12;
  EXPECT_NE(refusal("abc de12", "u", longer).find("12 到 128"), std::string::npos);
}

TEST(PasswordPolicy, RefusesControlCharactersAndBrokenUtf8) {
  EXPECT_NE(refusal("good one\ttab").find("控制字符"), std::string::npos);
  EXPECT_NE(refusal("good one\x7f").find("控制字符"), std::string::npos);
  EXPECT_NE(refusal("good one\xc2\x85").find("控制字符"), std::string::npos);  // U+0085, a C1 control
  for (const std::string broken :
       {"good one\xff", "good one\xc0\xaf", "good one\xed\xa0\x80", "good one\xe5\x9f", "good one\xf4\x90\x80\x80"}) {
    EXPECT_FALSE(utf8_length(broken)) << broken;
    EXPECT_NE(refusal(broken).find("UTF-8"), std::string::npos) << broken;
  }
}

TEST(PasswordPolicy, CompositionOnlyWhenConfigured) {
  EXPECT_EQ(refusal("tangerine wharf"), "");  // NIST: no composition rules by default
  PasswordPolicy classes;
  classes.required_classes = 3;
  EXPECT_NE(refusal("tangerine wharf", "u", classes).find("至少 3 类"), std::string::npos);
  EXPECT_EQ(refusal("tangerine wharf 9", "u", classes), "");  // lower, digit, other (the spaces)
  EXPECT_EQ(refusal("Tangerine9城市", "u", classes), "");     // upper, lower, digit, other
}

}  // namespace
}  // namespace ug::access
