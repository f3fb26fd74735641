// The Beast/Asio server: one io_context per I/O thread (connections are spread over them round-robin,
// so a connection's handlers never need a strand and threads never wake each other), one session per
// connection, the bounded worker pool, access log and metrics, timeouts, lingering close after
// errors, and graceful shutdown.
#include "http/server.hpp"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core/basic_stream.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <deque>

#include <atomic>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

#include "core/clock.hpp"
#include "http/beast_glue.hpp"
#include "http/dispatcher.hpp"
#include "http/json.hpp"
#include "http/query_params.hpp"

namespace ug::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
// Concrete executor types instead of the type-erased any_io_executor: measured cheaper per request.
using IoExecutor = asio::io_context::executor_type;
using Socket = asio::basic_stream_socket<tcp, IoExecutor>;
using Stream = beast::basic_stream<tcp, IoExecutor, beast::unlimited_rate_policy>;
using TlsStream = beast::ssl_stream<Stream>;
namespace ssl = asio::ssl;
using Timer = asio::basic_waitable_timer<Clock, asio::wait_traits<Clock>, IoExecutor>;

namespace {
// What the server asks of a connection, plain or TLS, when it shuts down.
class SessionBase {
 public:
  virtual ~SessionBase() = default;
  virtual void drain() = 0;  // on the session's I/O thread
  virtual IoExecutor executor() = 0;
};

// The certificate files as last looked at: a reload happens when either changes.
struct TlsFiles {
  std::filesystem::file_time_type certificate_time, key_time;
  std::uintmax_t certificate_size = 0, key_size = 0;
  bool operator==(const TlsFiles&) const = default;
};

std::optional<TlsFiles> tls_files(const std::filesystem::path& certificate, const std::filesystem::path& key) {
  std::error_code ec;
  TlsFiles f;
  f.certificate_time = std::filesystem::last_write_time(certificate, ec);
  if (!ec) f.key_time = std::filesystem::last_write_time(key, ec);
  if (!ec) f.certificate_size = std::filesystem::file_size(certificate, ec);
  if (!ec) f.key_size = std::filesystem::file_size(key, ec);
  if (ec) return std::nullopt;
  return f;
}

// A server context over the pair: TLS 1.2 and later, the chain and key checked to match.
Result<std::shared_ptr<ssl::context>> load_tls_context(const std::filesystem::path& certificate,
                                                       const std::filesystem::path& key) {
  auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                       ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
  beast::error_code ec;
  context->use_certificate_chain_file(certificate.string(), ec);
  if (ec) {
    return fail(Error(ErrorCode::validation_failed, "http.tls_certificate_unreadable", ec.message())
                    .with("path", certificate.string()));
  }
  context->use_private_key_file(key.string(), ssl::context::pem, ec);
  if (ec || SSL_CTX_check_private_key(context->native_handle()) != 1) {
    return fail(Error(ErrorCode::validation_failed, "http.tls_key_unreadable", ec ? ec.message() : "key does not match")
                    .with("path", key.string()));
  }
  return context;
}
}  // namespace

struct Server::Impl {
  Impl(ServerOptions opts, const Router& router, Metrics& m)
      : options(std::move(opts)),
        metrics(m),
        static_files(options.static_dir.empty() ? nullptr : std::make_unique<StaticFiles>(options.static_dir)),
        dispatcher(router, static_files.get()),
        largest_body_limit(dispatcher.largest_body_limit(options.body_limit)),
        contexts(make_contexts(std::max(1, options.io_threads))),
        acceptor(*contexts.front()),
        signals(*contexts.front()),
        drain_timer(*contexts.front()),
        pool(static_cast<std::size_t>(std::max(1, options.worker_threads))) {
    for (auto& context : contexts) work.emplace_back(context->get_executor());
    metrics.set_queue_depth_source([this] { return queued.load(std::memory_order_relaxed); });
  }

  static std::vector<std::unique_ptr<asio::io_context>> make_contexts(int count) {
    std::vector<std::unique_ptr<asio::io_context>> out;
    for (int i = 0; i < count; ++i) out.push_back(std::make_unique<asio::io_context>(1));
    return out;
  }
  asio::io_context& next_context() { return *contexts[next_context_index++ % contexts.size()]; }
  void stop_all() {
    work.clear();
    for (auto& context : contexts) context->stop();
  }

