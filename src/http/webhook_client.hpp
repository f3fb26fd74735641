// The webhook dispatcher's outbound POST (service::WebhookSender) over Beast: http:// and https://
// (certificate and host name verified against the system's trust store), every step under one
// deadline, the receiver's answer read only as far as its status. Only to addresses `targets`
// allows: every address the host resolves to at this delivery is checked before connecting.
#pragma once

#include <chrono>

#include "http/webhook_targets.hpp"
#include "service/webhook_service.hpp"

namespace ug::http {

class WebhookClient final : public service::WebhookSender {
 public:
  WebhookClient(std::chrono::milliseconds timeout, WebhookTargets targets)
      : timeout_(timeout), targets_(std::move(targets)) {}
  Result<int> post(const std::string& url, const std::vector<std::pair<std::string, std::string>>& headers,
                   const std::string& body) override;

 private:
  std::chrono::milliseconds timeout_;
  WebhookTargets targets_;
};

}  // namespace ug::http
