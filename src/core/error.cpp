// The error table and the rendering of messages. Adding an ErrorCode without a row here fails the
// unit test that walks the enum.
#include "core/error.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>

namespace ug {
namespace {

const std::vector<ErrorCodeInfo>& table() {
  static const std::vector<ErrorCodeInfo> rows = {
      {ErrorCode::bad_request, "bad_request", 400, LogLevel::info, "error.bad_request"},
      {ErrorCode::invalid_json, "invalid_json", 400, LogLevel::info, "error.invalid_json"},
      {ErrorCode::validation_failed, "validation_failed", 422, LogLevel::info, "error.validation_failed"},
      {ErrorCode::unauthenticated, "unauthenticated", 401, LogLevel::info, "error.unauthenticated"},
      {ErrorCode::forbidden, "forbidden", 403, LogLevel::warn, "error.forbidden"},
      {ErrorCode::not_found, "not_found", 404, LogLevel::debug, "error.not_found"},
      {ErrorCode::method_not_allowed, "method_not_allowed", 405, LogLevel::info, "error.method_not_allowed"},
      {ErrorCode::request_timeout, "request_timeout", 408, LogLevel::info, "error.request_timeout"},
      {ErrorCode::conflict, "conflict", 409, LogLevel::info, "error.conflict"},
      {ErrorCode::illegal_transition, "illegal_transition", 409, LogLevel::info, "error.illegal_transition"},
      {ErrorCode::payload_too_large, "payload_too_large", 413, LogLevel::info, "error.payload_too_large"},
      {ErrorCode::unsupported_media_type, "unsupported_media_type", 415, LogLevel::info,
       "error.unsupported_media_type"},
      {ErrorCode::headers_too_large, "headers_too_large", 431, LogLevel::info, "error.headers_too_large"},
      {ErrorCode::rate_limited, "rate_limited", 429, LogLevel::warn, "error.rate_limited"},
      {ErrorCode::internal, "internal", 500, LogLevel::error, "error.internal"},
      {ErrorCode::unavailable, "unavailable", 503, LogLevel::error, "error.unavailable"},
      {ErrorCode::overloaded, "overloaded", 503, LogLevel::warn, "error.overloaded"},
  };
  return rows;
}

}  // namespace

const std::vector<ErrorCodeInfo>& all_error_codes() { return table(); }

const ErrorCodeInfo& info(ErrorCode code) {
  for (const auto& row : table()) {
    if (row.code == code) return row;
  }
  throw std::logic_error("ErrorCode without a row in the error table");
}

std::string_view to_string(ErrorCode code) { return info(code).name; }

std::string_view Error::message_key() const {
  return message.empty() ? info(code).default_message.key() : message.key();
}

std::string Error::public_message(Language language) const {
  const auto key = message.empty() ? info(code).default_message : message;
  return render_message(key.text(language), details, language, words);
}

Error invalid(std::string field, MessageKey message) {
  return Error(ErrorCode::validation_failed, message).with("field", std::move(field));
}

namespace {

void append_detail(std::string& out, const ErrorDetailValue& value, Language language) {
  if (const auto* number = std::get_if<std::int64_t>(&value)) {
    out += std::to_string(*number);
  } else if (const auto* text = std::get_if<std::string>(&value)) {
    out += *text;
  } else {
    const auto& items = std::get<std::vector<std::string>>(value);
    const std::string_view separator = language == Language::en ? ", " : "、";
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (i > 0) out += separator;
      out += items[i];
    }
  }
}

}  // namespace

std::string render_message(std::string_view text, const ErrorDetails& details, Language language,
                           const std::vector<LocalisedWord>& words) {
  std::string out;
  out.reserve(text.size());
  std::size_t at = 0;
  while (at < text.size()) {
    const auto open = text.find('{', at);
    const auto close = open == std::string_view::npos ? open : text.find('}', open);
    if (close == std::string_view::npos) break;
    out.append(text.substr(at, open - at));
    const auto name = text.substr(open + 1, close - open - 1);
    const auto word = std::find_if(words.begin(), words.end(), [&](const auto& w) { return w.name == name; });
    if (word != words.end()) {
      out += language == Language::en ? word->en : word->zh;
      at = close + 1;
      continue;
    }
    const auto found = std::find_if(details.begin(), details.end(), [&](const auto& d) { return d.first == name; });
    if (found == details.end()) {
      out.append(text.substr(open, close - open + 1));
    } else {
      append_detail(out, found->second, language);
    }
    at = close + 1;
  }
  out.append(text.substr(at));
  return out;
}

std::string_view language_tag(Language language) { return language == Language::en ? "en" : "zh-CN"; }

}  // namespace ug
