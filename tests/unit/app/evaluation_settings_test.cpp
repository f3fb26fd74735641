// The weights file: per kind, weights and count bands read from TOML, each kind validated before
// the server starts, errors naming the file and what is wrong.
#include "app/evaluation_settings.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "support/test_env.hpp"

namespace ug::app {
namespace {

std::filesystem::path write(const std::string& name, const std::string& text) {
  const auto path = test::temp_dir("ug-weights") / name;
  std::ofstream(path) << text;
  return path;
}

TEST(WeightsFile, ReadsWeightsAndBandsPerKind) {
  const auto path = write("ok.toml", R"(
[dispatcher.weights]
accurate_dispatch_rate = 70
on_time_dispatch_rate = 30.0
[operator.weights]
on_time_accept_rate = 90
accepted = 10
[operator.bands]
accepted = [[0, 0], [50, 60.5], [200, 100]]
)");
  const auto read = read_weights_file(path).value();
  ASSERT_EQ(read.size(), 2u);
  EXPECT_DOUBLE_EQ(read.at(evaluation::Kind::dispatcher).weights.at("accurate_dispatch_rate"), 70.0);
  EXPECT_EQ(read.at(evaluation::Kind::operator_).bands.at("accepted"),
            (std::vector<evaluation::Band>{{0, 0}, {50, 60.5}, {200, 100}}));

  Config config;
  config.evaluation.weights_file = path.string();
  config.cases.check_limit = "3 working_hours";
  const auto settings = evaluation_settings(config).value();
  EXPECT_EQ(settings.weightings.size(), 2u);
  EXPECT_EQ(settings.limits.check, (calendar::TimeLimit{3, calendar::Unit::working_hours}));
}

TEST(WeightsFile, RefusesWhatDoesNotValidate) {
  const auto sum = write("sum.toml", "[dispatcher.weights]\naccurate_dispatch_rate = 70\n");
  const auto error = read_weights_file(sum).error().public_message();
  EXPECT_NE(error.find("sum.toml"), std::string::npos) << error;
  EXPECT_NE(error.find("100"), std::string::npos) << error;
  EXPECT_FALSE(read_weights_file(write("kind.toml", "[citizen.weights]\nx = 100\n")));
  EXPECT_FALSE(read_weights_file(write("band.toml",
                                       "[operator.weights]\naccepted = 100\n[operator.bands]\n"
                                       "accepted = [[0, 1, 2]]\n")));
  EXPECT_FALSE(read_weights_file(write("syntax.toml", "[operator.weights\n")));
  EXPECT_FALSE(read_weights_file(test::temp_dir("ug-weights") / "missing.toml"));
}

}  // namespace
}  // namespace ug::app
