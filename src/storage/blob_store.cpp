// POSIX file I/O for the content-addressed store: open/write/fsync/rename, then fsync of the folder
// so the new name itself survives a power cut.
#include "storage/blob_store.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

namespace ug::storage {
namespace {

bool is_sha256_hex(std::string_view s) {
  return s.size() == 64 &&
         std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

bool is_variant(std::string_view s) {
  return !s.empty() && s.size() <= 16 && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

Error io_error(std::string_view what, const std::filesystem::path& path) {
  return Error(ErrorCode::internal, {},
               fmt::format("blob store: {} {}: {}", what, path.string(), std::strerror(errno)));
}

Result<void> sync_folder(const std::filesystem::path& folder) {
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return tl::unexpected(io_error("open folder", folder));
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return tl::unexpected(io_error("fsync folder", folder));
  return {};
}

}  // namespace

std::filesystem::path BlobStore::path_of(std::string_view sha256, std::string_view variant) const {
  // Two levels of 256 folders keep each folder small at millions of photos.
  return root_ / std::string(sha256.substr(0, 2)) / std::string(sha256.substr(2, 2)) /
         fmt::format("{}.{}", sha256, variant);
}

Result<void> BlobStore::put(std::string_view sha256, std::string_view variant, std::string_view bytes) {
  if (!is_sha256_hex(sha256) || !is_variant(variant)) {
    return tl::unexpected(Error(ErrorCode::internal, {}, "blob store: bad name"));
  }
  const auto target = path_of(sha256, variant);
  std::error_code ec;
  if (std::filesystem::exists(target, ec)) return {};  // same name, same content
  const auto folder = target.parent_path();
  std::filesystem::create_directories(folder, ec);
  if (ec)
    return tl::unexpected(Error(ErrorCode::internal, {}, "blob store: mkdir " + folder.string() + ": " + ec.message()));

  const auto temporary = folder / fmt::format(".{}.{}.{}.tmp", sha256, variant, ::getpid());
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
  if (fd < 0) return tl::unexpected(io_error("create", temporary));
  std::size_t written = 0;
  while (written < bytes.size()) {
    const auto n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      auto error = io_error("write", temporary);
      ::close(fd);
      ::unlink(temporary.c_str());
      return tl::unexpected(error);
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    auto error = io_error("fsync", temporary);
    ::close(fd);
    ::unlink(temporary.c_str());
    return tl::unexpected(error);
  }
  ::close(fd);
  if (::rename(temporary.c_str(), target.c_str()) != 0) {
    auto error = io_error("rename", target);
    ::unlink(temporary.c_str());
    return tl::unexpected(error);
  }
  return sync_folder(folder);
}

Result<std::string> BlobStore::get(std::string_view sha256, std::string_view variant) const {
  if (!is_sha256_hex(sha256) || !is_variant(variant)) return tl::unexpected(Error(ErrorCode::not_found, {}));
  std::ifstream in(path_of(sha256, variant), std::ios::binary);
  if (!in) return tl::unexpected(Error(ErrorCode::not_found, {}, "blob missing: " + std::string(sha256)));
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) return tl::unexpected(io_error("read", path_of(sha256, variant)));
  return std::move(content).str();
}

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  std::string hex(2 * sizeof digest + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest, sizeof digest);
  hex.pop_back();
  return hex;
}

}  // namespace ug::storage
