// The caller's case scope in SQL (see sql_case_scope.hpp).
#include "storage/sql_case_scope.hpp"

#include <algorithm>

namespace ug::storage {

void add_case_scope(Where& w, const CaseQuery& q) {
  const bool everywhere = std::find(q.scope.regions.begin(), q.scope.regions.end(), "*") != q.scope.regions.end();
  std::string region;
  if (!everywhere) {
    for (const auto& prefix : q.scope.regions) {
      if (prefix.empty()) continue;
      region += (region.empty() ? "" : " OR ") + w.starts_with("grid_code", prefix);
    }
    if (region.empty()) region = "1 = 0";
  }
  std::string departments;
  if (!q.scope.departments.empty()) {
    for (const auto& d : q.scope.departments) departments += (departments.empty() ? "" : ", ") + w.param(d);
    departments = fmt::format("department_id IN ({})", departments);
  }
  std::string in_scope;
  if (!region.empty() && !departments.empty()) {
    in_scope = fmt::format("({}) AND {}", region, departments);
  } else if (!region.empty()) {
    in_scope = region;
  } else if (!departments.empty()) {
    in_scope = departments;
  }
  if (in_scope.empty()) return;
  if (q.scope.unplaced) in_scope = fmt::format("({}) OR grid_code = ''", in_scope);
  if (q.scope.reporter_user_id) {
    in_scope = fmt::format("({}) OR reporter_user_id = {}", in_scope, w.param(*q.scope.reporter_user_id));
  }
  w.add("(" + in_scope + ")");
}

}  // namespace ug::storage
