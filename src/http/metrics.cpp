#include "http/metrics.hpp"

#include <fmt/format.h>

namespace wcp::http {

namespace {

// Label values are bounded by construction: a client choosing random method
// names must not create a series per name.
const std::string& MethodLabel(const std::string& method) {
  static const std::string kKnown[] = {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"};
  static const std::string kOther = "other";
  for (const auto& m : kKnown) {
    if (m == method) return m;
  }
  return kOther;
}

}  // namespace

void Metrics::Observe(const std::string& raw_method, const std::string& route, int status, double seconds) {
  const std::string& method = MethodLabel(raw_method);
  if (status < 100 || status > 599) status = 0;
  std::lock_guard<std::mutex> lock(mu_);
  ++requests_[{route, method, status}];
  Series& s = latency_[{route, method}];
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++s.buckets[i];
  }
  ++s.count;
  s.sum += seconds;
}

void Metrics::AddGauge(std::string name, std::string help, std::function<double()> sample) {
  std::lock_guard<std::mutex> lock(mu_);
  gauges_[std::move(name)] = {std::move(help), std::move(sample)};
}

std::string Metrics::Render() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::string out =
      "# HELP wcp_http_requests_total HTTP requests by route and status.\n"
      "# TYPE wcp_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    out += fmt::format("wcp_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{}\"}} {}\n", std::get<1>(key),
                       std::get<0>(key), std::get<2>(key), n);
  }
  out +=
      "# HELP wcp_http_request_duration_seconds Time from request read to response queued.\n"
      "# TYPE wcp_http_request_duration_seconds histogram\n";
  for (const auto& [key, s] : latency_) {
    const std::string labels = fmt::format("method=\"{}\",route=\"{}\"", key.second, key.first);
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      out += fmt::format("wcp_http_request_duration_seconds_bucket{{{},le=\"{}\"}} {}\n", labels,
                         kBuckets[i], s.buckets[i]);
    }
    out += fmt::format("wcp_http_request_duration_seconds_bucket{{{},le=\"+Inf\"}} {}\n", labels, s.count);
    out += fmt::format("wcp_http_request_duration_seconds_sum{{{}}} {}\n", labels, s.sum);
    out += fmt::format("wcp_http_request_duration_seconds_count{{{}}} {}\n", labels, s.count);
  }
  for (const auto& [name, g] : gauges_) {
    out += fmt::format("# HELP {} {}\n# TYPE {} gauge\n{} {}\n", name, g.help, name, name, g.sample());
  }
  return out;
}

}  // namespace wcp::http
