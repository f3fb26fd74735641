// Static files: MIME types, ETag/304, gzip negotiation, caching headers, SPA fallback, and no way
// out of the root (.., encoded .., backslashes, NUL, symlinks).
#include <gtest/gtest.h>
#include <zlib.h>

#include <fstream>

#include "http/static_files.hpp"
#include "support/test_env.hpp"

namespace ug::http {
namespace {

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = test::temp_dir("ug-static");
    root_ = base_ / "dist";
    std::filesystem::create_directories(root_ / "assets");
    write(root_ / "index.html", "<!doctype html><title>城市运行管理</title>" + std::string(2000, ' '));
    write(root_ / "assets" / "app-3f9a.js", "console.log('x');" + std::string(1000, ';'));
    write(root_ / "logo.png", std::string("\x89PNG\r\n\x1a\n", 8));
    write(base_ / "secret.txt", "top secret");
    std::filesystem::create_symlink(base_ / "secret.txt", root_ / "link.txt");
  }
  static void write(const std::filesystem::path& p, const std::string& content) {
    std::ofstream(p, std::ios::binary) << content;
  }
  static Request get(std::string path, std::vector<std::pair<std::string, std::string>> headers = {}) {
    Request r;
    r.path = std::move(path);
    for (auto& h : headers) r.headers.push_back(std::move(h));
    return r;
  }
  std::filesystem::path base_, root_;
};

TEST_F(StaticFilesTest, ServesFilesWithTheirMimeTypes) {
  StaticFiles files(root_);
  auto index = files.serve(get("/"));
  ASSERT_TRUE(index);
  EXPECT_EQ(index->status, 200);
  EXPECT_EQ(index->header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(index->header("cache-control"), "no-cache");
  auto js = files.serve(get("/assets/app-3f9a.js"));
  ASSERT_TRUE(js);
  EXPECT_EQ(js->header("content-type"), "application/javascript; charset=utf-8");
  EXPECT_EQ(js->header("cache-control"), "public, max-age=31536000, immutable");
  auto png = files.serve(get("/logo.png"));
  ASSERT_TRUE(png);
  EXPECT_EQ(png->header("content-type"), "image/png");
  EXPECT_EQ(png->body.size(), 8u);
}

TEST_F(StaticFilesTest, EtagRevalidationAnswers304) {
  StaticFiles files(root_);
  const auto first = files.serve(get("/logo.png"));
  ASSERT_TRUE(first);
  const auto etag = std::string(*first->header("etag"));
  EXPECT_EQ(etag.front(), '"');
  const auto again = files.serve(get("/logo.png", {{"if-none-match", etag}}));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);
  EXPECT_TRUE(again->body.empty());
  const auto other = files.serve(get("/logo.png", {{"if-none-match", "\"nope\""}}));
  EXPECT_EQ(other->status, 200);
}

TEST_F(StaticFilesTest, ChangedFileGetsANewEtag) {
  StaticFiles files(root_);
  const auto before = std::string(*files.serve(get("/logo.png"))->header("etag"));
  write(root_ / "logo.png", "changed content, longer");
  std::filesystem::last_write_time(root_ / "logo.png",
                                   std::filesystem::last_write_time(root_ / "logo.png") + std::chrono::seconds(2));
  const auto after = files.serve(get("/logo.png"));
  EXPECT_NE(std::string(*after->header("etag")), before);
  EXPECT_EQ(after->body, "changed content, longer");
}

TEST_F(StaticFilesTest, GzipOnlyWhenAcceptedAndWorthIt) {
  StaticFiles files(root_);
  const auto plain = files.serve(get("/index.html"));
  EXPECT_FALSE(plain->header("content-encoding"));
  const auto gz = files.serve(get("/index.html", {{"accept-encoding", "br, gzip;q=0.8"}}));
  ASSERT_EQ(gz->header("content-encoding"), "gzip");
  EXPECT_EQ(gz->header("vary"), "Accept-Encoding");
  EXPECT_NE(std::string(*gz->header("etag")), std::string(*plain->header("etag")));
  EXPECT_LT(gz->body.size(), plain->body.size());
  // Inflate and compare.
  z_stream s{};
  inflateInit2(&s, 15 + 16);
  std::string out(plain->body.size() + 16, '\0');
  s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz->body.data()));
  s.avail_in = static_cast<uInt>(gz->body.size());
  s.next_out = reinterpret_cast<Bytef*>(out.data());
  s.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&s, Z_FINISH), Z_STREAM_END);
  out.resize(s.total_out);
  inflateEnd(&s);
  EXPECT_EQ(out, plain->body);
  const auto refused = files.serve(get("/index.html", {{"accept-encoding", "gzip;q=0"}}));
  EXPECT_FALSE(refused->header("content-encoding"));
  const auto binary = files.serve(get("/logo.png", {{"accept-encoding", "gzip"}}));
  EXPECT_FALSE(binary->header("content-encoding"));
}

TEST_F(StaticFilesTest, ClientSideRoutesGetIndexHtml) {
  StaticFiles files(root_);
  const auto route = files.serve(get("/cases/20261123000042"));
  ASSERT_TRUE(route);
  EXPECT_EQ(route->header("content-type"), "text/html; charset=utf-8");
  EXPECT_FALSE(files.serve(get("/missing.js")));  // a missing asset stays missing
}

TEST_F(StaticFilesTest, NothingOutsideTheRootIsReachable) {
  StaticFiles files(root_);
  for (const char* path :
       {"/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "/..%5csecret.txt",
        "/link.txt", "/logo.png%00.html", "/./logo.png", "//etc/passwd", "/%zz"}) {
    const auto r = files.serve(get(path));
    if (r) {
      EXPECT_EQ(r->body.find("top secret"), std::string::npos) << path;
      EXPECT_EQ(r->header("content-type"), "text/html; charset=utf-8") << path;  // at most the SPA page
    }
  }
}

TEST(StaticFilesMime, KnownAndUnknownExtensions) {
  EXPECT_EQ(StaticFiles::mime_type("a.CSS"), "text/css; charset=utf-8");
  EXPECT_EQ(StaticFiles::mime_type("grids.geojson"), "application/geo+json");
  EXPECT_EQ(StaticFiles::mime_type("font.woff2"), "font/woff2");
  EXPECT_EQ(StaticFiles::mime_type("blob"), "application/octet-stream");
}

}  // namespace
}  // namespace ug::http
