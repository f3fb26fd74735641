// Handlers of the webhook routes: fields in (422 naming the wrong one), WebhookService, JSON out.
#include "http/webhook_routes.hpp"

#include <boost/json/parse.hpp>

#include "http/body_shape.hpp"
#include "http/json.hpp"
#include "http/query_params.hpp"
#include "service/calendar_service.hpp"

namespace ug::http {
namespace json = boost::json;
namespace {

json::value iso(const std::optional<std::int64_t>& ms, int offset) {
  return ms ? json::value(calendar::format_iso8601(*ms / 1000, offset)) : json::value();
}

json::object subscription_json(const storage::WebhookSubscription& s, int offset) {
  json::array topics;
  for (const auto& t : s.topics) topics.emplace_back(t);
  json::object out{{"id", s.id},
                   {"name", s.name},
                   {"url", s.url},
                   {"topics", std::move(topics)},
                   {"region_prefix", s.region_prefix},
                   {"active", s.active},
                   {"created_at", iso(s.created_at_ms, offset)}};
  if (!s.secret.empty()) out["secret"] = s.secret;
  return out;
}

json::object delivery_json(const storage::WebhookDelivery& d, int offset) {
  return json::object{{"id", d.id},
                      {"topic", d.topic},
                      {"case_id", d.case_id},
                      {"state", d.state},
                      {"attempts", d.attempts},
                      {"next_attempt_at", d.state == "pending" ? iso(d.next_attempt_at_ms, offset) : json::value()},
                      {"last_status", d.last_status ? json::value(*d.last_status) : json::value()},
                      {"last_error", d.last_error},
                      {"created_at", iso(d.created_at_ms, offset)},
                      {"delivered_at", iso(d.delivered_at_ms, offset)}};
}

const BodyShape<service::NewSubscription>& subscription_shape() {
  using S = service::NewSubscription;
  static const BodyShape<S> shape{
      field("name", &S::name, {.zh = "订阅名称", .en = "Name", .required = true}),
      field("url", &S::url,
            {.zh = "接收地址（http 或 https）", .en = "Receiver URL (http or https)", .required = true}),
      field("topics", &S::topics,
            {.zh = "主题，不给即全部",
             .en = "Topics; none: every topic",
             .one_of = {std::string(service::kTopicCaseEvent), std::string(service::kTopicCaseLight)}}),
      field("region_prefix", &S::region_prefix,
            {.zh = "只投递此区域编码前缀内的案件", .en = "Only cases under this region code prefix"}),
      field("secret", &S::secret,
            {.zh = "签名密钥（至少 16 字节），不给则生成", .en = "Signing secret (16 bytes or more); none: generated"}),
  };
  return shape;
}

Response bad_id(const Request& request) {
  return error_response(Error(ErrorCode::not_found, "webhook_api.not_found"), request);
}

}  // namespace

void add_webhook_routes(Router& router, service::WebhookService& webhooks, int offset) {
  const ParameterDoc id_doc{"id", "path", true, "订阅编号", json::object{{"type", "integer"}}};
  const auto admin = RouteAccess::needs(access::Permission::manage_webhooks);

  RouteDoc create_doc;
  create_doc.summary = "订阅案件变化（外部系统的 Webhook）";
  create_doc.description =
      "每次案件操作（case.event）和期限亮黄灯、红灯（case.light）各投递一次 JSON POST，至少一次送达："
      "失败按 10 秒起倍增（最长 1 小时）重试，接收方按 X-UrbanGrid-Delivery 去重。签名 X-UrbanGrid-Signature: "
      "sha256=HMAC-SHA256(secret, \"<X-UrbanGrid-Timestamp>.<body>\")。密钥只在创建时返回一次。";
  create_doc.tag = "webhooks";
  create_doc.request_schema = subscription_shape().schema();
  create_doc.responses = {{201, "订阅（含密钥）", "application/json", json::parse(R"json({"type": "object",
    "required": ["id", "name", "url", "topics", "region_prefix", "active", "created_at", "secret"],
    "properties": {"id": {"type": "integer"}, "name": {"type": "string"}, "url": {"type": "string"},
      "topics": {"type": "array", "items": {"type": "string"}}, "region_prefix": {"type": "string"},
      "active": {"type": "boolean"}, "created_at": {"type": "string"},
      "secret": {"type": "string", "description": "只在创建时给出一次"}}})json")}};
  for (auto& e : error_responses({{422, "字段无效或名称重复"}})) create_doc.responses.push_back(e);
  create_doc.access = admin;
  router.add(
      Method::post, "/api/v1/webhooks", Execution::worker_pool,
      [&webhooks, offset](Request& request) -> Result<Response> {
        UG_TRY_ASSIGN(auto in, subscription_shape().parse(request));
        UG_TRY_ASSIGN(auto created, webhooks.subscribe(*request.principal, std::move(in)));
        return json_response(201, subscription_json(created, offset));
      },
      std::move(create_doc));

  RouteDoc list_doc;
  list_doc.summary = "Webhook 订阅及各自的投递数（待投递、已送达、已放弃）";
  list_doc.tag = "webhooks";
  list_doc.responses = {{200, "订阅", "application/json", json::parse(R"json({"type": "object",
    "required": ["subscriptions"], "properties": {"subscriptions": {"type": "array", "items": {"type": "object",
    "required": ["id", "name", "url", "topics", "region_prefix", "active", "created_at", "deliveries"],
    "properties": {"id": {"type": "integer"}, "name": {"type": "string"}, "url": {"type": "string"},
      "topics": {"type": "array", "items": {"type": "string"}}, "region_prefix": {"type": "string"},
      "active": {"type": "boolean"}, "created_at": {"type": "string"},
      "deliveries": {"type": "object", "required": ["pending", "delivered", "dead"],
        "properties": {"pending": {"type": "integer"}, "delivered": {"type": "integer"}, "dead": {"type": "integer"}}}}}}}})json")}};
  list_doc.access = admin;
  router.add(
      Method::get, "/api/v1/webhooks", Execution::worker_pool,
      [&webhooks, offset](Request& request) -> Result<Response> {
        UG_TRY_ASSIGN(auto all, webhooks.list(*request.principal));
        json::array out;
        for (const auto& [s, c] : all) {
          auto item = subscription_json(s, offset);
          item["deliveries"] = json::object{{"pending", c.pending}, {"delivered", c.delivered}, {"dead", c.dead}};
          out.push_back(std::move(item));
        }
        return json_response(200, json::object{{"subscriptions", std::move(out)}});
      },
      std::move(list_doc));

  RouteDoc deliveries_doc;
  deliveries_doc.summary = "一个订阅的投递记录，新的在前";
  deliveries_doc.tag = "webhooks";
  deliveries_doc.parameters = {
      id_doc,
      {"state", "query", false, "pending、delivered 或 dead",
       json::object{{"enum", json::array{"pending", "delivered", "dead"}}}},
      {"limit", "query", false, "最多条数（1–500，默认 100）", json::object{{"type", "integer"}}}};
  deliveries_doc.responses = {{200, "投递记录", "application/json", json::parse(R"json({"type": "object",
    "required": ["deliveries"], "properties": {"deliveries": {"type": "array", "items": {"type": "object",
      "required": ["id", "topic", "case_id", "state", "attempts", "next_attempt_at", "last_status", "last_error",
        "created_at", "delivered_at"],
      "properties": {"id": {"type": "string"}, "topic": {"type": "string"}, "case_id": {"type": "string"},
        "state": {"enum": ["pending", "delivered", "dead"]}, "attempts": {"type": "integer"},
        "next_attempt_at": {"type": ["string", "null"]}, "last_status": {"type": ["integer", "null"]},
        "last_error": {"type": "string"}, "created_at": {"type": "string"},
        "delivered_at": {"type": ["string", "null"]}}}}}})json")}};
  for (auto& e : error_responses({{404, "没有这个订阅"}, {422, "参数无效"}})) deliveries_doc.responses.push_back(e);
  deliveries_doc.access = admin;
  router.add(
      Method::get, "/api/v1/webhooks/{id}/deliveries", Execution::worker_pool,
      [&webhooks, offset](Request& request) -> Result<Response> {
        const auto id = id_param(request);
        if (!id) return bad_id(request);
        UG_TRY_ASSIGN(auto limit, integer_query_param(request, "limit", 1, 500, 100));
        UG_TRY_ASSIGN(auto found,
                      webhooks.deliveries(*request.principal, *id, request.query_param("state").value_or(""),
                                          static_cast<int>(limit)));
        json::array out;
        for (const auto& d : found) out.push_back(delivery_json(d, offset));
        return json_response(200, json::object{{"deliveries", std::move(out)}});
      },
      std::move(deliveries_doc));

  RouteDoc delete_doc;
  delete_doc.summary = "停止一个订阅（已入队的投递不再发送，记录保留）";
  delete_doc.tag = "webhooks";
  delete_doc.parameters = {id_doc};
  delete_doc.responses = {{204, "已停止", "", nullptr}};
  for (auto& e : error_responses({{404, "没有这个订阅"}})) delete_doc.responses.push_back(e);
  delete_doc.access = admin;
  router.add(
      Method::delete_, "/api/v1/webhooks/{id}", Execution::worker_pool,
      [&webhooks](Request& request) -> Result<Response> {
        const auto id = id_param(request);
        if (!id) return bad_id(request);
        UG_TRY(webhooks.deactivate(*request.principal, *id));
        Response response;
        response.status = 204;
        return response;
      },
      std::move(delete_doc));
}

}  // namespace ug::http
