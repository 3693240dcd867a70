#include "auth/throttle.hpp"

#include <gtest/gtest.h>

namespace wcp::auth {
namespace {

using std::chrono::seconds;

TEST(ThrottleTest, DoublesTheWaitAfterTheFreeFailures) {
  // 3 free failures, then 1, 2, 4, 8 … s, at most 10 s.
  Throttle t({3, seconds(1), seconds(10), seconds(3600)});
  const auto t0 = Throttle::Clock::time_point{} + std::chrono::hours(1);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(t.RetryAfter("k", t0), 0);
    t.RecordFailure("k", t0);
  }
  EXPECT_EQ(t.RetryAfter("k", t0), 0);  // three failures: still free
  t.RecordFailure("k", t0);             // 4th: wait 1 s
  EXPECT_EQ(t.RetryAfter("k", t0), 1);
  EXPECT_EQ(t.RetryAfter("k", t0 + seconds(1)), 0);
  t.RecordFailure("k", t0 + seconds(1));  // 5th: 2 s
  EXPECT_EQ(t.RetryAfter("k", t0 + seconds(1)), 2);
  t.RecordFailure("k", t0 + seconds(3));  // 6th: 4 s
  EXPECT_EQ(t.RetryAfter("k", t0 + seconds(3)), 4);
  t.RecordFailure("k", t0 + seconds(7));  // 7th: 8 s
  t.RecordFailure("k", t0 + seconds(15));  // 8th: 16 s, capped at 10 s
  EXPECT_EQ(t.RetryAfter("k", t0 + seconds(15)), 10);
  EXPECT_EQ(t.RetryAfter("other", t0 + seconds(15)), 0);
  t.Reset("k");
  EXPECT_EQ(t.RetryAfter("k", t0 + seconds(15)), 0);
}

TEST(ThrottleTest, AQuietKeyIsForgotten) {
  Throttle t({0, seconds(5), seconds(60), seconds(100)});
  const auto t0 = Throttle::Clock::time_point{} + std::chrono::hours(1);
  t.RecordFailure("k", t0);
  t.RecordFailure("k", t0);
  EXPECT_EQ(t.RetryAfter("k", t0), 10);
  t.RecordFailure("k", t0 + seconds(200));  // after forget_after: the first failure again
  EXPECT_EQ(t.RetryAfter("k", t0 + seconds(200)), 5);
}

}  // namespace
}  // namespace wcp::auth
