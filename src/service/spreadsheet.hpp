// What every export that people open in a spreadsheet shares: CSV cells quoted and disarmed, the
// byte-order mark Excel needs to read UTF-8 Chinese, and the temporary-file dance libxlsxwriter
// asks for to produce an .xlsx in memory. Evaluations and queue exports both write through here.
#pragma once

#include <xlsxwriter.h>

#include <functional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace ug::service {

inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// A CSV cell: quoted when it holds a separator, a quote or a line break. Text a spreadsheet would
// run as a formula (starting with = + - @, a tab or a carriage return) is written after an
// apostrophe, so a citizen's description cannot become a formula on a leader's machine (OWASP "CSV
// injection").
std::string csv_cell(std::string_view text);

// Builds a workbook with `fill` and answers its bytes; `fill` adds sheets and formats to the book.
Result<std::string> workbook_bytes(const std::function<Result<void>(lxw_workbook*)>& fill);

}  // namespace ug::service
