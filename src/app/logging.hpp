// Logging setup (spdlog): the default logger and the "access" logger share one stderr sink, so
// command output on stdout stays clean. Text lines for people, JSON lines for log collectors.
#pragma once

#include <string>

#include "core/result.hpp"

namespace ug::app {

enum class LogFormat { text, json };

Result<void> setup_logging(const std::string& level, LogFormat format);
// Flushes buffered lines and stops the periodic flusher; call before the process exits.
void shutdown_logging();

}  // namespace ug::app
