// The error table is complete and consistent: every ErrorCode has exactly one row, a unique stable
// name, a 4xx/5xx status and a Chinese default message.
#include <gtest/gtest.h>

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
  EXPECT_EQ(Error(ErrorCode::not_found, "案件不存在").public_message(), "案件不存在");
}

Result<int> half(int x) {
  if (x % 2 != 0) return fail(ErrorCode::validation_failed, "odd");
  return x / 2;
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
