// What a photo's EXIF says that UrbanGrid uses: where it was taken (GPS, to suggest the place of a
// report) and which way up it is (to turn thumbnails upright). Read with libexif from the block
// image_format finds; a photo without EXIF, or with a broken one, simply has neither.
#pragma once

#include <optional>
#include <string_view>

namespace ug::media {

struct GpsPosition {
  double lon = 0;  // degrees, east positive (WGS-84 as phones record it)
  double lat = 0;
  bool operator==(const GpsPosition&) const = default;
};

struct PhotoMetadata {
  std::optional<GpsPosition> gps;
  int orientation = 1;  // EXIF Orientation 1–8 (1: as stored)
};

// `exif` is the TIFF structure from exif_block(); an empty view gives the defaults.
PhotoMetadata read_photo_metadata(std::string_view exif);

}  // namespace ug::media
