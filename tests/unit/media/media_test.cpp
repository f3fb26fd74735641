// Photos by their bytes: type, size, EXIF GPS and orientation, the pictures made from them
// (upright thumbnails, public copies without EXIF), the refusal of decompression bombs from the
// header, and the decode pool's queue and memory budget. Every input is made here
// (support/photo_fixtures).
#include <gd.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <stdexcept>
#include <thread>

#include "media/decode_pool.hpp"
#include "media/image_format.hpp"
#include "media/photo_metadata.hpp"
#include "media/renditions.hpp"
#include "support/photo_fixtures.hpp"

namespace ug::media {
namespace {

// Rencheng district, Jining (the demo city), as a phone records it.
constexpr GpsPosition kRencheng{116.595123, 35.414567};

TEST(ImageFormat, TheTypeComesFromTheBytesNotTheName) {
  EXPECT_EQ(sniff(test::picture(ImageType::jpeg, 8, 8)), ImageType::jpeg);
  EXPECT_EQ(sniff(test::picture(ImageType::png, 8, 8)), ImageType::png);
  EXPECT_EQ(sniff(test::picture(ImageType::webp, 8, 8)), ImageType::webp);
  EXPECT_EQ(sniff("GIF89a..."), std::nullopt);
  EXPECT_EQ(sniff("<html>photo.jpg</html>"), std::nullopt);
  EXPECT_EQ(sniff(""), std::nullopt);
  EXPECT_EQ(read_header("%PDF-1.7 not a photo").error().code, ErrorCode::unsupported_media_type);
}

TEST(ImageFormat, TheSizeIsReadFromEachHeader) {
  for (const auto type : {ImageType::jpeg, ImageType::png, ImageType::webp}) {
    SCOPED_TRACE(std::string(media_type(type)));
    const auto header = read_header(test::picture(type, 64, 48)).value();
    EXPECT_EQ(header.type, type);
    EXPECT_EQ(header.width, 64u);
    EXPECT_EQ(header.height, 48u);
  }
}

TEST(ImageFormat, ACutOrForgedHeaderIsRefused) {
  const auto jpeg = test::picture(ImageType::jpeg, 64, 48);
  EXPECT_EQ(read_header(jpeg.substr(0, 20)).error().code, ErrorCode::validation_failed);
  EXPECT_EQ(read_header(std::string("\xFF\xD8\xFF\xE0\x00\x02", 6) + "rest is not JPEG").error().code,
            ErrorCode::validation_failed);
  EXPECT_EQ(read_header(std::string("\x89PNG\r\n\x1a\n", 8) + "short").error().code, ErrorCode::validation_failed);
  EXPECT_EQ(read_header(std::string("RIFF\x10\x00\x00\x00WEBPJUNKJUNK", 20)).error().code,
            ErrorCode::validation_failed);
}

// A header cut anywhere reads as an error or as the true size, never as another size.
TEST(ImageFormat, EveryCutOfEachFormatIsRefusedOrReadTrue) {
  for (const auto type : {ImageType::jpeg, ImageType::png, ImageType::webp}) {
    SCOPED_TRACE(std::string(media_type(type)));
    const auto bytes = test::picture(type, 640, 480);
    for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
      const auto header = read_header(std::string_view(bytes).substr(0, cut));
      if (!header) {
        const auto code = header.error().code;
        EXPECT_TRUE(code == ErrorCode::validation_failed || code == ErrorCode::unsupported_media_type) << cut;
        continue;
      }
      EXPECT_EQ(header->width, 640u) << cut;
      EXPECT_EQ(header->height, 480u) << cut;
    }
  }
}

// The bytes of a PNG IHDR chunk claiming `width`×`height`, CRC included (libgd checks none of it
// before decoding; the CRC only keeps the file valid).
std::string with_png_size(std::string png, std::uint32_t width, std::uint32_t height) {
  for (int i = 0; i < 4; ++i) {
    png[16 + i] = static_cast<char>((width >> (24 - 8 * i)) & 0xFF);
    png[20 + i] = static_cast<char>((height >> (24 - 8 * i)) & 0xFF);
  }
  return png;
}

TEST(ImageFormat, LyingHeadersOfEachFormat) {
  // The code a header was refused with; nullopt when it was read.
  const auto refusal = [](std::string_view bytes) -> std::optional<ErrorCode> {
    auto header = read_header(bytes);
    if (header) return std::nullopt;
    return header.error().code;
  };
  // PNG: the size is IHDR's, whatever follows; a zero side is no picture.
  const auto png = test::picture(ImageType::png, 64, 48);
  EXPECT_EQ(read_header(with_png_size(png, 7071, 7071)).value().width, 7071u);
  EXPECT_EQ(refusal(with_png_size(png, 0, 48)), ErrorCode::validation_failed);
  // JPEG: a frame header (SOF) that says 0 lines (the height left to a DNL marker) is refused.
  auto jpeg = test::picture(ImageType::jpeg, 64, 48);
  const auto sof = jpeg.find("\xFF\xC0");
  ASSERT_NE(sof, std::string::npos);
  jpeg[sof + 5] = jpeg[sof + 6] = '\0';
  EXPECT_EQ(refusal(jpeg), ErrorCode::validation_failed);
  // JPEG: a segment length that runs past the end of the file.
  auto overrun = test::picture(ImageType::jpeg, 64, 48);
  overrun[4] = overrun[5] = '\xFF';
  EXPECT_EQ(refusal(overrun), ErrorCode::validation_failed);

  // WebP: an extended header (VP8X) whose canvas disagrees with the frame inside is refused; one
  // that agrees reads as the frame's size.
  const auto simple = test::picture(ImageType::webp, 640, 480);  // RIFF, WEBP, then one VP8 chunk
  ASSERT_EQ(simple.substr(12, 4), "VP8 ");
  const auto extended = [&](std::uint32_t width, std::uint32_t height) {
    std::string vp8x = "VP8X";
    vp8x += std::string("\x0a\x00\x00\x00", 4) + std::string(4, '\0');
    for (const auto side : {width - 1, height - 1}) {
      for (int i = 0; i < 3; ++i) vp8x.push_back(static_cast<char>((side >> (8 * i)) & 0xFF));
    }
    std::string body = "WEBP" + vp8x + simple.substr(12);
    std::string out = "RIFF";
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((body.size() >> (8 * i)) & 0xFF));
    return out + body;
  };
  const auto honest = read_header(extended(640, 480));
  ASSERT_TRUE(honest) << honest.error().internal;
  EXPECT_EQ(honest->width, 640u);
  EXPECT_EQ(refusal(extended(64, 48)), ErrorCode::validation_failed);
  EXPECT_EQ(refusal(extended(16000, 16000)), ErrorCode::validation_failed);
  // WebP: a VP8 chunk without the key-frame start code.
  auto no_start_code = simple;
  no_start_code[20 + 3] = 'x';
  EXPECT_EQ(refusal(no_start_code), ErrorCode::validation_failed);
}

