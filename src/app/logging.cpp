// spdlog loggers and the JSON-lines formatter.
#include "app/logging.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <cstdio>

#include "core/clock.hpp"

namespace ug::app {
namespace {

// {"ts":"…","level":"info","logger":"urbangrid","msg":"…"}; the access logger's messages are
// already JSON objects (built by the HTTP layer with their fields) and pass through unchanged.
class JsonLineFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    const std::string_view payload(msg.payload.data(), msg.payload.size());
    if (msg.logger_name == "access" && payload.starts_with("{")) {
      dest.append(payload.data(), payload.data() + payload.size());
      dest.push_back('\n');
      return;
    }
    const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(msg.time.time_since_epoch()).count();
    boost::json::object line{{"ts", format_iso8601_utc(millis)},
                             {"level", std::string(spdlog::level::to_string_view(msg.level).data(),
                                                   spdlog::level::to_string_view(msg.level).size())},
                             {"logger", std::string(msg.logger_name.data(), msg.logger_name.size())},
                             {"msg", payload}};
    const auto text = boost::json::serialize(line);
    dest.append(text.data(), text.data() + text.size());
    dest.push_back('\n');
  }
  std::unique_ptr<spdlog::formatter> clone() const override { return std::make_unique<JsonLineFormatter>(); }
};

}  // namespace

Result<void> setup_logging(const std::string& level, LogFormat format) {
  const auto parsed = spdlog::level::from_str(level);
  if (parsed == spdlog::level::off && level != "off") {
    return fail(Error(ErrorCode::validation_failed, "logging.unknown_level").with("level", level));
  }
  // stderr is unbuffered: one write() per access-log line, made under the sink's lock, was the
  // largest cost of a simple request at 256 connections (bench/http_load.sh). Into a file or a pipe
  // it is now fully buffered and flushed every second and at each warning; a terminal stays
  // line-buffered so a person sees lines as they come.
  if (isatty(fileno(stderr)) == 0) {
    static char buffer[1 << 16];
    std::setvbuf(stderr, buffer, _IOFBF, sizeof buffer);
  }
  auto sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  if (format == LogFormat::json) {
    sink->set_formatter(std::make_unique<JsonLineFormatter>());
  } else {
    sink->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %-5l [%n] %v");
  }
  spdlog::drop_all();
  auto main_logger = std::make_shared<spdlog::logger>("urbangrid", sink);
  auto access_logger = std::make_shared<spdlog::logger>("access", sink);
  main_logger->set_level(parsed);
  access_logger->set_level(parsed);
  main_logger->flush_on(spdlog::level::warn);
  access_logger->flush_on(spdlog::level::warn);
  spdlog::register_logger(access_logger);
  spdlog::set_default_logger(main_logger);
  spdlog::flush_every(std::chrono::seconds(1));
  return {};
}

void shutdown_logging() {
  spdlog::shutdown();
  std::fflush(stderr);
}

}  // namespace ug::app
