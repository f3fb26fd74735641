// The layering of docs/architecture.md, checked on the include lines of every source file:
// Beast/Asio only in src/http/*.cpp, concrete storage backends only in src/app, no SQL or HTTP in
// core, and modules include only the modules below them.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <regex>
#include <set>

#include "support/test_env.hpp"

namespace ug {
namespace {

struct SourceFile {
  std::filesystem::path path;  // relative to src/
  std::string module;          // first directory under src/
  std::vector<std::string> includes;
};

std::vector<SourceFile> sources() {
  std::vector<SourceFile> out;
  const auto src = test::source_dir() / "src";
  const std::regex include_line(R"(^\s*#\s*include\s*[<"]([^>"]+)[>"])");
  for (const auto& entry : std::filesystem::recursive_directory_iterator(src)) {
    const auto ext = entry.path().extension();
    if (ext != ".cpp" && ext != ".hpp" && ext != ".in") continue;
    SourceFile f{entry.path().lexically_relative(src), "", {}};
    f.module = f.path.begin()->string();
    std::ifstream in(entry.path());
    std::string line;
    std::smatch m;
    while (std::getline(in, line)) {
      if (std::regex_search(line, m, include_line)) f.includes.push_back(m[1]);
    }
    out.push_back(std::move(f));
  }
  return out;
}

TEST(Layering, BeastAndAsioStayInHttpSourceFiles) {
  for (const auto& f : sources()) {
    for (const auto& inc : f.includes) {
      if (!inc.starts_with("boost/beast") && !inc.starts_with("boost/asio")) continue;
      const bool allowed =
          f.module == "http" && (f.path.extension() == ".cpp" || f.path.filename() == "beast_glue.hpp");
      EXPECT_TRUE(allowed) << f.path << " includes " << inc;
    }
    if (f.module != "http") {
      for (const auto& inc : f.includes) EXPECT_NE(inc, "http/beast_glue.hpp") << f.path;
    }
  }
}

TEST(Layering, ModulesIncludeOnlyWhatTheyMayUse) {
  // module → modules of ours it may include (besides itself).
  const std::map<std::string, std::set<std::string>> allowed = {
      {"core", {}},
      {"geo", {"core"}},
      {"media", {"core"}},
      {"calendar", {"core"}},
      {"access", {"core"}},
      {"workflow", {"core", "access", "calendar"}},
      {"catalog", {"core", "geo", "calendar"}},
      {"evaluation", {"core", "calendar", "workflow"}},
      {"storage", {"core", "geo", "calendar", "catalog", "access", "workflow"}},
      {"service", {"core", "geo", "media", "calendar", "access", "workflow", "catalog", "storage", "evaluation"}},
      {"http", {"core", "access", "service", "evaluation"}},
      {"app",
       {"core", "geo", "media", "calendar", "access", "workflow", "catalog", "storage", "service", "http", "evaluation",
        "app"}},
  };
  const std::set<std::string> ours = {"core",    "media",   "geo",     "calendar", "access",     "workflow",
                                      "catalog", "storage", "service", "http",     "evaluation", "app"};
  for (const auto& f : sources()) {
    ASSERT_TRUE(allowed.contains(f.module)) << "unknown module " << f.module << ": add it to this test";
    for (const auto& inc : f.includes) {
      const auto slash = inc.find('/');
      if (slash == std::string::npos) continue;
      const auto target = inc.substr(0, slash);
      if (!ours.contains(target) || target == f.module) continue;
      EXPECT_TRUE(allowed.at(f.module).contains(target)) << f.path << " includes " << inc;
    }
  }
}

// DOMAIN.md §11: every "now" of the domain comes from the process clock, which a test deployment
// can move. Only these read the machine's clock past it: log lines, migration records, the HTTP Date
// header and the process start time for metrics keep real time whatever a test clock says
// (std::chrono's steady clock, for durations and timeouts, is not a "now").
TEST(Layering, OnlyTheClockAndLogsReadTheSystemTime) {
  const std::set<std::string> may_read = {"core/clock.hpp", "http/server.cpp", "http/beast_glue.cpp",
                                          "http/metrics.hpp", "storage/migrations.cpp"};
  const std::regex system_time(R"(system_unix_millis\(|system_clock::now|\btime\(nullptr\)|std::time\()");
  const auto src = test::source_dir() / "src";
  for (const auto& entry : std::filesystem::recursive_directory_iterator(src)) {
    const auto ext = entry.path().extension();
    if (ext != ".cpp" && ext != ".hpp") continue;
    const auto path = entry.path().lexically_relative(src).generic_string();
    std::ifstream in(entry.path());
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
      if (!std::regex_search(line, system_time)) continue;
      EXPECT_TRUE(may_read.contains(path)) << path << ":" << number << " reads the system time: " << line;
    }
  }
}

TEST(Layering, ConcreteBackendsOnlyInApp) {
  for (const auto& f : sources()) {
    for (const auto& inc : f.includes) {
      const bool concrete = inc.starts_with("storage/sqlite/") || inc.starts_with("storage/postgres/") ||
                            inc == "sqlite3.h" || inc == "libpq-fe.h";
      if (!concrete) continue;
      const bool inside_backend =
          f.path.string().starts_with("storage/sqlite/") || f.path.string().starts_with("storage/postgres/");
      EXPECT_TRUE(inside_backend || f.module == "app") << f.path << " includes " << inc;
    }
  }
}

}  // namespace
}  // namespace ug
