// auth/throttle.hpp — exponential back-off after failed password checks.
//
// Each key (e.g. "address|account") may fail `free_failures` times; after
// that every further failure doubles the wait, from `base` up to `max`. A key
// that stays quiet for `forget_after` starts afresh; a success resets it.
// The service keys three instances so that an attacker is slowed where he
// is, while the owner of an account is never locked out for longer than the
// per-account `max` (a short delay) when coming from another address.
// Pure logic with the clock passed in.
// Thread-safety: all methods are safe from any thread. State is in memory,
// per process (a restart forgets it; documented in docs/security.md).
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>

namespace wcp::auth {

class Throttle {
 public:
  using Clock = std::chrono::steady_clock;
  struct Policy {
    int free_failures;
    std::chrono::seconds base;
    std::chrono::seconds max;
    std::chrono::seconds forget_after;
  };
  explicit Throttle(Policy policy) : policy_(policy) {}

  // Seconds until `key` may try again; 0 when allowed now.
  int RetryAfter(const std::string& key, Clock::time_point now);
  void RecordFailure(const std::string& key, Clock::time_point now);
  void Reset(const std::string& key);

 private:
  struct State {
    int failures = 0;
    Clock::time_point last;
  };
  std::chrono::seconds Delay(int failures) const;
  Policy policy_;
  std::mutex mu_;
  std::map<std::string, State> keys_;  // guarded by mu_
};

}  // namespace wcp::auth
