// Whose address a request is: X-Forwarded-For is believed only from configured proxies, and then
// only up to the first address that is not itself a trusted proxy.
#include <gtest/gtest.h>

#include "http/account_routes.hpp"

namespace ug::http {
namespace {

Request from(std::string peer, std::string forwarded = {}) {
  Request r;
  r.remote_address = std::move(peer);
  if (!forwarded.empty()) r.headers.emplace_back("x-forwarded-for", std::move(forwarded));
  return r;
}

TEST(ClientAddress, ForwardedForOnlyFromTrustedProxies) {
  const std::vector<std::string> proxies = {"10.0.0.2", "10.0.0.3"};
  EXPECT_EQ(client_address(from("198.51.100.7:51234", "203.0.113.9"), proxies), "198.51.100.7");  // spoofed
  EXPECT_EQ(client_address(from("10.0.0.2:443", "203.0.113.9"), proxies), "203.0.113.9");
  // A client's own forged entry sits left of what the proxies appended: it is not reached.
  EXPECT_EQ(client_address(from("10.0.0.2:443", "1.1.1.1, 203.0.113.9, 10.0.0.3"), proxies), "203.0.113.9");
  EXPECT_EQ(client_address(from("10.0.0.2:443"), proxies), "10.0.0.2");
  EXPECT_EQ(client_address(from("[2001:db8::1]:8080", "203.0.113.9"), proxies), "2001:db8::1");
  EXPECT_EQ(client_address(from("127.0.0.1:9", "203.0.113.9"), {}), "127.0.0.1");
}

}  // namespace
}  // namespace ug::http
