// The crash test of make test-full: clients create cases, each with its own Idempotency-Key, while
// the server is killed with SIGKILL and started again several times. A client that got no answer
// sends the same request again after the restart (as a real client would). Afterwards every
// acknowledged case exists, no report was stored twice, and `cases rebuild` finds every row equal
// to the fold of its events — on SQLite with synchronous=NORMAL, the default.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json/parse.hpp>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/test_env.hpp"

namespace ug {
namespace {

TEST(Crash, AcknowledgedCasesSurviveSigkillAndNoneIsStoredTwice) {
  const auto db = (test::temp_dir("ug-crash") / "crash.db").string();
  const auto seat = test::bearer_for(db, "crash-seat", {"operator"}, {"*"});
  constexpr int kRounds = 4, kClients = 3, kPerClient = 400;

  std::atomic<int> port{0};
  std::mutex mutex;
  std::map<std::string, std::string> acknowledged;  // description → case id
  std::atomic<int> unanswered{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      for (int i = 0; i < kPerClient && !stop; ++i) {
        const auto description = "crash-" + std::to_string(c) + "-" + std::to_string(i);
        const std::string body =
            R"({"description":")" + description + R"(","address":"古槐路 )" + std::to_string(i) + R"( 号"})";
        // The same key until an answer comes, across restarts.
        while (!stop) {
          const int p = port.load();
          if (p == 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
            continue;
          }
          const auto reply =
              test::http_request(p, "POST", "/api/v1/cases",
                                 {seat, {"content-type", "application/json"}, {"idempotency-key", description}}, body);
          if (reply && reply->status == 201) {
            const auto id = std::string(boost::json::parse(reply->body).at("id").as_string());
            const std::lock_guard lock(mutex);
            acknowledged[description] = id;
            break;
          }
          ++unanswered;
          std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
      }
    });
  }
  for (int round = 0; round < kRounds; ++round) {
    test::ServerProcess server(db);
    ASSERT_TRUE(server.ready()) << server.log();
    port = server.port();
    std::this_thread::sleep_for(std::chrono::milliseconds(400 + 150 * round));
    port = 0;
    server.kill_hard();
  }
  test::ServerProcess last(db);
  ASSERT_TRUE(last.ready()) << last.log();
  port = last.port();
  for (auto& t : clients) t.join();
  EXPECT_GT(unanswered.load(), 0) << "no request was cut off: the test did not test anything";
  ASSERT_EQ(acknowledged.size(), static_cast<std::size_t>(kClients * kPerClient));

  // Every report once, and the acknowledged id is the one stored.
  std::map<std::string, std::vector<std::string>> stored;  // description → ids
  std::string cursor;
  while (true) {
    const auto page = test::http_request(last.port(), "GET", "/api/v1/cases?limit=200" + cursor, {seat});
    ASSERT_TRUE(page && page->status == 200);
    const auto json = boost::json::parse(page->body);
    for (const auto& c : json.at("cases").as_array()) {
      stored[std::string(c.at("description").as_string())].emplace_back(c.at("id").as_string());
    }
    if (json.at("next_cursor").is_null()) break;
    cursor = "&cursor=" + std::string(json.at("next_cursor").as_string());
  }
  EXPECT_EQ(stored.size(), acknowledged.size());
  for (const auto& [description, id] : acknowledged) {
    ASSERT_TRUE(stored.contains(description)) << description;
    EXPECT_EQ(stored[description], std::vector<std::string>{id}) << description;
  }
  EXPECT_EQ(last.terminate(), 0);
  const auto rebuild = test::run_urbangrid({"cases", "rebuild", "--db", db});
  EXPECT_EQ(rebuild.exit_code, 0) << rebuild.out;
}

}  // namespace
}  // namespace ug
