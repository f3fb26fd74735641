// Prometheus metrics of the HTTP server: requests and latency by route and status, connections,
// worker-pool queue depth and rejections. Rendered as Prometheus text format 0.0.4 at /metrics.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>

namespace ug::http {

class Metrics {
 public:
  static constexpr std::array<double, 12> kLatencyBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                             0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

  void observe_request(std::string_view route, std::string_view method, int status, double seconds);
  void connection_opened() { open_connections_.fetch_add(1, std::memory_order_relaxed); }
  void connection_closed() { open_connections_.fetch_sub(1, std::memory_order_relaxed); }
  void pool_rejected() { pool_rejections_.fetch_add(1, std::memory_order_relaxed); }
  // Reads the live queue depth when rendering.
  void set_queue_depth_source(std::function<std::int64_t()> source) { queue_depth_ = std::move(source); }

  // Constant labels of this process: urbangrid_build_info{version,commit} 1 and the start time.
  void set_build_info(std::string version, std::string commit);

  std::string render_prometheus() const;

 private:
  struct Series {
    std::uint64_t count = 0;
    double sum_seconds = 0;
    std::array<std::uint64_t, kLatencyBuckets.size()> buckets{};
  };
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, Series> series_;  // route, method, status
  std::atomic<std::int64_t> open_connections_{0};
  std::atomic<std::uint64_t> pool_rejections_{0};
  std::function<std::int64_t()> queue_depth_;
  std::string version_, commit_;
  double start_time_seconds_ = static_cast<double>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                                       std::chrono::system_clock::now().time_since_epoch())
                                                       .count()) /
                               1000.0;
};

}  // namespace ug::http
