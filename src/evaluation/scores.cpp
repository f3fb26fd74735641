// Scores and grades.
#include "evaluation/scores.hpp"

namespace ug::evaluation {

std::optional<double> rate_score(const Rate& rate, Better better) {
  const auto value = rate.value();
  if (!value) return std::nullopt;
  return (better == Better::higher ? *value : 1.0 - *value) * 100.0;
}

Grade grade_of(double composite) {
  if (composite >= 90) return Grade::A;
  if (composite >= 75) return Grade::B;
  if (composite >= 60) return Grade::C;
  if (composite >= 40) return Grade::D;
  return Grade::E;
}

char to_char(Grade grade) { return static_cast<char>('A' + static_cast<int>(grade)); }

}  // namespace ug::evaluation