  void accept();
  // TLS: the context new connections take, and the periodic look at its files.
  std::shared_ptr<ssl::context> current_tls() {
    std::lock_guard lock(tls_mutex);
    return tls;
  }
  void watch_tls_files();
  bool refuse_one_with_spare_descriptor();
  static std::string out_of_descriptors_answer(int retry_after_seconds);
  void begin_shutdown();
  void poll_drain(Clock::time_point deadline);

  // Reserves a place in the worker queue; false when it is full.
  bool try_enqueue() {
    if (queued.fetch_add(1, std::memory_order_acq_rel) >= options.worker_queue_capacity) {
      queued.fetch_sub(1, std::memory_order_acq_rel);
      metrics.pool_rejected();
      return false;
    }
    return true;
  }

  void add_session(SessionBase* s, std::weak_ptr<SessionBase> w) {
    std::lock_guard lock(sessions_mutex);
    sessions.emplace(s, std::move(w));
  }
  void remove_session(SessionBase* s) {
    std::lock_guard lock(sessions_mutex);
    sessions.erase(s);
  }

  // Declaration order is destruction order reversed: the io_context and the pool go first, and
  // the sessions they still hold unregister from a registry that is still alive.
  ServerOptions options;
  Metrics& metrics;
  std::unique_ptr<StaticFiles> static_files;
  Dispatcher dispatcher;
  std::size_t largest_body_limit;
  std::atomic<std::int64_t> queued{0};
  std::atomic<bool> draining{false};
  std::atomic<std::int64_t> active_sessions{0};
  std::mutex sessions_mutex;
  std::unordered_map<SessionBase*, std::weak_ptr<SessionBase>> sessions;
  std::shared_ptr<spdlog::logger> access_logger;
  std::vector<std::unique_ptr<asio::io_context>> contexts;  // one per I/O thread
  std::vector<asio::executor_work_guard<IoExecutor>> work;  // keeps idle contexts running
  std::size_t next_context_index = 0;
  tcp::acceptor acceptor;
  asio::signal_set signals;
  asio::steady_timer drain_timer;
  asio::steady_timer tls_timer{*contexts.front()};
  std::mutex tls_mutex;
  std::shared_ptr<ssl::context> tls;  // null: plain HTTP
  std::optional<TlsFiles> tls_seen;
  asio::thread_pool pool;
  // Held open for the moment the process runs out of descriptors (accept()); -1 if none.
  int spare_descriptor = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  const std::string refusal = out_of_descriptors_answer(options.retry_after_seconds);
};

namespace {

std::string format_remote(const Socket& socket) {
  beast::error_code ec;
  const auto endpoint = socket.remote_endpoint(ec);
  if (ec) return "-";
  return endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
}

// The TCP stream under a connection, plain or TLS: timeouts, socket options and closing act on it.
Stream& tcp_layer(Stream& stream) { return stream; }
Stream& tcp_layer(TlsStream& stream) { return beast::get_lowest_layer(stream); }

template <class Transport>
constexpr bool kTls = std::is_same_v<Transport, TlsStream>;

// One connection: requests read, dispatched and answered in turn (keep-alive), or an event stream.
// `Transport` is the plain TCP stream or a TLS stream over it.
template <class Transport>
class Session : public SessionBase, public std::enable_shared_from_this<Session<Transport>> {
  using std::enable_shared_from_this<Session<Transport>>::shared_from_this;
  using std::enable_shared_from_this<Session<Transport>>::weak_from_this;

 public:
  Session(Socket&& socket, Server::Impl& server, std::shared_ptr<ssl::context> tls)
      : tls_(std::move(tls)),
        stream_(make_stream(std::move(socket), tls_.get())),
        read_timer_(stream_.get_executor()),
        server_(server),
        remote_(format_remote(tcp_layer(stream_).socket())) {
    server_.active_sessions.fetch_add(1, std::memory_order_acq_rel);
    server_.metrics.connection_opened();
  }
  ~Session() override {
    if (events_ && !stream_ended_) events_->stop();
    server_.remove_session(this);
    server_.metrics.connection_closed();
    server_.active_sessions.fetch_sub(1, std::memory_order_acq_rel);
  }

