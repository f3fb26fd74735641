// A router with the real system routes over a temp SQLite database, plus test-only routes that
// exercise what the framework gives every endpoint (JSON bodies, blocking work, exceptions).
#pragma once

#include <atomic>
#include <boost/json/object.hpp>
#include <condition_variable>
#include <memory>
#include <mutex>

#include "app/config.hpp"
#include "app/database_factory.hpp"
#include "core/build_info.hpp"
#include "http/json.hpp"
#include "http/openapi.hpp"
#include "http/router.hpp"
#include "http/system_routes.hpp"
#include "service/system_service.hpp"
#include "support/test_env.hpp"

namespace ug::test {

// Holds blocking requests until released, to fill the worker pool on purpose.
struct Gate {
  std::mutex mutex;
  std::condition_variable cv;
  bool open = false;
  std::atomic<int> waiting{0};
  void wait() {
    waiting.fetch_add(1);
    std::unique_lock lock(mutex);
    cv.wait(lock, [this] { return open; });
  }
  void release() {
    {
      std::lock_guard lock(mutex);
      open = true;
    }
    cv.notify_all();
  }
};

struct HttpFixture {
  static constexpr std::string_view kMetricsToken = "fixture-metrics-token-0123";
  HttpFixture() {
    app::Config::Database db_config;
    db_config.url = (temp_dir("ug-http") / "test.db").string();
    database = std::move(app::open_database(db_config).value());
    (void)database->migrate().value();
    system = std::make_unique<service::SystemService>(*database);
    http::add_system_routes(router, *system, metrics, {}, std::string(kMetricsToken));

    http::RouteDoc echo_doc;
    echo_doc.summary = "test: echoes a JSON body";
    echo_doc.responses = {{200, "the body", "application/json", boost::json::object{{"type", "object"}}}};
    router.add(
        http::Method::post, "/test/echo", http::Execution::worker_pool,
        [](http::Request& r) {
          auto body = http::parse_json_body(r);
          if (!body) return http::error_response(body.error(), r);
          return http::json_response(200, *body);
        },
        echo_doc);
    http::RouteDoc slow_doc;
    slow_doc.summary = "test: blocks until the gate opens";
    slow_doc.responses = {{200, "done", "application/json", boost::json::object{{"type", "object"}}}};
    router.add(
        http::Method::get, "/test/slow", http::Execution::worker_pool,
        [this](http::Request&) {
          gate.wait();
          return http::json_response(200, boost::json::object{{"done", true}});
        },
        slow_doc);
    http::RouteDoc item_doc;
    item_doc.summary = "test: echoes a path parameter";
    item_doc.parameters = {{"id", "path", true, "any text", {}}};
    item_doc.responses = {{200, "the id", "application/json", boost::json::object{{"type", "object"}}}};
    router.add(
        http::Method::get, "/test/items/{id}", http::Execution::io_thread,
        [](http::Request& r) {
          return http::json_response(200, boost::json::object{{"id", *r.path_param("id")}});
        },
        item_doc);
    http::RouteDoc boom_doc;
    boom_doc.summary = "test: throws";
    boom_doc.responses = {{200, "never", "application/json", boost::json::object{{"type", "object"}}}};
    router.add(
        http::Method::get, "/test/boom", http::Execution::worker_pool,
        [](http::Request&) -> http::Response { throw std::runtime_error("secret internal failure"); }, boom_doc);
    http::add_openapi_route(router, std::string(build_info().version));
  }

  std::unique_ptr<storage::Database> database;
  std::unique_ptr<service::SystemService> system;
  http::Metrics metrics;
  http::Router router;
  Gate gate;
};

}  // namespace ug::test
