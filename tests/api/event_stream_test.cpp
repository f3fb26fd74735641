// GET /api/v1/events/stream against the real server: an operator's open stream receives the case a
// seat reports and the action taken on it, as server-sent events; a stream out of scope receives
// nothing of it; a stream without credentials is refused; the server still stops promptly with
// streams open.
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>

#include <boost/json/parse.hpp>
#include <chrono>

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
      if (n <= 0) break;
      received_.append(buffer, static_cast<std::size_t>(n));
    }
    return received_;
  }

 private:
  test::HttpConnection connection_;
  std::string received_;
};

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
