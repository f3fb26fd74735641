// exchange_raw: Beast's parser fed from memory, then the same dispatch as a live connection.
#include "http/raw_exchange.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/write.hpp>
#include <sstream>

#include "http/beast_glue.hpp"
#include "http/json.hpp"

namespace ug::http {

std::string exchange_raw(std::string_view request_bytes, const Dispatcher& dispatcher, std::size_t header_limit,
                         std::size_t body_limit) {
  namespace bhttp = boost::beast::http;
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(header_limit));
  parser.body_limit(body_limit);
  parser.eager(true);
  boost::beast::error_code ec;
  std::size_t consumed = 0;
  while (!parser.is_done() && consumed < request_bytes.size()) {
    const auto n =
        parser.put(boost::asio::buffer(request_bytes.data() + consumed, request_bytes.size() - consumed), ec);
    consumed += n;
    // need_more: the parser wants the unconsumed bytes again *with more after them*; all input is
    // already here, so this is the end of the request (re-presenting the same bytes trips a Beast
    // assertion, found by fuzz_http_request).
    if (ec == bhttp::error::need_more) {
      ec = {};
      break;
    }
    if (ec) break;
  }
  // put_eof requires that some bytes were parsed (Beast asserts it; found by fuzz_http_request).
  if (!ec && !parser.is_done()) {
    if (parser.got_some()) {
      parser.put_eof(ec);
    } else {
      ec = bhttp::error::partial_message;
    }
  }

  const std::string request_id = detail::new_request_id();
  Response response;
  bool head = false;
  if (ec) {
    const auto error = detail::error_for_parse_failure(ec);
    response = error_response(error ? *error : Error(ErrorCode::bad_request, {}), request_id, Language::zh_cn);
  } else {
    head = parser.get().method() == bhttp::verb::head;
    Request request = detail::to_request(parser.release(), request_id, "memory");
    auto plan = dispatcher.plan(request);
    response = plan.immediate ? std::move(*plan.immediate) : dispatcher.invoke(*plan.route, request);
  }
  auto beast_response = detail::to_beast(std::move(response), request_id, 11, false, head);
  std::ostringstream out;
  out << beast_response;
  return std::move(out).str();
}

}  // namespace ug::http
