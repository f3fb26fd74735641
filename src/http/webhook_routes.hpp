// The administrator's webhook routes: subscribe an external system, list subscriptions with their
// delivery counts, inspect deliveries (pending, delivered, dead) and stop a subscription.
#pragma once

#include "http/router.hpp"
#include "service/webhook_service.hpp"

namespace ug::http {

void add_webhook_routes(Router& router, service::WebhookService& webhooks, int utc_offset_minutes);

}  // namespace ug::http
