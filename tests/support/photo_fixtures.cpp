// Byte layouts: TIFF 6.0 §2 (header, IFD entries of 12 bytes), EXIF 2.32 §4.6 (GPS IFD tags 1–4),
// JPEG APP1 (marker FFE1, big-endian length including itself), PNG chunks (length, type, data,
// CRC-32 of type and data).
#include "support/photo_fixtures.hpp"

#include <gd.h>
#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <stdexcept>

namespace ug::test {
namespace {

void put16(std::string& out, std::uint32_t v) {
  out.push_back(static_cast<char>(v & 0xFF));
  out.push_back(static_cast<char>((v >> 8) & 0xFF));
}
void put32(std::string& out, std::uint32_t v) {
  put16(out, v & 0xFFFF);
  put16(out, v >> 16);
}
void put_big32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xFF));
}
// One IFD entry: tag, type, count, value or offset.
void entry(std::string& out, std::uint16_t tag, std::uint16_t type, std::uint32_t count, std::uint32_t value) {
  put16(out, tag);
  put16(out, type);
  put32(out, count);
  put32(out, value);
}
// Degrees as degrees/1, minutes/1, seconds×1000/1000.
void dms(std::string& out, double degrees) {
  degrees = std::abs(degrees);
  const auto d = static_cast<std::uint32_t>(degrees);
  const double minutes = (degrees - d) * 60;
  const auto m = static_cast<std::uint32_t>(minutes);
  const auto milliseconds = static_cast<std::uint32_t>(std::llround((minutes - m) * 60 * 1000));
  for (auto [num, den] : {std::pair{d, 1u}, std::pair{m, 1u}, std::pair{milliseconds, 1000u}}) {
    put32(out, num);
    put32(out, den);
  }
}

}  // namespace

std::string picture(media::ImageType type, int width, int height) {
  gdImagePtr image = gdImageCreateTrueColor(width, height);
  gdImageFilledRectangle(image, 0, 0, width / 2 - 1, height - 1, gdTrueColor(255, 0, 0));
  gdImageFilledRectangle(image, width / 2, 0, width - 1, height - 1, gdTrueColor(0, 0, 255));
  int size = 0;
  void* data = nullptr;
  switch (type) {
    case media::ImageType::jpeg:
      data = gdImageJpegPtr(image, &size, 90);
      break;
    case media::ImageType::png:
      data = gdImagePngPtr(image, &size);
      break;
    case media::ImageType::webp:
      data = gdImageWebpPtrEx(image, &size, 90);
      break;
  }
  gdImageDestroy(image);
  if (data == nullptr) throw std::runtime_error("libgd could not encode the test picture");
  std::string out(static_cast<const char*>(data), static_cast<std::size_t>(size));
  gdFree(data);
  return out;
}

std::string exif_tiff(std::optional<media::GpsPosition> gps, int orientation) {
  std::string t = "II";
  put16(t, 42);
  put32(t, 8);  // IFD0 right after the header
  const std::uint32_t ifd0_entries = gps ? 2 : 1;
  const std::uint32_t gps_ifd = 8 + 2 + 12 * ifd0_entries + 4;
  put16(t, ifd0_entries);
  entry(t, 0x0112, 3, 1, static_cast<std::uint32_t>(orientation));  // Orientation, SHORT inline
  if (gps) entry(t, 0x8825, 4, 1, gps_ifd);                         // GPS IFD pointer
  put32(t, 0);                                                      // no next IFD
  if (!gps) return t;
  const std::uint32_t values = gps_ifd + 2 + 12 * 4 + 4;
  put16(t, 4);
  entry(t, 0x0001, 2, 2, gps->lat < 0 ? 'S' : 'N');  // GPSLatitudeRef, ASCII "N\0" inline
  entry(t, 0x0002, 5, 3, values);                    // GPSLatitude, 3 RATIONALs
  entry(t, 0x0003, 2, 2, gps->lon < 0 ? 'W' : 'E');  // GPSLongitudeRef
  entry(t, 0x0004, 5, 3, values + 24);               // GPSLongitude
  put32(t, 0);
  dms(t, gps->lat);
  dms(t, gps->lon);
  return t;
}

