// GET /api/v1/events/stream against the real server: an operator's open stream receives the case a
// seat reports and the action taken on it, as server-sent events; a stream out of scope receives
// nothing of it; a stream without credentials is refused; the server still stops promptly with
// streams open. And the limits of issue 19: streams per principal and in total (429), a lifetime,
// heartbeats, a reader too slow for its queue is closed without holding up intake, and under a low
// descriptor limit streams are refused while ordinary requests are still answered.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <chrono>
#include <memory>
#include <thread>

#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/test_env.hpp"

namespace ug {
namespace {

// A raw connection reading an event stream as it arrives.
class StreamReader {
 public:
  StreamReader(int port, const std::pair<std::string, std::string>& auth) : connection_(port) {
    connection_.send_raw("GET /api/v1/events/stream HTTP/1.1\r\nHost: t\r\nAccept: text/event-stream\r\n" + auth.first +
                         ": " + auth.second + "\r\n\r\n");
  }
  // Everything received until `needle` appears or `timeout_ms` passes.
  std::string until(const std::string& needle, int timeout_ms) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (received_.find(needle) == std::string::npos && std::chrono::steady_clock::now() < deadline) {
      pollfd p{connection_.fd(), POLLIN, 0};
      if (poll(&p, 1, 50) <= 0) continue;
      char buffer[4096];
      const auto n = ::recv(connection_.fd(), buffer, sizeof buffer, 0);
      if (n <= 0) {
        closed_ = true;
        break;
      }
      received_.append(buffer, static_cast<std::size_t>(n));
    }
    return received_;
  }
  // Reads what has arrived, without waiting.
  void drain() {
    for (pollfd p{connection_.fd(), POLLIN, 0}; !closed_ && poll(&p, 1, 0) > 0;) {
      char buffer[4096];
      const auto n = ::recv(connection_.fd(), buffer, sizeof buffer, 0);
      if (n <= 0)
        closed_ = true;
      else
        received_.append(buffer, static_cast<std::size_t>(n));
    }
  }
  // Everything received until `needle` has appeared `times` times or `timeout_ms` passes.
  std::string until_count(const std::string& needle, std::size_t times, int timeout_ms);
  // The status of the answer (0 when no status line arrived in time).
  int status(int timeout_ms = 5000) {
    const auto head = until("\r\n\r\n", timeout_ms);
    return head.starts_with("HTTP/1.1 ") && head.size() > 12 ? std::stoi(head.substr(9, 3)) : 0;
  }
  bool closed() const { return closed_; }

 private:
  test::HttpConnection connection_;
  std::string received_;
  bool closed_ = false;
};

std::size_t count(const std::string& text, const std::string& needle);

std::string StreamReader::until_count(const std::string& needle, std::size_t times, int timeout_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (count(received_, needle) < times && !closed_ && std::chrono::steady_clock::now() < deadline) {
    until(needle + "\x01", 100);  // reads for 100 ms (the needle with \x01 never comes)
  }
  return received_;
}

// A server on an empty database, with `settings` as --set arguments.
std::unique_ptr<test::ServerProcess> start_server(const std::string& db, const std::vector<std::string>& settings) {
  std::vector<std::string> args;
  for (const auto& s : settings) {
    args.push_back("--set");
    args.push_back(s);
  }
  return std::make_unique<test::ServerProcess>(db, args);
}

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++n;
  return n;
}

