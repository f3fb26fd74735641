// Outbound webhooks (issue 6): external systems (the 12345 hotline, a district's own platform)
// subscribe to case changes and deadline lights. Each change writes its deliveries into the outbox
// in the same transaction as the change, so a change a caller saw acknowledged always reaches the
// outbox, across any crash; a dispatcher posts the outbox with an HMAC-SHA256 signature and a
// delivery id, retrying with doubling back-off until the receiver answers 2xx (at least once: the
// receiver deduplicates on the delivery id).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "access/principal.hpp"
#include "core/clock.hpp"
#include "storage/database.hpp"
#include "workflow/case_record.hpp"

namespace ug::service {

inline constexpr std::string_view kTopicCaseEvent = "case.event";  // every action on a case
inline constexpr std::string_view kTopicCaseLight = "case.light";  // a deadline turned yellow or red

// One POST to a receiver. The http module implements it, so this layer knows no HTTP library.
class WebhookSender {
 public:
  virtual ~WebhookSender() = default;
  // The receiver's HTTP status, or an error when it cannot be reached (refused, timed out, bad URL).
  virtual Result<int> post(const std::string& url, const std::vector<std::pair<std::string, std::string>>& headers,
                           const std::string& body) = 0;
};

struct WebhookSettings {
  int max_attempts = 20;                  // then the delivery is dead (listed for an operator)
  std::int64_t first_retry_ms = 10'000;   // doubles each attempt …
  std::int64_t max_retry_ms = 3'600'000;  // … up to an hour: 20 attempts span about 17 hours
  int batch = 100;                        // deliveries one pass takes
  int utc_offset_minutes = 480;           // instants in payloads are local time
  std::function<std::int64_t()> clock = now_unix_millis;
  // Refuses a subscription URL whose host is an internal address not allowed by the operator
  // (http::WebhookTargets, issue 19); empty: every plausible URL is accepted.
  std::function<Result<void>(const std::string& url)> check_target;
};

struct NewSubscription {
  std::string name;
  std::string url;
  std::vector<std::string> topics;  // empty: every topic
  std::string region_prefix;
  std::string secret;  // empty: one is generated
};

struct SubscriptionStatus {
  storage::WebhookSubscription subscription;
  storage::DeliveryCounts counts;
};

// HMAC-SHA256 of "<timestamp>.<body>" under `secret`, hex: the X-UrbanGrid-Signature value after
// "sha256=". Receivers recompute it to know the body came from us and was not replayed late.
std::string webhook_signature(std::string_view secret, std::string_view timestamp, std::string_view body);

class WebhookService {
 public:
  WebhookService(storage::Database& db, WebhookSettings settings) : db_(db), settings_(std::move(settings)) {}

  // Administration (webhooks.manage), each change in the audit log. The answer carries the
  // secret; later listings do not.
  Result<storage::WebhookSubscription> subscribe(const access::Principal& caller, NewSubscription request);
  Result<std::vector<SubscriptionStatus>> list(const access::Principal& caller);
  Result<std::vector<storage::WebhookDelivery>> deliveries(const access::Principal& caller, std::int64_t id,
                                                           const std::string& state, int limit);
  Result<void> deactivate(const access::Principal& caller, std::int64_t id);

  // The outbox, inside the transaction of the change: one delivery per active subscription that
  // listens to the topic and covers the case's grid.
  static Result<void> enqueue_case_event(storage::Transaction& tx, const workflow::CaseProjection& after,
                                         const workflow::CaseEvent& event, int utc_offset_minutes);
  static Result<void> enqueue_light(storage::Transaction& tx, const workflow::CaseProjection& c,
                                    const storage::LightCrossing& crossing, int utc_offset_minutes);

  // One pass of the dispatcher over due deliveries; returns how many were attempted.
  Result<int> deliver_due(WebhookSender& sender);

 private:
  storage::Database& db_;
  WebhookSettings settings_;
};

}  // namespace ug::service
