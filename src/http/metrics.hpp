// http/metrics.hpp — request counters and latency histograms, Prometheus text.
// Thread-safety: all methods are safe from any thread (one mutex; the
// critical sections are a few map operations).
#pragma once

#include <array>
#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace wcp::http {

class Metrics {
 public:
  void Observe(const std::string& method, const std::string& route, int status, double seconds);
  // Gauges sampled at scrape time (queue depth, open connections, db pool…).
  void AddGauge(std::string name, std::string help, std::function<double()> sample);
  std::string Render() const;

 private:
  static constexpr std::array<double, 11> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   1.0,   5.0};
  struct Series {
    std::array<uint64_t, kBuckets.size()> buckets{};
    uint64_t count = 0;
    double sum = 0;
  };
  struct Gauge {
    std::string help;
    std::function<double()> sample;
  };
  // Keyed by (route pattern, method[, status]); labels are formatted only at
  // scrape time, so a request costs a map lookup under the mutex.
  using Key = std::pair<std::string, std::string>;
  mutable std::mutex mu_;
  std::map<std::tuple<std::string, std::string, int>, uint64_t> requests_;
  std::map<Key, Series> latency_;
  std::map<std::string, Gauge> gauges_;
};

}  // namespace wcp::http
