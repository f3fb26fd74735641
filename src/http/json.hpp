// JSON on the wire (Boost.JSON, the project's one JSON library): reading request bodies with
// clear 4xx errors, writing JSON responses and the error envelope.
#pragma once

#include <boost/json/value.hpp>

#include "core/error.hpp"
#include "core/result.hpp"
#include "http/message.hpp"

namespace ug::http {

inline constexpr std::string_view kJsonContentType = "application/json; charset=utf-8";
inline constexpr int kMaxJsonDepth = 32;

// Parses a JSON request body: 415 unless Content-Type is application/json (charset utf-8 or none),
// 400 invalid_json for anything that is not exactly one JSON value (too deep, trailing bytes,
// invalid UTF-8 included).
Result<boost::json::value> parse_json_body(const Request& request);
// The same checks on bare bytes (for the fuzz target and for bodies read elsewhere).
Result<boost::json::value> parse_json_text(std::string_view text);
// `media_type` (application/json unless told), optionally with charset=utf-8 (any case, optional
// quotes); other types and other charsets are refused.
bool is_json_content_type(std::string_view value, std::string_view media_type = "application/json");

// `text` with each invalid or truncated UTF-8 sequence replaced by U+FFFD (as the WHATWG decoder
// does). Boost.JSON writes a string's bytes as they are, so text echoed from a request (a path, a
// query value) passes through this first, or the answer would not be JSON text (RFC 8259 §8.1).
std::string valid_utf8(std::string_view text);

Response json_response(int status, const boost::json::value& body);
// {"error":{"code":"…","message":"…","details":{…},"request_id":"…"}} with the table's status,
// the message in the language the request asks for.
Response error_response(const Error& error, const Request& request);
Response error_response(const Error& error, std::string_view request_id, Language language);

}  // namespace ug::http
