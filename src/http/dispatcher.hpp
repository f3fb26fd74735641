// Decides what answers a parsed request: a route's handler, a static file, or a 4xx. Shared by the
// socket server and by the in-memory exchange the fuzzer and tests drive, so both behave alike.
#pragma once

#include <optional>
#include <string_view>

#include "http/message.hpp"
#include "http/router.hpp"
#include "http/static_files.hpp"

namespace ug::http {

class Dispatcher {
 public:
  Dispatcher(const Router& router, StaticFiles* static_files) : router_(router), static_files_(static_files) {}

  struct Plan {
    const Route* route = nullptr;       // run this handler (on an I/O thread or the worker pool)
    std::optional<Response> immediate;  // or answer this at once
    std::string_view route_label;       // metrics label: the route pattern, "static" or "unmatched"
  };
  Plan plan(Request& request) const;

  // The largest body a request to `path` may send: its route's own limit, else `server_limit`.
  std::size_t body_limit_for(Method method, std::string_view path, std::size_t server_limit) const;
  // The largest of all limits (what the parser allows until it knows the route).
  std::size_t largest_body_limit(std::size_t server_limit) const;

  // Whether a request to `path` must show who calls (its route is not open).
  bool needs_caller(Method method, std::string_view path) const;
  // The refusal (401 / 403) of a request known by its head only, before its body is read: a large
  // upload by nobody is turned away before it costs the server its bytes. nullopt: go on.
  std::optional<Response> admit_head(Request& head) const;

  // Checks who calls (for routes that are not open), then runs the handler; an exception becomes a
  // logged 500 with the request id, no internals leaked.
  Response invoke(const Route& route, Request& request) const;

 private:
  // 401 / 403 when the caller may not run the route; else nullopt and request.principal set.
  std::optional<Response> admit(const Route& route, Request& request) const;
  const Router& router_;
  StaticFiles* static_files_;
};

}  // namespace ug::http
