// The HTTP server: Boost.Beast/Asio behind this small interface. I/O threads parse and answer
// quick routes; blocking routes (database) run on a bounded worker pool, and a full queue answers
// 503 with Retry-After rather than letting latency grow without bound.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "core/result.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "http/security_headers.hpp"

namespace ug::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: any free port (tests)
  int io_threads = 2;
  int worker_threads = 4;
  int worker_queue_capacity = 256;                    // blocking requests waiting for a worker; more → 503
  std::chrono::milliseconds idle_timeout{30'000};     // keep-alive wait for the next request
  std::chrono::milliseconds request_timeout{30'000};  // reading one request's body
  int max_requests_per_connection = 1000;
  std::size_t header_limit = 16 * 1024;              // request line + headers; more → 431
  std::size_t body_limit = 1024 * 1024;              // more → 413
  std::chrono::milliseconds shutdown_grace{10'000};  // in-flight requests get this long to finish
  int retry_after_seconds = 1;
  bool access_log = true;
  bool access_log_json = false;
  bool handle_signals = true;        // SIGINT/SIGTERM start a graceful shutdown
  std::filesystem::path static_dir;  // empty: no static files
  // HTTPS: both set, every connection speaks TLS (1.2 or later) with this PEM certificate chain and
  // key. The files are checked every `tls_reload_interval`; a changed pair that loads is used for
  // new connections from then on (a renewed certificate needs no restart), one that does not load
  // is logged and the previous pair kept.
  std::filesystem::path tls_certificate;
  std::filesystem::path tls_private_key;
  std::chrono::milliseconds tls_reload_interval{5'000};
  // Added to every answer (API, static files, errors, event streams) unless the answer sets one.
  HeaderList security_headers = http::security_headers("");
};

class Server {
 public:
  Server(ServerOptions options, const Router& router, Metrics& metrics);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens; returns the port (useful with port 0).
  Result<std::uint16_t> listen();
  // Serves until a graceful shutdown completes. Call after listen().
  void run();
  // Thread-safe and idempotent: stop accepting, let in-flight requests finish, close idle
  // keep-alive connections, then return from run().
  void request_shutdown();

  struct Impl;  // defined in server.cpp, the only place that sees Beast/Asio

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace ug::http
