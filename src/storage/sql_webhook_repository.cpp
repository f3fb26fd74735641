// WebhookRepository in the portable SQL of sql.hpp.
#include <fmt/format.h>

#include "core/text.hpp"
#include "storage/sql_repositories.hpp"

namespace ug::storage {
namespace {

constexpr std::string_view kSubscriptionColumns = "id, name, url, secret, topics, region_prefix, active, created_at_ms";
constexpr std::string_view kDeliveryColumns =
    "d.id, d.subscription_id, d.topic, d.case_id, d.payload, d.state, d.attempts, d.next_attempt_at_ms, "
    "d.last_status, d.last_error, d.created_at_ms, d.delivered_at_ms";

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

WebhookSubscription subscription_of(const SqlRow& r) {
  WebhookSubscription s;
  s.id = r.int64(0);
  s.name = r.text(1);
  s.url = r.text(2);
  s.secret = r.text(3);
  const auto topics = r.text(4);  // split_list gives views into it: it must outlive the loop
  for (const auto topic : split_list(topics)) s.topics.emplace_back(topic);
  s.region_prefix = r.text(5);
  s.active = r.int64(6) != 0;
  s.created_at_ms = r.int64(7);
  return s;
}

WebhookDelivery delivery_of(const SqlRow& r) {
  WebhookDelivery d;
  d.id = r.text(0);
  d.subscription_id = r.int64(1);
  d.topic = r.text(2);
  d.case_id = r.text(3);
  d.payload = r.text(4);
  d.state = r.text(5);
  d.attempts = r.int64(6);
  d.next_attempt_at_ms = r.int64(7);
  d.last_status = r.optional_int64(8);
  d.last_error = r.text(9);
  d.created_at_ms = r.int64(10);
  d.delivered_at_ms = r.optional_int64(11);
  return d;
}

}  // namespace

Result<void> SqlWebhookRepository::add_subscription(WebhookSubscription& s) {
  UG_TRY_ASSIGN(
      auto rows,
      conn_.execute(
          "INSERT INTO webhook_subscriptions (name, url, secret, topics, region_prefix, active, created_at_ms) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
          {s.name, s.url, s.secret, join(s.topics), s.region_prefix, std::int64_t{s.active ? 1 : 0}, s.created_at_ms}));
  s.id = rows.rows.at(0).int64(0);
  return {};
}

Result<std::vector<WebhookSubscription>> SqlWebhookRepository::subscriptions(bool active_only) {
  UG_TRY_ASSIGN(auto rows, conn_.execute(fmt::format("SELECT {} FROM webhook_subscriptions {} ORDER BY id",
                                                     kSubscriptionColumns, active_only ? "WHERE active = 1" : "")));
  std::vector<WebhookSubscription> out;
  for (const auto& r : rows.rows) out.push_back(subscription_of(r));
  return out;
}

Result<std::optional<WebhookSubscription>> SqlWebhookRepository::find_subscription(std::int64_t id) {
  UG_TRY_ASSIGN(
      auto rows,
      conn_.execute(fmt::format("SELECT {} FROM webhook_subscriptions WHERE id = $1", kSubscriptionColumns), {id}));
  if (rows.rows.empty()) return std::nullopt;
  return subscription_of(rows.rows.front());
}

Result<bool> SqlWebhookRepository::set_active(std::int64_t id, bool active) {
  UG_TRY_ASSIGN(auto done, conn_.execute("UPDATE webhook_subscriptions SET active = $2 WHERE id = $1",
                                         {id, std::int64_t{active ? 1 : 0}}));
  return done.affected_rows == 1;
}

Result<void> SqlWebhookRepository::enqueue(const WebhookDelivery& d) {
  UG_TRY(
      conn_.execute("INSERT INTO webhook_deliveries (id, subscription_id, topic, case_id, payload, state, attempts, "
                    "next_attempt_at_ms, last_status, last_error, created_at_ms, delivered_at_ms) "
                    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                    {d.id, d.subscription_id, d.topic, d.case_id, d.payload, d.state, d.attempts, d.next_attempt_at_ms,
                     optional_int(d.last_status), d.last_error, d.created_at_ms, optional_int(d.delivered_at_ms)}));
  return {};
}

Result<std::vector<DueDelivery>> SqlWebhookRepository::due(std::int64_t now_ms, int limit) {
  UG_TRY_ASSIGN(
      auto rows,
      conn_.execute(
          fmt::format(
              "SELECT {}, s.url, s.secret FROM webhook_deliveries d JOIN webhook_subscriptions s ON "
              "s.id = d.subscription_id WHERE d.state = 'pending' AND d.next_attempt_at_ms <= $1 AND s.active = 1 "
              "ORDER BY d.next_attempt_at_ms, d.created_at_ms LIMIT $2",
              kDeliveryColumns),
          {now_ms, std::int64_t{limit}}));
  std::vector<DueDelivery> out;
  for (const auto& r : rows.rows) out.push_back({delivery_of(r), r.text(12), r.text(13)});
  return out;
}

Result<void> SqlWebhookRepository::record_attempt(const WebhookDelivery& d) {
  UG_TRY(conn_.execute(
      "UPDATE webhook_deliveries SET state = $2, attempts = $3, next_attempt_at_ms = $4, last_status = $5, "
      "last_error = $6, delivered_at_ms = $7 WHERE id = $1",
      {d.id, d.state, d.attempts, d.next_attempt_at_ms, optional_int(d.last_status), d.last_error,
       optional_int(d.delivered_at_ms)}));
  return {};
}

Result<std::vector<WebhookDelivery>> SqlWebhookRepository::deliveries(std::int64_t subscription_id,
                                                                      std::string_view state, int limit) {
  UG_TRY_ASSIGN(
      auto rows,
      conn_.execute(
          fmt::format("SELECT {} FROM webhook_deliveries d WHERE d.subscription_id = $1 AND ($2 = '' OR d.state = $2) "
                      "ORDER BY d.created_at_ms DESC, d.id DESC LIMIT $3",
                      kDeliveryColumns),
          {subscription_id, std::string(state), std::int64_t{limit}}));
  std::vector<WebhookDelivery> out;
  for (const auto& r : rows.rows) out.push_back(delivery_of(r));
  return out;
}

Result<DeliveryCounts> SqlWebhookRepository::counts(std::int64_t subscription_id) {
  UG_TRY_ASSIGN(
      auto rows,
      conn_.execute("SELECT state, COUNT(*) FROM webhook_deliveries WHERE subscription_id = $1 GROUP BY state",
                    {subscription_id}));
  DeliveryCounts out;
  for (const auto& r : rows.rows) {
    const auto state = r.text(0);
    (state == "pending" ? out.pending : state == "delivered" ? out.delivered : out.dead) = r.int64(1);
  }
  return out;
}

}  // namespace ug::storage
