// What an uploaded file really is, read from its bytes rather than from its name or declared type:
// JPEG, PNG or WebP, the picture's size from its header (checked before anything is decoded, so a
// small file that claims a gigapixel picture is refused cheaply), and where its EXIF block sits.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/result.hpp"

namespace ug::media {

enum class ImageType : std::uint8_t { jpeg, png, webp };

std::string_view media_type(ImageType type);      // "image/jpeg" …
std::string_view file_extension(ImageType type);  // "jpg" …
std::optional<ImageType> parse_media_type(std::string_view text);

// The type announced by the file's first bytes (its signature); nullopt for anything else.
std::optional<ImageType> sniff(std::string_view bytes);

struct ImageHeader {
  ImageType type = ImageType::jpeg;
  std::uint32_t width = 0;
  std::uint32_t height = 0;
};

// The type and the size in pixels, from the header alone. ErrorCode::invalid_argument when the
// bytes are not one of the three types or the header is cut short or inconsistent.
Result<ImageHeader> read_header(std::string_view bytes);

// The EXIF block (a TIFF structure starting "II" or "MM"), wherever the format keeps it: a JPEG
// APP1 "Exif" segment, a PNG eXIf chunk, a WebP EXIF chunk. Empty when there is none.
std::string_view exif_block(std::string_view bytes, ImageType type);

}  // namespace ug::media
