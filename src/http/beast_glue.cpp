// Beast <-> our message types, parse errors -> ErrorCodes, request ids.
#include "http/beast_glue.hpp"

#include "core/text.hpp"

#include <fmt/format.h>
#include <boost/beast/http/error.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <ctime>
#include <random>

namespace ug::http::detail {
namespace {

bool sane_request_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(),
                     [](unsigned char c) { return std::isalnum(c) || c == '-' || c == '_' || c == '.'; });
}

// The Date header (RFC 9110 §6.6.1), formatted once per second per thread. strftime's %a and %b
// are English here: the process never calls setlocale, so it runs in the "C" locale.
std::string_view http_date_now() {
  thread_local std::time_t cached_second = -1;
  thread_local std::array<char, 40> text{};
  thread_local std::size_t length = 0;
  const std::time_t now = std::time(nullptr);
  if (now != cached_second) {
    std::tm parts{};
    gmtime_r(&now, &parts);
    length = std::strftime(text.data(), text.size(), "%a, %d %b %Y %H:%M:%S GMT", &parts);
    cached_second = now;
  }
  return {text.data(), length};
}

}  // namespace

std::string new_request_id() {
  // A per-process random prefix and a counter: unique across restarts, cheap per request.
  static const std::uint32_t prefix = std::random_device{}();
  static std::atomic<std::uint64_t> counter{0};
  return fmt::format("{:08x}-{:x}", prefix, counter.fetch_add(1, std::memory_order_relaxed));
}

std::string request_id_for(const BeastRequest& request) {
  const auto it = request.find("x-request-id");
  if (it != request.end() && sane_request_id(it->value())) return std::string(it->value());
  return new_request_id();
}

Request request_head(const BeastRequest& in, std::string request_id, std::string remote_address) {
  Request out;
  out.method_text = std::string(in.method_string());
  out.method = parse_method(out.method_text);
  out.target = origin_form(in.target());
  const auto question = out.target.find('?');
  out.path = out.target.substr(0, question);
  if (question != std::string::npos) out.query = out.target.substr(question + 1);
  out.headers.reserve(static_cast<std::size_t>(std::distance(in.begin(), in.end())));
  for (const auto& field : in) {
    out.headers.emplace_back(ascii_lower(field.name_string()), std::string(field.value()));
  }
  out.request_id = std::move(request_id);
  out.remote_address = std::move(remote_address);
  return out;
}

Request to_request(BeastRequest&& in, std::string request_id, std::string remote_address) {
  auto out = request_head(in, std::move(request_id), std::move(remote_address));
  out.body = std::move(in.body());
  return out;
}

std::string event_stream_head(const Response& response, std::string_view request_id) {
  std::string head = "HTTP/1.1 " + std::to_string(response.status) + " " +
                     std::string(bhttp::obsolete_reason(static_cast<bhttp::status>(response.status))) + "\r\n";
  for (const auto& [name, value] : response.headers) head += name + ": " + value + "\r\n";
  head += "server: UrbanGrid\r\ndate: " + std::string(http_date_now()) +
          "\r\nx-request-id: " + std::string(request_id) +
          "\r\ncache-control: no-cache\r\nx-accel-buffering: no\r\nconnection: close\r\n\r\n";
  return head;
}

BeastResponse to_beast(Response&& in, std::string_view request_id, unsigned http_version, bool keep_alive,
                       bool head_request) {
  BeastResponse out{static_cast<bhttp::status>(in.status), http_version};
  for (auto& [name, value] : in.headers) out.insert(name, value);
  out.set(bhttp::field::server, "UrbanGrid");
  out.set(bhttp::field::date, http_date_now());
  out.set("x-request-id", request_id);
  out.keep_alive(keep_alive);
  const bool bodiless_status = in.status == 204 || in.status == 304 || (in.status >= 100 && in.status < 200);
  if (!bodiless_status) out.content_length(in.body.size());
  if (!head_request && !bodiless_status) out.body() = std::move(in.body);
  return out;
}

std::optional<Error> error_for_parse_failure(const boost::beast::error_code& ec) {
  if (ec == bhttp::error::header_limit) {
    return Error(ErrorCode::headers_too_large, "http.request_headers_too_large");
  }
  if (ec == bhttp::error::body_limit) {
    return Error(ErrorCode::payload_too_large, "http.request_body_too_large");
  }
  if (ec == bhttp::error::partial_message) {
    return Error(ErrorCode::bad_request, "http.request_incomplete").with("reason", ec.message());
  }
  // Every other failure of Beast's HTTP parser (bad method, target, version, field, chunk …).
  if (ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category()) {
    return Error(ErrorCode::bad_request, "http.request_unparsable").with("reason", ec.message());
  }
  return std::nullopt;
}

}  // namespace ug::http::detail
