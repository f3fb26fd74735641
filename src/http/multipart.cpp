// A strict reader: CRLF line ends, the delimiter only at the start of a line, a closing delimiter
// required, part headers limited in size. Lenient readers are how request smuggling starts.
#include "http/multipart.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace ug::http {
namespace {

constexpr std::size_t kMaxPartHeaders = 4096;

Error malformed(std::string_view why) { return Error(ErrorCode::bad_request, "multipart.malformed", std::string(why)); }

// RFC 2046 §5.1.1 bchars, without the space a boundary may not end with.
bool is_boundary_char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         std::string_view("'()+_,-./:=? ").find(c) != std::string_view::npos;
}

// The value of `name` among the `; name=value` parameters (a quoted string or a token), "" when
// absent or malformed.
std::string parameter(std::string_view v, std::string_view name) {
  const auto skip_blanks = [&](std::size_t i) {
    while (i < v.size() && (v[i] == ' ' || v[i] == '\t')) ++i;
    return i;
  };
  std::size_t i = v.find(';');
  while (i != std::string_view::npos && i < v.size()) {
    i = skip_blanks(i + 1);
    const auto eq = v.find('=', i);
    if (eq == std::string_view::npos) return {};
    const auto key = ascii_lower(trim_blanks(v.substr(i, eq - i)));
    i = skip_blanks(eq + 1);
    std::string value;
    if (i < v.size() && v[i] == '"') {
      for (++i; i < v.size() && v[i] != '"'; ++i) {
        if (v[i] == '\\' && i + 1 < v.size()) ++i;
        value.push_back(v[i]);
      }
      if (i >= v.size()) return {};  // unterminated quote
      i = v.find(';', i + 1);
    } else {
      const auto end = v.find(';', i);
      value = std::string(trim_blanks(v.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i)));
      i = end;
    }
    if (key == name) return value;
  }
  return {};
}

Result<MultipartPart> read_part(std::string_view part) {
  const auto end_of_headers = part.find("\r\n\r\n");
  if (end_of_headers == std::string_view::npos || end_of_headers > kMaxPartHeaders) {
    return tl::unexpected(malformed("part headers"));
  }
  MultipartPart out;
  bool disposition = false;
  auto headers = part.substr(0, end_of_headers);
  while (!headers.empty()) {
    const auto eol = headers.find("\r\n");
    const auto line = headers.substr(0, eol);
    headers = eol == std::string_view::npos ? std::string_view{} : headers.substr(eol + 2);
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) return tl::unexpected(malformed("part header line"));
    const auto name = ascii_lower(trim_blanks(line.substr(0, colon)));
    const auto value = trim_blanks(line.substr(colon + 1));
    if (name == "content-disposition") {
      if (ascii_lower(trim_blanks(value.substr(0, value.find(';')))) != "form-data") {
        return tl::unexpected(malformed("disposition"));
      }
      disposition = true;
      out.name = parameter(value, "name");
      out.filename = parameter(value, "filename");
    } else if (name == "content-type") {
      out.content_type = ascii_lower(trim_blanks(value.substr(0, value.find(';'))));
    }
  }
  if (!disposition || out.name.empty()) return tl::unexpected(malformed("part without a name"));
  out.body = part.substr(end_of_headers + 4);
  return out;
}

}  // namespace

Result<std::string> multipart_boundary(std::string_view content_type) {
  const auto type = ascii_lower(trim_blanks(content_type.substr(0, content_type.find(';'))));
  if (type != "multipart/form-data") {
    return tl::unexpected(Error(ErrorCode::unsupported_media_type, "multipart.content_type_required")
                              .with("content_type", std::string(content_type)));
  }
  auto boundary = parameter(content_type, "boundary");
  if (boundary.empty() || boundary.size() > 70 || boundary.back() == ' ' ||
      !std::all_of(boundary.begin(), boundary.end(), is_boundary_char)) {
    return tl::unexpected(malformed("boundary parameter"));
  }
  return boundary;
}

Result<std::vector<MultipartPart>> parse_multipart(std::string_view body, std::string_view boundary,
                                                   std::size_t max_parts) {
  const std::string delimiter = "--" + std::string(boundary);
  // The first delimiter starts the body or a line after the preamble.
  std::size_t at = 0;
  if (!body.starts_with(delimiter)) {
    at = body.find("\r\n" + delimiter);
    if (at == std::string_view::npos) return tl::unexpected(malformed("no delimiter"));
    at += 2;
  }
  const std::string next_delimiter = "\r\n" + delimiter;
  std::vector<MultipartPart> parts;
  while (true) {
    at += delimiter.size();
    if (body.substr(at, 2) == "--") return parts;  // the close delimiter; an epilogue is ignored
    // Transport padding (spaces, tabs) may follow a delimiter before its CRLF.
    while (at < body.size() && (body[at] == ' ' || body[at] == '\t')) ++at;
    if (body.substr(at, 2) != "\r\n") return tl::unexpected(malformed("delimiter line"));
    at += 2;
    const auto end = body.find(next_delimiter, at);
    if (end == std::string_view::npos) return tl::unexpected(malformed("no closing delimiter"));
    if (parts.size() == max_parts) return tl::unexpected(malformed("too many parts"));
    UG_TRY_ASSIGN(auto part, read_part(body.substr(at, end - at)));
    parts.push_back(std::move(part));
    at = end + 2;
  }
}

}  // namespace ug::http
