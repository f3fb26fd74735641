// The code rules of places (DOMAIN.md §2, GB/T 2260 and GB/T 47678.3 as summarised in
// shared/data/gbt47678-fields.md): division codes by level, and unit grid codes — 15 characters
// (6-digit district, 3-digit street, 3-digit community, 3-character sequence [0-9A-Z]) or the
// 14-digit legacy form (2-digit sequence).
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace ug::catalog {

enum class DivisionLevel { province, city, district, street, community };
std::string_view to_string(DivisionLevel level);

// Level of a division code by its length (2, 4, 6, 9, 12 digits); an error for anything else.
Result<DivisionLevel> division_level(std::string_view code);
// The parent's code ("" for a province): the code cut to the previous level's length.
std::string division_parent(std::string_view code);

struct GridCode {
  std::string code;
  std::string district;   // 6 digits
  std::string street;     // 9 digits
  std::string community;  // 12 digits
  bool legacy = false;    // 14-digit form
};

Result<GridCode> parse_grid_code(std::string_view text);

}  // namespace ug::catalog
