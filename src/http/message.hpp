// Our own HTTP request/response types. Handlers, routes and tests use these; the Beast types stay
// inside src/http/*.cpp so the rest of the code (and its compile time) never sees them.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "access/principal.hpp"

namespace boost::json {
class value;
}

namespace ug::http {

enum class Method : std::uint8_t { get, head, post, put, patch, delete_, options, other };
Method parse_method(std::string_view text);
std::string_view to_string(Method method);

using HeaderList = std::vector<std::pair<std::string, std::string>>;  // names in lower case

struct Request {
  Method method = Method::get;
  std::string method_text;  // as sent, e.g. "GET" or "BREW"
  std::string target;       // as sent: path and query, percent-encoded
  std::string path;         // target before '?', still percent-encoded
  std::string query;        // target after '?', without it
  HeaderList headers;
  std::string body;
  std::string request_id;
  std::string remote_address;
  std::vector<std::pair<std::string, std::string>> path_params;  // decoded values of {name} segments
  // Set before the handler of a route that is not open runs: who is calling.
  std::optional<access::Principal> principal;
  // With `principal`, when the caller signed in through a browser session: the token its writes
  // must carry (X-CSRF-Token), so a reloaded page can learn it again from /api/v1/me.
  std::string session_csrf_token;
  // The JSON body as the dispatcher parsed it to check its fields against the route's schema;
  // parse_json_body takes it from here instead of parsing the body a second time.
  mutable std::shared_ptr<boost::json::value> parsed_json_body;

  std::optional<std::string_view> header(std::string_view lower_case_name) const;
  // The language the caller reads, from Accept-Language: the one of zh-CN and English it ranks
  // higher (RFC 9110 §12.5.4 quality values); zh-CN without the header or when it names neither.
  Language language() const;
  const std::string* path_param(std::string_view name) const;
  // Decoded value of the first `name=` in the query string; nullopt when absent.
  std::optional<std::string> query_param(std::string_view name) const;
  // Decoded values of every `name=` in the query string, in order (a repeated parameter).
  std::vector<std::string> query_params(std::string_view name) const;
};

// How an open event stream is held by the server: a comment line every `heartbeat` (proxies keep
// the connection, dead peers show up as failed writes), closed after `lifetime` (the browser
// reconnects by itself), and closed when more than `queue_length` chunks wait for a client that
// does not read them (it reconnects and reloads; the sender is never made to wait). The kernel's
// send buffer of the connection is fixed at `send_buffer_bytes` (0: left to the kernel, which may
// grow it to megabytes per slow client before the queue even starts to fill).
struct EventStreamPolicy {
  std::chrono::milliseconds heartbeat{15'000};
  std::chrono::milliseconds lifetime{3'600'000};
  std::size_t queue_length = 64;
  int send_buffer_bytes = 0;
};

// Where a stream's bytes go; both may be called from any thread, also after the client has gone.
struct EventSink {
  std::function<bool(std::string)> send;  // queues bytes for the client; false once it has gone
  std::function<void()> close;            // ends the stream now (what is queued is dropped)
};

// A response that stays open and sends server-sent events (text/event-stream) as they happen.
class EventStream {
 public:
  virtual ~EventStream() = default;
  virtual EventStreamPolicy policy() const = 0;
  // Called once the headers are sent.
  virtual void start(EventSink sink) = 0;
  // The client left, the lifetime is over or the server is stopping. A sink call already under way
  // may still finish; it returns false.
  virtual void stop() = 0;
};

struct Response {
  int status = 200;
  HeaderList headers;
  std::string body;
  std::shared_ptr<EventStream> stream;  // set: headers now, then events until either side ends

  void set_header(std::string name, std::string value);
  std::optional<std::string_view> header(std::string_view lower_case_name) const;
};

// A 200 the browser saves as a file named `file_name` (ASCII: no quoting or encoding needed).
Response file_response(std::string body, std::string_view content_type, std::string_view file_name);

// Whether an If-None-Match value (a list, weak tags, or *) names `etag` (weak comparison, RFC 9110
// §13.1.2): the test every cached answer (files, map layers) uses before answering 304.
bool etag_matches(std::string_view if_none_match, std::string_view etag);

// The origin form (path and query) of a request target. RFC 9112 §3.2.2: a server must accept the
// absolute form (`http://host/path?query`, which proxies send) and route it by its path; the
// authority adds nothing here (Host names the same server). `http://host` alone is the path "/".
// Any other target (origin form, `*`) comes back unchanged.
std::string origin_form(std::string_view target);

// Percent-decoding of a path segment or query component ('+' is a space only in queries).
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);

}  // namespace ug::http
