// The category directory (DOMAIN.md §3): the 403 categories of GB/T 47678.5-2026 embedded in the
// binary, and the rules for a city's own categories — a 5-digit code whose minor class is 900–999
// under a major class the standard defines for that kind (e.g. matter 06901). Components and
// matters are separate code spaces: (kind, code) is the key.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace ug::catalog {

enum class CategoryKind { component, matter };
std::string_view to_string(CategoryKind kind);
std::optional<CategoryKind> parse_category_kind(std::string_view text);

struct Category {
  CategoryKind kind = CategoryKind::matter;
  std::string code;  // 5 digits: 2-digit major class + 3-digit minor class
  std::string major_code;
  std::string major_name;
  std::string name;
  bool standard = false;
  bool enabled = true;
  std::vector<std::string> synonyms;
  std::string register_condition;  // 立案条件
  std::string close_condition;     // 结案条件
};

// The standard directory as embedded at build time from data/categories/gbt47678.5-2026.csv.
const std::vector<Category>& standard_categories();

// Checks a local category against the directory it would join; fills major_name from the standard.
Result<Category> validate_local_category(Category category, const std::vector<Category>& directory);

// Search: a code prefix, or a case-insensitive substring of the name, the major class's name or a
// synonym.
bool matches(const Category& category, std::string_view query);

}  // namespace ug::catalog
