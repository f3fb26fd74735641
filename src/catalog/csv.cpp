// read_csv: a state machine over the bytes; quotes only have meaning at the start of a field.
#include "catalog/csv.hpp"

namespace ug::catalog {

Result<std::vector<CsvRow>> read_csv(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::vector<CsvRow> rows;
  CsvRow row;
  std::string cell;
  bool quoted = false, cell_started = false, after_quote = false;
  std::size_t line = 1;
  const auto end_row = [&] {
    row.push_back(std::move(cell));
    cell.clear();
    if (!(row.size() == 1 && row[0].empty())) rows.push_back(std::move(row));  // skip blank lines
    row.clear();
    cell_started = after_quote = false;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          cell += '"';
          ++i;
        } else {
          quoted = false;
          after_quote = true;
        }
      } else {
        if (c == '\n') ++line;
        cell += c;
      }
      continue;
    }
    if (c == ',') {
      row.push_back(std::move(cell));
      cell.clear();
      cell_started = after_quote = false;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_row();
      ++line;
    } else if (c == '"' && !cell_started) {
      quoted = true;
      cell_started = true;
    } else if (after_quote) {
      return fail(
          Error(ErrorCode::validation_failed, "csv.text_after_quote").with("line", static_cast<std::int64_t>(line)));
    } else {
      cell += c;
      cell_started = true;
    }
  }
  if (quoted) {
    return fail(
        Error(ErrorCode::validation_failed, "csv.unclosed_quote").with("line", static_cast<std::int64_t>(line)));
  }
  if (cell_started || !cell.empty() || !row.empty()) end_row();
  return rows;
}

}  // namespace ug::catalog
