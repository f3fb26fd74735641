// Static files: path resolution inside the root, an in-memory cache revalidated by mtime and size,
// gzip once per cached file (http/compression).
#include "http/static_files.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>

#include "core/text.hpp"
#include "http/compression.hpp"

namespace ug::http {
namespace {

constexpr int kFileGzipLevel = 9;  // a file is compressed once and sent many times

std::string fnv1a_hex(std::string_view data) { return fmt::format("{:016x}", fnv1a(data)); }

}  // namespace

StaticFiles::StaticFiles(std::filesystem::path root) {
  std::error_code ec;
  root_ = std::filesystem::weakly_canonical(root, ec);
  if (ec) root_ = std::move(root);
}

std::string_view StaticFiles::mime_type(const std::filesystem::path& file) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 20> types = {{
      {".html", "text/html; charset=utf-8"},
      {".htm", "text/html; charset=utf-8"},
      {".js", "application/javascript; charset=utf-8"},
      {".mjs", "application/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".geojson", "application/geo+json"},
      {".map", "application/json; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".txt", "text/plain; charset=utf-8"},
      {".webmanifest", "application/manifest+json"},
      {".wasm", "application/wasm"},
  }};
  const std::string ext = ascii_lower(file.extension().string());
  for (const auto& [suffix, type] : types) {
    if (suffix == ext) return type;
  }
  return "application/octet-stream";
}

std::optional<std::filesystem::path> StaticFiles::resolve(std::string_view raw_path) const {
  auto decoded = percent_decode(raw_path, false);
  if (!decoded || decoded->empty() || decoded->front() != '/') return std::nullopt;
  // Refuse anything that could step outside the root, before touching the file system.
  if (decoded->find('\0') != std::string::npos || decoded->find('\\') != std::string::npos) return std::nullopt;
  std::string_view rest = *decoded;
  while (!rest.empty()) {
    rest.remove_prefix(1);
    const auto slash = rest.find('/');
    const auto segment = rest.substr(0, slash);
    if (segment == ".." || segment == ".") return std::nullopt;
    if (slash == std::string_view::npos) break;
    rest = rest.substr(slash);
  }
  auto candidate = root_ / decoded->substr(1);
  std::error_code ec;
  if (std::filesystem::is_directory(candidate, ec)) candidate /= "index.html";
  // A symlink inside the root must not lead outside it either.
  const auto canonical = std::filesystem::weakly_canonical(candidate, ec);
  if (ec) return std::nullopt;
  const auto [root_end, ignored] = std::mismatch(root_.begin(), root_.end(), canonical.begin(), canonical.end());
  if (root_end != root_.end()) return std::nullopt;
  if (!std::filesystem::is_regular_file(canonical, ec)) return std::nullopt;
  return canonical;
}

std::shared_ptr<const StaticFiles::Entry> StaticFiles::load(const std::filesystem::path& file) {
  std::error_code ec;
  const auto mtime = std::filesystem::last_write_time(file, ec);
  if (ec) return nullptr;
  const auto size = std::filesystem::file_size(file, ec);
  if (ec) return nullptr;
  {
    std::lock_guard lock(mutex_);
    const auto it = cache_.find(file.string());
    if (it != cache_.end() && it->second->mtime == mtime && it->second->size == size) return it->second;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) return nullptr;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  auto entry = std::make_shared<Entry>();
  entry->mtime = mtime;
  entry->size = size;
  auto content = std::make_shared<const std::string>(std::move(buffer).str());
  entry->etag = "\"" + fnv1a_hex(*content) + "\"";
  if (content->size() >= kMinGzipBytes && compressible(mime_type(file)))
    entry->gzipped = gzip(*content, kFileGzipLevel);
  entry->content = std::move(content);
  std::lock_guard lock(mutex_);
  cache_[file.string()] = entry;
  return entry;
}

std::optional<Response> StaticFiles::serve(const Request& request) {
  auto file = resolve(request.path);
  if (!file) {
    // Client-side routes of the single-page UI (no file extension) get index.html.
    const auto last_slash = request.path.rfind('/');
    if (request.path.find('.', last_slash) != std::string::npos) return std::nullopt;
    if (!percent_decode(request.path, false)) return std::nullopt;
    file = resolve("/index.html");
    if (!file) return std::nullopt;
  }
  const auto entry = load(*file);
  if (!entry) return std::nullopt;

  // Each representation has its own strong ETag (RFC 9110 §8.8.3): gzip bytes differ from the file's.
  const auto encoding = request.header("accept-encoding");
  const bool send_gzip = entry->gzipped && encoding && accepts_gzip(*encoding);
  const std::string etag = send_gzip ? entry->etag.substr(0, entry->etag.size() - 1) + "-gz\"" : entry->etag;

  Response response;
  response.set_header("etag", etag);
  response.set_header("content-type", std::string(mime_type(*file)));
  const auto relative = file->lexically_relative(root_).string();
  // Vite puts content-hashed bundles under assets/: they never change under the same name.
  response.set_header("cache-control",
                      relative.starts_with("assets/") ? "public, max-age=31536000, immutable" : "no-cache");
  if (entry->gzipped) response.set_header("vary", "Accept-Encoding");
  response.set_header("x-content-type-options", "nosniff");
  if (const auto inm = request.header("if-none-match"); inm && etag_matches(*inm, etag)) {
    response.status = 304;
    return response;
  }
  if (send_gzip) response.set_header("content-encoding", "gzip");
  response.body = send_gzip ? *entry->gzipped : *entry->content;
  return response;
}

}  // namespace ug::http
