// One POST per call on a private io_context: resolve, connect, (TLS handshake), write, read the
// status line and headers, all bounded by the timeout (run_for), on the dispatcher's own thread.
#include "http/webhook_client.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <optional>

namespace ug::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using asio::ip::tcp;

void failed(std::optional<Result<int>>& outcome, const beast::error_code& ec) {
  outcome = tl::unexpected(Error(ErrorCode::unavailable, {}, "webhook: " + ec.message()));
}

// Writes the request and reads the status line and headers on a connected stream.
template <typename Stream>
class Exchange {
 public:
  Exchange(Stream& stream, bhttp::request<bhttp::string_body>& request, std::optional<Result<int>>& outcome)
      : stream_(stream), request_(request), outcome_(outcome) {
    parser_.skip(true);  // the receiver's body is not ours to read
  }
  void start() {
    bhttp::async_write(stream_, request_, [this](beast::error_code ec, std::size_t) {
      if (ec) return failed(outcome_, ec);
      bhttp::async_read_header(stream_, buffer_, parser_, [this](beast::error_code read_ec, std::size_t) {
        if (read_ec) return failed(outcome_, read_ec);
        outcome_ = static_cast<int>(parser_.get().result_int());
      });
    });
  }

 private:
  Stream& stream_;
  bhttp::request<bhttp::string_body>& request_;
  std::optional<Result<int>>& outcome_;
  beast::flat_buffer buffer_;
  bhttp::response_parser<bhttp::empty_body> parser_;
};

}  // namespace

Result<int> WebhookClient::post(const std::string& url, const std::vector<std::pair<std::string, std::string>>& headers,
                                const std::string& body) {
  const auto target = parse_webhook_url(url);
  if (!target) return tl::unexpected(Error(ErrorCode::validation_failed, {}, "bad webhook url: " + url));
  bhttp::request<bhttp::string_body> request{bhttp::verb::post, target->path, 11};
  request.set(bhttp::field::host, target->host);
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = body;
  request.prepare_payload();
  request.keep_alive(false);

  // Callbacks rather than coroutines: clang 14 cannot build Asio coroutines under the sanitizers.
  // The io_context is declared first so that it outlives everything its handlers refer to.
  asio::io_context io;
  std::optional<Result<int>> outcome;
  asio::ssl::context tls(asio::ssl::context::tls_client);
  tls.set_default_verify_paths();
  tls.set_verify_mode(asio::ssl::verify_peer);
  tcp::resolver resolver(io);
  beast::tcp_stream plain(io);
  beast::ssl_stream<beast::tcp_stream> secure(io, tls);
  Exchange<beast::tcp_stream> plain_exchange(plain, request, outcome);
  Exchange<beast::ssl_stream<beast::tcp_stream>> secure_exchange(secure, request, outcome);

  if (target->tls) {
    // SNI (SSL_set_tlsext_host_name without its C cast), and the certificate must name the host.
    if (SSL_ctrl(secure.native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                 const_cast<char*>(target->host.c_str())) != 1) {
      return tl::unexpected(Error(ErrorCode::unavailable, {}, "webhook: TLS server name not set"));
    }
    secure.set_verify_callback(asio::ssl::host_name_verification(target->host));
  }
  std::vector<tcp::endpoint> allowed;
  resolver.async_resolve(target->host, target->port, [&](beast::error_code ec, tcp::resolver::results_type resolved) {
    if (ec) return failed(outcome, ec);
    // DNS may have changed since the subscription was checked: judge the addresses of this delivery.
    std::string refused;
    for (const auto& entry : resolved) {
      const auto address = entry.endpoint().address().to_string();
      if (const auto why = targets_.refusal(address)) {
        refused += (refused.empty() ? "" : "; ") + address + " is " + *why;
      } else {
        allowed.push_back(entry.endpoint());
      }
    }
    if (allowed.empty()) {
      outcome = tl::unexpected(Error(ErrorCode::forbidden, {},
                                     "webhook: refused target " + target->host + ": " + refused +
                                         " (not in webhooks.allowed_targets); nothing was sent"));
      return;
    }
    const auto& found = allowed;
    if (!target->tls) {
      plain.expires_after(timeout_);
      plain.async_connect(found, [&](beast::error_code connect_ec, const tcp::endpoint&) {
        if (connect_ec) return failed(outcome, connect_ec);
        plain_exchange.start();
      });
      return;
    }
    auto& socket = beast::get_lowest_layer(secure);
    socket.expires_after(timeout_);
    socket.async_connect(found, [&](beast::error_code connect_ec, const tcp::endpoint&) {
      if (connect_ec) return failed(outcome, connect_ec);
      secure.async_handshake(asio::ssl::stream_base::client, [&](beast::error_code handshake_ec) {
        if (handshake_ec) return failed(outcome, handshake_ec);
        secure_exchange.start();
      });
    });
  });
  io.run_for(timeout_ + std::chrono::seconds(1));
  if (!outcome) return tl::unexpected(Error(ErrorCode::unavailable, {}, "webhook: timed out"));
  return *outcome;
}

}  // namespace ug::http
