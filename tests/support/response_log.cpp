// The contract record of the API tests (see response_log.hpp).
#include "support/response_log.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <tuple>

namespace ug::test {
namespace {

// A flood test reads the same route thousands of times: a few of each are enough to check.
constexpr int kRepliesPerKind = 5;

struct Log {
  std::mutex mutex;
  std::set<int> ports;
  bool openapi_saved = false;
  std::map<std::tuple<std::string, std::string, std::string, int>, int> seen;  // test, method, path, status
};

Log& log_state() {
  static Log log;
  return log;
}

const char* log_dir() {
  const char* dir = std::getenv("UG_RESPONSE_LOG");
  return dir != nullptr && *dir != '\0' ? dir : nullptr;
}

std::string current_test() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  return info == nullptr ? std::string("(set-up)") : std::string(info->test_suite_name()) + "." + info->name();
}

}  // namespace

void watch_contract_of(int port) {
  const char* dir = log_dir();
  if (dir == nullptr) return;
  auto& log = log_state();
  {
    std::lock_guard lock(log.mutex);
    log.ports.insert(port);
    if (log.openapi_saved) return;
    log.openapi_saved = true;
  }
  const auto doc = http_request(port, "GET", "/api/v1/openapi.json");
  if (!doc || doc->status != 200) {
    ADD_FAILURE() << "the contract check could not read /api/v1/openapi.json";
    return;
  }
  // Written under a name of this process and renamed: test processes run side by side.
  const std::filesystem::path folder(dir);
  std::filesystem::create_directories(folder);
  const auto part = folder / ("openapi." + std::to_string(::getpid()) + ".part");
  std::ofstream(part, std::ios::binary) << doc->body;
  std::filesystem::rename(part, folder / "openapi.json");
}

void record_reply(int port, const std::string& method, const std::string& target, const HttpReply& reply) {
  const char* dir = log_dir();
  if (dir == nullptr) return;
  if (reply.header("content-type").find("json") == std::string::npos) return;
  auto& log = log_state();
  const auto test = current_test();
  std::lock_guard lock(log.mutex);
  if (!log.ports.contains(port)) return;
  const auto path = target.substr(0, target.find('?'));
  if (++log.seen[{test, method, path, reply.status}] > kRepliesPerKind) return;
  boost::json::object line{{"test", test},
                           {"method", method},
                           {"target", target},
                           {"status", reply.status},
                           {"content_type", reply.header("content-type")},
                           {"body", reply.body}};
  std::ofstream out(std::filesystem::path(dir) / ("replies." + std::to_string(::getpid()) + ".jsonl"),
                    std::ios::app | std::ios::binary);
  out << boost::json::serialize(line) << '\n';
}

}  // namespace ug::test
