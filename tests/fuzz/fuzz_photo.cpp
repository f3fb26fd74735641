// libFuzzer target: uploaded photo bytes. read_header, exif_block and the EXIF reader face whatever
// a client sends; decoding runs on inputs whose header passed, with a small pixel limit so the
// fuzzer spends its time on structure, not on big pictures. Never a crash, a leak or a 5xx code.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "media/image_format.hpp"
#include "media/photo_metadata.hpp"
#include "media/renditions.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const auto header = ug::media::read_header(bytes);
  if (!header) {
    const auto code = header.error().code;
    if (code != ug::ErrorCode::unsupported_media_type && code != ug::ErrorCode::validation_failed) std::abort();
    return 0;
  }
  const auto exif = ug::media::exif_block(bytes, header->type);
  if (!exif.empty() && (exif.data() < bytes.data() || exif.data() + exif.size() > bytes.data() + bytes.size())) {
    std::abort();
  }
  const auto metadata = ug::media::read_photo_metadata(exif);
  if (metadata.orientation < 1 || metadata.orientation > 8) std::abort();
  ug::media::RenditionLimits limits;
  limits.max_pixels = 256 * 256;
  const auto made = ug::media::make_renditions(bytes, *header, metadata.orientation, limits);
  if (!made && made.error().code != ug::ErrorCode::validation_failed) std::abort();
  return 0;
}
