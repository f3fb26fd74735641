// multipart/form-data as browsers, curl and phone apps send it, and the broken framings that must
// be refused rather than guessed at.
#include "http/multipart.hpp"

#include <gtest/gtest.h>

namespace ug::http {
namespace {

TEST(Multipart, TheBoundaryComesFromTheContentType) {
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxk").value(),
            "----WebKitFormBoundary7MA4YWxk");
  EXPECT_EQ(multipart_boundary("Multipart/Form-Data; charset=utf-8; boundary=\"a b:c\"").value(), "a b:c");
  EXPECT_EQ(multipart_boundary("application/json").error().code, ErrorCode::unsupported_media_type);
  EXPECT_EQ(multipart_boundary("multipart/form-data").error().code, ErrorCode::bad_request);
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=").error().code, ErrorCode::bad_request);
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=\"unterminated").error().code, ErrorCode::bad_request);
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=" + std::string(71, 'x')).error().code,
            ErrorCode::bad_request);
}

TEST(Multipart, PartsKeepTheirBytesExactly) {
  constexpr char kPhoto[] = "\xFF\xD8\xFF\r\n--not-the-boundary\r\n\0end";
  const std::string photo(kPhoto, sizeof kPhoto - 1);  // the NUL inside included
  const std::string body =
      "preamble to ignore\r\n--XyZ\r\n"
      "Content-Disposition: form-data; name=\"note\"\r\n\r\n"
      "井盖缺失\r\n--XyZ\r\n"
      "Content-Disposition: form-data; name=\"file\"; filename=\"现场 1.jpg\"\r\n"
      "Content-Type: image/jpeg\r\n\r\n" +
      photo + "\r\n--XyZ--\r\nepilogue";
  const auto parts = parse_multipart(body, "XyZ").value();
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].name, "note");
  EXPECT_EQ(parts[0].body, "井盖缺失");
  EXPECT_EQ(parts[0].filename, "");
  EXPECT_EQ(parts[1].name, "file");
  EXPECT_EQ(parts[1].filename, "现场 1.jpg");
  EXPECT_EQ(parts[1].content_type, "image/jpeg");
  EXPECT_EQ(parts[1].body, photo);
}

TEST(Multipart, BrokenFramingIsABadRequest) {
  const auto bad = [](const std::string& body) {
    const auto parts = parse_multipart(body, "B");
    return !parts && parts.error().code == ErrorCode::bad_request;
  };
  EXPECT_TRUE(bad(""));
  EXPECT_TRUE(bad("no delimiter at all"));
  EXPECT_TRUE(bad("--B\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nno closing delimiter"));
  EXPECT_TRUE(bad("--B\r\nContent-Disposition: form-data; name=\"file\"\r\nno blank line\r\n--B--"));
  EXPECT_TRUE(bad("--B\r\nContent-Type: image/png\r\n\r\nno disposition\r\n--B--"));
  EXPECT_TRUE(bad("--B\r\nContent-Disposition: attachment; name=\"file\"\r\n\r\nx\r\n--B--"));
  EXPECT_TRUE(bad("--B\r\nContent-Disposition: form-data\r\n\r\nno name\r\n--B--"));
  EXPECT_TRUE(bad("--Bjunk\r\n"));
  EXPECT_TRUE(bad("--B\r\n" + std::string(5000, 'h') + "\r\n\r\nheaders too long\r\n--B--"));
  std::string many;
  for (int i = 0; i < 17; ++i) many += "--B\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nx\r\n";
  EXPECT_TRUE(bad(many + "--B--"));
  EXPECT_EQ(parse_multipart("--B--", "B").value().size(), 0u);
}

}  // namespace
}  // namespace ug::http
