#include "auth/throttle.hpp"

#include <gtest/gtest.h>

namespace wcp::auth {
namespace {

TEST(ThrottleTest, BlocksAfterMaxFailuresWithinWindow) {
  Throttle t(3, std::chrono::seconds(60));
  const auto t0 = Throttle::Clock::time_point{} + std::chrono::hours(1);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(t.RetryAfter("u:li", t0 + std::chrono::seconds(i)), 0);
    t.RecordFailure("u:li", t0 + std::chrono::seconds(i));
  }
  // Three failures at 0, 1, 2 s: blocked until the first leaves the 60 s window (60 - 10 = 50 s).
  EXPECT_EQ(t.RetryAfter("u:li", t0 + std::chrono::seconds(10)), 50);
  EXPECT_EQ(t.RetryAfter("u:other", t0 + std::chrono::seconds(10)), 0);
  // At 60 s the failure at 0 s has left the window; those at 1 s and 2 s remain.
  EXPECT_EQ(t.RetryAfter("u:li", t0 + std::chrono::seconds(60)), 0);
  t.RecordFailure("u:li", t0 + std::chrono::seconds(60));
  // Failures at 1, 2, 60 s: blocked until 1 + 60 = 61 s, i.e. 1 s from now.
  EXPECT_EQ(t.RetryAfter("u:li", t0 + std::chrono::seconds(60)), 1);
  t.Reset("u:li");
  EXPECT_EQ(t.RetryAfter("u:li", t0 + std::chrono::seconds(60)), 0);
}

}  // namespace
}  // namespace wcp::auth
