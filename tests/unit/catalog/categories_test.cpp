// The embedded GB/T 47678.5-2026 directory and the local-category rules.
#include <gtest/gtest.h>

#include <set>

#include "catalog/categories.hpp"

namespace ug::catalog {
namespace {

TEST(Categories, StandardDirectoryHasThe403Categories) {
  const auto& all = standard_categories();
  std::size_t components = 0, matters = 0;
  std::set<std::pair<int, std::string>> keys;
  for (const auto& c : all) {
    (c.kind == CategoryKind::component ? components : matters) += 1;
    EXPECT_EQ(c.code.size(), 5u);
    EXPECT_EQ(c.code.substr(0, 2), c.major_code);
    EXPECT_TRUE(c.standard);
    EXPECT_TRUE(keys.insert({static_cast<int>(c.kind), c.code}).second) << c.code;
  }
  EXPECT_EQ(components, 153u);  // shared/data/gbt47678-fields.md
  EXPECT_EQ(matters, 250u);
  // 01001 exists in both code spaces (供水井盖 / 供水井盖异常); 01016 in neither.
  EXPECT_TRUE(keys.contains({static_cast<int>(CategoryKind::component), "01001"}));
  EXPECT_TRUE(keys.contains({static_cast<int>(CategoryKind::matter), "01001"}));
  EXPECT_FALSE(keys.contains({static_cast<int>(CategoryKind::matter), "01016"}));
}

TEST(Categories, LocalCategoriesUseMinorClasses900To999OfAStandardMajorClass) {
  const auto& directory = standard_categories();
  Category c{CategoryKind::matter, "06901", "", "", "共享单车乱停放", false, true, {}, {}, {}};
  const auto ok = validate_local_category(c, directory).value();
  EXPECT_EQ(ok.major_code, "06");
  EXPECT_EQ(ok.major_name, "市容环境类");
  EXPECT_FALSE(ok.standard);

  c.code = "06101";
  EXPECT_EQ(validate_local_category(c, directory).error().code, ErrorCode::validation_failed);  // minor < 900
  c.code = "11901";
  EXPECT_EQ(validate_local_category(c, directory).error().code, ErrorCode::validation_failed);  // no major 11
  c.kind = CategoryKind::component;
  c.code = "06901";
  EXPECT_FALSE(validate_local_category(c, directory));  // components have no major class 06
  c.code = "0690";
  EXPECT_FALSE(validate_local_category(c, directory));
  auto with_local = directory;
  with_local.push_back(ok);
  EXPECT_EQ(validate_local_category(ok, with_local).error().code, ErrorCode::conflict);
  Category unnamed{CategoryKind::matter, "06902", "", "", "", false, true, {}, {}, {}};
  EXPECT_FALSE(validate_local_category(unnamed, directory));
}

TEST(Categories, SearchByCodePrefixNameMajorClassAndSynonym) {
  Category c{CategoryKind::matter, "06901", "06", "市容环境类", "共享单车乱停放", false, true,
             {"Bike", "自行车"},   {},      {}};
  for (const char* q : {"", "069", "06901", "单车", "市容", "自行车", "bike", "BIKE"}) EXPECT_TRUE(matches(c, q)) << q;
  for (const char* q : {"07", "井盖", "car"}) EXPECT_FALSE(matches(c, q)) << q;
}

}  // namespace
}  // namespace ug::catalog
