// Files named by the SHA-256 of their content, under one folder (var/attachments by default):
// photos and the pictures made from them. Writing the same content twice writes nothing new, and a
// write is durable (temporary file, fsync, rename) before put() returns, so a row that names a blob
// never outlives the blob across a crash.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace ug::storage {

class BlobStore {
 public:
  explicit BlobStore(std::filesystem::path root) : root_(std::move(root)) {}

  // Stores `bytes` as `<sha256>.<variant>`; `sha256` is 64 lowercase hex digits, `variant` a short
  // lowercase word (orig, thumb, public).
  Result<void> put(std::string_view sha256, std::string_view variant, std::string_view bytes);
  // ErrorCode::not_found when absent.
  Result<std::string> get(std::string_view sha256, std::string_view variant) const;
  std::filesystem::path path_of(std::string_view sha256, std::string_view variant) const;
  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path root_;
};

// Hex SHA-256 of `bytes` (libsodium).
std::string sha256_hex(std::string_view bytes);

}  // namespace ug::storage
