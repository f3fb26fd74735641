// The error table is complete and consistent: every ErrorCode has exactly one row, a unique stable
// name, a 4xx/5xx status and a default message. The message table has both languages of every
// message, each naming the same placeholders, and errors render them from their details.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/invariant.hpp"
#include "core/result.hpp"

namespace ug {
namespace {

TEST(ErrorTable, EveryCodeHasOneRowWithUniqueNameAndErrorStatus) {
  std::set<std::string_view> names;
  std::set<int> codes;
  for (const auto& row : all_error_codes()) {
    EXPECT_TRUE(names.insert(row.name).second) << "duplicate name " << row.name;
    EXPECT_TRUE(codes.insert(static_cast<int>(row.code)).second) << "duplicate row for " << row.name;
    EXPECT_GE(row.http_status, 400);
    EXPECT_LE(row.http_status, 599);
    EXPECT_FALSE(row.default_message.empty());
  }
  // Walk the enum up to its last value: a new code without a row throws here.
  for (int c = 0; c <= static_cast<int>(ErrorCode::overloaded); ++c) {
    EXPECT_NO_THROW(info(static_cast<ErrorCode>(c))) << "code " << c << " has no row";
  }
  EXPECT_EQ(codes.size(), static_cast<std::size_t>(ErrorCode::overloaded) + 1);
}

TEST(ErrorTable, StatusesUsersRelyOn) {
  EXPECT_EQ(info(ErrorCode::not_found).http_status, 404);
  EXPECT_EQ(info(ErrorCode::illegal_transition).http_status, 409);
  EXPECT_EQ(info(ErrorCode::headers_too_large).http_status, 431);
  EXPECT_EQ(info(ErrorCode::payload_too_large).http_status, 413);
  EXPECT_EQ(info(ErrorCode::unsupported_media_type).http_status, 415);
  EXPECT_EQ(info(ErrorCode::overloaded).http_status, 503);
  EXPECT_EQ(to_string(ErrorCode::invalid_json), "invalid_json");
}

TEST(Error, PublicMessageFallsBackToTheDefault) {
  EXPECT_EQ(Error(ErrorCode::not_found, {}).public_message(), "请求的资源不存在");
  EXPECT_EQ(Error(ErrorCode::not_found, {}).public_message(Language::en), "Not found");
  EXPECT_EQ(Error(ErrorCode::not_found, {}).message_key(), "error.not_found");
  EXPECT_EQ(Error(ErrorCode::validation_failed, "json.body_not_object").public_message(), "请求体应为 JSON 对象");
  EXPECT_EQ(Error(ErrorCode::validation_failed, "json.body_not_object").message_key(), "json.body_not_object");
}

TEST(Error, MessageNamesItsDetailsInTheLanguageAsked) {
  const auto error = invalid("description", "field.too_long").with("max_bytes", std::int64_t{2000});
  EXPECT_EQ(error.code, ErrorCode::validation_failed);
  EXPECT_EQ(error.public_message(), "description 过长（最多 2000 字节）");
  EXPECT_EQ(error.public_message(Language::en), "description is too long (at most 2000 bytes)");
  auto listed = Error(ErrorCode::validation_failed, "field.undeclared")
                    .with("fields", std::vector<std::string>{"why", "extension.unit"});
  EXPECT_EQ(listed.public_message(), "请求体含有本接口不接受的字段：why、extension.unit");
  EXPECT_EQ(listed.public_message(Language::en),
            "The body holds fields this endpoint does not take: why, extension.unit");
  // A placeholder whose detail is missing stays visible rather than vanishing into a wrong sentence.
  EXPECT_EQ(Error(ErrorCode::validation_failed, "field.required").public_message(), "缺少字段 {field}");
}

TEST(MessageTable, EveryMessageInBothLanguagesWithTheSamePlaceholders) {
  const std::regex key_shape("^[a-z0-9_]+(\\.[a-z0-9_]+)+$");
  const std::regex placeholder("\\{([a-z0-9_]+)\\}");
  auto placeholders = [&](std::string_view text) {
    std::multiset<std::string> names;
    const std::string s(text);
    for (auto it = std::sregex_iterator(s.begin(), s.end(), placeholder); it != std::sregex_iterator(); ++it) {
      names.insert((*it)[1]);
    }
    return names;
  };
  std::set<std::string_view> keys;
  for (const auto& row : kMessageTable) {
    SCOPED_TRACE(std::string(row.key));
    EXPECT_TRUE(keys.insert(row.key).second) << "duplicate key";
    EXPECT_TRUE(std::regex_match(std::string(row.key), key_shape));
    EXPECT_FALSE(row.zh.empty());
    EXPECT_FALSE(row.en.empty());
    EXPECT_EQ(placeholders(row.zh), placeholders(row.en));
    // The English text is English: no CJK characters or full-width punctuation. (UTF-8 bytes are
    // checked as code points by looking for the lead bytes of U+3000–U+9FFF and U+FF00–U+FFEF.)
    for (std::size_t i = 0; i < row.en.size(); ++i) {
      const auto byte = static_cast<unsigned char>(row.en[i]);
      EXPECT_FALSE(byte >= 0xE3 && byte <= 0xE9) << "CJK character in the English text: " << row.en;
      EXPECT_FALSE(byte == 0xEF && i + 1 < row.en.size() && static_cast<unsigned char>(row.en[i + 1]) >= 0xBC &&
                   static_cast<unsigned char>(row.en[i + 1]) <= 0xBF)
          << "full-width punctuation in the English text: " << row.en;
    }
  }
}

Result<int> half(int x) {
  if (x % 2 != 0) return fail(ErrorCode::validation_failed, "error.validation_failed");
  return x / 2;
}

Result<int> eighth(int x) {
  UG_TRY_ASSIGN(const int h, half(x));
  UG_TRY_ASSIGN(auto q, half(h));
  return half(q);
}

Result<int> quarter(int x) {
  auto h = half(x);
  UG_TRY(h);
  return half(*h);
}

TEST(Result, TryPropagatesTheFirstError) {
  EXPECT_EQ(quarter(8).value(), 2);
  const auto r = quarter(6);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::validation_failed);
  EXPECT_FALSE(quarter(3));
}

// A UG_TRY around a lambda that uses UG_TRY itself (a transaction's body): the two temporaries
// have names of their own, so -Wshadow (an error here) has nothing to say.
Result<int> checked_in_a_lambda(int x) {
  UG_TRY([&]() -> Result<void> {
    UG_TRY(half(x));
    return {};
  }());
  return x;
}

TEST(Result, TryNestsInsideALambdaOfItsOwnExpression) {
  EXPECT_EQ(checked_in_a_lambda(4).value(), 4);
  EXPECT_FALSE(checked_in_a_lambda(3));
}

TEST(Result, TryAssignBindsTheValueOrPropagatesTheError) {
  EXPECT_EQ(eighth(16).value(), 2);
  EXPECT_EQ(eighth(12).error().code, ErrorCode::validation_failed);  // 12 → 6 → 3 → odd
  EXPECT_FALSE(eighth(5));
}

TEST(Invariant, ViolationThrowsWithLocation) {
  try {
    UG_INVARIANT(1 + 1 == 3, "arithmetic");
    FAIL() << "no throw";
  } catch (const InvariantViolation& e) {
    EXPECT_NE(std::string(e.what()).find("arithmetic"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("error_test.cpp"), std::string::npos);
  }
}

TEST(Clock, FormatsUtcWithMilliseconds) {
  EXPECT_EQ(format_iso8601_utc(0), "1970-01-01T00:00:00.000Z");
  // 2026-11-23T00:00:00Z = 1795392000 s since the epoch.
  EXPECT_EQ(format_iso8601_utc(1795392000123), "2026-11-23T00:00:00.123Z");
}

}  // namespace
}  // namespace ug
