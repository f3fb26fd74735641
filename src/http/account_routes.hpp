// Sign-in, sign-out and the caller's own account; users, API tokens and the audit log for
// administrators. Also the Authenticator every protected route uses: a session cookie
// (HttpOnly, SameSite=Strict) or `Authorization: Bearer <token>`.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "http/router.hpp"
#include "service/account_service.hpp"

namespace ug::http {

struct AccountHttpSettings {
  bool cookie_secure = false;                // add `Secure` to the session cookie (behind TLS)
  std::vector<std::string> trusted_proxies;  // peers whose X-Forwarded-For is believed
  int sign_ins_per_minute_per_address = 20;  // token buckets in front of POST /api/v1/session
  int sign_ins_per_minute_per_account = 10;
};

// The client's address: the peer's, unless the peer is a trusted proxy, then the nearest address
// in X-Forwarded-For that is not itself a trusted proxy.
std::string client_address(const Request& request, const std::vector<std::string>& trusted_proxies);

// Registers the routes and installs the authenticator on `router`.
void add_account_routes(Router& router, service::AccountService& accounts, AccountHttpSettings settings);

}  // namespace ug::http
