// Subscriptions, the outbox payloads (JSON fixed at commit time) and the dispatcher's attempts.
#include "service/webhook_service.hpp"

#include <sodium.h>

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "calendar/work_calendar.hpp"
#include "core/text.hpp"
#include "service/audit_log.hpp"
#include "service/secrets.hpp"

namespace ug::service {
namespace json = boost::json;
namespace {

const std::vector<std::string> kTopics = {std::string(kTopicCaseEvent), std::string(kTopicCaseLight)};

// http://host[:port]/path or https://…; no credentials, no fragment, no spaces.
bool plausible_url(std::string_view url) {
  std::string_view rest;
  if (url.starts_with("http://")) {
    rest = url.substr(7);
  } else if (url.starts_with("https://")) {
    rest = url.substr(8);
  } else {
    return false;
  }
  const auto host = rest.substr(0, rest.find('/'));
  return !host.empty() && url.size() <= 2000 && host.find('@') == std::string_view::npos &&
         url.find('#') == std::string_view::npos &&
         std::none_of(url.begin(), url.end(), [](char c) { return c <= ' ' || c == 0x7f; });
}

// What the audit log keeps of a subscription: never its secret, nor the URL's query (which may
// carry a receiver's key).
std::string audit_summary(const storage::WebhookSubscription& s) {
  json::array topics;
  for (const auto& t : s.topics) topics.emplace_back(t);
  return json::serialize(json::object{{"id", s.id},
                                      {"url", s.url.substr(0, s.url.find('?'))},
                                      {"topics", std::move(topics)},
                                      {"region_prefix", s.region_prefix}});
}

std::string iso(std::int64_t ms, int offset) { return calendar::format_iso8601(ms / 1000, offset); }

json::object case_summary(const workflow::CaseProjection& p) {
  return json::object{{"id", p.id},           {"version", p.version},           {"state", workflow::to_string(p.state)},
                      {"channel", p.channel}, {"external_ref", p.external_ref}, {"category", p.category_code},
                      {"grid", p.grid_code},  {"district", p.district_code},    {"department", p.department_id}};
}

bool listens(const storage::WebhookSubscription& s, std::string_view topic, const workflow::CaseProjection& p) {
  const bool topic_ok = s.topics.empty() || std::find(s.topics.begin(), s.topics.end(), topic) != s.topics.end();
  return topic_ok && p.grid_code.starts_with(s.region_prefix);
}

// One delivery per interested subscription; the delivery id goes into the body too, so a receiver
// that logs bodies can deduplicate without the headers.
Result<void> enqueue(storage::Transaction& tx, std::string_view topic, const workflow::CaseProjection& p,
                     json::object body, std::int64_t at_ms) {
  UG_TRY_ASSIGN(auto subscriptions, tx.webhooks().subscriptions(true));
  for (const auto& s : subscriptions) {
    if (!listens(s, topic, p)) continue;
    storage::WebhookDelivery d;
    d.id = random_code(24);
    d.subscription_id = s.id;
    d.topic = std::string(topic);
    d.case_id = p.id;
    body["delivery_id"] = d.id;
    d.payload = json::serialize(body);
    d.next_attempt_at_ms = at_ms;
    d.created_at_ms = at_ms;
    UG_TRY(tx.webhooks().enqueue(d));
  }
  return {};
}

}  // namespace

std::string webhook_signature(std::string_view secret, std::string_view timestamp, std::string_view body) {
  const std::string message = std::string(timestamp) + "." + std::string(body);
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()), message.size());
  crypto_auth_hmacsha256_final(&state, mac);
  std::string hex(2 * sizeof mac + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), mac, sizeof mac);
  hex.pop_back();
  return hex;
}

Result<storage::WebhookSubscription> WebhookService::subscribe(const access::Principal& caller,
                                                               NewSubscription request) {
  UG_TRY(access::require(caller, access::Permission::manage_webhooks));
  const auto name = std::string(trim_blanks(request.name));
  if (name.empty() || name.size() > 100) return fail(invalid("name", "webhook.name_length"));
  if (!plausible_url(request.url)) return fail(invalid("url", "webhook.url_invalid"));
  if (settings_.check_target) UG_TRY(settings_.check_target(request.url));
  for (const auto& topic : request.topics) {
    if (std::find(kTopics.begin(), kTopics.end(), topic) == kTopics.end()) {
      return fail(invalid("topics", "webhook.topics_invalid"));
    }
  }
  if (!request.region_prefix.empty() && !is_digits(request.region_prefix)) {
    return fail(invalid("region_prefix", "webhook.region_prefix_invalid"));
  }
  if (!request.secret.empty() && request.secret.size() < 16) {
    return fail(invalid("secret", "webhook.secret_too_short"));
  }
  storage::WebhookSubscription s;
  s.name = name;
  s.url = request.url;
  s.secret = request.secret.empty() ? random_secret("whsec_") : request.secret;
  s.topics = std::move(request.topics);
  s.region_prefix = request.region_prefix;
  s.created_at_ms = settings_.clock();
  auto added = db_.write([&](storage::Transaction& tx) -> Result<void> {
    UG_TRY(tx.webhooks().add_subscription(s));
    return append_audit(tx, caller, "webhook.subscribe", s.name, "ok", audit_summary(s));
  });
  if (!added) {
    if (added.error().code == ErrorCode::conflict) {
      return fail(invalid("name", "webhook.name_taken").with("name", name));
    }
    return tl::unexpected(added.error());
  }
  return s;
}

