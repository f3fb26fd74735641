// WebhookTargets: addresses compared as 16 bytes (IPv4 mapped into ::ffff:0:0/96) against the
// refused special-purpose ranges (RFC 6890 and the IANA registries) and the allow-list.
#include "http/webhook_targets.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "core/text.hpp"

namespace ug::http {
namespace {

namespace asio = boost::asio;
using Bytes = std::array<unsigned char, 16>;

std::optional<Bytes> to_bytes(std::string_view text) {
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(std::string(text), ec);
  if (ec) return std::nullopt;
  if (address.is_v4()) return asio::ip::make_address_v6(asio::ip::v4_mapped, address.to_v4()).to_bytes();
  return address.to_v6().to_bytes();
}

bool within(const Bytes& address, const Bytes& network, int prefix) {
  for (int bit = 0; bit < prefix; ++bit) {
    const auto mask = static_cast<unsigned char>(0x80 >> (bit % 8));
    if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) return false;
  }
  return true;
}

struct Refused {
  const char* network;
  int prefix;  // of the IPv6 form: an IPv4 /n is /(96 + n)
  const char* reason;
};

// Everything that is not a public unicast address. IPv4 first, as ::ffff:a.b.c.d.
constexpr std::array<Refused, 17> kRefused = {{
    {"::ffff:0.0.0.0", 104, "this network (0.0.0.0/8)"},
    {"::ffff:10.0.0.0", 104, "private (RFC 1918, 10.0.0.0/8)"},
    {"::ffff:100.64.0.0", 106, "carrier-grade NAT (100.64.0.0/10)"},
    {"::ffff:127.0.0.0", 104, "loopback (127.0.0.0/8)"},
    {"::ffff:169.254.0.0", 112, "link-local (169.254.0.0/16, cloud metadata)"},
    {"::ffff:172.16.0.0", 108, "private (RFC 1918, 172.16.0.0/12)"},
    {"::ffff:192.0.0.0", 120, "IETF protocol assignments (192.0.0.0/24)"},
    {"::ffff:192.168.0.0", 112, "private (RFC 1918, 192.168.0.0/16)"},
    {"::ffff:198.18.0.0", 111, "benchmarking (198.18.0.0/15)"},
    {"::ffff:224.0.0.0", 100, "multicast (224.0.0.0/4)"},
    {"::ffff:240.0.0.0", 100, "reserved (240.0.0.0/4, broadcast)"},
    {"::", 128, "unspecified (::)"},
    {"::1", 128, "loopback (::1)"},
    {"::", 96, "IPv4-compatible (::/96, deprecated)"},
    {"fc00::", 7, "unique local (fc00::/7)"},
    {"fe80::", 10, "link-local (fe80::/10)"},
    {"ff00::", 8, "multicast (ff00::/8)"},
}};

}  // namespace

std::optional<WebhookUrl> parse_webhook_url(std::string_view url) {
  WebhookUrl t;
  if (url.starts_with("https://")) {
    t.tls = true;
    url.remove_prefix(8);
  } else if (url.starts_with("http://")) {
    url.remove_prefix(7);
  } else {
    return std::nullopt;
  }
  const auto slash = url.find_first_of("/?");
  const auto authority = url.substr(0, slash);
  t.path = slash == std::string_view::npos ? "/" : std::string(url.substr(slash));
  if (!t.path.starts_with('/')) t.path.insert(0, "/");
  const auto colon = authority.rfind(':');
  if (colon != std::string_view::npos && authority.find(']', colon) == std::string_view::npos) {
    t.host = std::string(authority.substr(0, colon));
    t.port = std::string(authority.substr(colon + 1));
  } else {
    t.host = std::string(authority);
    t.port = t.tls ? "443" : "80";
  }
  if (t.host.size() > 2 && t.host.front() == '[' && t.host.back() == ']') t.host = t.host.substr(1, t.host.size() - 2);
  if (t.host.empty() || t.port.empty() || !is_digits(t.port)) return std::nullopt;
  return t;
}

Result<WebhookTargets> WebhookTargets::parse(std::string_view allowed) {
  WebhookTargets out;
  for (const auto item : split_list(allowed)) {
    const auto slash = item.find('/');
    const auto bytes = to_bytes(item.substr(0, slash));
    const bool v4 = item.substr(0, slash).find(':') == std::string_view::npos;
    const auto bits = slash == std::string_view::npos ? std::optional<std::int64_t>(v4 ? 32 : 128)
                                                      : parse_int64(item.substr(slash + 1));
    if (!bytes || !bits || *bits < 0 || *bits > (v4 ? 32 : 128)) {
      return fail(
          Error(ErrorCode::validation_failed, "webhook_api.allowed_targets_invalid").with("value", std::string(item)));
    }
    out.allowed_.push_back({*bytes, static_cast<int>(v4 ? 96 + *bits : *bits)});
  }
  return out;
}

std::optional<std::string> WebhookTargets::refusal(std::string_view address) const {
  const auto bytes = to_bytes(address);
  if (!bytes) return "not an IP address";
  for (const auto& block : allowed_) {
    if (within(*bytes, block.bytes, block.prefix)) return std::nullopt;
  }
  for (const auto& range : kRefused) {
    if (within(*bytes, *to_bytes(range.network), range.prefix)) return std::string(range.reason);
  }
  return std::nullopt;
}

Result<void> WebhookTargets::check_url(const std::string& url) const {
  const auto target = parse_webhook_url(url);
  if (!target) return fail(invalid("url", "webhook_api.url_invalid"));
  asio::io_context io;
  asio::ip::tcp::resolver resolver(io);
  boost::system::error_code ec;
  const auto found = resolver.resolve(target->host, target->port, ec);
  if (ec) return {};
  for (const auto& entry : found) {
    const auto address = entry.endpoint().address().to_string();
    if (const auto why = refusal(address)) {
      return fail(invalid("url", "webhook_api.url_internal").with("address", address).with("reason", *why));
    }
  }
  return {};
}

}  // namespace ug::http