TEST(EventStream, CaseChangesReachTheStreamsThatMaySeeThem) {
  const auto dir = test::temp_dir("ug-events");
  const auto db = (dir / "e.db").string();
  ASSERT_EQ(
      test::run_urbangrid({"demo", "create", "--db", db, "--data", (test::source_dir() / "data").string()}).exit_code,
      0);
  test::ServerProcess server(db);
  ASSERT_TRUE(server.ready()) << server.log();
  const auto seat = test::bearer_for(db, "e-seat", {"operator"}, {"370811"});
  const auto far = test::bearer_for(db, "e-far", {"operator"}, {"370812"});

  StreamReader mine(server.port(), seat);
  StreamReader theirs(server.port(), far);
  const auto head = mine.until("retry: 3000", 5000);
  ASSERT_NE(head.find("HTTP/1.1 200"), std::string::npos) << head;
  EXPECT_NE(head.find("content-type: text/event-stream"), std::string::npos);
  EXPECT_EQ(head.find("Content-Length"), std::string::npos);
  theirs.until("retry: 3000", 5000);

  const auto created =
      test::http_request(server.port(), "POST", "/api/v1/cases", {seat, {"content-type", "application/json"}},
                         R"({"description":"井盖缺失","lon":116.5301,"lat":35.3706})");
  ASSERT_EQ(created->status, 201);
  const std::string id(boost::json::parse(created->body).at("id").as_string());
  const auto version = boost::json::parse(created->body).at("version").as_int64();
  const auto acted = test::http_request(server.port(), "POST", "/api/v1/cases/" + id + "/actions/request_verify",
                                        {seat, {"content-type", "application/json"}},
                                        R"({"version":)" + std::to_string(version) + "}");
  ASSERT_EQ(acted->status, 200) << acted->body;

  const auto seen = mine.until("\"action\":\"request_verify\"", 5000);
  EXPECT_NE(seen.find("event: case\ndata: {\"case_id\":\"" + id + "\",\"state\":\"reported\""), std::string::npos)
      << seen;
  EXPECT_NE(seen.find("\"state\":\"verifying\""), std::string::npos) << seen;
  EXPECT_NE(seen.find("\nid: "), std::string::npos);
  EXPECT_EQ(theirs.until(id, 500).find(id), std::string::npos);  // another district's stream

  const auto refused = test::http_request(server.port(), "GET", "/api/v1/events/stream");
  EXPECT_EQ(refused->status, 401);
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(server.terminate(), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));  // streams do not hold it up
}

}  // namespace
}  // namespace ug

namespace ug {
namespace {

TEST(EventStream, OnePrincipalBeyondItsCapIsRefusedWith429) {
  const auto dir = test::temp_dir("ug-events-cap");
  const auto db = (dir / "e.db").string();
  auto server = start_server(db, {});  // the default: 5 streams per principal
  ASSERT_TRUE(server->ready()) << server->log();
  const auto citizen = test::bearer_for(db, "e-citizen", {"citizen"}, {"*"});
  const auto other = test::bearer_for(db, "e-other", {"citizen"}, {"*"});

  auto first = std::make_unique<StreamReader>(server->port(), citizen);
  ASSERT_EQ(first->status(), 200);
  std::vector<std::unique_ptr<StreamReader>> more;
  for (int i = 0; i < 4; ++i) {
    more.push_back(std::make_unique<StreamReader>(server->port(), citizen));
    ASSERT_EQ(more.back()->status(), 200) << i;
  }
  test::HttpConnection sixth(server->port());
  auto refused = sixth.request("GET", "/api/v1/events/stream", {citizen});
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 429);
  EXPECT_FALSE(refused->header("retry-after").empty());
  EXPECT_EQ(boost::json::parse(refused->body).at("error").at("code"), "rate_limited") << refused->body;
  StreamReader someone_else(server->port(), other);
  EXPECT_EQ(someone_else.status(), 200);  // the cap is per principal

