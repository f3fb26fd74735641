// JSON bodies in, JSON responses and error envelopes out.
#include "http/json.hpp"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>

namespace ug::http {
namespace json = boost::json;

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// application/json, optionally with charset=utf-8 (any case, optional quotes); other types and
// other charsets are refused.
bool is_json_content_type(std::string_view value) {
  const std::string text = lower(value);
  std::string_view rest = text;
  bool first = true;
  while (true) {
    const auto semi = rest.find(';');
    const auto part = trim(rest.substr(0, semi));
    if (first) {
      if (part != "application/json") return false;
      first = false;
    } else if (!part.empty()) {
      const auto eq = part.find('=');
      if (eq == std::string_view::npos) return false;
      if (trim(part.substr(0, eq)) == "charset") {
        auto charset = trim(part.substr(eq + 1));
        if (charset.size() >= 2 && charset.front() == '"' && charset.back() == '"') {
          charset = charset.substr(1, charset.size() - 2);
        }
        if (charset != "utf-8") return false;
      }
    }
    if (semi == std::string_view::npos) return true;
    rest = rest.substr(semi + 1);
  }
}

json::value detail_to_json(const ErrorDetailValue& value) {
  if (const auto* i = std::get_if<std::int64_t>(&value)) return *i;
  if (const auto* s = std::get_if<std::string>(&value)) return json::string(*s);
  json::array out;
  for (const auto& item : std::get<std::vector<std::string>>(value)) out.emplace_back(item);
  return out;
}

}  // namespace

Result<json::value> parse_json_text(std::string_view text) {
  json::parse_options options;
  options.max_depth = kMaxJsonDepth;
  boost::system::error_code ec;
  json::value value = json::parse(text, ec, {}, options);
  if (ec) {
    return fail(Error(ErrorCode::invalid_json, "请求体不是合法的 JSON：" + ec.message()).with("reason", ec.message()));
  }
  return value;
}

Result<json::value> parse_json_body(const Request& request) {
  const auto type = request.header("content-type");
  if (!type || !is_json_content_type(*type)) {
    return fail(Error(ErrorCode::unsupported_media_type, "请求体必须是 application/json（UTF-8）")
                    .with("expected", std::string("application/json"))
                    .with("received", std::string(type ? *type : "")));
  }
  if (request.body.empty()) return fail(ErrorCode::invalid_json, "请求体为空，需要一个 JSON 值");
  return parse_json_text(request.body);
}

Response json_response(int status, const json::value& body) {
  Response response;
  response.status = status;
  response.set_header("content-type", std::string(kJsonContentType));
  response.body = json::serialize(body);
  return response;
}

Response error_response(const Error& error, std::string_view request_id) {
  json::object details;
  for (const auto& [key, value] : error.details) details[key] = detail_to_json(value);
  json::object inner;
  inner["code"] = to_string(error.code);
  inner["message"] = error.public_message();
  inner["details"] = std::move(details);
  if (!request_id.empty()) inner["request_id"] = request_id;
  json::object envelope;
  envelope["error"] = std::move(inner);
  auto response = json_response(info(error.code).http_status, envelope);
  response.set_header("cache-control", "no-store");
  return response;
}

}  // namespace ug::http
