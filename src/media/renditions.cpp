// libgd does the decoding, resampling and encoding; orientation is applied here (a pixel remap on
// the already reduced picture, so it costs at most a few million pixel copies).
#include "media/renditions.hpp"

#include <fmt/format.h>
#include <gd.h>

#include <algorithm>
#include <cstdarg>
#include <limits>
#include <memory>
#include <mutex>

namespace ug::media {
namespace {

struct ImageDeleter {
  void operator()(gdImage* image) const { gdImageDestroy(image); }
};
using Image = std::unique_ptr<gdImage, ImageDeleter>;

// libgd prints decoder complaints to stderr by default; a broken upload is an expected event that
// the caller reports, so they are silenced.
void quiet(int, const char*, va_list) {}

Image decode(std::string_view bytes, ImageType type) {
  static std::once_flag once;
  std::call_once(once, [] { gdSetErrorMethod(quiet); });
  auto* data = const_cast<char*>(bytes.data());  // libgd reads only
  const int size = static_cast<int>(bytes.size());
  switch (type) {
    case ImageType::jpeg:
      return Image(gdImageCreateFromJpegPtr(size, data));
    case ImageType::png:
      return Image(gdImageCreateFromPngPtr(size, data));
    case ImageType::webp:
      return Image(gdImageCreateFromWebpPtr(size, data));
  }
  return nullptr;
}

// Scaled so that the longer side is at most `side` (never enlarged), onto a truecolor canvas:
// white behind transparent pixels when `flatten` (JPEG has no alpha), alpha kept otherwise.
Image reduced(gdImage* source, std::uint32_t side, bool flatten) {
  const int w = gdImageSX(source);
  const int h = gdImageSY(source);
  const double scale = std::min(1.0, static_cast<double>(side) / std::max(w, h));
  const int tw = std::max(1, static_cast<int>(w * scale + 0.5));
  const int th = std::max(1, static_cast<int>(h * scale + 0.5));
  Image out(gdImageCreateTrueColor(tw, th));
  if (!out) return nullptr;
  if (flatten) {
    gdImageFilledRectangle(out.get(), 0, 0, tw - 1, th - 1, gdTrueColor(255, 255, 255));
    gdImageAlphaBlending(out.get(), 1);
  } else {
    gdImageAlphaBlending(out.get(), 0);
    gdImageSaveAlpha(out.get(), 1);
  }
  gdImageCopyResampled(out.get(), source, 0, 0, 0, 0, tw, th, w, h);
  return out;
}

// The picture as EXIF orientation `o` says it should be seen (TIFF 6.0: 1 as stored, 2 mirrored,
// 3 turned 180°, 4 flipped, 5 transposed, 6 needs 90° clockwise, 7 transversed, 8 needs 90°
// anticlockwise).
Image upright(Image image, int o) {
  if (o <= 1 || o > 8) return image;
  const int w = gdImageSX(image.get());
  const int h = gdImageSY(image.get());
  const bool swap = o >= 5;
  Image out(gdImageCreateTrueColor(swap ? h : w, swap ? w : h));
  if (!out) return nullptr;
  gdImageAlphaBlending(out.get(), 0);
  gdImageSaveAlpha(out.get(), 1);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      int dx = x, dy = y;
      switch (o) {
        case 2:
          dx = w - 1 - x;
          break;
        case 3:
          dx = w - 1 - x, dy = h - 1 - y;
          break;
        case 4:
          dy = h - 1 - y;
          break;
        case 5:
          dx = y, dy = x;
          break;
        case 6:
          dx = h - 1 - y, dy = x;
          break;
        case 7:
          dx = h - 1 - y, dy = w - 1 - x;
          break;
        case 8:
          dx = y, dy = w - 1 - x;
          break;
        default:
          break;
      }
      gdImageTrueColorPixel(out.get(), dx, dy) = gdImageTrueColorPixel(image.get(), x, y);
    }
  }
  return out;
}

