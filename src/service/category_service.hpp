// The category directory as a use case: installing the standard rows (idempotent, at migrate),
// listing and searching, adding local categories and changing a category's settings.
#pragma once

#include <optional>
#include <vector>

#include "access/principal.hpp"
#include "catalog/categories.hpp"
#include "storage/database.hpp"

namespace ug::service {

struct CategoryQuery {
  std::optional<catalog::CategoryKind> kind;
  std::string text;  // code prefix, or part of a name, major class name or synonym
  bool include_disabled = false;
};

// What may change on any category, standard or local.
struct CategorySettings {
  std::optional<bool> enabled;
  std::optional<std::vector<std::string>> synonyms;
  std::optional<std::string> register_condition;
  std::optional<std::string> close_condition;
};

class CategoryService {
 public:
  explicit CategoryService(storage::Database& db) : db_(db) {}

  // Installs or refreshes the 403 standard categories; returns how many rows it wrote.
  Result<std::size_t> install_standard();
  Result<std::vector<catalog::Category>> list(const CategoryQuery& query);
  // Changes need categories.manage and are audited.
  Result<catalog::Category> add_local(const access::Principal& caller, catalog::Category category);
  Result<catalog::Category> update(const access::Principal& caller, catalog::CategoryKind kind, const std::string& code,
                                   const CategorySettings& settings);

 private:
  storage::Database& db_;
};

}  // namespace ug::service
