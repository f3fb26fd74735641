// libFuzzer target: arbitrary bytes as an HTTP request through the server's parser, limits, router,
// static files and error envelope (exchange_raw). Any crash or sanitizer report is a bug.
#include <boost/json/object.hpp>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string_view>

#include "core/build_info.hpp"
#include "http/dispatcher.hpp"
#include "http/json.hpp"
#include "http/openapi.hpp"
#include "http/raw_exchange.hpp"

namespace {

struct Target {
  ug::http::Router router;
  std::unique_ptr<ug::http::StaticFiles> files;
  std::unique_ptr<ug::http::Dispatcher> dispatcher;

  Target() {
    using namespace ug::http;
    RouteDoc doc;
    doc.summary = "fuzz";
    router.add(
        Method::post, "/api/v1/cases", Execution::worker_pool,
        [](Request& r) {
          auto body = parse_json_body(r);
          if (!body) return error_response(body.error(), r);
          return json_response(201, *body);
        },
        doc);
    router.add(
        Method::get, "/api/v1/cases/{id}", Execution::worker_pool,
        [](Request& r) {
          const auto* id = r.path_param("id");
          const auto lon = r.query_param("lon");
          return json_response(200, boost::json::object{{"id", *id}, {"lon", lon ? *lon : ""}});
        },
        doc);
    add_openapi_route(router, std::string(ug::build_info().version));
    const auto root = std::filesystem::temp_directory_path() / "urbangrid-fuzz-static";
    std::filesystem::create_directories(root / "assets");
    std::ofstream(root / "index.html") << "<!doctype html><title>UrbanGrid</title>" << std::string(600, ' ');
    std::ofstream(root / "assets" / "a.js") << "void 0;";
    files = std::make_unique<StaticFiles>(root);
    dispatcher = std::make_unique<Dispatcher>(router, files.get());
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Target target;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const auto response = ug::http::exchange_raw(bytes, *target.dispatcher, 4096, 64 * 1024);
  if (response.rfind("HTTP/1.1 ", 0) != 0) __builtin_trap();  // always a well-formed status line
  const int status = std::atoi(response.c_str() + 9);
  if (status >= 500) __builtin_trap();  // malformed input is never a server error
  return 0;
}
