// PRIVATE to src/http/*.cpp: conversions between Beast messages and our Request/Response, the
// mapping of parse errors to ErrorCodes, and request ids. Nothing outside src/http includes it.
#pragma once

#include <boost/beast/core/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <optional>
#include <string>

#include "core/error.hpp"
#include "http/message.hpp"

namespace ug::http::detail {

namespace bhttp = boost::beast::http;
using BeastRequest = bhttp::request<bhttp::string_body>;
using BeastResponse = bhttp::response<bhttp::string_body>;

// The caller's X-Request-Id when it is sane (≤ 64 of [A-Za-z0-9._-]), else a fresh one.
std::string request_id_for(const BeastRequest& request);
std::string new_request_id();

Request to_request(BeastRequest&& in, std::string request_id, std::string remote_address);
// The same without the body (a request whose body is not read yet).
Request request_head(const BeastRequest& in, std::string request_id, std::string remote_address);
// Adds X-Request-Id and Server, sets Content-Length and Connection; a HEAD answer keeps the length
// of the body it does not send.
BeastResponse to_beast(Response&& in, std::string_view request_id, unsigned http_version, bool keep_alive,
                       bool head_request);

// The 4xx a parse failure deserves; nullopt for socket errors (nobody to answer).
// The status line and headers of an event stream: no length (the body ends when the connection
// does), no caching, no proxy buffering.
std::string event_stream_head(const Response& response, std::string_view request_id);

std::optional<Error> error_for_parse_failure(const boost::beast::error_code& ec);

}  // namespace ug::http::detail