std::string encode(gdImage* image, ImageType type, int quality) {
  int size = 0;
  void* data = nullptr;
  switch (type) {
    case ImageType::jpeg:
      data = gdImageJpegPtr(image, &size, quality);
      break;
    case ImageType::png:
      data = gdImagePngPtr(image, &size);
      break;
    case ImageType::webp:
      data = gdImageWebpPtrEx(image, &size, quality);
      break;
  }
  if (data == nullptr) return {};
  std::string out(static_cast<const char*>(data), static_cast<std::size_t>(size));
  gdFree(data);
  return out;
}

Error undecodable(std::string_view why) {
  return Error(ErrorCode::validation_failed, "image.undecodable", std::string(why));
}

}  // namespace

std::uint64_t decoding_bytes(const ImageHeader& header, const RenditionLimits& limits) {
  const auto pixels = static_cast<std::uint64_t>(header.width) * header.height;
  const auto side = static_cast<std::uint64_t>(limits.public_side);
  return pixels * 8 + 2 * side * side * 4;
}

Result<void> check_before_decoding(const ImageHeader& header, std::size_t file_bytes, const RenditionLimits& limits) {
  const auto pixels = static_cast<std::uint64_t>(header.width) * header.height;
  if (pixels > limits.max_pixels) {
    return tl::unexpected(Error(ErrorCode::validation_failed, "image.too_many_pixels")
                              .with("width", std::int64_t{header.width})
                              .with("height", std::int64_t{header.height})
                              .with("max_ten_thousand_pixels", static_cast<std::int64_t>(limits.max_pixels / 10'000)));
  }
  // Compared as pixels ≤ bytes × ratio, so no division and no overflow (file sizes are far below 2^40).
  if (pixels > limits.ratio_exempt_pixels &&
      pixels > static_cast<std::uint64_t>(file_bytes) * limits.max_pixels_per_byte) {
    return tl::unexpected(Error(ErrorCode::validation_failed, "image.size_mismatch",
                                fmt::format("{:.1f} pixels per byte, limit {}",
                                            static_cast<double>(pixels) / std::max<std::size_t>(file_bytes, 1),
                                            limits.max_pixels_per_byte))
                              .with("max_pixels_per_byte", static_cast<std::int64_t>(limits.max_pixels_per_byte))
                              .with("file_bytes", static_cast<std::int64_t>(file_bytes))
                              .with("width", std::int64_t{header.width})
                              .with("height", std::int64_t{header.height}));
  }
  return {};
}

Result<Renditions> make_renditions(std::string_view bytes, const ImageHeader& header, int orientation,
                                   const RenditionLimits& limits) {
  UG_TRY(check_before_decoding(header, bytes.size(), limits));
  if (bytes.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    return tl::unexpected(undecodable("size"));
  auto image = decode(bytes, header.type);
  if (!image) return tl::unexpected(undecodable("libgd refused the data"));
  if (gdImageSX(image.get()) != static_cast<int>(header.width) ||
      gdImageSY(image.get()) != static_cast<int>(header.height)) {
    return tl::unexpected(undecodable("decoded size differs from the header"));
  }
  if (!gdImageTrueColor(image.get()) && !gdImagePaletteToTrueColor(image.get())) {
    return tl::unexpected(undecodable("palette conversion"));
  }

  Renditions out;
  out.width = header.width;
  out.height = header.height;
  auto thumbnail = upright(reduced(image.get(), limits.thumbnail_side, true), orientation);
  // The public copy keeps the format (and PNG/WebP transparency); only pixels survive.
  auto public_copy = upright(reduced(image.get(), limits.public_side, header.type == ImageType::jpeg), orientation);
  if (!thumbnail || !public_copy) return tl::unexpected(Error(ErrorCode::internal, {}, "libgd allocation failed"));
  out.thumbnail = encode(thumbnail.get(), ImageType::jpeg, limits.jpeg_quality);
  out.public_type = header.type;
  out.public_copy = encode(public_copy.get(), header.type, limits.jpeg_quality);
  if (out.thumbnail.empty() || out.public_copy.empty()) {
    return tl::unexpected(Error(ErrorCode::internal, {}, "libgd could not encode"));
  }
  return out;
}

}  // namespace ug::media
