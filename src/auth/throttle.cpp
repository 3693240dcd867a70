#include "auth/throttle.hpp"

#include <algorithm>

namespace wcp::auth {

namespace {
constexpr size_t kMaxKeys = 100000;  // bounds memory under a spraying attack
}

std::chrono::seconds Throttle::Delay(int failures) const {
  const int over = failures - policy_.free_failures;
  if (over <= 0) return std::chrono::seconds(0);
  const int doublings = std::min(over - 1, 30);
  const auto delay = policy_.base * (int64_t{1} << doublings);
  return std::min<std::chrono::seconds>(delay, policy_.max);
}

int Throttle::RetryAfter(const std::string& key, Clock::time_point now) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = keys_.find(key);
  if (it == keys_.end()) return 0;
  if (now - it->second.last >= policy_.forget_after) {
    keys_.erase(it);
    return 0;
  }
  const auto until = it->second.last + Delay(it->second.failures);
  if (until <= now) return 0;
  return static_cast<int>(std::chrono::ceil<std::chrono::seconds>(until - now).count());
}

void Throttle::RecordFailure(const std::string& key, Clock::time_point now) {
  std::lock_guard<std::mutex> lock(mu_);
  if (keys_.size() >= kMaxKeys && !keys_.count(key)) {
    // Drop the stalest entry: forgetting a quiet key is the least harm.
    auto stalest = std::min_element(keys_.begin(), keys_.end(),
                                    [](const auto& a, const auto& b) { return a.second.last < b.second.last; });
    keys_.erase(stalest);
  }
  State& s = keys_[key];
  if (s.failures > 0 && now - s.last >= policy_.forget_after) s.failures = 0;
  ++s.failures;
  s.last = now;
}

void Throttle::Reset(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  keys_.erase(key);
}

}  // namespace wcp::auth
