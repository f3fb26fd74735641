// The embedded standard directory and the local-category rules.
#include "catalog/categories.hpp"

#include <algorithm>

#include "catalog/csv.hpp"
#include "core/invariant.hpp"
#include "core/text.hpp"

namespace ug::catalog {

std::string_view standard_directory_csv();  // generated from data/categories/ at build time

namespace {}  // namespace

std::string_view to_string(CategoryKind kind) { return kind == CategoryKind::component ? "component" : "matter"; }

std::optional<CategoryKind> parse_category_kind(std::string_view text) {
  if (text == "component") return CategoryKind::component;
  if (text == "matter") return CategoryKind::matter;
  return std::nullopt;
}

const std::vector<Category>& standard_categories() {
  static const std::vector<Category> directory = [] {
    auto rows = read_csv(standard_directory_csv());
    UG_INVARIANT(rows && !rows->empty(), "embedded category directory unreadable");
    std::vector<Category> out;
    for (std::size_t i = 1; i < rows->size(); ++i) {
      const auto& r = (*rows)[i];
      UG_INVARIANT(r.size() == 5, "embedded category row without 5 columns");
      const auto kind = parse_category_kind(r[0]);
      UG_INVARIANT(kind.has_value(), "embedded category row with an unknown kind: " + r[0]);
      out.push_back({*kind, r[1], r[2], r[3], r[4], true, true, {}, {}, {}});
    }
    return out;
  }();
  return directory;
}

Result<Category> validate_local_category(Category category, const std::vector<Category>& directory) {
  const auto kind_name = std::string(to_string(category.kind));
  if (category.code.size() != 5 || !is_digits(category.code)) {
    return fail(invalid("code", "category_code.format"));
  }
  const int minor = std::stoi(category.code.substr(2));
  if (minor < 900) {
    return fail(invalid("code", "category_code.local_minor_range"));
  }
  if (category.name.empty()) {
    return fail(invalid("name", "catalog.category_name_empty"));
  }
  category.major_code = category.code.substr(0, 2);
  const auto major = std::find_if(directory.begin(), directory.end(), [&](const Category& c) {
    return c.standard && c.kind == category.kind && c.major_code == category.major_code;
  });
  if (major == directory.end()) {
    return fail(invalid("code", kind_name == "matter" ? MessageKey("category_code.major_not_standard_matter")
                                                      : MessageKey("category_code.major_not_standard_component"))
                    .with("major_code", category.major_code));
  }
  const auto existing = std::find_if(directory.begin(), directory.end(), [&](const Category& c) {
    return c.kind == category.kind && c.code == category.code;
  });
  if (existing != directory.end()) {
    return fail(
        Error(ErrorCode::conflict, "catalog.category_exists").with("kind", kind_name).with("code", category.code));
  }
  category.major_name = major->major_name;
  category.standard = false;
  return category;
}

bool matches(const Category& category, std::string_view query) {
  if (query.empty() || category.code.starts_with(query)) return true;
  const auto q = ascii_lower(query);
  const auto contains = [&](std::string_view text) { return ascii_lower(text).find(q) != std::string::npos; };
  if (contains(category.name) || contains(category.major_name)) return true;
  return std::any_of(category.synonyms.begin(), category.synonyms.end(), contains);
}

}  // namespace ug::catalog
