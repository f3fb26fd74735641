// GPS tags per EXIF 2.32 §4.6.6 (GPSLatitudeRef/GPSLatitude as three RATIONALs: degrees, minutes,
// seconds), Orientation per TIFF 6.0 tag 274.
#include "media/photo_metadata.hpp"

#include <libexif/exif-data.h>

#include <cmath>
#include <memory>
#include <string>

namespace ug::media {
namespace {

struct ExifDataDeleter {
  void operator()(ExifData* data) const { exif_data_unref(data); }
};

std::optional<double> degrees_of(ExifContent* gps, ExifTag value_tag, ExifTag ref_tag, char negative_ref,
                                 ExifByteOrder order) {
  ExifEntry* value = exif_content_get_entry(gps, value_tag);
  ExifEntry* ref = exif_content_get_entry(gps, ref_tag);
  if (value == nullptr || ref == nullptr || value->format != EXIF_FORMAT_RATIONAL || value->components != 3 ||
      value->size < 24 || ref->size < 1 || ref->data == nullptr) {
    return std::nullopt;
  }
  double parts[3];
  for (int i = 0; i < 3; ++i) {
    const ExifRational r = exif_get_rational(value->data + 8 * i, order);
    if (r.denominator == 0) return std::nullopt;
    parts[i] = static_cast<double>(r.numerator) / r.denominator;
  }
  double degrees = parts[0] + parts[1] / 60.0 + parts[2] / 3600.0;
  const char hemisphere = static_cast<char>(ref->data[0]);
  if (hemisphere == negative_ref) degrees = -degrees;
  return degrees;
}

}  // namespace

PhotoMetadata read_photo_metadata(std::string_view exif) {
  PhotoMetadata out;
  if (exif.empty() || exif.size() > 0xFFFF * 16) return out;
  // libexif expects the "Exif\0\0" header before the TIFF structure.
  std::string framed("Exif\0\0", 6);
  framed.append(exif);
  std::unique_ptr<ExifData, ExifDataDeleter> data(exif_data_new_from_data(
      reinterpret_cast<const unsigned char*>(framed.data()), static_cast<unsigned int>(framed.size())));
  if (!data) return out;
  const ExifByteOrder order = exif_data_get_byte_order(data.get());

  if (ExifEntry* o = exif_content_get_entry(data->ifd[EXIF_IFD_0], EXIF_TAG_ORIENTATION);
      o != nullptr && o->format == EXIF_FORMAT_SHORT && o->size >= 2) {
    const int value = exif_get_short(o->data, order);
    if (value >= 1 && value <= 8) out.orientation = value;
  }

  ExifContent* gps = data->ifd[EXIF_IFD_GPS];
  const auto lat = degrees_of(gps, static_cast<ExifTag>(EXIF_TAG_GPS_LATITUDE),
                              static_cast<ExifTag>(EXIF_TAG_GPS_LATITUDE_REF), 'S', order);
  const auto lon = degrees_of(gps, static_cast<ExifTag>(EXIF_TAG_GPS_LONGITUDE),
                              static_cast<ExifTag>(EXIF_TAG_GPS_LONGITUDE_REF), 'W', order);
  // 0,0 is what cameras without a fix often write; it is never a city's street.
  if (lat && lon && std::isfinite(*lat) && std::isfinite(*lon) && std::abs(*lat) <= 90 && std::abs(*lon) <= 180 &&
      !(*lat == 0 && *lon == 0)) {
    out.gps = GpsPosition{*lon, *lat};
  }
  return out;
}

}  // namespace ug::media
