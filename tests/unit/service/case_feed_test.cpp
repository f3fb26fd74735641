// The live case feed (issue 19): publishing returns at once however slow a listener is, listeners
// get every change in order from the fan-out thread, and a full queue drops changes and says so
// instead of making the committing request wait.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <semaphore>
#include <thread>

#include "service/case_feed.hpp"

namespace ug::service {
namespace {

using namespace std::chrono_literals;

CaseChange change(std::int64_t id) {
  CaseChange c;
  c.id = id;
  c.kind = "case";
  return c;
}

// Waits up to two seconds for `done`.
template <typename Predicate>
bool eventually(Predicate done) {
  const auto deadline = std::chrono::steady_clock::now() + 2s;
  while (!done() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(1ms);
  return done();
}

TEST(CaseFeed, PublishingDoesNotWaitForAListener) {
  CaseFeed feed;
  std::counting_semaphore<3> release{0};
  std::atomic<int> seen{0};
  feed.subscribe({[&](std::span<const CaseChange> changes) {
    release.acquire();  // a listener stuck on a slow client
    seen += static_cast<int>(changes.size());
  }});
  auto publishing = std::async(std::launch::async, [&] {
    for (int i = 1; i <= 3; ++i) feed.publish(change(i));
  });
  const bool returned = publishing.wait_for(1s) == std::future_status::ready;
  release.release(3);  // enough for one call per change
  publishing.wait();
  EXPECT_TRUE(returned) << "publish waited for the listener";
  EXPECT_TRUE(eventually([&] { return seen == 3; }));
}

TEST(CaseFeed, ListenersGetEveryChangeInOrderOffThePublishingThread) {
  CaseFeed feed;
  std::mutex mutex;
  std::vector<std::int64_t> ids;
  std::thread::id listener_thread;
  feed.subscribe({[&](std::span<const CaseChange> changes) {
    std::lock_guard lock(mutex);
    listener_thread = std::this_thread::get_id();
    for (const auto& c : changes) ids.push_back(c.id);
  }});
  for (int i = 1; i <= 100; ++i) feed.publish(change(i));
  ASSERT_TRUE(eventually([&] {
    std::lock_guard lock(mutex);
    return ids.size() == 100;
  }));
  std::lock_guard lock(mutex);
  for (std::size_t i = 0; i < ids.size(); ++i) EXPECT_EQ(ids[i], static_cast<std::int64_t>(i + 1));
  EXPECT_NE(listener_thread, std::this_thread::get_id());
}

TEST(CaseFeed, AFullQueueDropsChangesAndTellsTheListeners) {
  CaseFeed feed(2);
  std::binary_semaphore entered{0}, release{0};
  std::atomic<int> seen{0}, lost{0};
  feed.subscribe({[&](std::span<const CaseChange> changes) {
                    entered.release();
                    release.acquire();
                    seen += static_cast<int>(changes.size());
                  },
                  [&] { ++lost; }});
  feed.publish(change(1));
  entered.acquire();  // the fan-out thread has taken change 1 and waits in the listener
  for (int i = 2; i <= 6; ++i) feed.publish(change(i));
  EXPECT_EQ(feed.lost(), 3u);  // 2 and 3 wait; 4, 5, 6 do not fit
  release.release();
  entered.acquire();  // … and then takes 2 and 3 together
  release.release();
  EXPECT_TRUE(eventually([&] { return seen == 3 && lost == 1; })) << seen << " " << lost;
}

TEST(CaseFeed, UnsubscribeWaitsForARunningListenerAndStopsFurtherCalls) {
  CaseFeed feed;
  std::atomic<int> calls{0};
  std::binary_semaphore entered{0}, release{0};
  const auto id = feed.subscribe({[&](std::span<const CaseChange>) {
    ++calls;
    entered.release();
    release.acquire();
  }});
  feed.publish(change(1));
  entered.acquire();
  auto leaving = std::async(std::launch::async, [&] { feed.unsubscribe(id); });
  EXPECT_EQ(leaving.wait_for(100ms), std::future_status::timeout);
  release.release();
  leaving.wait();
  EXPECT_EQ(feed.subscribers(), 0u);
  // A listener still subscribed sees change 2: by then the one that left would have been called.
  std::atomic<bool> witnessed{false};
  feed.subscribe({[&](std::span<const CaseChange>) { witnessed = true; }});
  feed.publish(change(2));
  ASSERT_TRUE(eventually([&] { return witnessed.load(); }));
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace ug::service
