// RateLimiter: refill on each take; full buckets are forgotten when the table grows large.
#include "http/rate_limiter.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>

#include "http/json.hpp"

namespace ug::http {
namespace {
constexpr std::size_t kPruneAbove = 100'000;  // keys kept before full (idle) buckets are dropped
}

RateLimiter::RateLimiter(int per_minute, int burst, Clock clock)
    : per_second_(per_minute / 60.0), burst_(std::max(1, burst)), clock_(std::move(clock)) {}

int RateLimiter::take(const std::string& key) {
  const auto now = clock_();
  const std::lock_guard lock(mutex_);
  const auto refill = [&](Bucket& b) {
    b.tokens = std::min(burst_, b.tokens + std::chrono::duration<double>(now - b.at).count() * per_second_);
    b.at = now;
  };
  if (buckets_.size() > kPruneAbove) {
    for (auto it = buckets_.begin(); it != buckets_.end();) {
      refill(it->second);
      it = it->second.tokens >= burst_ ? buckets_.erase(it) : std::next(it);
    }
  }
  auto [it, fresh] = buckets_.try_emplace(key, Bucket{burst_, now});
  if (!fresh) refill(it->second);
  if (it->second.tokens >= 1) {
    it->second.tokens -= 1;
    return 0;
  }
  return static_cast<int>(std::ceil((1 - it->second.tokens) / per_second_));
}

Response too_many_requests(int wait_seconds, const Error& error, const Request& request) {
  auto response = error_response(error, request);
  response.set_header("retry-after", std::to_string(wait_seconds));
  return response;
}

Response too_many_requests(int wait_seconds, MessageKey message, const Request& request) {
  return too_many_requests(wait_seconds, Error(ErrorCode::rate_limited, message), request);
}

std::optional<Response> over_budget(RateLimiter& budget, const std::string& key, const Request& request) {
  if (const int wait = budget.take(key); wait > 0) return too_many_requests(wait, "error.rate_limited", request);
  return std::nullopt;
}

}  // namespace ug::http