TEST(DecompressionBomb, TheIssuesAllZeroPngIsRefusedFromItsHeader) {
  const auto bomb = test::zero_png(7071, 7071);
  EXPECT_LT(bomb.size(), 64u * 1024);  // ~48 KB for 50 megapixels
  const auto header = read_header(bomb).value();
  EXPECT_EQ(header.width, 7071u);
  const RenditionLimits limits;
  ASSERT_LE(std::uint64_t{7071} * 7071, limits.max_pixels);  // the pixel cap alone lets it through
  const auto refused = check_before_decoding(header, bomb.size(), limits);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::validation_failed);
  EXPECT_NE(refused.error().public_message().find("解压炸弹"), std::string::npos);
  EXPECT_NE(refused.error().public_message().find("7071×7071"), std::string::npos);
  // make_renditions refuses it the same way, without decoding.
  const auto made = make_renditions(bomb, header, 1, limits);
  ASSERT_FALSE(made);
  EXPECT_EQ(made.error().code, ErrorCode::validation_failed);
}

TEST(DecompressionBomb, RealPhotoRatiosPassAndSmallPicturesAreExempt) {
  const RenditionLimits limits;
  const auto check = [&](std::uint32_t w, std::uint32_t h, std::size_t bytes) {
    return static_cast<bool>(check_before_decoding({ImageType::jpeg, w, h}, bytes, limits));
  };
  EXPECT_TRUE(check(4000, 3000, 2'000'000));  // a 12-megapixel phone photo at 2 MB: 6 pixels a byte
  EXPECT_TRUE(check(4000, 3000, 5'000'000));
  EXPECT_TRUE(check(8160, 6120, 6'000'000));  // a 50-megapixel phone mode
  EXPECT_TRUE(check(1170, 2532, 100'000));    // a blank screenshot: 30 pixels a byte
  EXPECT_TRUE(check(2000, 2000, 100));        // 4 megapixels of one colour: exempt, cheap to decode
  // At the limit and just past it (64 pixels a byte).
  EXPECT_TRUE(check(4000, 4000, 250'000));
  EXPECT_FALSE(check(4000, 4000, 249'999));
  EXPECT_FALSE(check(7071, 7071, 0));
  // Over the pixel cap whatever the size.
  EXPECT_FALSE(check(8000, 8000, 9'000'000));
}

TEST(DecompressionBomb, TheMemoryEstimateCoversTheDecodersBuffers) {
  const RenditionLimits limits;
  // 50 megapixels: libgd's 4-byte canvas plus the decoder's buffer, plus the reduced copies.
  EXPECT_GE(decoding_bytes({ImageType::png, 7071, 7071}, limits), std::uint64_t{7071} * 7071 * 8);
  EXPECT_LT(decoding_bytes({ImageType::png, 7071, 7071}, limits), DecodePoolLimits{}.memory_budget_bytes);
}

TEST(DecodePool, AFullQueueIsRefusedAtOnceAndTheQueuedRunInTurn) {
  DecodePool pool({1, 1, 1u << 30, 7});
  std::promise<void> release;
  auto released = release.get_future().share();
  std::atomic<int> ran{0};
  auto first = std::async(std::launch::async, [&] {
    return pool.run(10, [&] {
      released.wait();
      ++ran;
    });
  });
  while (pool.admitted() < 1) std::this_thread::yield();
  auto second = std::async(std::launch::async, [&] { return pool.run(10, [&] { ++ran; }); });
  while (pool.admitted() < 2) std::this_thread::yield();

  // One running, one waiting: a third is refused without waiting, with when to retry.
  const auto started = std::chrono::steady_clock::now();
  const auto third = pool.run(10, [&] { ++ran; });
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(1));
  ASSERT_FALSE(third);
  EXPECT_EQ(third.error().code, ErrorCode::overloaded);
  ASSERT_EQ(third.error().details.size(), 1u);
  EXPECT_EQ(third.error().details[0].first, "retry_after");
  EXPECT_EQ(std::get<std::int64_t>(third.error().details[0].second), 7);

  release.set_value();
  EXPECT_TRUE(first.get());
  EXPECT_TRUE(second.get());
  EXPECT_EQ(ran.load(), 2);
  EXPECT_EQ(pool.admitted(), 0);
}

TEST(DecodePool, DecodesThatTogetherExceedTheBudgetRunOneAfterTheOther) {
  DecodePool pool({2, 4, 1000, 1});  // two threads, but room for one 600-byte decode at a time
  std::atomic<int> running{0}, most{0};
  const auto work = [&] {
    const int now = ++running;
    int seen = most.load();
    while (now > seen && !most.compare_exchange_weak(seen, now)) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    --running;
  };
  std::vector<std::future<Result<void>>> jobs;
  for (int i = 0; i < 3; ++i) jobs.push_back(std::async(std::launch::async, [&] { return pool.run(600, work); }));
  for (auto& job : jobs) EXPECT_TRUE(job.get());
  EXPECT_EQ(most.load(), 1);

  // Small ones share the budget and the two threads.
  most = 0;
  jobs.clear();
  for (int i = 0; i < 4; ++i) jobs.push_back(std::async(std::launch::async, [&] { return pool.run(100, work); }));
  for (auto& job : jobs) EXPECT_TRUE(job.get());
  EXPECT_LE(most.load(), 2);
}

// Nicer than whoever started the server, even when that was already niced: an absolute nice 10
// would put decodes ahead of a server started under `nice 15`.
TEST(DecodePool, DecodesRunNicerThanTheServer) {
  const auto niceness = [] { return ::getpriority(PRIO_PROCESS, static_cast<id_t>(::syscall(SYS_gettid))); };
  // A server thread already niced by 5 (raising one's own nice needs no privilege); the pool's
  // threads inherit it from the thread that makes the pool.
  int server = 0, decoder = 0;
  bool ran = false;
  std::thread([&] {
    ::setpriority(PRIO_PROCESS, static_cast<id_t>(::syscall(SYS_gettid)), std::min(19, niceness() + 5));
    server = niceness();
    DecodePool pool({});
    ran = static_cast<bool>(pool.run(1, [&] { decoder = niceness(); }));
  }).join();
  ASSERT_TRUE(ran);
  EXPECT_EQ(decoder, std::min(19, server + 10));
}

TEST(DecodePool, AnExceptionReachesTheCaller) {
  DecodePool pool({});
  EXPECT_THROW((void)pool.run(1, [] { throw std::runtime_error("libgd"); }), std::runtime_error);
  EXPECT_TRUE(pool.run(1, [] {}));  // the thread survives it
}

TEST(PhotoMetadata, GpsAndOrientationFromJpegAndPngExif) {
  const auto tiff = test::exif_tiff(kRencheng, 6);
  for (const auto& [type, bytes] :
       {std::pair{ImageType::jpeg, test::jpeg_with_exif(test::picture(ImageType::jpeg, 64, 48), tiff)},
        std::pair{ImageType::png, test::png_with_exif(test::picture(ImageType::png, 64, 48), tiff)}}) {
    SCOPED_TRACE(std::string(media_type(type)));
    ASSERT_TRUE(read_header(bytes));  // the added block keeps the file valid
    const auto metadata = read_photo_metadata(exif_block(bytes, type));
    ASSERT_TRUE(metadata.gps);
    // Seconds are stored to the millisecond: 1/3600000 of a degree.
    EXPECT_NEAR(metadata.gps->lon, kRencheng.lon, 1e-6);
    EXPECT_NEAR(metadata.gps->lat, kRencheng.lat, 1e-6);
    EXPECT_EQ(metadata.orientation, 6);
  }
}

TEST(PhotoMetadata, SouthAndWestAreNegativeAndNoFixIsNoPlace) {
  const auto jpeg = test::picture(ImageType::jpeg, 16, 16);
  const auto south_west = read_photo_metadata(
      exif_block(test::jpeg_with_exif(jpeg, test::exif_tiff(GpsPosition{-73.98, -40.5})), ImageType::jpeg));
  ASSERT_TRUE(south_west.gps);
  EXPECT_NEAR(south_west.gps->lon, -73.98, 1e-6);
  EXPECT_NEAR(south_west.gps->lat, -40.5, 1e-6);
  // 0,0 is what a camera without a fix writes.
  EXPECT_FALSE(
      read_photo_metadata(exif_block(test::jpeg_with_exif(jpeg, test::exif_tiff(GpsPosition{0, 0})), ImageType::jpeg))
          .gps);
  const auto none = read_photo_metadata(exif_block(jpeg, ImageType::jpeg));
  EXPECT_FALSE(none.gps);
  EXPECT_EQ(none.orientation, 1);
  EXPECT_FALSE(read_photo_metadata("II*\0 broken").gps);
}

// The colour at (x, y) of a decoded JPEG: 'r', 'b' or '?'.
char colour_at(const std::string& jpeg, int x, int y) {
  gdImagePtr image = gdImageCreateFromJpegPtr(static_cast<int>(jpeg.size()), const_cast<char*>(jpeg.data()));
  if (image == nullptr) return '?';
  const int c = gdImageGetTrueColorPixel(image, x, y);
  gdImageDestroy(image);
  if (gdTrueColorGetRed(c) > 200 && gdTrueColorGetBlue(c) < 60) return 'r';
  if (gdTrueColorGetBlue(c) > 200 && gdTrueColorGetRed(c) < 60) return 'b';
  return '?';
}

TEST(Renditions, ThumbnailsAreSmallAndUpright) {
  const auto bytes = test::picture(ImageType::jpeg, 1000, 500);
  const auto header = read_header(bytes).value();
  const auto plain = make_renditions(bytes, header, 1, {}).value();
  const auto thumb = read_header(plain.thumbnail).value();
  EXPECT_EQ(thumb.type, ImageType::jpeg);
  EXPECT_EQ(thumb.width, 320u);
  EXPECT_EQ(thumb.height, 160u);
  EXPECT_EQ(colour_at(plain.thumbnail, 10, 80), 'r');  // left red, right blue, as taken
  EXPECT_EQ(colour_at(plain.thumbnail, 310, 80), 'b');

  // Orientation 6: the camera was turned; a quarter turn clockwise puts the left edge on top.
  const auto turned = make_renditions(bytes, header, 6, {}).value();
  const auto t = read_header(turned.thumbnail).value();
  EXPECT_EQ(t.width, 160u);
  EXPECT_EQ(t.height, 320u);
  EXPECT_EQ(colour_at(turned.thumbnail, 80, 10), 'r');
  EXPECT_EQ(colour_at(turned.thumbnail, 80, 310), 'b');
  // Orientation 8: the other way.
  const auto other = make_renditions(bytes, header, 8, {}).value();
  EXPECT_EQ(colour_at(other.thumbnail, 80, 10), 'b');
  EXPECT_EQ(colour_at(other.thumbnail, 80, 310), 'r');
}

TEST(Renditions, ThePublicCopyKeepsTheFormatAndDropsTheExif) {
  const auto tiff = test::exif_tiff(kRencheng, 1);
  for (const auto& [type, bytes] :
       {std::pair{ImageType::jpeg, test::jpeg_with_exif(test::picture(ImageType::jpeg, 300, 200), tiff)},
        std::pair{ImageType::png, test::png_with_exif(test::picture(ImageType::png, 300, 200), tiff)},
        std::pair{ImageType::webp, test::picture(ImageType::webp, 300, 200)}}) {
    SCOPED_TRACE(std::string(media_type(type)));
    const auto made = make_renditions(bytes, read_header(bytes).value(), 1, {}).value();
    EXPECT_EQ(made.public_type, type);
    const auto header = read_header(made.public_copy).value();
    EXPECT_EQ(header.width, 300u);  // under the public size limit: not scaled
    EXPECT_TRUE(exif_block(made.public_copy, type).empty());
    EXPECT_EQ(made.public_copy.find("Exif"), std::string::npos);
    EXPECT_FALSE(read_photo_metadata(exif_block(made.public_copy, type)).gps);
  }
}

TEST(Renditions, AGiantOrUndecodablePictureIsRefusedWithoutDecoding) {
  auto bytes = test::picture(ImageType::png, 64, 48);
  auto header = read_header(bytes).value();
  header.width = header.height = 60'000;  // what a forged header could claim: 3.6 gigapixels
  const auto giant = make_renditions(bytes, header, 1, {});
  ASSERT_FALSE(giant);
  EXPECT_EQ(giant.error().code, ErrorCode::validation_failed);
  EXPECT_NE(giant.error().public_message().find("太大"), std::string::npos);

  // A JPEG head followed by noise: the header reads, the decoder refuses.
  auto jpeg = test::picture(ImageType::jpeg, 64, 48);
  const auto scan = jpeg.find("\xFF\xDA");
  ASSERT_NE(scan, std::string::npos);
  for (std::size_t i = scan + 20; i < jpeg.size(); ++i) jpeg[i] = static_cast<char>(0xFF);
  const auto broken = make_renditions(jpeg, read_header(jpeg).value(), 1, {});
  if (broken) {
    // libjpeg pads a damaged scan with grey rather than failing; the result is still a picture.
    EXPECT_EQ(read_header(broken->thumbnail).value().width, 64u);
  } else {
    EXPECT_EQ(broken.error().code, ErrorCode::validation_failed);
  }
  const auto png = test::picture(ImageType::png, 64, 48);
  const auto cut = png.substr(0, png.size() / 2);
  EXPECT_EQ(make_renditions(cut, read_header(cut).value(), 1, {}).error().code, ErrorCode::validation_failed);
}

}  // namespace
}  // namespace ug::media
