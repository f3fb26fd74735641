// Scores from rates (higher or lower is better; no value, no score) and the grade boundaries of
// DOMAIN.md §7, at and just below each one.
#include "evaluation/scores.hpp"

#include <gtest/gtest.h>

namespace ug::evaluation {
namespace {

TEST(Scores, ARateScoresItsPercentageOrItsComplement) {
  // The "99.18%" of a department: 14,067 handled of 14,183 due.
  EXPECT_NEAR(*rate_score({14067, 14183}, Better::higher), 99.1821, 1e-4);
  EXPECT_DOUBLE_EQ(*rate_score({1, 4}, Better::lower), 75.0);  // 返工率 25 %
  EXPECT_DOUBLE_EQ(*rate_score({0, 7}, Better::higher), 0.0);
  EXPECT_DOUBLE_EQ(*rate_score({0, 7}, Better::lower), 100.0);
  EXPECT_FALSE(rate_score({0, 0}, Better::higher));  // nothing to score: no value, not 0 or 100
  EXPECT_FALSE(rate_score({0, 0}, Better::lower));
}

TEST(Scores, GradesAtTheirBoundaries) {
  EXPECT_EQ(grade_of(100), Grade::A);
  EXPECT_EQ(grade_of(90), Grade::A);
  EXPECT_EQ(grade_of(89.999), Grade::B);
  EXPECT_EQ(grade_of(75), Grade::B);
  EXPECT_EQ(grade_of(74.999), Grade::C);
  EXPECT_EQ(grade_of(60), Grade::C);
  EXPECT_EQ(grade_of(59.999), Grade::D);
  EXPECT_EQ(grade_of(40), Grade::D);
  EXPECT_EQ(grade_of(39.999), Grade::E);
  EXPECT_EQ(grade_of(0), Grade::E);
  EXPECT_EQ(to_char(Grade::A), 'A');
  EXPECT_EQ(to_char(Grade::E), 'E');
}

}  // namespace
}  // namespace ug::evaluation
