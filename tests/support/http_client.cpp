// The test HTTP client (see http_client.hpp).
#include "support/http_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

#include "support/response_log.hpp"

namespace ug::test {

HttpConnection::HttpConnection(int port, const std::string& host) : port_(port) {
  fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  inet_pton(AF_INET, host.c_str(), &addr.sin_addr);
  if (connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd_);
    fd_ = -1;
  }
}

HttpConnection::~HttpConnection() {
  if (fd_ >= 0) close(fd_);
}

void HttpConnection::send_raw(std::string_view bytes) {
  while (!bytes.empty() && fd_ >= 0) {
    const auto n = send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

void HttpConnection::shutdown_write() {
  if (fd_ >= 0) shutdown(fd_, SHUT_WR);
}

bool HttpConnection::fill(std::chrono::steady_clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
  if (left.count() <= 0 || fd_ < 0) return false;
  pollfd p{fd_, POLLIN, 0};
  if (poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
  char chunk[8192];
  const auto n = recv(fd_, chunk, sizeof chunk, 0);
  if (n <= 0) return false;
  buffer_.append(chunk, static_cast<std::size_t>(n));
  return true;
}

std::optional<HttpReply> HttpConnection::read_reply(bool head_request, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::size_t header_end;
  while ((header_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
    if (!fill(deadline)) return std::nullopt;
  }
  HttpReply reply;
  const std::string head = buffer_.substr(0, header_end);
  std::size_t line_end = head.find("\r\n");
  const std::string status_line = head.substr(0, line_end);
  const auto space = status_line.find(' ');
  if (space == std::string::npos) return std::nullopt;
  reply.status = std::atoi(status_line.c_str() + space + 1);
  while (line_end != std::string::npos && line_end < head.size()) {
    const auto next = head.find("\r\n", line_end + 2);
    const std::string line =
        head.substr(line_end + 2, next == std::string::npos ? std::string::npos : next - line_end - 2);
    const auto colon = line.find(':');
    if (colon != std::string::npos) {
      std::string name = line.substr(0, colon);
      std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
      std::string value = line.substr(colon + 1);
      value.erase(0, value.find_first_not_of(' '));
      reply.headers[name] = value;
    }
    line_end = next;
  }
  buffer_.erase(0, header_end + 4);
  std::size_t length = 0;
  if (!head_request && reply.status != 304 && reply.status != 204 && reply.status >= 200) {
    length = static_cast<std::size_t>(std::atoll(reply.header("content-length").c_str()));
  }
  while (buffer_.size() < length) {
    if (!fill(deadline)) return std::nullopt;
  }
  reply.body = buffer_.substr(0, length);
  buffer_.erase(0, length);
  return reply;
}

bool HttpConnection::wait_closed(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd_, POLLIN, 0};
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (poll(&p, 1, static_cast<int>(std::max<long>(1, left.count()))) <= 0) return false;
    char chunk[4096];
    const auto n = recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) return true;
  }
  return false;
}

std::optional<HttpReply> HttpConnection::request(const std::string& method, const std::string& target,
                                                 const std::vector<std::pair<std::string, std::string>>& headers,
                                                 const std::string& body, std::chrono::milliseconds timeout) {
  std::string text = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  bool has_length = false;
  for (const auto& [name, value] : headers) {
    text += name + ": " + value + "\r\n";
    has_length = has_length || strcasecmp(name.c_str(), "content-length") == 0;
  }
  if (!body.empty() && !has_length) text += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  text += "\r\n" + body;
  send_raw(text);
  auto reply = read_reply(method == "HEAD", timeout);
  if (reply) record_reply(port_, method, target, *reply);
  return reply;
}

std::optional<HttpReply> http_request(int port, const std::string& method, const std::string& target,
                                      const std::vector<std::pair<std::string, std::string>>& headers,
                                      const std::string& body, std::chrono::milliseconds timeout) {
  HttpConnection connection(port);
  if (!connection.connected()) return std::nullopt;
  return connection.request(method, target, headers, body, timeout);
}

std::optional<HttpReply> http_status_only(int port, const std::string& target,
                                          const std::vector<std::pair<std::string, std::string>>& headers) {
  HttpConnection connection(port);
  if (!connection.connected()) return std::nullopt;
  std::string request = "GET " + target + " HTTP/1.1\r\nHost: test\r\n";
  for (const auto& [name, value] : headers) request += name + ": " + value + "\r\n";
  connection.send_raw(request + "\r\n");
  std::string head;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (head.find("\r\n\r\n") == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    pollfd p{connection.fd(), POLLIN, 0};
    if (poll(&p, 1, 50) <= 0) continue;
    char buffer[1024];
    const auto n = ::recv(connection.fd(), buffer, sizeof buffer, 0);
    if (n <= 0) break;
    head.append(buffer, static_cast<std::size_t>(n));
  }
  if (head.size() < 12 || !head.starts_with("HTTP/1.1 ")) return std::nullopt;
  HttpReply reply;
  reply.status = std::stoi(head.substr(9, 3));
  return reply;
}

}  // namespace ug::test
