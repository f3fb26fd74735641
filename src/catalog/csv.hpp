// A small RFC 4180 CSV reader (quoted fields, doubled quotes, CRLF or LF, a UTF-8 BOM), for the
// import files of base data. Rows are returned as cells of text; a malformed quote is an error
// naming the line.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace ug::catalog {

using CsvRow = std::vector<std::string>;

Result<std::vector<CsvRow>> read_csv(std::string_view text);

}  // namespace ug::catalog
