// Route → handler, else static file, else 404/405/400 with the JSON error envelope.
#include "http/dispatcher.hpp"

#include <spdlog/spdlog.h>

#include <boost/json/value.hpp>

#include "http/compression.hpp"
#include "http/json.hpp"
#include "http/schema_contract.hpp"
#include "service/secrets.hpp"

namespace ug::http {
namespace {

bool is_api_path(std::string_view path) {
  return path.starts_with("/api/") || path == "/api" || path == "/healthz" || path == "/metrics" ||
         path.starts_with("/open311/");
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

}  // namespace

Dispatcher::Plan Dispatcher::plan(Request& request) const {
  Plan plan;
  plan.route_label = "unmatched";
  // "*" names the server as a whole, for OPTIONS alone (RFC 9112 §3.2.4); it is never a file.
  if (request.path == "*") {
    if (request.method == Method::options) {
      Response response;
      response.status = 204;
      response.set_header("allow", "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
      plan.immediate = std::move(response);
    } else {
      plan.immediate = error_response(
          Error(ErrorCode::bad_request, "http.star_target_not_options").with("method", request.method_text), request);
    }
    return plan;
  }
  const auto match = router_.match(request.method, request.path, &request);
  if (match.route != nullptr) {
    plan.route = match.route;
    plan.route_label = match.route->pattern;
    return plan;
  }
  if (match.bad_encoding) {
    plan.immediate = error_response(Error(ErrorCode::bad_request, "http.bad_percent_encoding"), request);
    return plan;
  }
  if (!match.allowed_methods.empty()) {
    auto response = error_response(Error(ErrorCode::method_not_allowed, {})
                                       .with("method", request.method_text)
                                       .with("allowed", match.allowed_methods),
                                   request);
    response.set_header("allow", join(match.allowed_methods));
    plan.immediate = std::move(response);
    return plan;
  }
  if (static_files_ != nullptr && !is_api_path(request.path)) {
    if (request.method != Method::get && request.method != Method::head) {
      auto response = error_response(Error(ErrorCode::method_not_allowed, {})
                                         .with("method", request.method_text)
                                         .with("allowed", std::vector<std::string>{"GET", "HEAD"}),
                                     request);
      response.set_header("allow", "GET, HEAD");
      plan.immediate = std::move(response);
      return plan;
    }
    if (auto file = static_files_->serve(request)) {
      plan.route_label = "static";
      plan.immediate = std::move(*file);
      return plan;
    }
  }
  plan.immediate = error_response(Error(ErrorCode::not_found, {}).with("path", request.path), request);
  return plan;
}

std::size_t Dispatcher::body_limit_for(Method method, std::string_view path, std::size_t server_limit) const {
  const auto match = router_.match(method, path, nullptr);
  if (match.route == nullptr || match.route->doc.body_limit == 0) return server_limit;
  return match.route->doc.body_limit;
}

std::size_t Dispatcher::largest_body_limit(std::size_t server_limit) const {
  std::size_t largest = server_limit;
  for (const auto& route : router_.routes()) largest = std::max(largest, route->doc.body_limit);
  return largest;
}

bool Dispatcher::needs_caller(Method method, std::string_view path) const {
  const auto match = router_.match(method, path, nullptr);
  return match.route != nullptr && match.route->doc.access.kind != RouteAccess::Kind::open;
}

std::optional<Response> Dispatcher::admit_head(Request& head) const {
  const auto match = router_.match(head.method, head.path, nullptr);
  if (match.route == nullptr) return std::nullopt;
  return admit(*match.route, head);
}

std::optional<Response> Dispatcher::admit(const Route& route, Request& request) const {
  const auto& rule = route.doc.access;
  if (rule.kind == RouteAccess::Kind::open) return std::nullopt;
  const auto* authenticator = router_.authenticator();
  if (authenticator == nullptr) return error_response(Error(ErrorCode::unauthenticated, {}), request);
  auto who = authenticator->authenticate(request);
  if (!who) return error_response(who.error(), request);
  if (!*who) {
    auto response = error_response(Error(ErrorCode::unauthenticated, {}), request);
    response.set_header("www-authenticate", "Bearer");
    return response;
  }
  // A browser session's write must prove it comes from our page: the CSRF token given at sign-in.
  const bool write = request.method != Method::get && request.method != Method::head;
  if ((*who)->by_session && write &&
      !service::equal_in_constant_time(request.header("x-csrf-token").value_or(""), (*who)->csrf_token)) {
    return error_response(Error(ErrorCode::forbidden, "http.csrf_token_missing").with("reason", std::string("csrf")),
                          request);
  }
  // Until a one-time or expired password is changed, nothing else: no reads, no event stream, no photos.
  if ((*who)->principal.must_change_password && !rule.before_password_change) {
    return error_response(access::password_change_required(), request);
  }
  if (rule.kind == RouteAccess::Kind::permission) {
    if (auto allowed = access::require((*who)->principal, rule.permission); !allowed) {
      return error_response(allowed.error(), request);
    }
  }
  request.principal = std::move((*who)->principal);
  if ((*who)->by_session) request.session_csrf_token = std::move((*who)->csrf_token);
  return std::nullopt;
}

namespace {

// A JSON body holding a field its route does not declare is refused before the handler sees it:
// a misspelt optional field ("urgncy") would otherwise be dropped in silence. Bodies that are not
// JSON, or not well-formed, are left to the handler, which says what is wrong with them.
// The parsed body is kept on the request for the handler (parse_json_body), so it is parsed once.
std::optional<Response> refuse_undeclared_fields(const Route& route, const Request& request) {
  const auto& schema = route.doc.request_schema;
  if (!schema.is_object() || request.body.empty()) return std::nullopt;
  const auto type = request.header("content-type");
  if (!type || !is_json_content_type(*type)) return std::nullopt;
  auto body = parse_json_text(request.body);  // the same depth and number rules as the handler's
  if (!body) return std::nullopt;
  auto undeclared = undeclared_fields(schema, *body);
  if (undeclared.empty()) {
    request.parsed_json_body = std::make_shared<boost::json::value>(std::move(*body));
    return std::nullopt;
  }
  auto first = undeclared.front();
  return error_response(Error(ErrorCode::validation_failed, "field.undeclared")
                            .with("field", std::move(first))
                            .with("fields", std::move(undeclared)),
                        request);
}

}  // namespace

Response Dispatcher::invoke(const Route& route, Request& request) const {
  try {
    if (auto refused = admit(route, request)) return std::move(*refused);
    if (auto refused = refuse_undeclared_fields(route, request)) return std::move(*refused);
    auto answered = route.handler(request);
    if (!answered) return error_response(answered.error(), request);
    compress_answer(request, *answered);
    return std::move(*answered);
  } catch (const std::exception& e) {
    spdlog::error("request {} {} {}: unhandled exception: {}", request.request_id, request.method_text, route.pattern,
                  e.what());
  } catch (...) {
    spdlog::error("request {} {} {}: unhandled non-standard exception", request.request_id, request.method_text,
                  route.pattern);
  }
  return error_response(Error(ErrorCode::internal, {}), request);
}

}  // namespace ug::http
