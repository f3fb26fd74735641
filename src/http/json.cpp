// JSON bodies in, JSON responses and error envelopes out.
#include "http/json.hpp"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <boost/locale/utf.hpp>
#include <cmath>

#include "core/text.hpp"

namespace ug::http {
namespace json = boost::json;

std::string valid_utf8(std::string_view text) {
  namespace utf = boost::locale::utf;
  std::string out;
  out.reserve(text.size());
  const char* p = text.data();
  const char* const end = p + text.size();
  while (p != end) {
    const char* const start = p;
    const auto code_point = utf::utf_traits<char>::decode(p, end);
    if (code_point == utf::illegal || code_point == utf::incomplete) {
      out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
      p = start + 1;          // resynchronise on the next byte
    } else {
      out.append(start, p);
    }
  }
  return out;
}

namespace {

json::value detail_to_json(const ErrorDetailValue& value) {
  if (const auto* i = std::get_if<std::int64_t>(&value)) return *i;
  if (const auto* s = std::get_if<std::string>(&value)) return json::string(valid_utf8(*s));
  json::array out;
  for (const auto& item : std::get<std::vector<std::string>>(value)) out.emplace_back(valid_utf8(item));
  return out;
}

// Boost.JSON reads a number beyond the double range (1e400) as infinity and would write it back as
// `Infinity`, which is not JSON. Such input is refused (found by fuzz_json_body).
bool all_numbers_finite(const json::value& value) {
  switch (value.kind()) {
    case json::kind::double_:
      return std::isfinite(value.get_double());
    case json::kind::array:
      for (const auto& item : value.get_array()) {
        if (!all_numbers_finite(item)) return false;
      }
      return true;
    case json::kind::object:
      for (const auto& [key, item] : value.get_object()) {
        if (!all_numbers_finite(item)) return false;
      }
      return true;
    default:
      return true;
  }
}

}  // namespace

bool is_json_content_type(std::string_view value, std::string_view media_type) {
  const std::string text = ascii_lower(value);
  const auto parts = split_list(text, ';');
  if (parts.empty() || parts[0] != media_type) return false;
  for (std::size_t i = 1; i < parts.size(); ++i) {
    const auto eq = parts[i].find('=');
    if (eq == std::string_view::npos) return false;
    if (trim_blanks(parts[i].substr(0, eq)) != "charset") continue;
    auto charset = trim_blanks(parts[i].substr(eq + 1));
    if (charset.size() >= 2 && charset.front() == '"' && charset.back() == '"') {
      charset = charset.substr(1, charset.size() - 2);
    }
    if (charset != "utf-8") return false;
  }
  return true;
}

Result<json::value> parse_json_text(std::string_view text) {
  json::parse_options options;
  options.max_depth = kMaxJsonDepth;
  boost::system::error_code ec;
  json::value value = json::parse(text, ec, {}, options);
  if (ec) {
    return fail(Error(ErrorCode::invalid_json, "json.invalid").with("reason", ec.message()));
  }
  if (!all_numbers_finite(value)) {
    return fail(
        Error(ErrorCode::invalid_json, "json.number_out_of_range").with("reason", std::string("number out of range")));
  }
  return value;
}

Result<json::value> parse_json_body(const Request& request) {
  const auto type = request.header("content-type");
  if (!type || !is_json_content_type(*type)) {
    return fail(Error(ErrorCode::unsupported_media_type, "json.content_type_required")
                    .with("expected", std::string("application/json"))
                    .with("received", std::string(type ? *type : "")));
  }
  if (request.body.empty()) return fail(ErrorCode::invalid_json, "json.body_empty");
  if (request.parsed_json_body) {
    auto parsed = std::move(*request.parsed_json_body);
    request.parsed_json_body.reset();
    return parsed;
  }
  return parse_json_text(request.body);
}

Response json_response(int status, const json::value& body) {
  Response response;
  response.status = status;
  response.set_header("content-type", std::string(kJsonContentType));
  response.body = json::serialize(body);
  return response;
}

Response error_response(const Error& error, const Request& request) {
  return error_response(error, request.request_id, request.language());
}

Response error_response(const Error& error, std::string_view request_id, Language language) {
  json::object details;
  for (const auto& [key, value] : error.details) details[key] = detail_to_json(value);
  json::object inner;
  inner["code"] = to_string(error.code);
  inner["message"] = valid_utf8(error.public_message(language));
  inner["details"] = std::move(details);
  if (!request_id.empty()) inner["request_id"] = request_id;
  json::object envelope;
  envelope["error"] = std::move(inner);
  auto response = json_response(info(error.code).http_status, envelope);
  response.set_header("cache-control", "no-store");
  response.set_header("content-language", std::string(language_tag(language)));
  // An error that says when to try again (a back-off, a full queue, exports already running).
  for (const auto& [key, value] : error.details) {
    if (const auto* seconds = std::get_if<std::int64_t>(&value); seconds && key == "retry_after") {
      response.set_header("retry-after", std::to_string(*seconds));
    }
  }
  return response;
}

}  // namespace ug::http
