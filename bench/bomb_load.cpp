// Load for bench/image_bombs.sh (issue 19, docs/performance.md): a staff read timed on an idle
// server, then the same read timed while image bombs are uploaded without an account, in one run.
//
//   bomb_load --port P --token T [--uploaders 8] [--seconds 10] [--side 7071] [--addresses N]
//
// The bomb is an all-zero 8-bit greyscale PNG of side×side pixels (the issue's: 7071, ~48 KB for
// 50 megapixels), built with zlib. Each uploader posts it back to back, a fresh connection each time
// and each from its own address (X-Forwarded-For, the server trusting the loopback as its proxy),
// as a flood from many clients would, so the per-address upload budget (429) is not what stops it;
// the staff read (GET /api/v1/cases?limit=20 with a bearer token) runs on one
// keep-alive connection. Prints one line of key=value pairs: idle and flood p50/p99/max, their
// p99 ratio, and what the uploads were answered.
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "bench_options.hpp"
#include "support/http_client.hpp"
#include "support/photo_fixtures.hpp"

namespace {

using Clock = std::chrono::steady_clock;

using ug::bench::option;
using ug::bench::parse_options;
using ug::bench::percentile;

// Staff reads back to back on one keep-alive connection until `stop`; their latencies, sorted.
std::vector<double> staff_reads(int port, const std::string& token, Clock::time_point stop, int& failures) {
  const std::vector<std::pair<std::string, std::string>> headers = {{"authorization", "Bearer " + token}};
  auto connection = std::make_unique<ug::test::HttpConnection>(port);
  std::vector<double> out;
  while (Clock::now() < stop) {
    const auto start = Clock::now();
    auto reply = connection->request("GET", "/api/v1/cases?limit=20", headers);
    out.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    if (!reply || reply->status != 200) ++failures;
    if (!reply || reply->header("connection") == "close") connection = std::make_unique<ug::test::HttpConnection>(port);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const auto o = parse_options(argc, argv, 1);
    const int port = std::stoi(option(o, "port"));
    const std::string token = option(o, "token");
    const int uploaders = std::stoi(option(o, "uploaders", "8"));
    const double seconds = std::stod(option(o, "seconds", "10"));
    const auto side = static_cast<std::uint32_t>(std::stoul(option(o, "side", "7071")));
    const auto addresses = static_cast<std::uint32_t>(std::stoul(option(o, "addresses", "16777216")));
    const auto span = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    const std::string bomb = ug::test::zero_png(side, side);

    int idle_failures = 0, flood_failures = 0;
    const auto idle = staff_reads(port, token, Clock::now() + span, idle_failures);

    std::mutex mutex;
    std::map<int, int> answered;
    std::vector<double> upload_ms;
    std::atomic<bool> flooding{true};
    std::atomic<std::uint32_t> sent{0};
    std::vector<std::thread> threads;
    for (int u = 0; u < uploaders; ++u) {
      threads.emplace_back([&] {
        while (flooding.load()) {
          const auto start = Clock::now();
          const auto n = sent.fetch_add(1) % addresses;
          const auto from = fmt::format("10.{}.{}.{}", (n >> 16) & 255, (n >> 8) & 255, n & 255);
          auto reply = ug::test::http_request(port, "POST", "/api/v1/public/attachments",
                                              {{"content-type", "image/png"}, {"x-forwarded-for", from}}, bomb);
          const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
          std::lock_guard lock(mutex);
          ++answered[reply ? reply->status : 0];
          upload_ms.push_back(ms);
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));  // let the flood begin
    const auto flood = staff_reads(port, token, Clock::now() + span, flood_failures);
    flooding = false;
    for (auto& t : threads) t.join();
    std::sort(upload_ms.begin(), upload_ms.end());

    std::string statuses;
    // 0: no answer within the client's 10 s (an upload still waiting when the flood ended, or a stalled server).
    for (const auto& [status, count] : answered)
      statuses += fmt::format("{}{}x{}", statuses.empty() ? "" : ",", status, count);
    const double idle_p99 = percentile(idle, 0.99), flood_p99 = percentile(flood, 0.99);
    fmt::print(
        "bomb_bytes={} idle_reads={} idle_p50_ms={:.2f} idle_p99_ms={:.2f} idle_max_ms={:.2f} flood_reads={} "
        "flood_p50_ms={:.2f} flood_p99_ms={:.2f} flood_max_ms={:.2f} p99_ratio={:.2f} uploads={} upload_statuses={} "
        "upload_p50_ms={:.2f} upload_max_ms={:.2f} read_failures={}\n",
        bomb.size(), idle.size(), percentile(idle, 0.5), idle_p99, idle.empty() ? 0.0 : idle.back(), flood.size(),
        percentile(flood, 0.5), flood_p99, flood.empty() ? 0.0 : flood.back(),
        idle_p99 > 0 ? flood_p99 / idle_p99 : 0.0, upload_ms.size(), statuses.empty() ? "none" : statuses,
        percentile(upload_ms, 0.5), upload_ms.empty() ? 0.0 : upload_ms.back(), idle_failures + flood_failures);
    return idle_failures + flood_failures == 0 && !idle.empty() && !flood.empty() ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bomb_load: %s\n", e.what());
    return 1;
  }
}
