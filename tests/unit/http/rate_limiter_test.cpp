// Token buckets on a clock the test moves: the burst, the refill rate, keys kept apart, and the
// Retry-After a refused caller is told.
#include "http/rate_limiter.hpp"

#include <gtest/gtest.h>

namespace ug::http {
namespace {

TEST(RateLimiter, BurstThenRefillPerKey) {
  auto now = std::chrono::steady_clock::time_point{};
  RateLimiter limiter(6, 3, [&] { return now; });  // 6 a minute: one every 10 s; 3 at once
  EXPECT_EQ(limiter.take("1.2.3.4"), 0);
  EXPECT_EQ(limiter.take("1.2.3.4"), 0);
  EXPECT_EQ(limiter.take("1.2.3.4"), 0);
  EXPECT_EQ(limiter.take("1.2.3.4"), 10);  // empty: the next token in 10 s
  EXPECT_EQ(limiter.take("5.6.7.8"), 0);   // another address has its own bucket
  now += std::chrono::seconds(4);
  EXPECT_EQ(limiter.take("1.2.3.4"), 6);
  now += std::chrono::seconds(6);
  EXPECT_EQ(limiter.take("1.2.3.4"), 0);
  EXPECT_EQ(limiter.take("1.2.3.4"), 10);
  now += std::chrono::hours(1);  // never more than the burst
  for (int i = 0; i < 3; ++i) EXPECT_EQ(limiter.take("1.2.3.4"), 0);
  EXPECT_GT(limiter.take("1.2.3.4"), 0);
}

}  // namespace
}  // namespace ug::http
