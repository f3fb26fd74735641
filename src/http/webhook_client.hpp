// The webhook dispatcher's outbound POST (service::WebhookSender) over Beast: http:// and https://
// (certificate and host name verified against the system's trust store), every step under one
// deadline, the receiver's answer read only as far as its status.
#pragma once

#include <chrono>

#include "service/webhook_service.hpp"

namespace ug::http {

class WebhookClient final : public service::WebhookSender {
 public:
  explicit WebhookClient(std::chrono::milliseconds timeout) : timeout_(timeout) {}
  Result<int> post(const std::string& url, const std::vector<std::pair<std::string, std::string>>& headers,
                   const std::string& body) override;

 private:
  std::chrono::milliseconds timeout_;
};

}  // namespace ug::http
