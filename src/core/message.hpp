// What an Error says to a person, in zh-CN or English, from one table (message_table.inc) keyed
// by a stable message key such as "case.description_blank" or "field.required". Call sites name a
// key, never a sentence: a key missing from the table fails to compile (MessageKey is consteval),
// so every message has both languages and one wording. A message's {placeholders} are filled from
// the error's public details (ErrorDetails), so what it names is also machine-readable.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ug {

enum class Language : std::uint8_t { zh_cn, en };

struct MessageRow {
  std::string_view key;  // "<area>.<what>", snake_case, stable: clients may rely on it
  std::string_view zh;   // zh-CN, the default language
  std::string_view en;
};

// The table itself, grouped by area; the unit test checks that keys are unique, that both
// languages are written and that they name the same placeholders.
// clang-format off
inline constexpr MessageRow kMessageTable[] = {
#include "core/message_table.inc"
};
// clang-format on

// A key of the table, checked when the program is compiled.
class MessageKey {
 public:
  constexpr MessageKey() = default;  // no message of its own: the error code's default message
  // NOLINTNEXTLINE(google-explicit-constructor): call sites write fail(code, "key")
  consteval MessageKey(const char* key) : index_(index_of(key)) {}

  bool empty() const { return index_ == 0; }
  const MessageRow& row() const { return kMessageTable[index_ - 1]; }
  std::string_view key() const { return empty() ? std::string_view{} : row().key; }
  std::string_view text(Language language) const { return language == Language::en ? row().en : row().zh; }
  friend bool operator==(MessageKey, MessageKey) = default;

 private:
  static consteval std::uint16_t index_of(std::string_view key) {
    for (std::size_t i = 0; i < std::size(kMessageTable); ++i) {
      if (kMessageTable[i].key == key) return static_cast<std::uint16_t>(i + 1);
    }
    // Reaching this throw at compile time is the error "unknown message key".
    throw "unknown message key: add a row to src/core/message_table.inc";
  }
  std::uint16_t index_ = 0;
};

// The BCP 47 tag of a language: "zh-CN", "en".
std::string_view language_tag(Language language);

}  // namespace ug
