// One request as raw bytes in, the raw response bytes out: parsed with the same parser and limits
// as a connection, dispatched, handlers run inline. For the libFuzzer target and for unit tests
// of malformed input without sockets.
#pragma once

#include <string>
#include <string_view>

#include "http/dispatcher.hpp"

namespace ug::http {

std::string exchange_raw(std::string_view request_bytes, const Dispatcher& dispatcher, std::size_t header_limit,
                         std::size_t body_limit);

}  // namespace ug::http
