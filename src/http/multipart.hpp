// multipart/form-data bodies (RFC 7578 over RFC 2046 §5.1): how browsers and phone apps send a
// photo. The parts are views into the body; nothing is copied and nothing is decoded further.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace ug::http {

struct MultipartPart {
  std::string name;          // Content-Disposition: form-data; name="…"
  std::string filename;      // filename="…", "" when absent
  std::string content_type;  // the part's Content-Type, "" when absent
  std::string_view body;
};

// The boundary parameter of a multipart/form-data Content-Type; ErrorCode::unsupported_media_type
// for another type, bad_request for a missing or malformed boundary.
Result<std::string> multipart_boundary(std::string_view content_type);

// The parts of `body`. ErrorCode::bad_request when the framing is broken or there are more than
// `max_parts` parts.
Result<std::vector<MultipartPart>> parse_multipart(std::string_view body, std::string_view boundary,
                                                   std::size_t max_parts = 16);

}  // namespace ug::http
