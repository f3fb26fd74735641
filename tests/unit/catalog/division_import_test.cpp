// The CSV reader and division import planning: quoting, BOM, CRLF; level and parent checks with
// the file and line of every row left out; --within keeping a city with its ancestors.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "catalog/csv.hpp"
#include "catalog/division_import.hpp"
#include "support/test_env.hpp"

namespace ug::catalog {
namespace {

TEST(Csv, QuotesBomCrlfAndBlankLines) {
  const auto rows = read_csv(
                        "\xEF\xBB\xBF"
                        "code,name\r\n370811,\"任城区\"\r\n\r\n3708,\"济宁市, \"\"孔孟之乡\"\"\"\n99,x")
                        .value();
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0], (CsvRow{"code", "name"}));
  EXPECT_EQ(rows[1], (CsvRow{"370811", "任城区"}));
  EXPECT_EQ(rows[2], (CsvRow{"3708", "济宁市, \"孔孟之乡\""}));
  EXPECT_EQ(rows[3], (CsvRow{"99", "x"}));
  EXPECT_EQ(read_csv("a,\"b\nc\",d\n").value()[0], (CsvRow{"a", "b\nc", "d"}));
  EXPECT_EQ(read_csv("a,,\n").value()[0], (CsvRow{"a", "", ""}));
}

TEST(Csv, MalformedQuotesNameTheLine) {
  const auto open = read_csv("a,b\n1,\"unterminated\n");
  ASSERT_FALSE(open);
  EXPECT_NE(open.error().public_message().find("引号没有闭合"), std::string::npos);
  const auto stray = read_csv("a,b\n1,\"x\"y\n");
  ASSERT_FALSE(stray);
  EXPECT_NE(stray.error().public_message().find("第 2 行"), std::string::npos);
}

DivisionFiles small_files() {
  return {"code,name\n37,山东省\n11,北京市\n", "code,name,provinceCode\n3708,济宁市,37\n1101,市辖区,11\n",
          "code,name,cityCode,provinceCode\n370811,任城区,3708,37\n370812,兖州区,3709,37\n37081,坏代码,3708,37\n",
          "code,name,areaCode,provinceCode,cityCode\n370811001,古槐街道,370811,37,3708\n370812001,孤儿,370812,37,3708\n"
          "370811001,古槐街道,370811,37,3708\n",
          std::nullopt};
}

TEST(DivisionImport, BadRowsAreReportedWithFileAndLine) {
  const auto plan = plan_division_import(small_files(), "").value();
  std::vector<std::string> codes;
  for (const auto& d : plan.divisions) codes.push_back(d.code);
  EXPECT_EQ(codes, (std::vector<std::string>{"37", "11", "3708", "1101", "370811", "370811001"}));
  ASSERT_EQ(plan.problems.size(), 4u);
  EXPECT_NE(plan.problems[0].find("areas.csv 第 3 行"), std::string::npos) << plan.problems[0];    // wrong parent
  EXPECT_NE(plan.problems[1].find("areas.csv 第 4 行"), std::string::npos) << plan.problems[1];    // 5 digits
  EXPECT_NE(plan.problems[2].find("streets.csv 第 3 行"), std::string::npos) << plan.problems[2];  // parent left out
  EXPECT_NE(plan.problems[3].find("重复"), std::string::npos) << plan.problems[3];
}

TEST(DivisionImport, WithinKeepsTheDivisionItsAncestorsAndDescendants) {
  const auto plan = plan_division_import(small_files(), "370811").value();
  std::vector<std::string> codes;
  for (const auto& d : plan.divisions) codes.push_back(d.code);
  EXPECT_EQ(codes, (std::vector<std::string>{"37", "3708", "370811", "370811001"}));
  EXPECT_FALSE(plan_division_import(small_files(), "37x"));
}

TEST(DivisionImport, MissingColumnsAreAnError) {
  auto files = small_files();
  files.areas = "code,label\n370811,任城区\n";
  EXPECT_FALSE(plan_division_import(files, ""));
}

TEST(DivisionImport, ShippedJiningSubsetIsClean) {
  const auto read = [](const char* name) {
    std::ifstream in(test::source_dir() / "data/divisions" / name);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  };
  const auto plan =
      plan_division_import({read("provinces.csv"), read("cities.csv"), read("areas.csv"), read("streets.csv"), {}}, "")
          .value();
  EXPECT_TRUE(plan.problems.empty());
  EXPECT_EQ(plan.divisions.size(), 1u + 1u + 12u + 158u);
}

}  // namespace
}  // namespace ug::catalog
