// Administrative divisions as a use case: importing a planned set in one transaction (parents
// before children) and linking the unit grids whose code prefixes they name.
#pragma once

#include <array>

#include "access/principal.hpp"
#include "catalog/division_import.hpp"
#include "storage/database.hpp"

namespace ug::service {

struct DivisionImportReport {
  catalog::DivisionImportPlan plan;
  std::array<std::size_t, 5> imported_by_level{};  // province … community
  std::int64_t grid_links = 0;                     // division columns of grids filled
};

class DivisionService {
 public:
  explicit DivisionService(storage::Database& db) : db_(db) {}
  // Needs grids.manage; audited.
  Result<DivisionImportReport> import(const access::Principal& caller, const catalog::DivisionFiles& files,
                                      std::string_view within);

 private:
  storage::Database& db_;
};

}  // namespace ug::service
