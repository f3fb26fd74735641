// A registry of listeners under one mutex; publishing copies nothing but the listener calls.
#include "service/case_feed.hpp"

namespace ug::service {

std::uint64_t CaseFeed::subscribe(Listener listener) {
  std::lock_guard lock(mutex_);
  const auto id = next_++;
  listeners_.emplace(id, std::move(listener));
  return id;
}

void CaseFeed::unsubscribe(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  listeners_.erase(id);
}

void CaseFeed::publish(const CaseChange& change) const {
  std::lock_guard lock(mutex_);
  for (const auto& [id, listener] : listeners_) listener(change);
}

std::size_t CaseFeed::subscribers() const {
  std::lock_guard lock(mutex_);
  return listeners_.size();
}

}  // namespace ug::service
