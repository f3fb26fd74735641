// Component attribute rules (GB/T 47678.5-2026 Table 2).
#include <gtest/gtest.h>

#include "catalog/components.hpp"

namespace ug::catalog {
namespace {

Component sewer_cover() {
  Component c;
  c.id = "37081101002000001";
  c.name = "污水井盖";
  c.supervisor_code = "11370811MB0000001X";
  c.supervisor_name = "任城区市政工程处";
  c.status = "完好";
  c.first_survey_date = "20250601";
  c.location = {116.5875, 35.4151};
  return c;
}

const std::vector<std::string> kCategories = {"01002", "01037", "03005"};

std::string failing_field(const Component& c) {
  const auto r = validate_component(c, kCategories);
  if (r) return "";
  for (const auto& [key, value] : r.error().details) {
    if (key == "field") return std::get<std::string>(value);
  }
  return "?";
}

TEST(Component, ValidOneAndItsCategory) {
  EXPECT_EQ(failing_field(sewer_cover()), "");
  EXPECT_EQ(sewer_cover().category_code(), "01002");
}

TEST(Component, EachRuleNamesItsField) {
  auto c = sewer_cover();
  c.id = "3708110100200000";  // 16 digits
  EXPECT_EQ(failing_field(c), "id");
  c = sewer_cover();
  c.id = "37081199999000001";  // unknown category 99999
  EXPECT_EQ(failing_field(c), "id");
  c = sewer_cover();
  c.name.clear();
  EXPECT_EQ(failing_field(c), "name");
  c = sewer_cover();
  c.name = std::string(31 * 3, 'x').substr(0, 31);  // 31 characters
  EXPECT_EQ(failing_field(c), "name");
  c = sewer_cover();
  c.name = "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十";  // 30 Chinese characters
  EXPECT_EQ(failing_field(c), "");
  c = sewer_cover();
  c.supervisor_code = "123";
  EXPECT_EQ(failing_field(c), "supervisor_code");
  c = sewer_cover();
  c.status.clear();
  EXPECT_EQ(failing_field(c), "status");
  c = sewer_cover();
  c.first_survey_date = "20250230";  // no 30 February
  EXPECT_EQ(failing_field(c), "first_survey_date");
  c = sewer_cover();
  c.change_date = "20240101";  // before the first survey
  EXPECT_EQ(failing_field(c), "change_date");
  c = sewer_cover();
  c.location = {200, 35};
  EXPECT_EQ(failing_field(c), "location");
  c = sewer_cover();
  c.status = "倾斜";  // the standard's list is open ("等")
  EXPECT_EQ(failing_field(c), "");
  EXPECT_EQ(standard_component_statuses().size(), 5u);
}

}  // namespace
}  // namespace ug::catalog
