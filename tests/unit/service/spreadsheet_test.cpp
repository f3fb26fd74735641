// CSV cells as a spreadsheet reads them back: separators and quotes quoted, and a cell that would
// run as a formula written as text (a citizen's "=HYPERLINK(…)" on a leader's machine).
#include "service/spreadsheet.hpp"

#include <gtest/gtest.h>

namespace ug::service {
namespace {

TEST(CsvCell, PlainTextStaysAsItIs) {
  EXPECT_EQ(csv_cell("井盖缺失"), "井盖缺失");
  EXPECT_EQ(csv_cell(""), "");
  EXPECT_EQ(csv_cell("138****5678"), "138****5678");
}

TEST(CsvCell, SeparatorsQuotesAndLineBreaksAreQuoted) {
  EXPECT_EQ(csv_cell("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_cell("他说\"快来\""), "\"他说\"\"快来\"\"\"");
  EXPECT_EQ(csv_cell("第一行\r\n第二行"), "\"第一行\r\n第二行\"");
}

TEST(CsvCell, FormulasAreWrittenAsText) {
  EXPECT_EQ(csv_cell("=1+1"), "\"'=1+1\"");
  EXPECT_EQ(csv_cell("+8613812345678"), "\"'+8613812345678\"");
  EXPECT_EQ(csv_cell("-2"), "\"'-2\"");
  EXPECT_EQ(csv_cell("@SUM(A1)"), "\"'@SUM(A1)\"");
  EXPECT_EQ(csv_cell("\tx"), "\"'\tx\"");
  EXPECT_EQ(csv_cell("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
  EXPECT_EQ(csv_cell("a=b"), "a=b");  // only a leading sign makes a formula
}

TEST(Workbook, AnEmptyBookIsAZip) {
  const auto bytes = workbook_bytes([](lxw_workbook* book) -> Result<void> {
    workbook_add_worksheet(book, "案件");
    return {};
  });
  ASSERT_TRUE(bytes);
  EXPECT_EQ(bytes->substr(0, 2), "PK");
  const auto refused =
      workbook_bytes([](lxw_workbook*) -> Result<void> { return fail(ErrorCode::internal, "export.workbook_write"); });
  EXPECT_FALSE(refused);
}

}  // namespace
}  // namespace ug::service
