// Photos made in the test itself, so every byte is known: pictures encoded by libgd (left half
// red, right half blue, so a turn shows), a hand-built EXIF block (TIFF 6.0 / EXIF 2.32 layout)
// with GPS and Orientation, and the block placed where JPEG and PNG keep it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "media/image_format.hpp"
#include "media/photo_metadata.hpp"

namespace ug::test {

std::string picture(media::ImageType type, int width, int height);
// A little-endian TIFF block with IFD0 Orientation and, when given, a GPS IFD (DMS rationals).
std::string exif_tiff(std::optional<media::GpsPosition> gps, int orientation = 1);
// `jpeg` with an APP1 "Exif" segment right after SOI.
std::string jpeg_with_exif(const std::string& jpeg, const std::string& tiff);
// `png` with an eXIf chunk right after IHDR.
std::string png_with_exif(const std::string& png, const std::string& tiff);

// A valid 8-bit greyscale PNG whose every pixel is black: the classic decompression bomb, since
// deflate packs the zeros ~1000:1 (7071×7071, 50 megapixels, is ~48 KB). Built with zlib, row by row.
std::string zero_png(std::uint32_t width, std::uint32_t height);
// A photo-like JPEG: smooth gradients under per-pixel noise of `noise` levels (seeded, so the same
// bytes every run), which compresses about as a phone's photo does.
std::string noisy_jpeg(int width, int height, int noise, int quality = 90);

// A multipart/form-data body carrying `bytes` in the field `file`, and its Content-Type header value.
struct MultipartUpload {
  std::string content_type;
  std::string body;
};
MultipartUpload multipart_upload(const std::string& bytes, const std::string& filename = "photo.jpg",
                                 const std::string& declared_type = "image/jpeg");

}  // namespace ug::test
