// How typed addresses are read: the forms people really type (full-width digits from a Chinese
// input method, 号 written as #, numbers in characters, 弄 lanes, blanks and punctuation) meet the
// one stored form, and what is not a house number is not read as one.
#include "catalog/address_text.hpp"

#include <gtest/gtest.h>

namespace ug::catalog {
namespace {

TEST(AddressText, FullWidthBlanksAndPunctuationFoldToOneForm) {
  EXPECT_EQ(normalize_address("育才路１２号"), "育才路12号");
  EXPECT_EQ(normalize_address(" 育才路　12 号 "), "育才路12号");
  EXPECT_EQ(normalize_address("育才路12号（育才小区东门）。"), "育才路12号育才小区东门");
  EXPECT_EQ(normalize_address("育才路１２－１号"), "育才路12-1号");
  EXPECT_EQ(normalize_address("育才路12#"), "育才路12号");
  EXPECT_EQ(normalize_address("育才路12a号"), "育才路12A号");
  EXPECT_EQ(normalize_address("育才路12之1號"), "育才路12-1号");
  EXPECT_EQ(normalize_address("3幢2单元"), "3栋2单元");
}

TEST(AddressText, ChineseNumeralsBecomeDigitsOnlyBeforeANumberWord) {
  EXPECT_EQ(normalize_address("育才路十二号"), "育才路12号");
  EXPECT_EQ(normalize_address("育才路一百零五号"), "育才路105号");
  EXPECT_EQ(normalize_address("育才路二十号三单元"), "育才路20号3单元");
  EXPECT_EQ(normalize_address("长乐路一二三弄四号"), "长乐路123弄4号");
  // Names keep their numerals: a road, an ordinal, a place.
  EXPECT_EQ(normalize_address("经十路"), "经十路");
  EXPECT_EQ(normalize_address("越河街道第一社区"), "越河街道第一社区");
  EXPECT_EQ(normalize_address("三里屯"), "三里屯");
  // Nonsense is no number: 十十十 and 千千千 stay as typed, so they match nothing exactly.
  EXPECT_EQ(normalize_address("育才路十十十号"), "育才路十十十号");
  EXPECT_EQ(normalize_address("育才路千千千号"), "育才路千千千号");
  EXPECT_EQ(normalize_address("育才路一二十号"), "育才路一二十号");
  EXPECT_EQ(normalize_address("育才路一零五号"), "育才路105号");
}

TEST(AddressText, GbkBytesAreNotUtf8) {
  EXPECT_TRUE(valid_utf8("育才路12号"));
  EXPECT_TRUE(valid_utf8(""));
  EXPECT_FALSE(valid_utf8("\xd3\xfd\xb2\xc5\xc2\xb7"));  // 育才路 in GBK
}

TEST(AddressText, InvalidUtf8IsReplacedNotPassedOn) {
  const auto out =
      normalize_address(std::string("育才路\xff\xfe"
                                    "12号"));
  EXPECT_NE(out.find("12号"), std::string::npos);
  EXPECT_EQ(out.find('\xff'), std::string::npos);
}

TEST(AddressText, HouseNumbersAreReadInTheirStoredForm) {
  auto n = read_house_number("12号育才小区");
  ASSERT_TRUE(n);
  EXPECT_EQ(n->number, "12");
  EXPECT_EQ(n->value, 12);
  EXPECT_EQ(n->used, std::string("12号").size());
  n = read_house_number("12-1号");
  ASSERT_TRUE(n);
  EXPECT_EQ(n->number, "12-1");
  EXPECT_EQ(n->value, 12);
  n = read_house_number("123弄4号");
  ASSERT_TRUE(n);
  EXPECT_EQ(n->number, "123弄4");
  EXPECT_EQ(n->value, 123);
  n = read_house_number("12A");
  ASSERT_TRUE(n);
  EXPECT_EQ(n->number, "12A");
  n = read_house_number("12");
  ASSERT_TRUE(n);
  EXPECT_EQ(n->number, "12");
  n = read_house_number("00015号");  // leading zeros are not part of the number
  ASSERT_TRUE(n);
  EXPECT_EQ(n->number, "15");
}

TEST(AddressText, BuildingRoomAndAbsurdNumbersAreNotHouseNumbers) {
  EXPECT_FALSE(read_house_number("3栋2单元"));
  EXPECT_FALSE(read_house_number("12号楼"));
  EXPECT_FALSE(read_house_number("502室"));
  EXPECT_FALSE(read_house_number("123456号"));
  EXPECT_FALSE(read_house_number("号"));
  EXPECT_FALSE(read_house_number(""));
}

TEST(AddressText, AnImportedNumberMustBeANumberAndNothingElse) {
  EXPECT_EQ(parse_house_number("１２号")->number, "12");
  EXPECT_EQ(parse_house_number("123弄4号")->number, "123弄4");
  EXPECT_EQ(parse_house_number(" 7 ")->number, "7");
  EXPECT_FALSE(parse_house_number("12号楼"));
  EXPECT_FALSE(parse_house_number("12号育才小区"));
  EXPECT_FALSE(parse_house_number("东门"));
  EXPECT_EQ(house_number_label("12-1"), "12-1号");
  EXPECT_EQ(house_number_label("123弄"), "123弄");
}

}  // namespace
}  // namespace ug::catalog
