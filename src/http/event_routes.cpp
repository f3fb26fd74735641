// One subscription to the case feed per open stream, filtered by what the caller may see, each
// change written as an SSE message (WHATWG HTML §9.2: id, event, data lines, a blank line).
#include "http/event_routes.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "http/json.hpp"

namespace ug::http {
namespace json = boost::json;
namespace {

class CaseEventStream final : public EventStream {
 public:
  CaseEventStream(service::CaseFeed& feed, const service::CaseService& cases, access::Principal who, int offset)
      : feed_(feed), cases_(cases), who_(std::move(who)), offset_(offset) {}

  void start(std::function<bool(std::string)> emit) override {
    emit("retry: 3000\n\n");  // how long a browser waits before reconnecting
    subscription_ = feed_.subscribe([this, emit = std::move(emit)](const service::CaseChange& c) {
      if (!cases_.may_see(who_, c.projection)) return;
      const auto& p = c.projection;
      json::object data{{"case_id", p.id},
                        {"state", workflow::to_string(p.state)},
                        {"state_name", workflow::zh(p.state)},
                        {"version", p.version},
                        {"grid", p.grid_code},
                        {"department", p.department_id},
                        {"at", calendar::format_iso8601(c.at_ms / 1000, offset_)}};
      if (c.kind == "case") data["action"] = c.action;
      if (c.kind == "light") {
        data["light"] = c.light;
        data["stage"] = c.stage;
      }
      std::string message = c.id > 0 ? "id: " + std::to_string(c.id) + "\n" : std::string();
      message += "event: " + c.kind + "\ndata: " + json::serialize(data) + "\n\n";
      emit(std::move(message));
    });
  }

  void stop() override { feed_.unsubscribe(subscription_); }

 private:
  service::CaseFeed& feed_;
  const service::CaseService& cases_;
  access::Principal who_;
  int offset_;
  std::uint64_t subscription_ = 0;
};

}  // namespace

void add_event_routes(Router& router, service::CaseFeed& feed, const service::CaseService& cases, int offset) {
  RouteDoc doc;
  doc.summary = "案件变化的实时推送（Server-Sent Events）";
  doc.description =
      "text/event-stream：每个已提交的操作一条 event: case（id 为事件序号），每次期限变黄、变红一条 event: light；"
      "只推送调用者可见范围内的案件。连接断开后浏览器自动重连，重连后请重新加载队列（推送不补发）。";
  doc.tag = "cases";
  doc.responses = {{200, "事件流", "text/event-stream", json::object{{"type", "string"}}}};
  doc.access = RouteAccess::signed_in();
  router.add(
      Method::get, "/api/v1/events/stream", Execution::worker_pool,
      [&feed, &cases, offset](Request& request) {
        Response response;
        response.status = 200;
        response.set_header("content-type", "text/event-stream; charset=utf-8");
        response.stream = std::make_shared<CaseEventStream>(feed, cases, *request.principal, offset);
        return response;
      },
      std::move(doc));
}

}  // namespace ug::http
