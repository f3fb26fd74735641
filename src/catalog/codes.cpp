// Division and grid code validation.
#include "catalog/codes.hpp"

#include <algorithm>
#include "core/text.hpp"

namespace ug::catalog {
std::string_view to_string(DivisionLevel level) {
  switch (level) {
    case DivisionLevel::province:
      return "province";
    case DivisionLevel::city:
      return "city";
    case DivisionLevel::district:
      return "district";
    case DivisionLevel::street:
      return "street";
    case DivisionLevel::community:
      return "community";
  }
  return "?";
}

Result<DivisionLevel> division_level(std::string_view code) {
  if (!is_digits(code)) {
    return fail(Error(ErrorCode::validation_failed, "division.code_not_digits").with("code", std::string(code)));
  }
  switch (code.size()) {
    case 2:
      return DivisionLevel::province;
    case 4:
      return DivisionLevel::city;
    case 6:
      return DivisionLevel::district;
    case 9:
      return DivisionLevel::street;
    case 12:
      return DivisionLevel::community;
    default:
      return fail(Error(ErrorCode::validation_failed, "division.code_length").with("code", std::string(code)));
  }
}

std::string division_parent(std::string_view code) {
  switch (code.size()) {
    case 4:
      return std::string(code.substr(0, 2));
    case 6:
      return std::string(code.substr(0, 4));
    case 9:
      return std::string(code.substr(0, 6));
    case 12:
      return std::string(code.substr(0, 9));
    default:
      return {};
  }
}

Result<GridCode> parse_grid_code(std::string_view text) {
  const bool modern = text.size() == 15 && is_digits(text.substr(0, 12)) &&
                      std::all_of(text.begin() + 12, text.end(),
                                  [](char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'); });
  const bool legacy = text.size() == 14 && is_digits(text);
  if (!modern && !legacy) {
    return fail(Error(ErrorCode::validation_failed, "catalog.grid_code_format").with("code", std::string(text)));
  }
  return GridCode{std::string(text), std::string(text.substr(0, 6)), std::string(text.substr(0, 9)),
                  std::string(text.substr(0, 12)), legacy};
}

}  // namespace ug::catalog
