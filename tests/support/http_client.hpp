// A deliberately small blocking HTTP/1.1 client over POSIX sockets for tests: it can send exactly
// the bytes a test wants (malformed ones included) and reads replies framed by Content-Length.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ug::test {

struct HttpReply {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string header(const std::string& name) const {
    const auto it = headers.find(name);
    return it == headers.end() ? std::string{} : it->second;
  }
};

class HttpConnection {
 public:
  explicit HttpConnection(int port, const std::string& host = "127.0.0.1");
  ~HttpConnection();
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  bool connected() const { return fd_ >= 0; }
  int fd() const { return fd_; }  // for tests that read a stream as it arrives
  void send_raw(std::string_view bytes);
  void shutdown_write();
  // nullopt when the peer closed or nothing complete arrived in time.
  std::optional<HttpReply> read_reply(bool head_request = false,
                                      std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // True when the server closes the connection within the timeout.
  bool wait_closed(std::chrono::milliseconds timeout = std::chrono::seconds(5));

  // `timeout`: how long the reply may take once the request is sent.
  std::optional<HttpReply> request(const std::string& method, const std::string& target,
                                   const std::vector<std::pair<std::string, std::string>>& headers = {},
                                   const std::string& body = {},
                                   std::chrono::milliseconds timeout = std::chrono::seconds(10));

 private:
  bool fill(std::chrono::steady_clock::time_point deadline);  // reads more bytes; false on EOF/timeout
  int port_ = 0;
  int fd_ = -1;
  std::string buffer_;
};

// One request on a fresh connection.
std::optional<HttpReply> http_request(int port, const std::string& method, const std::string& target,
                                      const std::vector<std::pair<std::string, std::string>>& headers = {},
                                      const std::string& body = {},
                                      std::chrono::milliseconds timeout = std::chrono::seconds(10));

// A GET whose answer may never end (an event stream): only the status line is read.
std::optional<HttpReply> http_status_only(int port, const std::string& target,
                                          const std::vector<std::pair<std::string, std::string>>& headers = {});

}  // namespace ug::test
