// auth/throttle.hpp — login throttling per account and per client address.
//
// A sliding window of failures: after `max_failures` failed logins within
// `window`, further attempts for that key are refused until the oldest
// failure leaves the window. Pure logic with the clock passed in.
// Thread-safety: all methods are safe from any thread. State is in memory,
// per process (a restart forgets it; documented in docs/security.md).
#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <string>

namespace wcp::auth {

class Throttle {
 public:
  using Clock = std::chrono::steady_clock;
  Throttle(int max_failures, std::chrono::seconds window) : max_(max_failures), window_(window) {}

  // Seconds until `key` may try again; 0 when allowed now.
  int RetryAfter(const std::string& key, Clock::time_point now);
  void RecordFailure(const std::string& key, Clock::time_point now);
  void Reset(const std::string& key);

 private:
  void Expire(std::deque<Clock::time_point>& q, Clock::time_point now) const;
  int max_;
  std::chrono::seconds window_;
  std::mutex mu_;
  std::map<std::string, std::deque<Clock::time_point>> failures_;  // guarded by mu_
};

}  // namespace wcp::auth
