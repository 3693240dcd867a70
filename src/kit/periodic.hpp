// kit/periodic.hpp — a module's background job: `step` runs on its own
// thread now and then every `interval` until the worker is destroyed (which
// waits for a running step to finish). A failed step is logged with `name`
// and tried again at the next interval. Steps should do a bounded amount of
// work each: destruction waits for the current one.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "core/status.hpp"

namespace wcp::kit {

class PeriodicWorker {
 public:
  PeriodicWorker(std::string name, std::chrono::milliseconds interval, std::function<Status()> step);
  ~PeriodicWorker();
  PeriodicWorker(const PeriodicWorker&) = delete;
  PeriodicWorker& operator=(const PeriodicWorker&) = delete;

 private:
  void Run();
  const std::string name_;
  const std::chrono::milliseconds interval_;
  const std::function<Status()> step_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stop_ = false;  // guarded by mu_
  std::thread thread_;  // last: starts after the members it reads
};

}  // namespace wcp::kit
