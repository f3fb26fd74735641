// Prometheus text rendering (https://prometheus.io/docs/instrumenting/exposition_formats/).
#include "http/metrics.hpp"

#include <fmt/format.h>

namespace ug::http {
namespace {

std::string escape_label(std::string_view value) {
  std::string out;
  for (const char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

void Metrics::observe_request(std::string_view route, std::string_view method, int status, double seconds) {
  std::lock_guard lock(mutex_);
  auto& series = series_[{std::string(route), std::string(method), status}];
  ++series.count;
  series.sum_seconds += seconds;
  for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
    if (seconds <= kLatencyBuckets[i]) ++series.buckets[i];
  }
}

void Metrics::set_build_info(std::string version, std::string commit) {
  version_ = std::move(version);
  commit_ = std::move(commit);
}

std::string Metrics::render_prometheus() const {
  std::string out;
  out += "# HELP urbangrid_build_info The running binary; the value is always 1.\n";
  out += "# TYPE urbangrid_build_info gauge\n";
  out += fmt::format("urbangrid_build_info{{version=\"{}\",commit=\"{}\"}} 1\n", escape_label(version_),
                     escape_label(commit_));
  out += "# HELP process_start_time_seconds Start time of the process since the Unix epoch.\n";
  out += "# TYPE process_start_time_seconds gauge\n";
  out += fmt::format("process_start_time_seconds {:.3f}\n", start_time_seconds_);
  out += "# HELP urbangrid_http_requests_total HTTP requests answered, by route pattern, method and status.\n";
  out += "# TYPE urbangrid_http_requests_total counter\n";
  std::string histogram;
  histogram += "# HELP urbangrid_http_request_duration_seconds Time from a complete request to its response.\n";
  histogram += "# TYPE urbangrid_http_request_duration_seconds histogram\n";
  {
    std::lock_guard lock(mutex_);
    for (const auto& [key, series] : series_) {
      const auto& [route, method, status] = key;
      const auto labels =
          fmt::format("route=\"{}\",method=\"{}\",status=\"{}\"", escape_label(route), escape_label(method), status);
      out += fmt::format("urbangrid_http_requests_total{{{}}} {}\n", labels, series.count);
      for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
        histogram += fmt::format("urbangrid_http_request_duration_seconds_bucket{{{},le=\"{}\"}} {}\n", labels,
                                 kLatencyBuckets[i], series.buckets[i]);
      }
      histogram +=
          fmt::format("urbangrid_http_request_duration_seconds_bucket{{{},le=\"+Inf\"}} {}\n", labels, series.count);
      histogram += fmt::format("urbangrid_http_request_duration_seconds_sum{{{}}} {}\n", labels, series.sum_seconds);
      histogram += fmt::format("urbangrid_http_request_duration_seconds_count{{{}}} {}\n", labels, series.count);
    }
  }
  out += histogram;
  out += "# HELP urbangrid_http_open_connections Client connections currently open.\n";
  out += "# TYPE urbangrid_http_open_connections gauge\n";
  out += fmt::format("urbangrid_http_open_connections {}\n", open_connections_.load(std::memory_order_relaxed));
  out += "# HELP urbangrid_worker_queue_depth Blocking requests waiting for a worker thread.\n";
  out += "# TYPE urbangrid_worker_queue_depth gauge\n";
  out += fmt::format("urbangrid_worker_queue_depth {}\n", queue_depth_ ? queue_depth_() : 0);
  out += "# HELP urbangrid_worker_queue_rejections_total Requests answered 503 because the worker queue was full.\n";
  out += "# TYPE urbangrid_worker_queue_rejections_total counter\n";
  out += fmt::format("urbangrid_worker_queue_rejections_total {}\n", pool_rejections_.load(std::memory_order_relaxed));
  return out;
}

}  // namespace ug::http
