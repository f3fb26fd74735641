// Photos sent with reports and actions (DOMAIN.md §4: before-photos with a report, after-photos
// with a result). An upload is checked by its bytes (JPEG, PNG or WebP, size, decodable), its EXIF
// GPS is offered to suggest the place, its thumbnail and metadata-free public copy are made, and it
// waits unbound until a report or an action names it; then it belongs to that case for good.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "access/principal.hpp"
#include "core/clock.hpp"
#include "geo/geometry.hpp"
#include "media/decode_pool.hpp"
#include "media/renditions.hpp"
#include "storage/blob_store.hpp"
#include "storage/database.hpp"
#include "workflow/workflow.hpp"

namespace ug::service {

class CaseService;

struct AttachmentSettings {
  std::size_t max_bytes = 10 * 1024 * 1024;
  media::RenditionLimits renditions;
  media::DecodePoolLimits decoding;
  std::function<std::int64_t()> clock = now_unix_millis;
};

enum class AttachmentVariant { original, thumbnail, public_copy };
std::optional<AttachmentVariant> parse_attachment_variant(std::string_view text);  // original|thumbnail|public

struct AttachmentContent {
  std::string bytes;
  std::string media_type;
  std::string etag;  // changes only if the content does
};

// Binds `ids` to the case's event inside the caller's transaction, in the role the action's row
// gives its photos (workflow::photo_role: "after" shows a result, "before" the problem). 422 naming `attachments` when
// an id is unknown, already used, uploaded by someone else, or when there are too many.
Result<void> bind_attachments(storage::Transaction& tx, const access::Principal& caller,
                              const std::vector<std::string>& ids, std::string_view case_id, std::string_view role,
                              std::int64_t event_sequence, std::size_t max_per_action);

class AttachmentService {
 public:
  AttachmentService(storage::Database& db, storage::BlobStore& blobs, CaseService& cases, AttachmentSettings settings)
      : db_(db), blobs_(blobs), cases_(cases), settings_(std::move(settings)), decoder_(settings_.decoding) {}

  const AttachmentSettings& settings() const { return settings_; }

  // A new upload by `caller` (the public reporter for account-less uploads). 413 over the size
  // limit, 415 for anything but JPEG/PNG/WebP bytes, 422 for a picture too large, claiming more
  // pixels than its bytes can hold (a decompression bomb), needing more memory than the decode
  // budget, or not decodable — all decided from the header, before decoding. Decoding runs on the
  // decode pool; ErrorCode::overloaded (503, detail "retry_after") when its queue is full.
  Result<storage::AttachmentRecord> upload(const access::Principal& caller, std::string_view bytes);
  // Visible to its uploader while unbound, then to whoever may see its case; else 404.
  Result<storage::AttachmentRecord> describe(const access::Principal& caller, const std::string& id);
  Result<AttachmentContent> content(const access::Principal& caller, const std::string& id, AttachmentVariant variant);
  // The public's view of a case's photos: thumbnails and public copies only, never the original.
  Result<AttachmentContent> public_content(const std::string& tracking_code, const std::string& id,
                                           AttachmentVariant variant);

 private:
  Result<AttachmentContent> read(const storage::AttachmentRecord& record, AttachmentVariant variant) const;

  storage::Database& db_;
  storage::BlobStore& blobs_;
  CaseService& cases_;
  AttachmentSettings settings_;
  media::DecodePool decoder_;
};

// The public's account-less uploads are all "public"; the same principal binds them.
bool is_public_uploader(const access::Principal& caller);

}  // namespace ug::service
