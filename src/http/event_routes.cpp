// One place per open stream in a hub that enforces the caps and fans the feed's changes out: each
// change is written as an SSE message (WHATWG HTML §9.2: id, event, data lines, a blank line) once,
// then every stream whose principal may see it gets it, a batch of changes as one chunk. The hub
// runs on the feed's fan-out thread, never on the request that committed the change.
#include "http/event_routes.hpp"

#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <boost/json/serialize.hpp>
#include <mutex>
#include <random>
#include <unordered_map>

#include "http/json.hpp"
#include "http/rate_limiter.hpp"

namespace ug::http {
namespace json = boost::json;
namespace {

std::string sse_message(const service::CaseChange& c, int offset) {
  const auto& p = c.projection;
  json::object data{{"case_id", p.id},
                    {"state", workflow::to_string(p.state)},
                    {"state_name", workflow::zh(p.state)},
                    {"version", p.version},
                    {"grid", p.grid_code},
                    {"department", p.department_id},
                    {"at", calendar::format_iso8601(c.at_ms / 1000, offset)}};
  if (c.kind == "case") data["action"] = c.action;
  if (c.kind == "light") {
    data["light"] = c.light;
    data["stage"] = c.stage;
  }
  std::string message = c.id > 0 ? "id: " + std::to_string(c.id) + "\n" : std::string();
  message += "event: " + c.kind + "\ndata: " + json::serialize(data) + "\n\n";
  return message;
}

// Streams are counted per user account (all its tokens and browser sessions together).
std::string principal_key(const access::Principal& who) {
  return who.user_id != 0 ? std::to_string(who.user_id) : "name:" + who.username;
}

class StreamHub {
 public:
  struct Subscriber {
    access::Principal who;
    EventSink sink;
  };

  StreamHub(const service::CaseService& cases, const EventStreamSettings& settings, int cap)
      : cases_(cases), settings_(settings), cap_(cap) {}

  // Takes a place for one more stream of `key`; the refusal says which cap was reached.
  Result<void> admit(const std::string& key) {
    std::lock_guard lock(mutex_);
    auto& mine = per_principal_[key];
    if (mine >= settings_.streams_per_principal) {
      return fail(Error(ErrorCode::rate_limited, "events.streams_per_principal_reached")
                      .with("limit", static_cast<std::int64_t>(settings_.streams_per_principal)));
    }
    if (total_ >= cap_) {
      if (mine == 0) per_principal_.erase(key);
      return fail(ErrorCode::rate_limited, "events.streams_full");
    }
    ++mine;
    ++total_;
    return {};
  }

  void release(const std::string& key) {
    std::lock_guard lock(mutex_);
    --total_;
    if (const auto it = per_principal_.find(key); it != per_principal_.end() && --it->second <= 0) {
      per_principal_.erase(it);
    }
  }

  void attach(std::shared_ptr<Subscriber> subscriber) {
    std::lock_guard lock(mutex_);
    auto next = std::make_shared<std::vector<std::shared_ptr<Subscriber>>>(*live_);
    next->push_back(std::move(subscriber));
    live_ = std::move(next);
  }

  void detach(const Subscriber* subscriber) {
    std::lock_guard lock(mutex_);
    auto next = std::make_shared<std::vector<std::shared_ptr<Subscriber>>>();
    next->reserve(live_->size());
    for (const auto& s : *live_)
      if (s.get() != subscriber) next->push_back(s);
    live_ = std::move(next);
  }

  // On the feed's fan-out thread: each change serialised once, then one chunk per stream of what
  // its principal may see. A stream that cannot take it closes itself (EventSink::send).
  void deliver(std::span<const service::CaseChange> changes) const {
    const auto live = snapshot();
    if (live->empty()) return;
    std::vector<std::string> messages;
    messages.reserve(changes.size());
    for (const auto& change : changes) messages.push_back(sse_message(change, settings_.utc_offset_minutes));
    std::string chunk;
    for (const auto& subscriber : *live) {
      chunk.clear();
      for (std::size_t i = 0; i < changes.size(); ++i) {
        if (cases_.may_see(subscriber->who, changes[i].projection)) chunk += messages[i];
      }
      if (!chunk.empty()) subscriber->sink.send(chunk);
    }
  }

  // Changes were lost before reaching the streams: they end, and their clients reconnect and reload.
  void close_all() const {
    const auto live = snapshot();
    spdlog::warn("live case feed overflowed: closing {} event stream(s) so that their clients reload", live->size());
    for (const auto& subscriber : *live) subscriber->sink.close();
  }

 private:
  std::shared_ptr<const std::vector<std::shared_ptr<Subscriber>>> snapshot() const {
    std::lock_guard lock(mutex_);
    return live_;
  }

