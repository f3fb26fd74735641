// Photos by their bytes: type, size, EXIF GPS and orientation, and the pictures made from them
// (upright thumbnails, public copies without EXIF). Every input is made here (support/photo_fixtures).
#include <gd.h>
#include <gtest/gtest.h>

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
  EXPECT_NE(giant.error().message.find("太大"), std::string::npos);

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
