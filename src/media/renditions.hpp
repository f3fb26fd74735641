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
  std::uint32_t thumbnail_side = 320;     // the longer side of the thumbnail
  std::uint32_t public_side = 2048;       // the longer side of the public copy
  int jpeg_quality = 85;
};

struct Renditions {
  std::uint32_t width = 0;  // of the original, as stored (before orientation)
  std::uint32_t height = 0;
  std::string thumbnail;  // image/jpeg
  ImageType public_type = ImageType::jpeg;
  std::string public_copy;
};

// Decodes `bytes` (whose header was read as `header`), turns it upright by `orientation` and makes
// both pictures. ErrorCode::validation_failed when the picture is too large or does not decode.
Result<Renditions> make_renditions(std::string_view bytes, const ImageHeader& header, int orientation,
                                   const RenditionLimits& limits);

}  // namespace ug::media