  void start() {
    server_.add_session(this, weak_from_this());
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      if constexpr (kTls<Transport>) {
        // The handshake is bounded like a request's headers: a client that opens and says nothing
        // holds the connection no longer than the idle timeout. Its first bytes are read here to
        // tell a TLS hello (0x16) from plain HTTP, which is told to use https:// instead of being
        // dropped without a word; the hello's bytes are then handed to the handshake.
        tcp_layer(self->stream_).expires_after(self->options().idle_timeout);
        self->handshaking_ = true;
        tcp_layer(self->stream_)
            .async_read_some(self->buffer_.prepare(4096), [self](beast::error_code ec, std::size_t n) {
              self->buffer_.commit(n);
              if (ec) return self->close();
              if (static_cast<unsigned char>(*static_cast<const char*>(self->buffer_.data().data())) != 0x16) {
                return self->refuse_plain_http();
              }
              self->stream_.async_handshake(ssl::stream_base::server, self->buffer_.cdata(),
                                            [self](beast::error_code hec, auto... used) {
                                              self->handshaking_ = false;
                                              // Boost 1.81 checks this handler against the unbuffered signature: it
                                              // takes both.
                                              self->buffer_.consume((std::size_t{0} + ... + used));
                                              tcp_layer(self->stream_).expires_never();
                                              if (hec) return self->close();
                                              self->read_request();
                                            });
            });
      } else {
        self->read_request();
      }
    });
  }

  // Plain HTTP sent to the HTTPS port: a short answer in both languages, then the connection closes.
  void refuse_plain_http() {
    static const std::string body =
        "此端口只接受 HTTPS：请用 https:// 打开。\nThis port speaks HTTPS only: open it with https://.\n";
    static const std::string answer = fmt::format(
        "HTTP/1.1 400 Bad Request\r\ncontent-type: text/plain; charset=utf-8\r\nconnection: close\r\n"
        "content-length: {}\r\n\r\n{}",
        body.size(), body);
    handshaking_ = false;
    asio::async_write(tcp_layer(stream_), asio::buffer(answer),
                      [self = shared_from_this()](beast::error_code, std::size_t) { self->close(); });
  }

  // Called on the session's I/O thread when the server begins shutting down.
  void drain() override {
    if (events_) return end_stream();                      // a live event stream: the client reconnects elsewhere
    if (handshaking_) return tcp_layer(stream_).cancel();  // a TLS client that has not said hello yet
    if (waiting_for_request_ && buffer_.size() == 0 && (!parser_ || !parser_->got_some())) {
      tcp_layer(stream_).cancel();  // an idle keep-alive connection: close it now
    }
  }

  IoExecutor executor() override { return stream_.get_executor(); }  // the connection's I/O thread

 private:
  static Transport make_stream(Socket&& socket, ssl::context* tls) {
    if constexpr (kTls<Transport>) {
      return Transport(std::move(socket), *tls);
    } else {
      return Transport(std::move(socket));
    }
  }

  const ServerOptions& options() const { return server_.options; }

  void read_request() {
    if (server_.draining.load(std::memory_order_acquire) && buffer_.size() == 0) return close();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(options().header_limit));
    parser_->body_limit(server_.largest_body_limit);  // narrowed to the route's once its path is known
    waiting_for_request_ = true;
    arm_read_timer(options().idle_timeout);
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             beast::bind_front_handler(&Session::on_header, shared_from_this()));
  }

  void on_header(beast::error_code ec, std::size_t) {
    waiting_for_request_ = false;
    if (ec) return on_read_error(ec);
    started_ = Clock::now();
    const auto& head = parser_->get();
    const auto target = origin_form(head.target());
    const auto limit = server_.dispatcher.body_limit_for(
        parse_method(head.method_string()), std::string_view(target).substr(0, target.find('?')), options().body_limit);
    if (const auto length = parser_->content_length(); length && *length > limit) {
      read_timer_.cancel();
      return send_error(Error(ErrorCode::payload_too_large, {}).with("max_bytes", static_cast<std::int64_t>(limit)),
                        detail::new_request_id());
    }
    parser_->body_limit(limit);
    if (parser_->is_done()) {
      read_timer_.cancel();
      return on_request();
    }
    // A large body for a route that needs a caller: who calls is checked (on the worker pool: it
    // may read the database) before the body is read, so anonymous uploads cost the server nothing.
    const auto length = parser_->content_length();
    if ((!length || *length > kAdmitBeforeBodyBytes) &&
        server_.dispatcher.needs_caller(parse_method(head.method_string()),
                                        std::string_view(target).substr(0, target.find('?')))) {
      read_timer_.cancel();
      return admit_then_read_body();
    }
    read_body_in_time();
  }

  static constexpr std::uint64_t kAdmitBeforeBodyBytes = 64 * 1024;

  void admit_then_read_body() {
    if (!server_.try_enqueue()) {
      return send_error(Error(ErrorCode::overloaded, {}), detail::request_id_for(parser_->get()));
    }
    auto head = std::make_shared<Request>(
        detail::request_head(parser_->get(), detail::request_id_for(parser_->get()), remote_));
    asio::post(server_.pool, [self = shared_from_this(), head] {
      self->server_.queued.fetch_sub(1, std::memory_order_acq_rel);
      auto refusal = std::make_shared<std::optional<Response>>(self->server_.dispatcher.admit_head(*head));
      asio::post(self->executor(), [self, head, refusal] {
        if (!*refusal) return self->read_body_in_time();
        // Answered now and closed: the body the client is still sending is not read.
        self->method_ = head->method_text;
        self->target_ = head->target;
        self->route_label_ = "refused before body";
        self->request_id_ = head->request_id;
        self->keep_alive_ = false;
        self->http_version_ = self->parser_->get().version();
        self->head_ = false;
        self->write(std::move(**refusal));
      });
    });
  }

  void read_body_in_time() {
    arm_read_timer(options().request_timeout);
    const auto expect = parser_->get()[bhttp::field::expect];
    if (beast::iequals(expect, "100-continue")) {
      auto cont = std::make_shared<bhttp::response<bhttp::empty_body>>(bhttp::status::continue_, 11);
      bhttp::async_write(stream_, *cont, [self = shared_from_this(), cont](beast::error_code wec, std::size_t) {
        if (wec) return self->close();
        self->read_body();
      });
      return;
    }
    read_body();
  }

  void read_body() {
    bhttp::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::on_body, shared_from_this()));
  }

  void on_body(beast::error_code ec, std::size_t) {
    if (ec) return on_read_error(ec);
    read_timer_.cancel();
    on_request();
  }

  // Reads are bounded by our own timer, not the stream's: the stream's closes the socket on expiry,
  // and a client that stalls mid-request deserves a 408 on a socket that is still open.
  void arm_read_timer(std::chrono::milliseconds timeout) {
    timed_out_ = false;
    read_timer_.expires_after(timeout);
    read_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec) return;  // cancelled: the read finished first
      self->timed_out_ = true;
      beast::error_code ignored;
      tcp_layer(self->stream_).socket().cancel(ignored);
    });
  }

  void on_read_error(beast::error_code ec) {
    read_timer_.cancel();
    if (timed_out_) {
      if (parser_ && parser_->got_some()) {
        return send_error(Error(ErrorCode::request_timeout, {}), detail::new_request_id());
      }
      return close();
    }
    if (ec == bhttp::error::end_of_stream || ec == asio::error::operation_aborted) return close();
    if (auto error = detail::error_for_parse_failure(ec)) return send_error(*error, detail::new_request_id());
    close();  // reset by peer and other socket errors: nobody to answer
  }

  void send_error(const Error& error, const std::string& request_id) {
    if (started_ == Clock::time_point{}) started_ = Clock::now();
    method_ = "-";
    target_ = "-";
    route_label_ = "unparsed";
    keep_alive_ = false;
    http_version_ = 11;
    head_ = false;
    request_id_ = request_id;
    write(error_response(error, request_id, Language::zh_cn));  // unparsed: no Accept-Language
  }

  void on_request() {
    auto& message = parser_->get();
    keep_alive_ = message.keep_alive();
    http_version_ = message.version();
    head_ = message.method() == bhttp::verb::head;
    request_id_ = detail::request_id_for(message);
    method_ = std::string(message.method_string());
    target_ = std::string(message.target());
    auto request = std::make_shared<Request>(detail::to_request(parser_->release(), request_id_, remote_));

    auto plan = server_.dispatcher.plan(*request);
    route_label_ = std::string(plan.route_label);
    if (plan.immediate) return write(std::move(*plan.immediate));
    if (plan.route->execution == Execution::io_thread) return write(server_.dispatcher.invoke(*plan.route, *request));

    if (!server_.try_enqueue()) {
      auto response = error_response(Error(ErrorCode::overloaded, {}), *request);
      response.set_header("retry-after", std::to_string(options().retry_after_seconds));
      return write(std::move(response));
    }
    asio::post(server_.pool, [self = shared_from_this(), request, route = plan.route]() mutable {
      self->server_.queued.fetch_sub(1, std::memory_order_acq_rel);
      auto response = std::make_shared<Response>(self->server_.dispatcher.invoke(*route, *request));
      asio::post(self->executor(), [self, response]() mutable { self->write(std::move(*response)); });
    });
  }

  void write(Response&& response) {
    for (const auto& [name, value] : options().security_headers) {
      if (!response.header(name)) response.headers.emplace_back(name, value);
    }
    if (response.stream && !head_) return open_stream(std::move(response));
    ++served_;
    close_after_ = !keep_alive_ || served_ >= options().max_requests_per_connection ||
                   server_.draining.load(std::memory_order_acquire);
    status_ = response.status;
    response_ = std::make_shared<detail::BeastResponse>(
        detail::to_beast(std::move(response), request_id_, http_version_, !close_after_, head_));
    tcp_layer(stream_).expires_after(options().request_timeout);
    bhttp::async_write(stream_, *response_, beast::bind_front_handler(&Session::on_write, shared_from_this()));
  }

  void on_write(beast::error_code ec, std::size_t bytes) {
    const double seconds = std::chrono::duration<double>(Clock::now() - started_).count();
    server_.metrics.observe_request(route_label_, method_, status_, seconds);
    log_access(bytes, seconds);
    response_.reset();
    started_ = {};
    if (ec) return close();
    if (close_after_) return lingering_close();
    read_request();
  }

  void log_access(std::size_t bytes, double seconds) {
    if (!server_.access_logger) return;
    if (options().access_log_json) {
      boost::json::object line;
      line["ts"] = format_iso8601_utc(system_unix_millis());
      line["type"] = "access";
      line["request_id"] = request_id_;
      line["remote"] = remote_;
      line["method"] = method_;
      line["target"] = valid_utf8(target_for_the_record(target_));  // raw bytes: the line must stay JSON
      line["route"] = route_label_;
      line["status"] = status_;
      line["bytes"] = bytes;
      line["duration_ms"] = seconds * 1000.0;
      server_.access_logger->info(boost::json::serialize(line));
    } else {
      server_.access_logger->info("{} \"{} {}\" {} {} {:.3f}ms rid={}", remote_, method_,
                                  target_for_the_record(target_), status_, bytes, seconds * 1000.0, request_id_);
    }
  }

  // Server-sent events: the headers, then whatever the source emits, a comment line every
  // heartbeat so proxies keep the connection, until the client goes away, the stream's lifetime is
  // over or the server stops (EventStreamPolicy).
  void open_stream(Response&& response) {
    events_ = std::move(response.stream);
    policy_ = events_->policy();
    stream_deadline_ = Clock::now() + policy_.lifetime;
    if (policy_.send_buffer_bytes > 0) {
      beast::error_code ignored;
      tcp_layer(stream_).socket().set_option(asio::socket_base::send_buffer_size(policy_.send_buffer_bytes), ignored);
    }
    // A stream's writes are watched by its heartbeat (write_next_chunk), not by the stream's timer.
    tcp_layer(stream_).expires_never();
    status_ = response.status;
    auto head = std::make_shared<std::string>(detail::event_stream_head(response, request_id_));
    asio::async_write(
        stream_, asio::buffer(*head), [self = shared_from_this(), head](beast::error_code ec, std::size_t bytes) {
          const double seconds = std::chrono::duration<double>(Clock::now() - self->started_).count();
          self->server_.metrics.observe_request(self->route_label_, self->method_, self->status_, seconds);
          self->log_access(bytes, seconds);
          if (ec) return self->end_stream();
          self->watch_client();
          self->heartbeat();
          std::weak_ptr<Session> weak = self;
          auto executor = self->executor();
          auto send = [weak, executor](std::string chunk) {
            auto session = weak.lock();
            if (!session || session->stream_ended_.load(std::memory_order_acquire)) return false;
            asio::post(executor,
                       [session, chunk = std::move(chunk)]() mutable { session->queue_chunk(std::move(chunk)); });
            return true;
          };
          auto close = [weak, executor] {
            if (auto session = weak.lock()) asio::post(executor, [session] { session->end_stream(); });
          };
          self->events_->start({std::move(send), std::move(close)});
        });
  }

  void queue_chunk(std::string chunk) {
    if (stream_ended_) return;
    if (outbox_.size() >= policy_.queue_length) return end_stream();  // a client this far behind reloads instead
    outbox_.push_back(std::move(chunk));
    if (!writing_) write_next_chunk();
  }

  // Each write must finish within the request timeout (checked at each heartbeat, which costs
  // nothing per write): a peer that stopped reading (or vanished) is closed, not waited for.
  void write_next_chunk() {
    if (outbox_.empty() || stream_ended_) {
      writing_ = false;
      if (outbox_.empty() && lifetime_over_) end_stream();
      return;
    }
    writing_ = true;
    write_started_ = Clock::now();
    asio::async_write(stream_, asio::buffer(outbox_.front()),
                      [self = shared_from_this()](beast::error_code ec, std::size_t) {
                        self->outbox_.pop_front();
                        if (ec) return self->end_stream();
                        self->write_next_chunk();
                      });
  }

  // The client sends nothing on an event stream; a read ends when it closes.
  void watch_client() {
    stream_.async_read_some(asio::buffer(discard_), [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->end_stream();
      self->watch_client();
    });
  }

  // A comment line every heartbeat; at the end of the stream's lifetime, stop taking events and
  // close once what is queued has been written.
  void heartbeat() {
    read_timer_.expires_at(std::min(Clock::now() + policy_.heartbeat, stream_deadline_));
    read_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec || self->stream_ended_) return;
      if (self->writing_ && Clock::now() - self->write_started_ >= self->options().request_timeout) {
        return self->end_stream();
      }
      if (Clock::now() >= self->stream_deadline_) {
        self->lifetime_over_ = true;
        if (self->events_) self->events_->stop();
        if (!self->writing_) self->end_stream();
        return;
      }
      self->queue_chunk(": keep-alive\n\n");
      self->heartbeat();
    });
  }

  void end_stream() {
    if (stream_ended_.exchange(true)) return;
    if (events_) events_->stop();
    close();
  }

  // After an error answer the client may still be sending; closing at once would reset the
  // connection and could destroy our answer before it is read. Read and discard for a moment.
  // Over TLS the close is the TLS one (close_notify), bounded the same way.
  void lingering_close() {
    if constexpr (kTls<Transport>) {
      tcp_layer(stream_).expires_after(std::chrono::seconds(2));
      stream_.async_shutdown([self = shared_from_this()](beast::error_code) { self->close(); });
    } else {
      beast::error_code ec;
      stream_.socket().shutdown(Socket::shutdown_send, ec);
      if (ec) return close();
      stream_.expires_after(std::chrono::seconds(2));
      discard_some();
    }
  }

  void discard_some() {
    stream_.async_read_some(asio::buffer(discard_), [self = shared_from_this()](beast::error_code ec, std::size_t n) {
      self->discarded_ += n;
      if (ec || self->discarded_ > (1u << 20)) return self->close();
      self->discard_some();
    });
  }

  void close() {
    read_timer_.cancel();
    beast::error_code ec;
    tcp_layer(stream_).socket().shutdown(Socket::shutdown_both, ec);
    tcp_layer(stream_).close();
  }

  std::shared_ptr<ssl::context> tls_;  // held while the connection lives; null over plain TCP
  Transport stream_;
  Timer read_timer_;
  bool timed_out_ = false;
  Server::Impl& server_;
  std::string remote_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::shared_ptr<detail::BeastResponse> response_;
  std::shared_ptr<EventStream> events_;  // set while this connection serves an event stream
  std::atomic<bool> stream_ended_{false};
  std::deque<std::string> outbox_;
  EventStreamPolicy policy_;
  Clock::time_point stream_deadline_{};
  Clock::time_point write_started_{};
  bool lifetime_over_ = false;
  bool writing_ = false;
  std::array<char, 4096> discard_{};
  std::size_t discarded_ = 0;
  bool waiting_for_request_ = false;
  bool handshaking_ = false;
  bool keep_alive_ = true;
  bool close_after_ = false;
  bool head_ = false;
  unsigned http_version_ = 11;
  int served_ = 0;
  int status_ = 0;
  Clock::time_point started_{};
  std::string request_id_, method_, target_, route_label_;
};

}  // namespace

