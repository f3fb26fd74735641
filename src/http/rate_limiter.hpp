// Token buckets per key (a client address, an account name): each key may make `burst` requests at
// once and then `per_minute` a minute. Used in front of sign-in now and the public citizen routes
// later; a refused request gets 429 with Retry-After.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/error.hpp"
#include "http/message.hpp"

namespace ug::http {

class RateLimiter {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  RateLimiter(
      int per_minute, int burst, Clock clock = [] { return std::chrono::steady_clock::now(); });

  // 0 when the request may go ahead (a token is taken); else the whole seconds until one is free.
  int take(const std::string& key);

 private:
  struct Bucket {
    double tokens = 0;
    std::chrono::steady_clock::time_point at;
  };
  double per_second_;
  double burst_;
  Clock clock_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

// 429 with Retry-After: `wait_seconds` from RateLimiter::take; `error` says which limit was reached.
Response too_many_requests(int wait_seconds, const Error& error, const Request& request);
// The same for a rate_limited error saying `message`.
Response too_many_requests(int wait_seconds, MessageKey message, const Request& request);
// nullopt when `key` may go ahead (a token is taken); else the 429 answer.
std::optional<Response> over_budget(RateLimiter& budget, const std::string& key, const Request& request);

}  // namespace ug::http
