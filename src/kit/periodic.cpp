#include "kit/periodic.hpp"

#include <spdlog/spdlog.h>

namespace wcp::kit {

PeriodicWorker::PeriodicWorker(std::string name, std::chrono::milliseconds interval, std::function<Status()> step)
    : name_(std::move(name)), interval_(interval), step_(std::move(step)), thread_([this] { Run(); }) {}

PeriodicWorker::~PeriodicWorker() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void PeriodicWorker::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_) {
    lock.unlock();
    if (Status s = step_(); !s.ok()) spdlog::warn("{}: {}", name_, s.ToString());
    lock.lock();
    wake_.wait_for(lock, interval_, [this] { return stop_; });
  }
}

}  // namespace wcp::kit
