// Request/Response helpers: header lookup, query parameters, percent-decoding.
#include "http/message.hpp"

#include "core/text.hpp"

#include <algorithm>
#include <array>

namespace ug::http {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Method parse_method(std::string_view text) {
  static constexpr std::array<std::pair<std::string_view, Method>, 7> known = {{{"GET", Method::get},
                                                                                {"HEAD", Method::head},
                                                                                {"POST", Method::post},
                                                                                {"PUT", Method::put},
                                                                                {"PATCH", Method::patch},
                                                                                {"DELETE", Method::delete_},
                                                                                {"OPTIONS", Method::options}}};
  for (const auto& [name, method] : known) {
    if (name == text) return method;
  }
  return Method::other;
}

std::string_view to_string(Method method) {
  switch (method) {
    case Method::get:
      return "GET";
    case Method::head:
      return "HEAD";
    case Method::post:
      return "POST";
    case Method::put:
      return "PUT";
    case Method::patch:
      return "PATCH";
    case Method::delete_:
      return "DELETE";
    case Method::options:
      return "OPTIONS";
    case Method::other:
      break;
  }
  return "OTHER";
}

std::optional<std::string_view> Request::header(std::string_view lower_case_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_case_name) return std::string_view(value);
  }
  return std::nullopt;
}

namespace {

// The quality value of one Accept-Language item ("en;q=0.8" → 800), 1000 without one, -1 when
// it is not a number between 0 and 1.
int quality_of(std::string_view parameters) {
  for (auto parameter : split_list(parameters, ';')) {
    if (parameter.size() < 2 || (parameter[0] != 'q' && parameter[0] != 'Q') || parameter[1] != '=') continue;
    const auto value = parameter.substr(2);
    if (value.empty() || value.size() > 5 || (value[0] != '0' && value[0] != '1')) return -1;
    int thousandths = (value[0] - '0') * 1000;
    if (value.size() > 1) {
      if (value[1] != '.') return -1;
      int scale = 100;
      for (const char digit : value.substr(2)) {
        if (digit < '0' || digit > '9') return -1;
        thousandths += (digit - '0') * scale;
        scale /= 10;
      }
    }
    return thousandths <= 1000 ? thousandths : -1;
  }
  return 1000;
}

}  // namespace

Language Request::language() const {
  const auto accepted = header("accept-language");
  if (!accepted) return Language::zh_cn;
  int zh_quality = -1;
  int en_quality = -1;
  for (const auto item : split_list(*accepted)) {
    const auto semicolon = item.find(';');
    const auto range = ascii_lower(trim_blanks(item.substr(0, semicolon)));
    const int quality = semicolon == std::string_view::npos ? 1000 : quality_of(item.substr(semicolon + 1));
    const auto primary = range.substr(0, range.find('-'));
    // The first range naming a language decides its quality (the most specific one would, but
    // both languages have one variant here).
    if (primary == "zh" && zh_quality < 0) zh_quality = quality;
    if (primary == "en" && en_quality < 0) en_quality = quality;
  }
  return en_quality > 0 && en_quality > zh_quality ? Language::en : Language::zh_cn;
}

const std::string* Request::path_param(std::string_view name) const {
  for (const auto& [key, value] : path_params) {
    if (key == name) return &value;
  }
  return nullptr;
}

Response file_response(std::string body, std::string_view content_type, std::string_view file_name) {
  Response r;
  r.body = std::move(body);
  r.set_header("content-type", std::string(content_type));
  r.set_header("content-disposition", "attachment; filename=\"" + std::string(file_name) + "\"");
  return r;
}

std::optional<std::string> Request::query_param(std::string_view name) const {
  auto all = query_params(name);
  if (all.empty()) return std::nullopt;
  return std::move(all.front());
}

std::vector<std::string> Request::query_params(std::string_view name) const {
  std::vector<std::string> out;
  std::string_view rest = query;
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    const auto eq = pair.find('=');
    const auto raw_name = pair.substr(0, eq);
    auto decoded_name = percent_decode(raw_name, true);
    if (!decoded_name || *decoded_name != name) continue;
    if (eq == std::string_view::npos) {
      out.emplace_back();
    } else if (auto value = percent_decode(pair.substr(eq + 1), true)) {
      out.push_back(std::move(*value));
    }
  }
  return out;
}

// ETag list match for If-None-Match (weak comparison, as RFC 9110 §13.1.2 says).
bool etag_matches(std::string_view header, std::string_view etag) {
  for (auto item : split_list(header)) {
    if (item == "*") return true;
    if (item.starts_with("W/")) item.remove_prefix(2);
    if (item == etag) return true;
  }
  return false;
}

void Response::set_header(std::string name, std::string value) {
  name = ascii_lower(name);
  for (auto& [key, existing] : headers) {
    if (key == name) {
      existing = std::move(value);
      return;
    }
  }
  headers.emplace_back(std::move(name), std::move(value));
}

std::optional<std::string_view> Response::header(std::string_view lower_case_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_case_name) return std::string_view(value);
  }
  return std::nullopt;
}

std::string origin_form(std::string_view target) {
  if (target.empty() || target.front() == '/') return std::string(target);
  const auto scheme_end = target.find("://");
  if (scheme_end == std::string_view::npos) return std::string(target);
  const auto scheme = ascii_lower(target.substr(0, scheme_end));
  if (scheme != "http" && scheme != "https") return std::string(target);
  const auto path_start = target.find_first_of("/?", scheme_end + 3);
  if (path_start == std::string_view::npos) return "/";
  if (target[path_start] == '?') return "/" + std::string(target.substr(path_start));
  return std::string(target.substr(path_start));
}

std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;  // "%", "%4" at the end
      const int hi = hex_value(text[i + 1]);
      const int lo = hex_value(text[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace ug::http
