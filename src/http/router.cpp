// Route table: literal routes in a hash map, parameterised ones matched segment by segment.
#include "http/router.hpp"

#include "http/schema_contract.hpp"

#include <algorithm>

#include "core/invariant.hpp"

namespace ug::http {
namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t start = 1;  // skip the leading '/'
  while (start <= path.size()) {
    const auto slash = path.find('/', start);
    out.push_back(path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return out;
}

bool is_param(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

void Router::add(Method method, std::string pattern, Execution execution, Handler handler, RouteDoc doc) {
  UG_INVARIANT(!pattern.empty() && pattern.front() == '/', "route patterns start with /");
  auto route = std::make_unique<Route>();
  route->method = method;
  route->pattern = std::move(pattern);
  // Authenticating reads the database: a route that is not open never runs on an I/O thread.
  route->execution = doc.access.kind == RouteAccess::Kind::open ? execution : Execution::worker_pool;
  route->handler = std::move(handler);
  route->doc = std::move(doc);
  // The declared shapes are closed once, here: what the OpenAPI file publishes, the dispatcher
  // enforces on request bodies and the API tests enforce on responses (schema_contract.hpp).
  route->doc.request_schema = closed_schema(std::move(route->doc.request_schema));
  for (auto& response : route->doc.responses) response.schema = closed_schema(std::move(response.schema));
  bool literal = true;
  for (const auto segment : split_path(route->pattern)) {
    route->segments.emplace_back(segment);
    literal = literal && !is_param(segment);
  }
  for (const auto& existing : routes_) {
    UG_INVARIANT(!(existing->method == route->method && existing->pattern == route->pattern),
                 "route registered twice: " + route->pattern);
  }
  if (literal) {
    literal_[route->pattern].push_back(route.get());
  } else {
    parameterised_.push_back(route.get());
  }
  routes_.push_back(std::move(route));
}

RouteMatch Router::match(Method method, std::string_view path, Request* fill_params) const {
  RouteMatch result;
  const auto consider = [&](const Route& route, std::vector<std::pair<std::string, std::string>>&& params) {
    // HEAD is answered by every GET route.
    const bool method_ok = route.method == method || (method == Method::head && route.method == Method::get);
    if (method_ok && result.route == nullptr) {
      result.route = &route;
      if (fill_params != nullptr) fill_params->path_params = std::move(params);
    } else if (!method_ok) {
      const std::string name(to_string(route.method));
      if (std::find(result.allowed_methods.begin(), result.allowed_methods.end(), name) ==
          result.allowed_methods.end()) {
        result.allowed_methods.push_back(name);
        if (route.method == Method::get) result.allowed_methods.emplace_back("HEAD");
      }
    }
  };

  if (const auto it = literal_.find(std::string(path)); it != literal_.end()) {
    for (const Route* route : it->second) consider(*route, {});
    if (result.route != nullptr) return result;
  }
  const auto segments = split_path(path);
  for (const Route* route : parameterised_) {
    if (route->segments.size() != segments.size()) continue;
    std::vector<std::pair<std::string, std::string>> params;
    bool matched = true;
    for (std::size_t i = 0; i < segments.size() && matched; ++i) {
      const auto& want = route->segments[i];
      if (is_param(want)) {
        auto decoded = percent_decode(segments[i], false);
        if (!decoded || decoded->empty()) {
          matched = false;
          result.bad_encoding = result.bad_encoding || !decoded;
        } else {
          params.emplace_back(want.substr(1, want.size() - 2), std::move(*decoded));
        }
      } else {
        matched = want == segments[i];
      }
    }
    if (matched) consider(*route, std::move(params));
  }
  if (result.route != nullptr) result.allowed_methods.clear();
  return result;
}

}  // namespace ug::http
