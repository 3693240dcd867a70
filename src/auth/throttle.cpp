#include "auth/throttle.hpp"

namespace wcp::auth {

void Throttle::Expire(std::deque<Clock::time_point>& q, Clock::time_point now) const {
  while (!q.empty() && now - q.front() >= window_) q.pop_front();
}

int Throttle::RetryAfter(const std::string& key, Clock::time_point now) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = failures_.find(key);
  if (it == failures_.end()) return 0;
  Expire(it->second, now);
  if (static_cast<int>(it->second.size()) < max_) return 0;
  const auto wait = it->second.front() + window_ - now;
  return static_cast<int>(std::chrono::ceil<std::chrono::seconds>(wait).count());
}

void Throttle::RecordFailure(const std::string& key, Clock::time_point now) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& q = failures_[key];
  Expire(q, now);
  q.push_back(now);
  if (failures_.size() > 100000) failures_.erase(failures_.begin());  // bound memory under attack
}

void Throttle::Reset(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  failures_.erase(key);
}

}  // namespace wcp::auth
