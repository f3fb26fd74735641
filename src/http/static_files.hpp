// Serves the built web UI from a directory (web/dist): MIME types, no traversal out of the root,
// strong ETags with If-None-Match, gzip for clients that accept it, long caching for hashed
// assets, and index.html for client-side routes.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "http/message.hpp"

namespace ug::http {

class StaticFiles {
 public:
  explicit StaticFiles(std::filesystem::path root);
  // nullopt when no file answers this path (the caller answers 404).
  std::optional<Response> serve(const Request& request);
  static std::string_view mime_type(const std::filesystem::path& file);

 private:
  struct Entry {
    std::filesystem::file_time_type mtime;
    std::uintmax_t size = 0;
    std::string etag;
    std::shared_ptr<const std::string> content;
    std::shared_ptr<const std::string> gzipped;  // null when not worth compressing
  };
  std::shared_ptr<const Entry> load(const std::filesystem::path& file);
  std::optional<std::filesystem::path> resolve(std::string_view raw_path) const;

  std::filesystem::path root_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const Entry>> cache_;
};

}  // namespace ug::http
