// The SQL a case query and every process ledger share: a WHERE clause built with numbered
// parameters, and the caller's case scope (regions, departments, own reports) as a condition on the
// cases table, so a 督办 ledger lists exactly the notices of the cases its reader may see.
#pragma once

#include <fmt/format.h>

#include <string>
#include <string_view>
#include <vector>

#include "storage/case_repositories.hpp"
#include "storage/sql.hpp"

namespace ug::storage {

// The WHERE clause of a query, its parameters numbered as they are added.
class Where {
 public:
  std::string param(SqlValue value) {
    params_.push_back(std::move(value));
    return "$" + std::to_string(params_.size());
  }
  void add(std::string clause) { clauses_.push_back(std::move(clause)); }
  void any_of(std::string_view column, const std::vector<std::string>& values) {
    if (values.empty()) return;
    std::string list;
    for (const auto& v : values) list += (list.empty() ? "" : ", ") + param(v);
    add(fmt::format("{} IN ({})", column, list));
  }
  // A prefix match on `column`, LIKE's wildcards in the prefix taken literally.
  std::string starts_with(std::string_view column, std::string_view prefix) {
    return fmt::format("{} LIKE {} ESCAPE '\\'", column, param(escape_like(prefix) + "%"));
  }
  std::string text() const {
    std::string out;
    for (const auto& c : clauses_) out += (out.empty() ? "" : " AND ") + c;
    return out.empty() ? "1 = 1" : out;
  }
  std::vector<SqlValue>& params() { return params_; }

  static std::string escape_like(std::string_view text) {
    std::string out;
    for (const char c : text) {
      if (c == '%' || c == '_' || c == '\\') out += '\\';
      out += c;
    }
    return out;
  }

 private:
  std::vector<std::string> clauses_;
  std::vector<SqlValue> params_;
};

// Adds the scope of `q` as conditions on the columns of `cases` (unqualified: use it in a query or
// subquery over cases).
void add_case_scope(Where& w, const CaseQuery& q);

}  // namespace ug::storage
