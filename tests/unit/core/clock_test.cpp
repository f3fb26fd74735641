// The one clock (DOMAIN.md §11): only a test deployment's moves, and concurrent advances all count.
#include "core/clock.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace ug {
namespace {

TEST(Clock, OnlyATestDeploymentsClockMovesAndEveryAdvanceCounts) {
  Clock clock;
  EXPECT_FALSE(clock.advance(1000));
  EXPECT_FALSE(clock.set_offset(5000));
  EXPECT_EQ(clock.offset_ms(), 0);

  clock.configure(true, 0);
  std::vector<std::thread> movers;
  for (int i = 0; i < 8; ++i) {
    movers.emplace_back([&] {
      for (int n = 0; n < 1000; ++n) clock.advance(1);
    });
  }
  for (auto& t : movers) t.join();
  EXPECT_EQ(clock.offset_ms(), 8000);  // a read-then-write advance would lose some
  EXPECT_TRUE(clock.set_offset(-60'000));
  EXPECT_EQ(clock.offset_ms(), -60'000);
}

}  // namespace
}  // namespace ug
