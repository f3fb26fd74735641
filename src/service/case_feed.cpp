// The feed's queue and its fan-out thread: publishers append under a short lock, the thread takes
// everything queued at once and gives it to each listener as one batch.
#include "service/case_feed.hpp"

#include <vector>

namespace ug::service {

CaseFeed::CaseFeed(std::size_t capacity)
    : capacity_(capacity), thread_([this](std::stop_token stop) { fan_out(std::move(stop)); }) {}

CaseFeed::~CaseFeed() {
  thread_.request_stop();
  if (thread_.joinable()) thread_.join();
}

std::uint64_t CaseFeed::subscribe(Listener listener) {
  std::lock_guard lock(listeners_mutex_);
  const auto id = next_++;
  listeners_.emplace(id, std::move(listener));
  return id;
}

void CaseFeed::unsubscribe(std::uint64_t id) {
  std::lock_guard lock(listeners_mutex_);
  listeners_.erase(id);
}

void CaseFeed::publish(CaseChange change) {
  {
    std::lock_guard lock(queue_mutex_);
    if (pending_.size() >= capacity_) {
      ++lost_;
      dropped_since_delivery_ = true;
      return;
    }
    pending_.push_back(std::move(change));
  }
  queue_changed_.notify_one();
}

std::size_t CaseFeed::subscribers() const {
  std::lock_guard lock(listeners_mutex_);
  return listeners_.size();
}

std::uint64_t CaseFeed::lost() const {
  std::lock_guard lock(queue_mutex_);
  return lost_;
}

void CaseFeed::fan_out(std::stop_token stop) {
  std::vector<CaseChange> batch;
  while (true) {
    bool dropped = false;
    {
      std::unique_lock lock(queue_mutex_);
      if (!queue_changed_.wait(lock, stop, [this] { return !pending_.empty() || dropped_since_delivery_; })) return;
      batch.assign(std::make_move_iterator(pending_.begin()), std::make_move_iterator(pending_.end()));
      pending_.clear();
      dropped = std::exchange(dropped_since_delivery_, false);
    }
    std::lock_guard lock(listeners_mutex_);
    for (const auto& [id, listener] : listeners_) {
      if (dropped) listener.on_lost();
      if (!batch.empty()) listener.on_changes(batch);
    }
    batch.clear();
  }
}

}  // namespace ug::service
