// Signatures and header layouts: JPEG (ITU-T T.81 annex B markers), PNG (RFC 2083 / W3C PNG 3rd
// edition chunks, eXIf from the 2017 extension), WebP (the RIFF container of RFC 9649).
#include "media/image_format.hpp"

#include <array>
#include <optional>
#include <utility>

namespace ug::media {
namespace {

constexpr std::string_view kPngSignature{"\x89PNG\r\n\x1a\n", 8};

std::uint32_t byte_at(std::string_view b, std::size_t i) { return static_cast<unsigned char>(b[i]); }
std::uint32_t big16(std::string_view b, std::size_t i) { return byte_at(b, i) << 8 | byte_at(b, i + 1); }
std::uint32_t big32(std::string_view b, std::size_t i) { return big16(b, i) << 16 | big16(b, i + 2); }
std::uint32_t little16(std::string_view b, std::size_t i) { return byte_at(b, i) | byte_at(b, i + 1) << 8; }
std::uint32_t little24(std::string_view b, std::size_t i) { return little16(b, i) | byte_at(b, i + 2) << 16; }
std::uint32_t little32(std::string_view b, std::size_t i) { return little16(b, i) | little16(b, i + 2) << 16; }

Error bad_header(std::string_view what) {
  return Error(ErrorCode::validation_failed, "image.damaged_header", std::string(what));
}

// Calls `visit(marker, segment)` for each JPEG marker segment before the image data; stops when
// `visit` returns true. False when the structure is broken before that.
template <typename Visit>
bool for_each_jpeg_segment(std::string_view b, Visit&& visit) {
  std::size_t at = 2;  // after SOI
  while (at + 4 <= b.size()) {
    if (byte_at(b, at) != 0xFF) return false;
    const auto marker = byte_at(b, at + 1);
    if (marker == 0xFF) {  // fill byte
      ++at;
      continue;
    }
    if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {  // TEM, RSTn: no length
      at += 2;
      continue;
    }
    const auto length = big16(b, at + 2);
    if (length < 2 || at + 2 + length > b.size()) return false;
    if (visit(marker, b.substr(at + 4, length - 2))) return true;
    if (marker == 0xDA || marker == 0xD9) return false;  // scan data or end of image: no more headers
    at += 2 + length;
  }
  return false;
}

bool is_start_of_frame(std::uint32_t marker) {
  return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
}

Result<ImageHeader> jpeg_header(std::string_view b) {
  ImageHeader h{ImageType::jpeg, 0, 0};
  const bool found = for_each_jpeg_segment(b, [&](std::uint32_t marker, std::string_view segment) {
    if (!is_start_of_frame(marker) || segment.size() < 5) return false;
    h.height = big16(segment, 1);
    h.width = big16(segment, 3);
    return true;
  });
  if (!found) return tl::unexpected(bad_header("jpeg: no frame header"));
  return h;
}

// Calls `visit(type, data)` per PNG chunk until it returns true; false when the chunks run out or
// break first.
template <typename Visit>
bool for_each_png_chunk(std::string_view b, Visit&& visit) {
  std::size_t at = kPngSignature.size();
  while (at + 12 <= b.size()) {
    const auto length = big32(b, at);
    if (length > b.size() - at - 12) return false;
    const auto type = b.substr(at + 4, 4);
    if (visit(type, b.substr(at + 8, length))) return true;
    if (type == "IEND") return false;
    at += 12 + length;
  }
  return false;
}

Result<ImageHeader> png_header(std::string_view b) {
  if (b.size() < 33 || b.substr(12, 4) != "IHDR" || big32(b, 8) != 13) {
    return tl::unexpected(bad_header("png: no IHDR"));
  }
  return ImageHeader{ImageType::png, big32(b, 16), big32(b, 20)};
}

template <typename Visit>
bool for_each_webp_chunk(std::string_view b, Visit&& visit) {
  std::size_t at = 12;
  while (at + 8 <= b.size()) {
    const auto length = little32(b, at + 4);
    if (length > b.size() - at - 8) return false;
    if (visit(b.substr(at, 4), b.substr(at + 8, length))) return true;
    at += 8 + length + (length & 1);  // chunks are padded to an even size
  }
  return false;
}

// The frame's own size (VP8 or VP8L), which is what libwebp decodes. An extended file's VP8X canvas
// must agree with it (libwebp requires that of a still picture too): a canvas that claims a small
// picture around a large frame is a lying header, refused here rather than found out by decoding.
// Animations (frames inside ANMF chunks) have no top-level frame and are refused.
Result<ImageHeader> webp_header(std::string_view b) {
  std::optional<std::pair<std::uint32_t, std::uint32_t>> canvas, frame;
  for_each_webp_chunk(b, [&](std::string_view fourcc, std::string_view data) {
    if (fourcc == "VP8X" && data.size() >= 10) {  // extended: the canvas size, 24-bit sizes − 1
      if (!canvas) canvas.emplace(little24(data, 4) + 1, little24(data, 7) + 1);
      return false;  // the frame follows
    }
    if (fourcc == "VP8 " && data.size() >= 10 && data.substr(3, 3) == "\x9d\x01\x2a") {  // lossy key frame
      frame.emplace(little16(data, 6) & 0x3FFF, little16(data, 8) & 0x3FFF);
      return true;
    }
    if (fourcc == "VP8L" && data.size() >= 5 && byte_at(data, 0) == 0x2F) {  // lossless: 14-bit sizes − 1
      const auto bits = little32(data, 1);
      frame.emplace((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1);
      return true;
    }
    return false;
  });
  if (!frame) return tl::unexpected(bad_header("webp: no VP8/VP8L frame"));
  if (canvas && *canvas != *frame) return tl::unexpected(bad_header("webp: the VP8X canvas differs from the frame"));
  return ImageHeader{ImageType::webp, frame->first, frame->second};
}

// libexif and some writers keep the "Exif\0\0" prefix inside PNG and WebP chunks too.
std::string_view without_exif_prefix(std::string_view block) {
  constexpr std::string_view prefix{"Exif\0\0", 6};
  if (block.starts_with(prefix)) block.remove_prefix(prefix.size());
  return block;
}

}  // namespace

std::string_view media_type(ImageType type) {
  switch (type) {
    case ImageType::jpeg:
      return "image/jpeg";
    case ImageType::png:
      return "image/png";
    case ImageType::webp:
      return "image/webp";
  }
  return "application/octet-stream";
}

std::string_view file_extension(ImageType type) {
  switch (type) {
    case ImageType::jpeg:
      return "jpg";
    case ImageType::png:
      return "png";
    case ImageType::webp:
      return "webp";
  }
  return "bin";
}

std::optional<ImageType> parse_media_type(std::string_view text) {
  for (const auto type : {ImageType::jpeg, ImageType::png, ImageType::webp}) {
    if (media_type(type) == text) return type;
  }
  return std::nullopt;
}

std::optional<ImageType> sniff(std::string_view b) {
  if (b.size() >= 3 && b.substr(0, 3) == "\xFF\xD8\xFF") return ImageType::jpeg;
  if (b.starts_with(kPngSignature)) return ImageType::png;
  if (b.size() >= 12 && b.substr(0, 4) == "RIFF" && b.substr(8, 4) == "WEBP") return ImageType::webp;
  return std::nullopt;
}

Result<ImageHeader> read_header(std::string_view bytes) {
  const auto type = sniff(bytes);
  if (!type) {
    return tl::unexpected(Error(ErrorCode::unsupported_media_type, "image.unsupported_type"));
  }
  Result<ImageHeader> header = tl::unexpected(Error{});
  switch (*type) {
    case ImageType::jpeg:
      header = jpeg_header(bytes);
      break;
    case ImageType::png:
      header = png_header(bytes);
      break;
    case ImageType::webp:
      header = webp_header(bytes);
      break;
  }
  if (header && (header->width == 0 || header->height == 0)) return tl::unexpected(bad_header("zero size"));
  return header;
}

std::string_view exif_block(std::string_view bytes, ImageType type) {
  std::string_view found;
  switch (type) {
    case ImageType::jpeg:
      for_each_jpeg_segment(bytes, [&](std::uint32_t marker, std::string_view segment) {
        if (marker != 0xE1 || !segment.starts_with(std::string_view{"Exif\0\0", 6})) return false;
        found = without_exif_prefix(segment);
        return true;
      });
      break;
    case ImageType::png:
      for_each_png_chunk(bytes, [&](std::string_view chunk, std::string_view data) {
        if (chunk != "eXIf") return false;
        found = without_exif_prefix(data);
        return true;
      });
      break;
    case ImageType::webp:
      for_each_webp_chunk(bytes, [&](std::string_view chunk, std::string_view data) {
        if (chunk != "EXIF") return false;
        found = without_exif_prefix(data);
        return true;
      });
      break;
  }
  if (!found.starts_with("II") && !found.starts_with("MM")) return {};
  return found;
}

}  // namespace ug::media
