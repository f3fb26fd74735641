// Many live-queue browsers at once for bench/event_streams.sh (issue 19): opens --streams event
// streams, round robin over the bearer tokens of --tokens (one a line, so many principals), reads
// them all with epoll as a browser would, and holds them until SIGTERM/SIGINT or --seconds.
//
//   stream_clients --port P --tokens FILE --streams N [--seconds S] [--ready FILE]
//
// Once every stream has its answer it writes "opened=… refused=… failed=…" to --ready (the script
// waits for that file); at the end it prints one line of key=value pairs: streams opened, refused
// (429), failed (no answer), closed by the server while held, case events and heartbeats received.
#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
std::atomic<bool> stop_requested{false};

struct Stream {
  int fd = -1;
  int status = 0;  // 0 until the status line has arrived
  std::string head;
  bool closed = false;
};

std::size_t count_of(std::string_view text, std::string_view needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string_view::npos; at = text.find(needle, at + needle.size())) ++n;
  return n;
}

int connect_to(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    std::map<std::string, std::string> o;
    for (int i = 1; i + 1 < argc; i += 2) o[std::string(argv[i]).substr(2)] = argv[i + 1];
    const int port = std::stoi(o.at("port"));
    const int wanted = std::stoi(o.at("streams"));
    const double seconds = o.count("seconds") ? std::stod(o.at("seconds")) : 1e9;
    std::vector<std::string> tokens;
    std::ifstream in(o.at("tokens"));
    for (std::string line; std::getline(in, line);)
      if (!line.empty()) tokens.push_back(line);
    if (tokens.empty()) throw std::runtime_error("no tokens in " + o.at("tokens"));
    std::signal(SIGTERM, [](int) { stop_requested = true; });
    std::signal(SIGINT, [](int) { stop_requested = true; });

    const int poller = ::epoll_create1(EPOLL_CLOEXEC);
    std::vector<Stream> streams(static_cast<std::size_t>(wanted));
    std::size_t answered = 0, failed = 0, opened = 0, refused = 0, closed_while_held = 0;
    std::size_t events = 0, heartbeats = 0;
    bool ready_written = false;
    const auto write_ready = [&] {
      if (ready_written || !o.count("ready")) return;
      ready_written = true;
      const auto partial = o.at("ready") + ".partial";
      std::ofstream(partial) << fmt::format("opened={} refused={} failed={}\n", opened, refused, failed);
      std::rename(partial.c_str(), o.at("ready").c_str());
    };
    // Connections are opened a few at a time, as browsers arriving, so the server's accept queue
    // and worker queue are not what is measured.
    constexpr int kInFlight = 16;
    int next = 0, waiting = 0;
    const auto open_more = [&] {
      while (next < wanted && waiting < kInFlight) {
        auto& s = streams[static_cast<std::size_t>(next)];
        s.fd = connect_to(port);
        if (s.fd < 0) {
          ++failed;
          ++answered;
          ++next;
          continue;
        }
        const auto request = fmt::format(
            "GET /api/v1/events/stream HTTP/1.1\r\nHost: bench\r\nAccept: text/event-stream\r\n"
            "Authorization: Bearer {}\r\n\r\n",
            tokens[static_cast<std::size_t>(next) % tokens.size()]);
        if (::send(s.fd, request.data(), request.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(request.size())) {
          ::close(s.fd);
          s.fd = -1;
          ++failed;
          ++answered;
          ++next;
          continue;
        }
        epoll_event e{};
        e.events = EPOLLIN;
        e.data.u32 = static_cast<std::uint32_t>(next);
        ::epoll_ctl(poller, EPOLL_CTL_ADD, s.fd, &e);
        ++waiting;
        ++next;
      }
    };
    open_more();
    const auto started = Clock::now();
    const auto stop_at = started + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    std::vector<epoll_event> ready(256);
    char buffer[65536];
    while (!stop_requested && Clock::now() < stop_at) {
      if (answered == streams.size()) write_ready();
      const int n = ::epoll_wait(poller, ready.data(), static_cast<int>(ready.size()), 100);
      for (int i = 0; i < n; ++i) {
        auto& s = streams[ready[static_cast<std::size_t>(i)].data.u32];
        const auto got = ::recv(s.fd, buffer, sizeof buffer, 0);
        if (got <= 0) {
          ::epoll_ctl(poller, EPOLL_CTL_DEL, s.fd, nullptr);
          ::close(s.fd);
          s.fd = -1;
          s.closed = true;
          if (s.status == 0) {
            ++failed;
            ++answered;
            --waiting;
          } else if (s.status == 200) {
            ++closed_while_held;
          }
          continue;
        }
        const std::string_view text(buffer, static_cast<std::size_t>(got));
        if (s.status == 0) {
          s.head.append(text);
          if (s.head.size() < 12) continue;
          s.status = std::stoi(s.head.substr(9, 3));
          ++answered;
          --waiting;
          if (s.status == 200) {
            ++opened;
          } else {
            if (s.status == 429)
              ++refused;
            else
              ++failed;
            ::epoll_ctl(poller, EPOLL_CTL_DEL, s.fd, nullptr);
            ::close(s.fd);
            s.fd = -1;
          }
          events += count_of(s.head, "event: case");
          s.head.clear();
          open_more();
          continue;
        }
        // Messages are far shorter than a read, so a needle split over two reads is rare; the
        // counts are for the report, not for correctness.
        events += count_of(text, "event: case");
        heartbeats += count_of(text, ": keep-alive");
      }
    }
    write_ready();
    fmt::print("streams={} opened={} refused={} failed={} closed_by_server={} events={} heartbeats={} seconds={:.1f}\n",
               wanted, opened, refused, failed, closed_while_held, events, heartbeats,
               std::chrono::duration<double>(Clock::now() - started).count());
    for (auto& s : streams)
      if (s.fd >= 0) ::close(s.fd);
    ::close(poller);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "stream_clients: %s\n", e.what());
    return 1;
  }
}
