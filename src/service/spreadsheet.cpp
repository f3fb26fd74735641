// CSV cells and in-memory workbooks (see spreadsheet.hpp).
#include "service/spreadsheet.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace ug::service {

std::string csv_cell(std::string_view text) {
  const bool formula = !text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos;
  const bool quoted = formula || text.find_first_of(",\"\r\n") != std::string_view::npos;
  if (!quoted) return std::string(text);
  std::string out = formula ? "\"'" : "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

Result<std::string> workbook_bytes(const std::function<Result<void>(lxw_workbook*)>& fill) {
  // libxlsxwriter writes a file: a private temporary one, read back and removed.
  std::string path = (std::filesystem::temp_directory_path() / "urbangrid-export-XXXXXX.xlsx").string();
  const int fd = ::mkstemps(path.data(), 5);
  if (fd < 0) return fail(ErrorCode::internal, "export.temporary_file");
  ::close(fd);
  struct Remove {
    std::string path;
    ~Remove() { std::filesystem::remove(path); }
  } remove{path};

  lxw_workbook* book = workbook_new(path.c_str());
  if (book == nullptr) return fail(ErrorCode::internal, "export.workbook_create");
  if (auto filled = fill(book); !filled) {
    workbook_close(book);
    return tl::unexpected(std::move(filled.error()));
  }
  if (const auto error = workbook_close(book); error != LXW_NO_ERROR) {
    return fail(Error(ErrorCode::internal, "export.workbook_write").with("reason", std::string(lxw_strerror(error))));
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace ug::service
