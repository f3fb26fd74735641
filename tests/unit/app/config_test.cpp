// Configuration precedence (flag > environment > file > default), validation messages, and the
// generated reference staying equal to docs/configuration.md.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>
#include <sstream>

#include "app/config.hpp"
#include "support/test_env.hpp"

namespace ug::app {
namespace {

class ConfigTest : public ::testing::Test {
 protected:
  void TearDown() override {
    for (const auto& name : env_) unsetenv(name.c_str());
  }
  void set_env(const std::string& name, const std::string& value) {
    setenv(name.c_str(), value.c_str(), 1);
    env_.push_back(name);
  }
  std::filesystem::path write_toml(const std::string& text) {
    const auto path = test::temp_dir("ug-config") / "urbangrid.toml";
    std::ofstream(path) << text;
    return path;
  }
  std::vector<std::string> env_;
};

TEST_F(ConfigTest, DefaultsAreDocumentedValues) {
  const auto loaded = load_config({std::nullopt, {}, false}).value();
  EXPECT_EQ(loaded.config.server.port, 8080);
  EXPECT_EQ(loaded.config.server.host, "127.0.0.1");
  EXPECT_EQ(loaded.config.server.io_threads, 2);
  EXPECT_EQ(loaded.config.database.url, "var/urbangrid.db");
  EXPECT_EQ(loaded.config.database.sqlite_synchronous, "normal");
  EXPECT_EQ(loaded.sources.at("server.port"), ConfigSource::defaults);
}

TEST_F(ConfigTest, FlagBeatsEnvironmentBeatsFileBeatsDefault) {
  const auto file = write_toml("[server]\nport = 9001\nio_threads = 3\nworker_threads = 5\n[log]\nformat = \"json\"\n");
  set_env("URBANGRID_SERVER__PORT", "9002");
  set_env("URBANGRID_SERVER__IO_THREADS", "4");
  ConfigInputs inputs{file, {{"server.port", "9003"}}, true};
  const auto loaded = load_config(inputs).value();
  EXPECT_EQ(loaded.config.server.port, 9003);
  EXPECT_EQ(loaded.sources.at("server.port"), ConfigSource::flag);
  EXPECT_EQ(loaded.config.server.io_threads, 4);
  EXPECT_EQ(loaded.sources.at("server.io_threads"), ConfigSource::environment);
  EXPECT_EQ(loaded.config.server.worker_threads, 5);
  EXPECT_EQ(loaded.sources.at("server.worker_threads"), ConfigSource::file);
  EXPECT_EQ(loaded.config.log.format, "json");
  EXPECT_EQ(loaded.config.server.idle_timeout_ms, 30000);
  EXPECT_EQ(loaded.sources.at("server.idle_timeout_ms"), ConfigSource::defaults);
}

TEST_F(ConfigTest, ConfigFileFromEnvironmentVariable) {
  const auto file = write_toml("[database]\nurl = \"postgresql://ug@db.example:5432/city\"\n");
  set_env("URBANGRID_CONFIG", file.string());
  const auto loaded = load_config({std::nullopt, {}, true}).value();
  EXPECT_EQ(loaded.config.database.url, "postgresql://ug@db.example:5432/city");
}

TEST_F(ConfigTest, MistakesNameTheKeyAndTheSource) {
  const auto typo = load_config({write_toml("[server]\nprot = 1\n"), {}, false});
  ASSERT_FALSE(typo);
  EXPECT_NE(typo.error().public_message().find("server.prot"), std::string::npos);

  const auto wrong_type = load_config({write_toml("[server]\nport = \"eighty\"\n"), {}, false});
  ASSERT_FALSE(wrong_type);
  EXPECT_NE(wrong_type.error().public_message().find("server.port"), std::string::npos);

  set_env("URBANGRID_SERVER__PORT", "70000");
  const auto range = load_config({std::nullopt, {}, true});
  ASSERT_FALSE(range);
  EXPECT_NE(range.error().public_message().find("URBANGRID_SERVER__PORT"), std::string::npos);

  const auto choice = load_config({std::nullopt, {{"log.format", "xml"}}, false});
  ASSERT_FALSE(choice);
  EXPECT_NE(choice.error().public_message().find("text, json"), std::string::npos);

  EXPECT_FALSE(load_config({std::nullopt, {{"no.such", "1"}}, false}));
  EXPECT_FALSE(load_config({std::nullopt, {{"server.access_log", "maybe"}}, false}));
  EXPECT_FALSE(load_config({write_toml("not toml at all ["), {}, false}));
  EXPECT_FALSE(load_config({std::filesystem::path("/nonexistent/urbangrid.toml"), {}, false}));
}

// Uploads waiting for the decode pool hold a worker each; they must never be able to hold them all.
TEST_F(ConfigTest, DecodeThreadsAndQueueStayBelowTheWorkers) {
  EXPECT_TRUE(load_config({std::nullopt, {{"server.worker_threads", "4"}}, false}));  // 1 + 2 < 4
  const auto all = load_config({std::nullopt, {{"server.worker_threads", "3"}}, false});
  ASSERT_FALSE(all);
  EXPECT_NE(all.error().public_message().find("attachments.decode_queue"), std::string::npos);
  EXPECT_TRUE(load_config({std::nullopt, {{"server.worker_threads", "3"}, {"attachments.decode_queue", "1"}}, false}));
}

TEST_F(ConfigTest, ExampleFileLoadsBackToTheDefaults) {
  const auto loaded = load_config({write_toml(config_example_toml()), {}, false}).value();
  EXPECT_EQ(loaded.config.server.port, 8080);
  EXPECT_EQ(loaded.sources.at("server.port"), ConfigSource::file);
}

TEST_F(ConfigTest, DocsFileIsTheGeneratedReference) {
  std::ifstream in(test::source_dir() / "docs" / "configuration.md");
  std::stringstream committed;
  committed << in.rdbuf();
  EXPECT_EQ(committed.str(), config_documentation())
      << "docs/configuration.md is stale: run `build/urbangrid config docs > docs/configuration.md`";
}

}  // namespace
}  // namespace ug::app
