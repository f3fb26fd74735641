// Turning figures into scores and grades (DOMAIN.md §7): a rate scores rate × 100, or (1 − rate) ×
// 100 where lower is better (返工率, 漏报率); a rate without a value has no score; a composite value
// is graded A ≥ 90, B ≥ 75, C ≥ 60, D ≥ 40, else E. Weights and count bands come with the
// configurable composite.
#pragma once

#include <optional>

#include "evaluation/indicators.hpp"

namespace ug::evaluation {

enum class Better { higher, lower };

std::optional<double> rate_score(const Rate& rate, Better better);

enum class Grade { A, B, C, D, E };
Grade grade_of(double composite);
char to_char(Grade grade);

}  // namespace ug::evaluation