std::string jpeg_with_exif(const std::string& jpeg, const std::string& tiff) {
  std::string segment("\xFF\xE1", 2);
  const auto length = static_cast<std::uint32_t>(2 + 6 + tiff.size());
  segment.push_back(static_cast<char>(length >> 8));
  segment.push_back(static_cast<char>(length & 0xFF));
  segment.append("Exif\0\0", 6);
  segment += tiff;
  return jpeg.substr(0, 2) + segment + jpeg.substr(2);
}

std::string png_with_exif(const std::string& png, const std::string& tiff) {
  std::string chunk;
  put_big32(chunk, static_cast<std::uint32_t>(tiff.size()));
  const std::string typed = "eXIf" + tiff;
  chunk += typed;
  put_big32(chunk, static_cast<std::uint32_t>(
                       crc32(0, reinterpret_cast<const Bytef*>(typed.data()), static_cast<uInt>(typed.size()))));
  const std::size_t after_ihdr = 8 + 4 + 4 + 13 + 4;
  return png.substr(0, after_ihdr) + chunk + png.substr(after_ihdr);
}

std::string zero_png(std::uint32_t width, std::uint32_t height) {
  const auto chunk = [](std::string& out, std::string_view type, std::string_view data) {
    put_big32(out, static_cast<std::uint32_t>(data.size()));
    std::string typed(type);
    typed += data;
    out += typed;
    put_big32(out, static_cast<std::uint32_t>(
                       crc32(0, reinterpret_cast<const Bytef*>(typed.data()), static_cast<uInt>(typed.size()))));
  };
  std::string ihdr;
  put_big32(ihdr, width);
  put_big32(ihdr, height);
  ihdr += std::string("\x08\x00\x00\x00\x00", 5);  // 8-bit greyscale, deflate, adaptive filter, no interlace

  z_stream z{};
  if (deflateInit(&z, 9) != Z_OK) throw std::runtime_error("zlib");
  const std::string row(1 + width, '\0');  // filter type 0, then the pixels
  std::string idat;
  std::string buffer(1 << 16, '\0');
  for (std::uint32_t y = 0; y <= height; ++y) {
    const bool last = y == height;
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(row.data()));
    z.avail_in = last ? 0 : static_cast<uInt>(row.size());
    do {
      z.next_out = reinterpret_cast<Bytef*>(buffer.data());
      z.avail_out = static_cast<uInt>(buffer.size());
      deflate(&z, last ? Z_FINISH : Z_NO_FLUSH);
      idat.append(buffer.data(), buffer.size() - z.avail_out);
    } while (z.avail_out == 0);
  }
  deflateEnd(&z);

  std::string out("\x89PNG\r\n\x1a\n", 8);
  chunk(out, "IHDR", ihdr);
  chunk(out, "IDAT", idat);
  chunk(out, "IEND", {});
  return out;
}

std::string noisy_jpeg(int width, int height, int noise, int quality) {
  gdImagePtr image = gdImageCreateTrueColor(width, height);
  std::mt19937 random(20261204);
  std::uniform_int_distribution<int> jitter(-noise, noise);
  const auto level = [&](int base) { return std::clamp(base + jitter(random), 0, 255); };
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      gdImageTrueColorPixel(image, x, y) =
          gdTrueColor(level(x * 255 / width), level(y * 255 / height), level(128 + (x - y) * 64 / width));
    }
  }
  int size = 0;
  void* data = gdImageJpegPtr(image, &size, quality);
  gdImageDestroy(image);
  if (data == nullptr) throw std::runtime_error("libgd could not encode the test picture");
  std::string out(static_cast<const char*>(data), static_cast<std::size_t>(size));
  gdFree(data);
  return out;
}

MultipartUpload multipart_upload(const std::string& bytes, const std::string& filename,
                                 const std::string& declared_type) {
  const std::string boundary = "----UrbanGridTestBoundary7MA4YWxkTrZu0gW";
  MultipartUpload out;
  out.content_type = "multipart/form-data; boundary=" + boundary;
  out.body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n现场照片\r\n--" + boundary +
             "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename +
             "\"\r\nContent-Type: " + declared_type + "\r\n\r\n" + bytes + "\r\n--" + boundary + "--\r\n";
  return out;
}

}  // namespace ug::test
