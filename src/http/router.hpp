// Maps method + path to a handler. Patterns are literal segments and `{name}` segments (the
// OpenAPI syntax), e.g. /api/v1/cases/{id}/actions/{action}. Each route says whether it blocks
// (database, files) and must run on the worker pool, or may run on an I/O thread.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.hpp"
#include "http/message.hpp"
#include "http/openapi_doc.hpp"

namespace ug::http {

enum class Execution { io_thread, worker_pool };

// A handler answers with a Response, or with an Error that the dispatcher renders as the JSON error
// envelope in the caller's language; so a handler may propagate errors with UG_TRY / UG_TRY_ASSIGN
// (core/result.hpp) when it declares `-> Result<Response>`.
using Handler = std::function<Result<Response>(Request&)>;

// Finds out who sends a request (a session cookie, a bearer token) for routes that are not open.
struct Authentication {
  access::Principal principal;
  bool by_session = false;  // a browser session: writes must carry its CSRF token
  std::string csrf_token;
};
class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // nullopt: no valid credentials (→ 401).
  virtual Result<std::optional<Authentication>> authenticate(const Request& request) const = 0;
};

struct Route {
  Method method;
  std::string pattern;
  Execution execution;
  Handler handler;
  RouteDoc doc;
  std::vector<std::string> segments;  // split pattern
};

struct RouteMatch {
  const Route* route = nullptr;              // set when method and path match
  std::vector<std::string> allowed_methods;  // when only the path matches (→ 405)
  bool bad_encoding = false;                 // a path parameter was not valid percent-encoding
};

class Router {
 public:
  void add(Method method, std::string pattern, Execution execution, Handler handler, RouteDoc doc);
  RouteMatch match(Method method, std::string_view path, Request* fill_params) const;
  const std::vector<std::unique_ptr<Route>>& routes() const { return routes_; }
  void set_authenticator(std::shared_ptr<const Authenticator> authenticator) {
    authenticator_ = std::move(authenticator);
  }
  const Authenticator* authenticator() const { return authenticator_.get(); }

 private:
  std::vector<std::unique_ptr<Route>> routes_;
  // Literal patterns (no {param}) for an O(1) lookup of the hottest routes.
  std::unordered_map<std::string, std::vector<const Route*>> literal_;
  std::vector<const Route*> parameterised_;
  std::shared_ptr<const Authenticator> authenticator_;
};

}  // namespace ug::http
