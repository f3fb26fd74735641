// How a typed Chinese address is read (issue 22): one normal form for what people type and what the
// gazetteer stores, so "育才路１２号", "育才路 12 号", "育才路十二号" and "育才路12#" meet the same
// record. Normalisation is Unicode NFKC (ICU: full-width digits, letters and blanks become ASCII),
// then blanks and punctuation go, ASCII letters are upper-cased, and Chinese numerals directly
// before a number word (号, 弄, 栋, 幢, 单元, 室, 楼, 层) become digits. A house number is then read
// as the gazetteer keeps it: "12", "12-1", "12A", "123弄4".
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ug::catalog {

// Whether `text` is well-formed UTF-8 (what an import file must be; GBK bytes are not).
bool valid_utf8(std::string_view text);

// The normal form described above. Invalid UTF-8 is replaced, never passed on.
std::string normalize_address(std::string_view text);

// A house number at the start of normalised text, and how much of the text it took.
struct HouseNumber {
  std::string number;    // the stored form: "12", "12-1", "12A", "123弄4"
  int value = 0;         // its first integer (12, 12, 12, 123): what "the nearest number" compares
  std::size_t used = 0;  // bytes of the text read, the trailing 号 included
};

// "12号…", "12-1号", "12之1号", "12A", "123弄4号", "12" (a number without 号 when nothing but a
// building word or the end follows). nullopt when the text does not start with one, or the number
// is beyond any street's (more than 5 digits).
std::optional<HouseNumber> read_house_number(std::string_view normalized);

// A house number as an import file gives it ("１２号", "12", "123弄4号"): its stored form, or
// nullopt when it is not one.
std::optional<HouseNumber> parse_house_number(std::string_view text);

// The number as people read it: "12号", "123弄4号".
std::string house_number_label(std::string_view number);

}  // namespace ug::catalog