Result<std::vector<SubscriptionStatus>> WebhookService::list(const access::Principal& caller) {
  UG_TRY(access::require(caller, access::Permission::manage_webhooks));
  return db_.read([&](storage::Transaction& tx) -> Result<std::vector<SubscriptionStatus>> {
    UG_TRY_ASSIGN(auto all, tx.webhooks().subscriptions(false));
    std::vector<SubscriptionStatus> out;
    for (auto& s : all) {
      UG_TRY_ASSIGN(auto counts, tx.webhooks().counts(s.id));
      s.secret.clear();  // shown once, at creation
      out.push_back({std::move(s), counts});
    }
    return out;
  });
}

Result<std::vector<storage::WebhookDelivery>> WebhookService::deliveries(const access::Principal& caller,
                                                                         std::int64_t id, const std::string& state,
                                                                         int limit) {
  UG_TRY(access::require(caller, access::Permission::manage_webhooks));
  if (!state.empty() && state != "pending" && state != "delivered" && state != "dead") {
    return fail(invalid("state", "webhook.delivery_state_invalid"));
  }
  return db_.read([&](storage::Transaction& tx) -> Result<std::vector<storage::WebhookDelivery>> {
    UG_TRY_ASSIGN(const auto found, tx.webhooks().find_subscription(id));
    if (!found) return fail(ErrorCode::not_found, "webhook.no_such_subscription");
    return tx.webhooks().deliveries(id, state, limit);
  });
}

Result<void> WebhookService::deactivate(const access::Principal& caller, std::int64_t id) {
  UG_TRY(access::require(caller, access::Permission::manage_webhooks));
  return db_.write([&](storage::Transaction& tx) -> Result<void> {
    UG_TRY_ASSIGN(const auto found, tx.webhooks().find_subscription(id));
    if (!found) return fail(ErrorCode::not_found, "webhook.no_such_subscription");
    UG_TRY_ASSIGN(const auto done, tx.webhooks().set_active(id, false));
    if (!done) return fail(ErrorCode::not_found, "webhook.no_such_subscription");
    return append_audit(tx, caller, "webhook.deactivate", found->name, "ok", audit_summary(*found));
  });
}

Result<void> WebhookService::enqueue_case_event(storage::Transaction& tx, const workflow::CaseProjection& after,
                                                const workflow::CaseEvent& e, int offset) {
  json::object body{{"topic", kTopicCaseEvent},
                    {"case", case_summary(after)},
                    {"event", json::object{{"sequence", e.sequence},
                                           {"action", workflow::to_string(e.action)},
                                           {"role", e.role},
                                           {"from", e.from ? json::value(workflow::to_string(*e.from)) : json::value()},
                                           {"to", workflow::to_string(e.to)},
                                           {"at", iso(e.at_ms, offset)}}}};
  return enqueue(tx, kTopicCaseEvent, after, std::move(body), e.at_ms);
}

Result<void> WebhookService::enqueue_light(storage::Transaction& tx, const workflow::CaseProjection& c,
                                           const storage::LightCrossing& crossing, int offset) {
  json::object body{{"topic", kTopicCaseLight},
                    {"case", case_summary(c)},
                    {"light", crossing.light},
                    {"stage", crossing.stage},
                    {"due_at", iso(crossing.due_at_ms, offset)},
                    {"at", iso(crossing.at_ms, offset)}};
  return enqueue(tx, kTopicCaseLight, c, std::move(body), crossing.at_ms);
}

Result<int> WebhookService::deliver_due(WebhookSender& sender) {
  const auto now = settings_.clock();
  UG_TRY_ASSIGN(auto due, db_.read([&](storage::Transaction& tx) { return tx.webhooks().due(now, settings_.batch); }));
  for (auto& item : due) {
    // Named references, not a structured binding: the write below captures `d` (clang 14 cannot).
    auto& d = item.delivery;
    const auto& url = item.url;
    const auto& secret = item.secret;
    const auto timestamp = std::to_string(settings_.clock() / 1000);
    const std::vector<std::pair<std::string, std::string>> headers = {
        {"content-type", "application/json; charset=utf-8"},
        {"user-agent", "UrbanGrid-Webhook"},
        {"x-urbangrid-delivery", d.id},
        {"x-urbangrid-topic", d.topic},
        {"x-urbangrid-timestamp", timestamp},
        {"x-urbangrid-signature", "sha256=" + webhook_signature(secret, timestamp, d.payload)}};
    const auto reply = sender.post(url, headers, d.payload);
    const auto at = settings_.clock();
    ++d.attempts;
    if (reply && *reply >= 200 && *reply < 300) {
      d.state = "delivered";
      d.delivered_at_ms = at;
      d.last_status = *reply;
      d.last_error.clear();
    } else {
      d.last_status = reply ? std::optional<std::int64_t>(*reply) : std::nullopt;
      d.last_error = reply ? "HTTP " + std::to_string(*reply) : reply.error().internal;
      if (d.attempts >= settings_.max_attempts) {
        d.state = "dead";
      } else {
        const auto shift = std::min<std::int64_t>(d.attempts - 1, 30);
        d.next_attempt_at_ms = at + std::min(settings_.max_retry_ms, settings_.first_retry_ms << shift);
      }
    }
    UG_TRY(db_.write([&](storage::Transaction& tx) { return tx.webhooks().record_attempt(d); }));
  }
  return static_cast<int>(due.size());
}

}  // namespace ug::service
