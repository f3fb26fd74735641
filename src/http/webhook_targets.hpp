// Which addresses webhooks may be posted to (issue 19). A subscription is made by an
// administrator, but its URL is then fetched by the server from inside the network: pointed at
// loopback, a private range or the cloud metadata address (169.254.169.254) it would turn the
// dispatcher into a request forger (SSRF). Internal ranges are refused unless listed in
// webhooks.allowed_targets; the check runs on every address a host name resolves to, at
// subscription and again at each delivery, since DNS can change after the subscription.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace ug::http {

// The parts of a webhook URL the client needs.
struct WebhookUrl {
  bool tls = false;
  std::string host;  // without the brackets of an IPv6 literal
  std::string port;
  std::string path;  // with the query
};
std::optional<WebhookUrl> parse_webhook_url(std::string_view url);

class WebhookTargets {
 public:
  // `allowed`: comma-separated CIDR blocks ("127.0.0.1/32, fd00::/8") whose internal addresses may
  // receive webhooks; a bare address is its own block.
  static Result<WebhookTargets> parse(std::string_view allowed);

  // Why `address` (an IP address as text) may not receive webhooks ("loopback", "private
  // (RFC 1918)" …), or nullopt when it may: public, or internal but allowed. An IPv4-mapped IPv6
  // address is judged as the IPv4 address it carries.
  std::optional<std::string> refusal(std::string_view address) const;

  // Resolves the URL's host (blocking) and refuses it when any address it resolves to is refused,
  // with a public message that names the address and the setting. A host that does not resolve
  // now passes: each delivery resolves and checks again.
  Result<void> check_url(const std::string& url) const;

 private:
  struct Block {
    std::array<unsigned char, 16> bytes{};  // IPv6; IPv4 as ::ffff:a.b.c.d
    int prefix = 0;                         // bits, of the IPv6 form
  };
  std::vector<Block> allowed_;
};

}  // namespace ug::http
