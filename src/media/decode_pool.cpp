// The pool's threads take waiting jobs in arrival order; the first job waits until it fits the
// memory budget (later ones do not overtake it, so a large picture is not starved by small ones).
// On Linux the threads run at a lower priority (10 nicer than the server), so that when the CPU is short the
// server's I/O and worker threads, which answer staff requests, are scheduled first.
#include "media/decode_pool.hpp"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <exception>

namespace ug::media {
namespace {

constexpr int kDecodeNicenessAbove = 10;  // how much nicer than the thread that made the pool
constexpr int kNicest = 19;

// Relative, not absolute: a server started under `nice 15` must not get decode threads at 10, which
// would then run ahead of its own I/O and worker threads.
void lower_this_threads_priority() {
#ifdef __linux__
  // Linux applies getpriority()/setpriority() to one thread when given its thread id.
  const auto tid = static_cast<id_t>(::syscall(SYS_gettid));
  errno = 0;
  const int current = ::getpriority(PRIO_PROCESS, tid);
  if (current == -1 && errno != 0) return;
  (void)::setpriority(PRIO_PROCESS, tid, std::min(kNicest, current + kDecodeNicenessAbove));
#endif
}

}  // namespace

DecodePool::DecodePool(DecodePoolLimits limits) : limits_(limits) {
  limits_.threads = std::max(1, limits_.threads);
  limits_.queue = std::max(0, limits_.queue);
  for (int i = 0; i < limits_.threads; ++i) threads_.emplace_back([this] { serve(); });
}

DecodePool::~DecodePool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  for (auto& thread : threads_) thread.join();
}

int DecodePool::admitted() const {
  std::lock_guard lock(mutex_);
  return running_ + static_cast<int>(waiting_.size());
}

bool DecodePool::fits(const Job& job) const {
  return running_ == 0 || running_bytes_ + job.bytes <= limits_.memory_budget_bytes;
}

Result<void> DecodePool::run(std::uint64_t estimated_bytes, std::function<void()> work) {
  auto job = std::make_shared<Job>();
  job->bytes = estimated_bytes;
  job->work = std::move(work);
  auto done = job->done.get_future();
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return tl::unexpected(Error(ErrorCode::unavailable, {}, "decode pool stopping"));
    if (running_ + static_cast<int>(waiting_.size()) >= limits_.threads + limits_.queue) {
      return tl::unexpected(Error(ErrorCode::overloaded, "media.decode_busy",
                                  "decode pool full: " + std::to_string(running_) + " running, " +
                                      std::to_string(waiting_.size()) + " waiting")
                                .with("retry_after", static_cast<std::int64_t>(limits_.retry_after_seconds)));
    }
    waiting_.push_back(job);
  }
  changed_.notify_all();
  try {
    done.get();
  } catch (const std::future_error&) {
    return tl::unexpected(Error(ErrorCode::unavailable, {}, "decode pool stopped before the job ran"));
  }
  return {};
}

void DecodePool::serve() {
  lower_this_threads_priority();
  std::unique_lock lock(mutex_);
  for (;;) {
    changed_.wait(lock, [this] { return stopping_ || (!waiting_.empty() && fits(*waiting_.front())); });
    if (stopping_) {
      // Nobody will run what waits: its callers learn at once (a broken promise).
      for (const auto& job : waiting_) {
        job->done.set_exception(std::make_exception_ptr(std::future_error(std::future_errc::broken_promise)));
      }
      waiting_.clear();
      return;
    }
    const auto job = waiting_.front();
    waiting_.pop_front();
    ++running_;
    running_bytes_ += job->bytes;
    lock.unlock();
    std::exception_ptr failure;
    try {
      job->work();
    } catch (...) {
      failure = std::current_exception();
    }
    lock.lock();
    --running_;
    running_bytes_ -= job->bytes;
    if (failure) {
      job->done.set_exception(failure);
    } else {
      job->done.set_value();
    }
    changed_.notify_all();
  }
}

}  // namespace ug::media
