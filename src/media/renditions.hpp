// The pictures made from an uploaded photo: a small upright JPEG thumbnail for lists and maps, and
// a public copy for citizens' pages — decoded and encoded again, so it carries no EXIF (no GPS, no
// camera serial) and none of whatever else the original file held besides pixels.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "media/image_format.hpp"

namespace ug::media {

struct RenditionLimits {
  std::uint64_t max_pixels = 50'000'000;  // larger pictures are refused before decoding
  // Pixels the header may claim per byte of file, above `ratio_exempt_pixels`. How the default was
  // chosen: a phone's 12-megapixel JPEG of 2–5 MB is 2.4–6 pixels per byte (1.3–3.3 bits per
  // pixel), a phone screenshot saved as PNG 3–30; an all-zero PNG — deflate's best case, 1032:1 —
  // is ~1000 (a 48 KB file claiming 50 megapixels). 64 leaves real pictures ten times the room and
  // still refuses such bombs by a factor of 16. (Published typical sizes; no real photos were at
  // hand to measure.)
  std::uint64_t max_pixels_per_byte = 64;
  // Pictures this small are decoded whatever their ratio: a flat-coloured 4-megapixel drawing costs
  // ~32 MB and a fraction of a second, which the decode pool's queue bounds anyway.
  std::uint64_t ratio_exempt_pixels = 4'000'000;
  std::uint32_t thumbnail_side = 320;  // the longer side of the thumbnail
  std::uint32_t public_side = 2048;    // the longer side of the public copy
  int jpeg_quality = 85;
};

// What decoding `header` will hold in memory at its peak, in bytes: libgd's truecolor canvas (4
// bytes a pixel) plus the decoder's own buffer (libpng's whole image, libjpeg's coefficients,
// libwebp's ARGB copy — up to 4 more), plus the two reduced copies. An estimate on the high side,
// used to keep concurrent decodes within a memory budget.
std::uint64_t decoding_bytes(const ImageHeader& header, const RenditionLimits& limits);

// The cheap refusal, from the header and the file's size alone, before anything is decoded:
// ErrorCode::validation_failed (422) when the picture has more pixels than `max_pixels`, or claims
// more pixels per byte of file than `max_pixels_per_byte` (a decompression bomb).
Result<void> check_before_decoding(const ImageHeader& header, std::size_t file_bytes, const RenditionLimits& limits);

struct Renditions {
  std::uint32_t width = 0;  // of the original, as stored (before orientation)
  std::uint32_t height = 0;
  std::string thumbnail;  // image/jpeg
  ImageType public_type = ImageType::jpeg;
  std::string public_copy;
};

// Decodes `bytes` (whose header was read as `header`), turns it upright by `orientation` and makes
// both pictures. ErrorCode::validation_failed when check_before_decoding refuses it or it does not
// decode.
Result<Renditions> make_renditions(std::string_view bytes, const ImageHeader& header, int orientation,
                                   const RenditionLimits& limits);

}  // namespace ug::media
