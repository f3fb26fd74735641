// API answers compressed as they leave (issue 22 §3): only when the client takes gzip, the body is
// text and worth it, and it is not an event stream; the body inflates to what the handler wrote,
// caches are told the answer varies, and a map layer's tag names its gzip form.
#include "http/compression.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

namespace ug::http {
namespace {

std::string inflated(const std::string& gz, std::size_t expected) {
  z_stream s{};
  inflateInit2(&s, 15 + 16);
  std::string out(expected + 16, '\0');
  s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
  s.avail_in = static_cast<uInt>(gz.size());
  s.next_out = reinterpret_cast<Bytef*>(out.data());
  s.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&s, Z_FINISH), Z_STREAM_END);
  out.resize(s.total_out);
  inflateEnd(&s);
  return out;
}

// A stream that never sends: only its presence matters here.
class SilentStream final : public EventStream {
 public:
  EventStreamPolicy policy() const override { return {}; }
  void start(EventSink) override {}
  void stop() override {}
};

Request asking(std::string accept_encoding) {
  Request r;
  if (!accept_encoding.empty()) r.headers.emplace_back("accept-encoding", std::move(accept_encoding));
  return r;
}

Response answer(std::string type, std::string body) {
  Response r;
  r.set_header("content-type", std::move(type));
  r.body = std::move(body);
  return r;
}

std::string queue_page() {
  std::string body = R"({"cases":[)";
  for (int i = 0; i < 50; ++i)
    body += R"({"id":"2026120700000)" + std::to_string(i) + R"(","state":"dispatched","address":"育才路12号"},)";
  return body + "{}]}";
}

TEST(Compression, ALargeJsonAnswerIsGzippedForAClientThatTakesIt) {
  const auto body = queue_page();
  auto r = answer("application/json", body);
  compress_answer(asking("gzip, deflate, br"), r);
  EXPECT_EQ(r.header("content-encoding"), "gzip");
  EXPECT_EQ(r.header("vary"), "Accept-Encoding");
  EXPECT_LT(r.body.size(), body.size() / 4);
  EXPECT_EQ(inflated(r.body, body.size()), body);
}

TEST(Compression, SmallOrBinaryOrRefusedOrStreamedAnswersStayAsTheyAre) {
  const auto body = queue_page();
  auto small = answer("application/json", R"({"ok":true})");
  compress_answer(asking("gzip"), small);
  EXPECT_FALSE(small.header("content-encoding"));
  EXPECT_EQ(small.header("vary"), "Accept-Encoding");
  for (const auto* encoding : {"", "gzip;q=0", "br", "identity"}) {
    auto r = answer("application/json", body);
    compress_answer(asking(encoding), r);
    EXPECT_FALSE(r.header("content-encoding")) << encoding;
    EXPECT_EQ(r.body, body);
  }
  auto photo = answer("image/jpeg", std::string(50'000, 'x'));
  compress_answer(asking("gzip"), photo);
  EXPECT_FALSE(photo.header("content-encoding"));
  EXPECT_FALSE(photo.header("vary"));
  auto stream = answer("text/event-stream", body);
  stream.stream = std::make_shared<SilentStream>();
  compress_answer(asking("gzip"), stream);
  EXPECT_FALSE(stream.header("content-encoding"));
}

TEST(Compression, AMapLayersTagNamesItsGzipForm) {
  std::string layer = R"({"type":"FeatureCollection","features":[)";
  for (int i = 0; i < 200; ++i)
    layer += R"({"type":"Feature","properties":{"code":"37081100200100)" + std::to_string(i) + R"("}},)";
  layer += "{}]}";
  auto r = answer("application/geo+json", layer);
  r.set_header("etag", "\"00ff\"");
  compress_answer(asking("gzip"), r);
  EXPECT_EQ(r.header("content-encoding"), "gzip");
  EXPECT_EQ(r.header("etag"), "\"00ff-gz\"");
}

}  // namespace
}  // namespace ug::http
