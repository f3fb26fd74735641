// What the webhook service may ask of storage: subscriptions of external systems, and the outbox of
// deliveries with their per-recipient state (pending until a 2xx, dead after the last retry).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace ug::storage {

struct WebhookSubscription {
  std::int64_t id = 0;
  std::string name;
  std::string url;
  std::string secret;
  std::vector<std::string> topics;  // case.event, case.light
  std::string region_prefix;        // "" every case
  bool active = true;
  std::int64_t created_at_ms = 0;
};

struct WebhookDelivery {
  std::string id;
  std::int64_t subscription_id = 0;
  std::string topic;
  std::string case_id;
  std::string payload;
  std::string state = "pending";  // pending | delivered | dead
  std::int64_t attempts = 0;
  std::int64_t next_attempt_at_ms = 0;
  std::optional<std::int64_t> last_status;
  std::string last_error;
  std::int64_t created_at_ms = 0;
  std::optional<std::int64_t> delivered_at_ms;
};

struct DueDelivery {
  WebhookDelivery delivery;
  std::string url;
  std::string secret;
};

struct DeliveryCounts {
  std::int64_t pending = 0, delivered = 0, dead = 0;
};

class WebhookRepository {
 public:
  virtual ~WebhookRepository() = default;
  // Sets subscription.id. ErrorCode::conflict when the name is taken.
  virtual Result<void> add_subscription(WebhookSubscription& subscription) = 0;
  virtual Result<std::vector<WebhookSubscription>> subscriptions(bool active_only) = 0;
  virtual Result<std::optional<WebhookSubscription>> find_subscription(std::int64_t id) = 0;
  // False when there is no such subscription.
  virtual Result<bool> set_active(std::int64_t id, bool active) = 0;
  virtual Result<void> enqueue(const WebhookDelivery& delivery) = 0;
  // Pending deliveries of active subscriptions whose next attempt is due, oldest first.
  virtual Result<std::vector<DueDelivery>> due(std::int64_t now_ms, int limit) = 0;
  // Stores the outcome of one attempt (state, attempts, next attempt, status, error, delivered at).
  virtual Result<void> record_attempt(const WebhookDelivery& delivery) = 0;
  // A subscription's deliveries, newest first, optionally in one state.
  virtual Result<std::vector<WebhookDelivery>> deliveries(std::int64_t subscription_id, std::string_view state,
                                                          int limit) = 0;
  virtual Result<DeliveryCounts> counts(std::int64_t subscription_id) = 0;
};

}  // namespace ug::storage
