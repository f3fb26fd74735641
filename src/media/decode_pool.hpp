// Where uploaded pictures are decoded: a few threads of their own (one by default), apart from the
// server's worker pool, with a memory budget and a bounded queue. A decode holds hundreds of MB
// and seconds of CPU for a large picture; here at most `threads` run, their estimated memory stays
// within the budget, at most `queue` more wait, and anything beyond is refused at once
// (ErrorCode::overloaded → 503 with Retry-After), so a flood of uploads can neither exhaust memory
// nor take every worker that staff requests need.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "core/result.hpp"

namespace ug::media {

struct DecodePoolLimits {
  int threads = 1;                                   // decodes that run at once
  int queue = 2;                                     // decodes that may wait for a thread or for memory
  std::uint64_t memory_budget_bytes = 512ull << 20;  // estimated memory of the decodes that run at once
  int retry_after_seconds = 1;                       // told to a client refused because the queue is full
};

class DecodePool {
 public:
  explicit DecodePool(DecodePoolLimits limits);
  ~DecodePool();  // waits for running decodes; waiting ones are answered ErrorCode::unavailable
  DecodePool(const DecodePool&) = delete;
  DecodePool& operator=(const DecodePool&) = delete;

  const DecodePoolLimits& limits() const { return limits_; }

  // Runs `work` on one of the pool's threads once `estimated_bytes` fit the budget next to the
  // decodes already running (a job larger than the whole budget runs alone), and waits for it.
  // ErrorCode::overloaded at once, without running it, when `threads + queue` jobs are already
  // admitted; the error carries the detail "retry_after" (seconds). An exception from `work` is
  // rethrown here.
  Result<void> run(std::uint64_t estimated_bytes, std::function<void()> work);

  // Jobs admitted and not finished (running or waiting); for tests and metrics.
  int admitted() const;

 private:
  struct Job {
    std::uint64_t bytes = 0;
    std::function<void()> work;
    std::promise<void> done;
  };
  void serve();
  bool fits(const Job& job) const;  // caller holds mutex_

  DecodePoolLimits limits_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::shared_ptr<Job>> waiting_;
  int running_ = 0;
  std::uint64_t running_bytes_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace ug::media
