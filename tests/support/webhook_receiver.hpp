// A receiver of webhooks for tests: a loopback HTTP/1.1 listener on its own thread that records
// each request and answers with the next status of a script (then 200), so tests can watch
// retries, signatures and delivery ids arrive from the real server.
#pragma once

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace ug::test {

struct ReceivedRequest {
  std::string target;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  int answered = 0;
};

class WebhookReceiver {
 public:
  explicit WebhookReceiver(std::vector<int> script = {});
  ~WebhookReceiver();
  WebhookReceiver(const WebhookReceiver&) = delete;
  WebhookReceiver& operator=(const WebhookReceiver&) = delete;

  int port() const { return port_; }
  // Waits until at least `count` requests arrived (or the timeout passed); returns what arrived.
  std::vector<ReceivedRequest> wait_for(std::size_t count, int timeout_ms = 10'000);

 private:
  void serve();
  int listener_ = -1;
  int port_ = 0;
  std::vector<int> script_;
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::vector<ReceivedRequest> received_;
  std::thread thread_;
};

}  // namespace ug::test