// Out of descriptors, the connection waiting in the backlog cannot be accepted, and retrying would
// only fail again while its client hangs: the spare descriptor is given up for a moment to take
// the connection, answer 503 and close it, then taken back.
bool Server::Impl::refuse_one_with_spare_descriptor() {
  if (spare_descriptor < 0) return false;
  ::close(spare_descriptor);
  const int client = ::accept4(acceptor.native_handle(), nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
  if (client >= 0) {
    [[maybe_unused]] const auto sent = ::send(client, refusal.data(), refusal.size(), MSG_NOSIGNAL);
    ::close(client);
    metrics.pool_rejected();
  }
  spare_descriptor = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  return client >= 0;
}

std::string Server::Impl::out_of_descriptors_answer(int retry_after_seconds) {
  auto response = error_response(Error(ErrorCode::overloaded, {}), "-", Language::zh_cn);
  return fmt::format(
      "HTTP/1.1 {} Service Unavailable\r\ncontent-type: application/json; charset=utf-8\r\nretry-after: {}\r\n"
      "connection: close\r\ncontent-length: {}\r\n\r\n{}",
      response.status, retry_after_seconds, response.body.size(), response.body);
}

void Server::Impl::accept() {
  acceptor.async_accept(next_context().get_executor(), [this](beast::error_code ec, Socket socket) {
    if (draining.load(std::memory_order_acquire) || !acceptor.is_open()) return;
    if ((ec == asio::error::no_descriptors || ec.value() == ENFILE) && refuse_one_with_spare_descriptor()) {
      spdlog::warn("accept failed: {}; the connection was answered 503 and closed", ec.message());
      return accept();
    }
    if (ec) {
      // Other failures (or no spare descriptor): say so and try again shortly instead of spinning.
      spdlog::warn("accept failed: {}", ec.message());
      auto retry = std::make_shared<asio::steady_timer>(*contexts.front(), std::chrono::milliseconds(50));
      retry->async_wait([this, retry](beast::error_code) { accept(); });
      return;
    }
    beast::error_code opt_ec;
    socket.set_option(tcp::no_delay(true), opt_ec);
    if (auto context = current_tls()) {
      std::make_shared<Session<TlsStream>>(std::move(socket), *this, std::move(context))->start();
    } else {
      std::make_shared<Session<Stream>>(std::move(socket), *this, nullptr)->start();
    }
    accept();
  });
}

void Server::Impl::watch_tls_files() {
  tls_timer.expires_after(options.tls_reload_interval);
  tls_timer.async_wait([this](beast::error_code ec) {
    if (ec || draining.load(std::memory_order_acquire)) return;
    const auto now = tls_files(options.tls_certificate, options.tls_private_key);
    if (now && now != tls_seen) {
      tls_seen = now;
      if (auto loaded = load_tls_context(options.tls_certificate, options.tls_private_key)) {
        std::lock_guard lock(tls_mutex);
        tls = std::move(*loaded);
        spdlog::info("TLS certificate {} reloaded: new connections use it", options.tls_certificate.string());
      } else {
        spdlog::warn("TLS certificate or key changed but does not load ({} {}): connections keep the previous pair",
                     loaded.error().public_message(Language::en), loaded.error().internal);
      }
    }
    watch_tls_files();
  });
}

void Server::Impl::begin_shutdown() {
  if (draining.exchange(true)) return;
  spdlog::info("shutting down: no new connections; {} open connection(s) finish their requests",
               active_sessions.load());
  beast::error_code ec;
  acceptor.close(ec);
  signals.cancel(ec);
  tls_timer.cancel();
  std::vector<std::shared_ptr<SessionBase>> live;
  {
    std::lock_guard lock(sessions_mutex);
    for (auto& [raw, weak] : sessions) {
      if (auto s = weak.lock()) live.push_back(std::move(s));
    }
  }
  for (auto& s : live) asio::post(s->executor(), [s] { s->drain(); });
  poll_drain(Clock::now() + options.shutdown_grace);
}

void Server::Impl::poll_drain(Clock::time_point deadline) {
  if (active_sessions.load(std::memory_order_acquire) == 0) {
    spdlog::info("all connections closed; stopping");
    stop_all();
    return;
  }
  if (Clock::now() >= deadline) {
    spdlog::warn("shutdown grace period over with {} connection(s) still open; closing them", active_sessions.load());
    stop_all();
    return;
  }
  drain_timer.expires_after(std::chrono::milliseconds(20));
  drain_timer.async_wait([this, deadline](beast::error_code) { poll_drain(deadline); });
}

Server::Server(ServerOptions options, const Router& router, Metrics& metrics)
    : impl_(std::make_unique<Impl>(std::move(options), router, metrics)) {
  if (impl_->options.access_log) impl_->access_logger = spdlog::get("access");
}

Server::~Server() {
  impl_->stop_all();
  impl_->pool.join();
  if (impl_->spare_descriptor >= 0) ::close(impl_->spare_descriptor);
}

Result<std::uint16_t> Server::listen() {
  const auto& o = impl_->options;
  if (o.tls_certificate.empty() != o.tls_private_key.empty()) {
    return fail(ErrorCode::validation_failed, "http.tls_needs_both");
  }
  if (!o.tls_certificate.empty()) {
    impl_->tls_seen = tls_files(o.tls_certificate, o.tls_private_key);
    UG_TRY_ASSIGN(impl_->tls, load_tls_context(o.tls_certificate, o.tls_private_key));
  }
  beast::error_code ec;
  const auto address = asio::ip::make_address(impl_->options.host, ec);
  if (ec) {
    return fail(Error(ErrorCode::validation_failed, "http.listen_address_invalid", ec.message())
                    .with("host", impl_->options.host));
  }
  const tcp::endpoint endpoint(address, impl_->options.port);
  auto& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return fail(Error(ErrorCode::unavailable, "http.listen_failed", ec.message())
                    .with("host", impl_->options.host)
                    .with("port", static_cast<std::int64_t>(impl_->options.port)));
  }
  return acceptor.local_endpoint().port();
}

void Server::run() {
  auto& impl = *impl_;
  if (impl.options.handle_signals) {
    impl.signals.add(SIGINT);
    impl.signals.add(SIGTERM);
    impl.signals.async_wait([&impl](beast::error_code ec, int signal) {
      if (ec) return;
      spdlog::info("received signal {}", signal);
      impl.begin_shutdown();
    });
  }
  impl.accept();
  if (impl.tls) impl.watch_tls_files();
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < impl.contexts.size(); ++i) {
    threads.emplace_back([&impl, i] { impl.contexts[i]->run(); });
  }
  impl.contexts.front()->run();
  for (auto& t : threads) t.join();
  impl.pool.join();
}

void Server::request_shutdown() {
  asio::post(*impl_->contexts.front(), [impl = impl_.get()] { impl->begin_shutdown(); });
}

}  // namespace ug::http