  first.reset();  // a closed stream gives its place back
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  int status = 0;
  while (status != 200 && std::chrono::steady_clock::now() < deadline) {
    StreamReader again(server->port(), citizen);
    status = again.status();
    if (status != 200) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(status, 200);
}

TEST(EventStream, StreamsBeyondTheTotalCapAreRefusedWith429) {
  const auto dir = test::temp_dir("ug-events-total");
  const auto db = (dir / "e.db").string();
  auto server = start_server(db, {"events.max_streams=3"});
  ASSERT_TRUE(server->ready()) << server->log();
  std::vector<std::unique_ptr<StreamReader>> open;
  for (int i = 0; i < 3; ++i) {
    open.push_back(std::make_unique<StreamReader>(
        server->port(), test::bearer_for(db, "e-user" + std::to_string(i), {"citizen"}, {"*"})));
    ASSERT_EQ(open.back()->status(), 200) << i;
  }
  test::HttpConnection fourth(server->port());
  const auto refused =
      fourth.request("GET", "/api/v1/events/stream", {test::bearer_for(db, "e-user3", {"citizen"}, {"*"})});
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 429);
  EXPECT_FALSE(refused->header("retry-after").empty());
  EXPECT_NE(refused->body.find("\"rate_limited\""), std::string::npos) << refused->body;
}

TEST(EventStream, AStreamEndsAfterItsLifetimeAndHeartbeatsArriveMeanwhile) {
  const auto dir = test::temp_dir("ug-events-life");
  const auto db = (dir / "e.db").string();
  auto server = start_server(db, {"events.heartbeat_seconds=1", "events.stream_lifetime_seconds=3"});
  ASSERT_TRUE(server->ready()) << server->log();
  StreamReader stream(server->port(), test::bearer_for(db, "e-seat", {"operator"}, {"*"}));
  ASSERT_EQ(stream.status(), 200);
  const auto opened = std::chrono::steady_clock::now();
  const auto beats = stream.until(": keep-alive\n\n", 2500);
  EXPECT_NE(beats.find(": keep-alive\n\n"), std::string::npos) << beats;
  EXPECT_FALSE(stream.closed());
  const auto all = stream.until("never sent", 8000);
  EXPECT_TRUE(stream.closed()) << all;
  const auto lasted = std::chrono::steady_clock::now() - opened;
  EXPECT_GE(lasted, std::chrono::milliseconds(2500));  // 90 % of 3 s, less the time to read the head
  EXPECT_LT(lasted, std::chrono::milliseconds(5000));
  EXPECT_GE(count(all, ": keep-alive"), 2u) << all;
}

TEST(EventStream, AReaderTooSlowForItsQueueIsClosedAndIntakeGoesOn) {
  const auto dir = test::temp_dir("ug-events-slow");
  const auto db = (dir / "e.db").string();
  ASSERT_EQ(
      test::run_urbangrid({"demo", "create", "--db", db, "--data", (test::source_dir() / "data").string()}).exit_code,
      0);
  // A queue of 32 chunks: far less than the slow client would need for 300 reports, and room enough
  // for the one that keeps up when the machine is busy and the server's writes fall a few behind.
  auto server = start_server(db, {"events.queue_length=32", "events.send_buffer_bytes=4096"});
  ASSERT_TRUE(server->ready()) << server->log();
  const auto seat = test::bearer_for(db, "e-seat", {"operator"}, {"370811"});

  // A client that asks for a stream with a tiny receive window and then never reads.
  const int slow = ::socket(AF_INET, SOCK_STREAM, 0);
  const int window = 2048;
  ASSERT_EQ(::setsockopt(slow, SOL_SOCKET, SO_RCVBUF, &window, sizeof window), 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(server->port()));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(slow, reinterpret_cast<const sockaddr*>(&address), sizeof address), 0);
  const std::string ask =
      "GET /api/v1/events/stream HTTP/1.1\r\nHost: t\r\n" + seat.first + ": " + seat.second + "\r\n\r\n";
  ASSERT_EQ(::send(slow, ask.data(), ask.size(), 0), static_cast<ssize_t>(ask.size()));
  StreamReader keeping_up(server->port(), seat);
  ASSERT_EQ(keeping_up.status(), 200);

  constexpr int kReports = 300;
  auto slowest = std::chrono::steady_clock::duration::zero();
  test::HttpConnection intake(server->port());
  for (int i = 0; i < kReports; ++i) {
    const auto started = std::chrono::steady_clock::now();
    const auto created =
        intake.request("POST", "/api/v1/cases", {seat, {"content-type", "application/json"}},
                       R"({"description":"井盖缺失，编号)" + std::to_string(i) + R"(","lon":116.5301,"lat":35.3706})");
    ASSERT_TRUE(created && created->status == 201) << (created ? created->body : "no answer");
    slowest = std::max(slowest, std::chrono::steady_clock::now() - started);
    keeping_up.drain();  // keeps its own window open
  }
  EXPECT_LT(slowest, std::chrono::seconds(2));
  const auto kept = keeping_up.until_count("event: case", kReports, 5000);
  EXPECT_EQ(count(kept, "event: case"), static_cast<std::size_t>(kReports))
      << "closed: " << keeping_up.closed() << "\n"
      << kept.substr(kept.size() > 600 ? kept.size() - 600 : 0) << "\n"
      << server->log().substr(0, 3000);

