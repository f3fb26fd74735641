// One POST per call on a private io_context: resolve, connect, (TLS handshake), write, read the
// status line and headers, all bounded by the timeout (run_for), never blocking the server's threads.
#include "http/webhook_client.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/ssl.hpp>
#include <optional>

namespace ug::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using asio::ip::tcp;

struct Target {
  bool tls = false;
  std::string host;
  std::string port;
  std::string path;
};

std::optional<Target> parse_url(std::string_view url) {
  Target t;
  if (url.starts_with("https://")) {
    t.tls = true;
    url.remove_prefix(8);
  } else if (url.starts_with("http://")) {
    url.remove_prefix(7);
  } else {
    return std::nullopt;
  }
  const auto slash = url.find('/');
  const auto authority = url.substr(0, slash);
  t.path = slash == std::string_view::npos ? "/" : std::string(url.substr(slash));
  const auto colon = authority.rfind(':');
  if (colon != std::string_view::npos && authority.find(']', colon) == std::string_view::npos) {
    t.host = std::string(authority.substr(0, colon));
    t.port = std::string(authority.substr(colon + 1));
  } else {
    t.host = std::string(authority);
    t.port = t.tls ? "443" : "80";
  }
  if (t.host.size() > 2 && t.host.front() == '[' && t.host.back() == ']') t.host = t.host.substr(1, t.host.size() - 2);
  if (t.host.empty() || t.port.empty()) return std::nullopt;
  return t;
}

template <typename Stream>
asio::awaitable<int> exchange(Stream& stream, const Target& target,
                              const std::vector<std::pair<std::string, std::string>>& headers,
                              const std::string& body) {
  bhttp::request<bhttp::string_body> request{bhttp::verb::post, target.path, 11};
  request.set(bhttp::field::host, target.host);
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = body;
  request.prepare_payload();
  request.keep_alive(false);
  co_await bhttp::async_write(stream, request, asio::use_awaitable);
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::empty_body> parser;
  parser.skip(true);  // the receiver's body is not ours to read
  co_await bhttp::async_read_header(stream, buffer, parser, asio::use_awaitable);
  co_return static_cast<int>(parser.get().result_int());
}

}  // namespace

Result<int> WebhookClient::post(const std::string& url, const std::vector<std::pair<std::string, std::string>>& headers,
                                const std::string& body) {
  const auto target = parse_url(url);
  if (!target) return tl::unexpected(Error(ErrorCode::validation_failed, {}, "bad webhook url: " + url));
  std::optional<Result<int>> outcome;
  asio::ssl::context tls(asio::ssl::context::tls_client);
  tls.set_default_verify_paths();
  tls.set_verify_mode(asio::ssl::verify_peer);
  // Declared last, destroyed first: an unfinished exchange is dropped before what it refers to.
  asio::io_context io;

  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<int> {
        tcp::resolver resolver(io);
        const auto endpoints = co_await resolver.async_resolve(target->host, target->port, asio::use_awaitable);
        if (!target->tls) {
          beast::tcp_stream stream(io);
          stream.expires_after(timeout_);
          co_await stream.async_connect(endpoints, asio::use_awaitable);
          co_return co_await exchange(stream, *target, headers, body);
        }
        beast::ssl_stream<beast::tcp_stream> stream(io, tls);
        // SNI (SSL_set_tlsext_host_name without its C cast).
        if (SSL_ctrl(stream.native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                     const_cast<char*>(target->host.c_str())) != 1) {
          throw std::runtime_error("TLS: cannot set the server name");
        }
        stream.set_verify_callback(asio::ssl::host_name_verification(target->host));
        beast::get_lowest_layer(stream).expires_after(timeout_);
        co_await beast::get_lowest_layer(stream).async_connect(endpoints, asio::use_awaitable);
        co_await stream.async_handshake(asio::ssl::stream_base::client, asio::use_awaitable);
        co_return co_await exchange(stream, *target, headers, body);
      },
      [&](std::exception_ptr failure, int status) {
        if (!failure) {
          outcome = status;
          return;
        }
        try {
          std::rethrow_exception(failure);
        } catch (const std::exception& e) {
          outcome = tl::unexpected(Error(ErrorCode::unavailable, {}, std::string("webhook: ") + e.what()));
        }
      });
  io.run_for(timeout_ + std::chrono::seconds(1));
  if (!outcome) return tl::unexpected(Error(ErrorCode::unavailable, {}, "webhook: timed out"));
  return *outcome;
}

}  // namespace ug::http
