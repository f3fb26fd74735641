// plan_division_import over the CSV texts.
#include "catalog/division_import.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "catalog/csv.hpp"

namespace ug::catalog {
namespace {

struct FileSpec {
  std::string_view file;
  const std::string* text;
  DivisionLevel level;
  std::string_view parent_column;  // empty for provinces
};

// The message of a read_csv error, said of one file ({file}).
MessageKey in_file(MessageKey csv_message) {
  return csv_message == MessageKey("csv.unclosed_quote") ? MessageKey("division.csv_unclosed_quote")
                                                         : MessageKey("division.csv_text_after_quote");
}

bool kept(std::string_view code, std::string_view within) {
  return within.empty() || code.starts_with(within) || within.starts_with(code);
}

}  // namespace

Result<DivisionImportPlan> plan_division_import(const DivisionFiles& files, std::string_view within) {
  if (!within.empty()) UG_TRY(division_level(within));
  std::vector<FileSpec> specs = {{"provinces.csv", &files.provinces, DivisionLevel::province, ""},
                                 {"cities.csv", &files.cities, DivisionLevel::city, "provinceCode"},
                                 {"areas.csv", &files.areas, DivisionLevel::district, "cityCode"},
                                 {"streets.csv", &files.streets, DivisionLevel::street, "areaCode"}};
  if (files.communities)
    specs.push_back({"communities.csv", &*files.communities, DivisionLevel::community, "streetCode"});

  DivisionImportPlan plan;
  std::set<std::string> known;
  for (const auto& spec : specs) {
    auto rows = read_csv(*spec.text);
    if (!rows) {
      auto error = std::move(rows).error();
      error.message = in_file(error.message);
      return fail(std::move(error.with("file", std::string(spec.file))));
    }
    if (rows->empty()) {
      return fail(Error(ErrorCode::validation_failed, "division.file_empty").with("file", std::string(spec.file)));
    }
    const auto& header = rows->front();
    const auto column = [&](std::string_view name) -> std::optional<std::size_t> {
      const auto it = std::find(header.begin(), header.end(), name);
      if (it == header.end()) return std::nullopt;
      return static_cast<std::size_t>(it - header.begin());
    };
    const auto code_col = column("code"), name_col = column("name");
    const auto parent_col = spec.parent_column.empty() ? std::optional<std::size_t>() : column(spec.parent_column);
    if (!code_col || !name_col || (!spec.parent_column.empty() && !parent_col)) {
      std::vector<std::string> columns = {"code", "name"};
      if (!spec.parent_column.empty()) columns.emplace_back(spec.parent_column);
      return fail(Error(ErrorCode::validation_failed, "division.header_columns")
                      .with("file", std::string(spec.file))
                      .with("columns", std::move(columns)));
    }
    for (std::size_t r = 1; r < rows->size(); ++r) {
      const auto& row = (*rows)[r];
      const auto line = r + 1;
      const auto cell = [&](std::size_t c) { return c < row.size() ? row[c] : std::string(); };
      const auto code = cell(*code_col), name = cell(*name_col);
      const auto parent = parent_col ? cell(*parent_col) : std::string();
      if (!kept(code, within)) continue;
      const auto level = division_level(code);
      if (!level || *level != spec.level) {
        plan.problems.push_back(
            fmt::format("{} 第 {} 行：代码 {} 不是{}级代码", spec.file, line, code, to_string(spec.level)));
      } else if (name.empty()) {
        plan.problems.push_back(fmt::format("{} 第 {} 行：{} 没有名称", spec.file, line, code));
      } else if (!parent.empty() && division_parent(code) != parent) {
        plan.problems.push_back(
            fmt::format("{} 第 {} 行：代码 {} 不以上级代码 {} 开头", spec.file, line, code, parent));
      } else if (!parent.empty() && !known.contains(parent)) {
        plan.problems.push_back(fmt::format("{} 第 {} 行：上级 {} 不在导入范围内", spec.file, line, parent));
      } else if (known.contains(code)) {
        plan.problems.push_back(fmt::format("{} 第 {} 行：代码 {} 重复", spec.file, line, code));
      } else {
        known.insert(code);
        plan.divisions.push_back({code, name, *level, parent});
      }
    }
  }
  return plan;
}

}  // namespace ug::catalog