  // The slow client finds its stream closed once it reads, short of the reports made.
  std::string received;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  bool closed = false;
  while (!closed && std::chrono::steady_clock::now() < deadline) {
    pollfd p{slow, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    char buffer[4096];
    const auto n = ::recv(slow, buffer, sizeof buffer, 0);
    if (n <= 0)
      closed = true;
    else
      received.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(slow);
  EXPECT_TRUE(closed);
  EXPECT_NE(received.find("HTTP/1.1 200"), std::string::npos);
  EXPECT_LT(count(received, "event: case"), static_cast<std::size_t>(kReports));
}

TEST(EventStream, UnderALowDescriptorLimitStreamsAreRefusedAndHealthzStillAnswers) {
  const auto dir = test::temp_dir("ug-events-fds");
  const auto db = (dir / "e.db").string();
  constexpr rlim_t kLimit = 160;
  rlimit mine{};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &mine), 0);
  ASSERT_GE(mine.rlim_max, 1024u);
  // The server inherits the lowered limit; this process takes its own back once the server runs.
  rlimit lowered = mine;
  lowered.rlim_cur = kLimit;
  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &lowered), 0);
  auto server = start_server(db, {"events.descriptor_reserve=96", "events.streams_per_principal=1000"});
  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &mine), 0);
  ASSERT_TRUE(server->ready()) << server->log();
  const auto citizen = test::bearer_for(db, "e-citizen", {"citizen"}, {"*"});

  std::vector<std::unique_ptr<StreamReader>> streams;
  int accepted = 0, refused = 0;
  for (rlim_t i = 0; i < kLimit; ++i) {
    streams.push_back(std::make_unique<StreamReader>(server->port(), citizen));
    const int status = streams.back()->status(3000);
    ASSERT_TRUE(status == 200 || status == 429) << "stream " << i << " got " << status;
    (status == 200 ? accepted : refused) += 1;
    if (status == 429) streams.pop_back();  // the client gives up that connection
  }
  EXPECT_EQ(accepted, static_cast<int>(kLimit) - 96);
  EXPECT_GT(refused, 0);
  for (int i = 0; i < 20; ++i) {
    const auto health = test::http_request(server->port(), "GET", "/healthz");
    ASSERT_TRUE(health) << "no answer to /healthz with " << accepted << " streams open";
    EXPECT_EQ(health->status, 200) << health->body;
  }
  EXPECT_NE(server->log().find("event streams capped at 64"), std::string::npos) << server->log();
}

// Past every reserve (idle connections took the last descriptors), a new client is answered 503
// and closed at once instead of waiting in the backlog while the server retries accept().
TEST(EventStream, OutOfDescriptorsANewClientGets503InsteadOfHanging) {
  const auto dir = test::temp_dir("ug-events-emfile");
  const auto db = (dir / "e.db").string();
  constexpr rlim_t kLimit = 64;
  rlimit mine{};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &mine), 0);
  rlimit lowered = mine;
  lowered.rlim_cur = kLimit;
  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &lowered), 0);
  auto server = start_server(db, {});
  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &mine), 0);
  ASSERT_TRUE(server->ready()) << server->log();

  std::vector<std::unique_ptr<test::HttpConnection>> idle;
  for (rlim_t i = 0; i < kLimit; ++i) idle.push_back(std::make_unique<test::HttpConnection>(server->port()));
  // The backlog is first in, first out: the server takes the idle ones (as far as it can) before this.
  test::HttpConnection late(server->port());
  late.send_raw("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n");
  const auto answer = late.read_reply(false, std::chrono::seconds(10));
  ASSERT_TRUE(answer) << "no answer when out of descriptors";
  EXPECT_EQ(answer->status, 503);
  EXPECT_FALSE(answer->header("retry-after").empty());
  EXPECT_NE(answer->body.find("\"overloaded\""), std::string::npos) << answer->body;

  idle.clear();  // descriptors come back, and so does ordinary service
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  int status = 0;
  while (status != 200 && std::chrono::steady_clock::now() < deadline) {
    const auto health = test::http_request(server->port(), "GET", "/healthz");
    status = health ? health->status : 0;
    if (status != 200) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(status, 200);
}

}  // namespace
}  // namespace ug
