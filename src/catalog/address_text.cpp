// Address normalisation on ICU (NFKC, UTF conversions) and the house-number reader; see the header.
#include "catalog/address_text.hpp"

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include <array>
#include <string>
#include <string_view>

namespace ug::catalog {
namespace {

std::u16string to_utf16(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  int32_t length = 0;
  u_strFromUTF8WithSub(nullptr, 0, &length, text.data(), static_cast<int32_t>(text.size()), 0xFFFD, nullptr, &status);
  std::u16string out(static_cast<std::size_t>(length), u'\0');
  status = U_ZERO_ERROR;
  u_strFromUTF8WithSub(out.data(), length, nullptr, text.data(), static_cast<int32_t>(text.size()), 0xFFFD, nullptr,
                       &status);
  if (U_FAILURE(status)) return {};
  return out;
}

std::string to_utf8(std::u16string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  int32_t length = 0;
  u_strToUTF8WithSub(nullptr, 0, &length, text.data(), static_cast<int32_t>(text.size()), 0xFFFD, nullptr, &status);
  std::string out(static_cast<std::size_t>(length), '\0');
  status = U_ZERO_ERROR;
  u_strToUTF8WithSub(out.data(), length, nullptr, text.data(), static_cast<int32_t>(text.size()), 0xFFFD, nullptr,
                     &status);
  if (U_FAILURE(status)) return {};
  return out;
}

std::u16string nfkc(const std::u16string& text) {
  UErrorCode status = U_ZERO_ERROR;
  const UNormalizer2* normalizer = unorm2_getNFKCInstance(&status);
  if (U_FAILURE(status)) return text;
  const auto length = unorm2_normalize(normalizer, text.data(), static_cast<int32_t>(text.size()), nullptr, 0, &status);
  std::u16string out(static_cast<std::size_t>(length), u'\0');
  status = U_ZERO_ERROR;
  unorm2_normalize(normalizer, text.data(), static_cast<int32_t>(text.size()), out.data(), length, &status);
  return U_FAILURE(status) ? text : out;
}

bool is_dash(char16_t c) { return c == u'-' || (c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == u'~'; }
bool is_ascii_digit(char16_t c) { return c >= u'0' && c <= u'9'; }

// Punctuation and symbols an address does not need (Unicode general categories P* and S*), except
// '-' (12-1号) and '#' (12# for 12号), which carry meaning.
bool dropped(char16_t c) {
  if (c == u'-' || c == u'#') return false;
  if (u_isUWhiteSpace(c) || u_iscntrl(c)) return true;
  const auto mask = U_GET_GC_MASK(c);
  return (mask & (U_GC_P_MASK | U_GC_S_MASK)) != 0;
}

int chinese_digit(char16_t c) {
  switch (c) {
    case u'〇':
    case u'零':
      return 0;
    case u'一':
      return 1;
    case u'二':
    case u'两':
      return 2;
    case u'三':
      return 3;
    case u'四':
      return 4;
    case u'五':
      return 5;
    case u'六':
      return 6;
    case u'七':
      return 7;
    case u'八':
      return 8;
    case u'九':
      return 9;
    default:
      return -1;
  }
}
int chinese_multiplier(char16_t c) { return c == u'十' ? 10 : c == u'百' ? 100 : c == u'千' ? 1000 : 0; }
bool chinese_numeral(char16_t c) { return chinese_digit(c) >= 0 || chinese_multiplier(c) > 0; }

// Words a number stands before in an address: it is a house, lane, building, unit, room or floor
// number there, and written in digits.
bool starts_number_word(std::u16string_view rest) {
  constexpr std::array<std::u16string_view, 8> words{u"号", u"弄", u"栋", u"幢", u"单元", u"室", u"楼", u"层"};
  for (const auto word : words) {
    if (rest.starts_with(word)) return true;
  }
  return false;
}

// Whether a run of numerals is a number as people write one: digit by digit (一二三), or with
// 千 > 百 > 十 each at most once in that order, each after at most one digit (二十三, 一百零五) —
// not 十十十 or 千千千.
bool well_formed_numeral(std::u16string_view run) {
  int last_multiplier = 10000;
  bool positional = false, digit_pending = false;
  for (const auto c : run) positional = positional || chinese_multiplier(c) > 0;
  if (!positional) return true;  // 一二三, 一零五
  for (const auto c : run) {
    if (const auto m = chinese_multiplier(c); m > 0) {
      if (m >= last_multiplier) return false;
      last_multiplier = m;
      digit_pending = false;
    } else if (c == u'零') {
      digit_pending = false;
    } else {
      if (digit_pending) return false;  // 一二十
      digit_pending = true;
    }
  }
  return true;
}

// "十二" → 12, "二十" → 20, "一百零五" → 105; without 十/百/千, digit by digit: "一二三" → 123.
std::u16string numeral_to_digits(std::u16string_view run) {
  bool positional = false;
  for (const auto c : run) positional = positional || chinese_multiplier(c) > 0;
  std::u16string out;
  if (!positional) {
    for (const auto c : run) out.push_back(static_cast<char16_t>(u'0' + chinese_digit(c)));
    return out;
  }
  long total = 0, current = 0;
  for (const auto c : run) {
    if (const auto m = chinese_multiplier(c); m > 0) {
      total += (current == 0 ? 1 : current) * m;
      current = 0;
    } else {
      current = chinese_digit(c);
    }
  }
  total += current;
  for (const auto c : std::to_string(total)) out.push_back(static_cast<char16_t>(c));
  return out;
}

}  // namespace

bool valid_utf8(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  int32_t length = 0;
  u_strFromUTF8(nullptr, 0, &length, text.data(), static_cast<int32_t>(text.size()), &status);
  // Measuring only (no buffer): a well-formed text "overflows", a malformed one is refused.
  return U_SUCCESS(status) || status == U_BUFFER_OVERFLOW_ERROR;
}

std::string normalize_address(std::string_view text) {
  const auto folded = nfkc(to_utf16(text));
  std::u16string kept;
  kept.reserve(folded.size());
  for (std::size_t i = 0; i < folded.size(); ++i) {
    char16_t c = folded[i];
    if (is_dash(c)) {
      kept.push_back(u'-');
      continue;
    }
    if (dropped(c)) continue;
    if (c >= u'a' && c <= u'z') c = static_cast<char16_t>(c - u'a' + u'A');
    if (c == u'號') c = u'号';
    if (c == u'幢' || c == u'棟') c = u'栋';
    if (c == u'#' && !kept.empty() && is_ascii_digit(kept.back())) c = u'号';
    // 12之1号 (Taiwan, older signs): a sub-number.
    if (c == u'之' && !kept.empty() && is_ascii_digit(kept.back()) && i + 1 < folded.size() &&
        is_ascii_digit(folded[i + 1])) {
      c = u'-';
    }
    kept.push_back(c);
  }
  std::u16string out;
  out.reserve(kept.size());
  for (std::size_t i = 0; i < kept.size();) {
    if (!chinese_numeral(kept[i])) {
      out.push_back(kept[i++]);
      continue;
    }
    std::size_t end = i;
    while (end < kept.size() && chinese_numeral(kept[end])) ++end;
    const std::u16string_view run(kept.data() + i, end - i);
    // 第一社区, 经十路 and 三里屯 keep their numerals: only a number before a number word changes.
    const bool ordinal = i > 0 && kept[i - 1] == u'第';
    if (!ordinal && starts_number_word(std::u16string_view(kept).substr(end)) && run.size() <= 6 &&
        well_formed_numeral(run)) {
      out += numeral_to_digits(run);
    } else {
      out += run;
    }
    i = end;
  }
  return to_utf8(out);
}

std::optional<HouseNumber> read_house_number(std::string_view text) {
  const auto digits_at = [&](std::size_t at) {
    std::size_t end = at;
    while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
    return end - at;
  };
  const auto first = digits_at(0);
  if (first == 0 || first > 5) return std::nullopt;
  HouseNumber out;
  out.value = std::stoi(std::string(text.substr(0, first)));
  out.number = std::to_string(out.value);  // 00015 is 15
  std::size_t at = first;
  const auto rest = [&] { return text.substr(at); };
  if (rest().starts_with("弄")) {
    at += std::string_view("弄").size();
    out.number += "弄";
    if (const auto house = digits_at(at); house > 0 && house <= 5) {
      out.number += text.substr(at, house);
      at += house;
    }
  } else if (rest().starts_with('-') && digits_at(at + 1) > 0 && digits_at(at + 1) <= 4) {
    const auto sub = digits_at(at + 1);
    out.number += text.substr(at, 1 + sub);
    at += 1 + sub;
  } else if (!rest().empty() && rest().front() >= 'A' && rest().front() <= 'Z' &&
             (rest().size() == 1 || rest().substr(1).starts_with("号"))) {
    out.number += rest().front();
    at += 1;
  }
  if (rest().starts_with("号楼")) return std::nullopt;  // 12号楼: a building's number, not a house's
  if (rest().starts_with("号")) {
    at += std::string_view("号").size();
  } else if (!out.number.ends_with("弄")) {
    // Without 号 the digits are a house number only at the end or before a name, not before
    // 栋/单元/室/楼/层 (then they number a building or a room).
    for (const std::string_view word : {"栋", "单元", "室", "楼", "层"}) {
      if (rest().starts_with(word)) return std::nullopt;
    }
  }
  out.used = at;
  return out;
}

std::optional<HouseNumber> parse_house_number(std::string_view text) {
  const auto normalized = normalize_address(text);
  auto number = read_house_number(normalized);
  if (!number || number->used != normalized.size()) return std::nullopt;
  return number;
}

std::string house_number_label(std::string_view number) {
  if (number.empty()) return {};
  if (number.ends_with("弄")) return std::string(number);
  return std::string(number) + "号";
}

}  // namespace ug::catalog