  const service::CaseService& cases_;
  const EventStreamSettings settings_;
  const int cap_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, int> per_principal_;
  int total_ = 0;
  // Replaced, never changed in place, so the fan-out reads it without holding the lock.
  std::shared_ptr<const std::vector<std::shared_ptr<Subscriber>>> live_ =
      std::make_shared<std::vector<std::shared_ptr<Subscriber>>>();
};

// One open stream: its place in the hub from the moment it is admitted until it stops.
class CaseEventStream final : public EventStream {
 public:
  CaseEventStream(std::shared_ptr<StreamHub> hub, access::Principal who, std::string key, EventStreamPolicy policy,
                  int retry_ms)
      : hub_(std::move(hub)), who_(std::move(who)), key_(std::move(key)), policy_(policy), retry_ms_(retry_ms) {}
  ~CaseEventStream() override { stop(); }

  EventStreamPolicy policy() const override { return policy_; }

  void start(EventSink sink) override {
    sink.send("retry: " + std::to_string(retry_ms_) + "\n\n");  // how long a browser waits before reconnecting
    subscriber_ = std::make_shared<StreamHub::Subscriber>(StreamHub::Subscriber{who_, std::move(sink)});
    hub_->attach(subscriber_);
  }

  void stop() override {
    if (stopped_.exchange(true)) return;
    if (subscriber_) hub_->detach(subscriber_.get());
    hub_->release(key_);
  }

 private:
  std::shared_ptr<StreamHub> hub_;
  access::Principal who_;
  std::string key_;
  EventStreamPolicy policy_;
  int retry_ms_;
  std::shared_ptr<StreamHub::Subscriber> subscriber_;
  std::atomic<bool> stopped_{false};
};

// Streams opened together (after a restart, say) would all end together and reconnect together:
// each lives between 90 % and 100 % of the configured lifetime.
std::chrono::milliseconds spread_lifetime(std::chrono::milliseconds lifetime) {
  thread_local std::minstd_rand dice{std::random_device{}()};
  std::uniform_real_distribution<double> share(0.9, 1.0);
  return std::chrono::milliseconds(static_cast<std::int64_t>(static_cast<double>(lifetime.count()) * share(dice)));
}

}  // namespace

int effective_stream_cap(int max_streams, int descriptor_reserve) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return max_streams;
  const auto available = static_cast<long long>(limit.rlim_cur) - descriptor_reserve;
  return static_cast<int>(std::clamp<long long>(available, 0, max_streams));
}

void add_event_routes(Router& router, service::CaseFeed& feed, const service::CaseService& cases,
                      const EventStreamSettings& settings) {
  const int cap = effective_stream_cap(settings.max_streams, settings.descriptor_reserve);
  if (cap < settings.max_streams) {
    spdlog::warn(
        "event streams capped at {} instead of {}: RLIMIT_NOFILE leaves no more after keeping {} descriptors "
        "for other work (raise `ulimit -n` or lower events.max_streams)",
        cap, settings.max_streams, settings.descriptor_reserve);
  }
  auto hub = std::make_shared<StreamHub>(cases, settings, cap);
  feed.subscribe(
      {[hub](std::span<const service::CaseChange> changes) { hub->deliver(changes); }, [hub] { hub->close_all(); }});

  RouteDoc doc;
  doc.summary = "案件变化的实时推送（Server-Sent Events）";
  doc.description =
      "text/event-stream：每个已提交的操作一条 event: case（id 为事件序号），每次期限变黄、变红一条 event: light；"
      "只推送调用者可见范围内的案件；定时发一行注释（: keep-alive）。连接到期（events.stream_lifetime_seconds）"
      "由服务器结束，浏览器按 retry: 自动重连，重连后请重新加载队列（推送不补发；读得太慢的连接也会被结束）。"
      "每个账号与全服务器同时打开的推送有上限（events.streams_per_principal、events.max_streams），超出时 429 并带 "
      "Retry-After。";
  doc.tag = "cases";
  doc.responses = {{200, "事件流", "text/event-stream", json::object{{"type", "string"}}},
                   {429, "推送连接已达上限，见 Retry-After", "application/json", error_envelope_schema()}};
  doc.access = RouteAccess::signed_in();
  router.add(
      Method::get, "/api/v1/events/stream", Execution::worker_pool,
      [hub, settings](Request& request) {
        const auto& who = *request.principal;
        auto key = principal_key(who);
        if (auto admitted = hub->admit(key); !admitted) {
          return too_many_requests((settings.retry_ms + 999) / 1000, admitted.error(), request);
        }
        Response response;
        response.status = 200;
        response.set_header("content-type", "text/event-stream; charset=utf-8");
        auto policy = settings.policy;
        policy.lifetime = spread_lifetime(policy.lifetime);
        response.stream = std::make_shared<CaseEventStream>(hub, who, std::move(key), policy, settings.retry_ms);
        return response;
      },
      std::move(doc));
}

}  // namespace ug::http
