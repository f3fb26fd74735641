// Expected failures as values: ErrorCode, Error and the one table that maps each code to its
// stable wire name, HTTP status and log level (ARCHITECTURE.md "Errors"). Front ends translate an
// Error with this table; nothing else decides what a failure looks like to a user.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/message.hpp"

namespace ug {

enum class ErrorCode : std::uint8_t {
  bad_request,             // a request that cannot be understood (syntax, encoding)
  invalid_json,            // a body that is not JSON
  validation_failed,       // well-formed input with invalid values
  unauthenticated,         // no or bad credentials
  forbidden,               // in scope but not permitted
  not_found,               // no such thing (or out of the caller's scope)
  method_not_allowed,      // the path exists, not with this method
  request_timeout,         // the client was too slow sending a request
  conflict,                // stale version, duplicate key, concurrent change
  illegal_transition,      // the action is not allowed in the current state
  payload_too_large,       // body over the configured limit
  unsupported_media_type,  // wrong Content-Type for the endpoint
  headers_too_large,       // request line + headers over the configured limit
  rate_limited,            // too many requests from this client
  internal,                // a bug or an infrastructure fault; details only in the log
  unavailable,             // a dependency (the database) cannot serve now
  overloaded,              // the work queue is full; retry later
};

enum class LogLevel : std::uint8_t { debug, info, warn, error };

// One row per ErrorCode: the only place these facts live.
struct ErrorCodeInfo {
  ErrorCode code;
  std::string_view name;  // stable, snake_case, part of the public API
  int http_status;
  LogLevel log_level;
  MessageKey default_message;  // said when an error of this code names no message of its own
};

const ErrorCodeInfo& info(ErrorCode code);
std::string_view to_string(ErrorCode code);
const std::vector<ErrorCodeInfo>& all_error_codes();

// Structured, public details of an error (field names, current state, allowed actions).
// Deliberately small: the domain knows nothing of JSON, the HTTP layer renders these.
using ErrorDetailValue = std::variant<std::int64_t, std::string, std::vector<std::string>>;
using ErrorDetails = std::vector<std::pair<std::string, ErrorDetailValue>>;

// A word a message says that has its own zh-CN and English form (a state's name, a kind of unit):
// it fills the message's {name} but is not one of the details, which carry the code instead.
struct LocalisedWord {
  std::string name;
  std::string zh;
  std::string en;
};

struct Error {
  ErrorCode code = ErrorCode::internal;
  MessageKey message;                // what the caller is told (message_table.inc); none: the code's default
  std::string internal;              // for the log only: SQL errors, file paths, errno text
  ErrorDetails details;              // safe to show to the caller; fill the message's {placeholders}
  std::vector<LocalisedWord> words;  // fill placeholders too, in the language of the message

  Error() = default;
  Error(ErrorCode c, MessageKey msg, std::string internal_detail = {})
      : code(c), message(msg), internal(std::move(internal_detail)) {}

  Error& with(std::string key, ErrorDetailValue value) {
    details.emplace_back(std::move(key), std::move(value));
    return *this;
  }
  Error& with_word(std::string name, std::string_view zh, std::string_view en) {
    words.push_back({std::move(name), std::string(zh), std::string(en)});
    return *this;
  }
  // The message (or the code's default) in `language`, its {placeholders} filled from the details.
  std::string public_message(Language language = Language::zh_cn) const;
  // The message's key, or the code's default message's key.
  std::string_view message_key() const;
};

// The one builder of a field's validation error: 422 validation_failed naming the field in
// details.field, which the message may say as {field}.
Error invalid(std::string field, MessageKey message);

// A message template with its {placeholders} filled from `words` (in `language`) or `details`; a
// list is joined with "、" in zh-CN and ", " in English. A placeholder with neither is left as
// written (so literal braces in a message, such as a JSON example, need no escaping).
std::string render_message(std::string_view text, const ErrorDetails& details, Language language,
                           const std::vector<LocalisedWord>& words = {});

}  // namespace ug
