// POSIX sockets, one connection at a time (the dispatcher posts one delivery at a time).
#include "support/webhook_receiver.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>

namespace ug::test {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// Reads one request (headers, then Content-Length bytes); false when the peer went away.
bool read_request(int fd, ReceivedRequest& out) {
  std::string data;
  char buffer[8192];
  std::size_t header_end = std::string::npos;
  std::size_t length = 0;
  while (true) {
    if (header_end == std::string::npos) {
      header_end = data.find("\r\n\r\n");
      if (header_end != std::string::npos) {
        const auto line_end = data.find("\r\n");
        const auto first_space = data.find(' ');
        out.target = data.substr(first_space + 1, data.find(' ', first_space + 1) - first_space - 1);
        std::size_t at = line_end + 2;
        while (at < header_end) {
          const auto eol = data.find("\r\n", at);
          const auto line = data.substr(at, eol - at);
          const auto colon = line.find(':');
          if (colon != std::string::npos) {
            auto value = line.substr(colon + 1);
            value.erase(0, value.find_first_not_of(' '));
            out.headers[lower(line.substr(0, colon))] = value;
          }
          at = eol + 2;
        }
        length = out.headers.contains("content-length") ? std::stoul(out.headers["content-length"]) : 0;
      }
    }
    if (header_end != std::string::npos && data.size() >= header_end + 4 + length) {
      out.body = data.substr(header_end + 4, length);
      return true;
    }
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 5000) <= 0) return false;
    const auto n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) return false;
    data.append(buffer, static_cast<std::size_t>(n));
  }
}

}  // namespace

WebhookReceiver::WebhookReceiver(std::vector<int> script) : script_(std::move(script)) {
  listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t size = sizeof address;
  ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &size);
  port_ = ntohs(address.sin_port);
  ::listen(listener_, 16);
  thread_ = std::thread([this] { serve(); });
}

WebhookReceiver::~WebhookReceiver() {
  stopping_ = true;
  ::shutdown(listener_, SHUT_RDWR);
  thread_.join();
  ::close(listener_);
}

void WebhookReceiver::serve() {
  while (!stopping_) {
    pollfd p{listener_, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    const int fd = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    ReceivedRequest request;
    if (read_request(fd, request)) {
      std::lock_guard lock(mutex_);
      request.answered = received_.size() < script_.size() ? script_[received_.size()] : 200;
      const std::string reply =
          "HTTP/1.1 " + std::to_string(request.answered) + " X\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
      ::send(fd, reply.data(), reply.size(), MSG_NOSIGNAL);
      received_.push_back(std::move(request));
      arrived_.notify_all();
    }
    ::close(fd);
  }
}

std::vector<ReceivedRequest> WebhookReceiver::wait_for(std::size_t count, int timeout_ms) {
  std::unique_lock lock(mutex_);
  arrived_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [&] { return received_.size() >= count; });
  return received_;
}

}  // namespace ug::test
