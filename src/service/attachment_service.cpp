// Upload checks and renditions (media; decoded on the service's own media::DecodePool),
// content-addressed files (storage::BlobStore), the upload row and its binding to a case
// (storage::AttachmentRepository).
#include "service/attachment_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "media/image_format.hpp"
#include "media/photo_metadata.hpp"
#include "service/case_service.hpp"
#include "service/secrets.hpp"

namespace ug::service {
namespace {

constexpr std::string_view kPublicUploader = "public";

std::string_view variant_name(AttachmentVariant v) {
  switch (v) {
    case AttachmentVariant::original:
      return "orig";
    case AttachmentVariant::thumbnail:
      return "thumb";
    case AttachmentVariant::public_copy:
      return "public";
  }
  return "orig";
}

bool uploaded_by(const storage::AttachmentRecord& a, const access::Principal& caller) {
  if (is_public_uploader(caller)) return !a.uploaded_by_user_id;
  return caller.user_id != 0 && a.uploaded_by_user_id == caller.user_id;
}

// The message names the attachment as {attachment}.
Error not_usable(std::string_view id, MessageKey why) {
  return invalid("attachments", why).with("attachment", std::string(id));
}

}  // namespace

bool is_public_uploader(const access::Principal& caller) {
  return caller.user_id == 0 && caller.username == kPublicUploader;
}

std::optional<AttachmentVariant> parse_attachment_variant(std::string_view text) {
  if (text == "original") return AttachmentVariant::original;
  if (text == "thumbnail") return AttachmentVariant::thumbnail;
  if (text == "public") return AttachmentVariant::public_copy;
  return std::nullopt;
}

Result<void> bind_attachments(storage::Transaction& tx, const access::Principal& caller,
                              const std::vector<std::string>& ids, std::string_view case_id, std::string_view role,
                              std::int64_t event_sequence, std::size_t max_per_action) {
  if (ids.size() > max_per_action) {
    return tl::unexpected(
        invalid("attachments", "attachment.too_many").with("max_photos", static_cast<std::int64_t>(max_per_action)));
  }
  std::set<std::string_view> seen;
  for (const auto& id : ids) {
    if (!seen.insert(id).second) return tl::unexpected(not_usable(id, "attachment.repeated"));
    UG_TRY_ASSIGN(auto found, tx.attachments().find(id));
    if (!found || !uploaded_by(*found, caller)) return tl::unexpected(not_usable(id, "attachment.not_yours"));
    UG_TRY_ASSIGN(auto bound, tx.attachments().bind(id, case_id, role, event_sequence));
    if (!bound) return tl::unexpected(not_usable(id, "attachment.already_bound"));
  }
  return {};
}

Result<storage::AttachmentRecord> AttachmentService::upload(const access::Principal& caller, std::string_view bytes) {
  if (bytes.size() > settings_.max_bytes) {
    return tl::unexpected(Error(ErrorCode::payload_too_large, "attachment.too_large")
                              .with("max_bytes", static_cast<std::int64_t>(settings_.max_bytes))
                              .with("max_mb", static_cast<std::int64_t>(settings_.max_bytes / (1024 * 1024))));
  }
  UG_TRY_ASSIGN(auto header, media::read_header(bytes));
  UG_TRY(media::check_before_decoding(header, bytes.size(), settings_.renditions));
  const auto memory = media::decoding_bytes(header, settings_.renditions);
  if (memory > settings_.decoding.memory_budget_bytes) {
    return tl::unexpected(
        invalid("file", "attachment.decoding_too_large")
            .with("width", std::int64_t{header.width})
            .with("height", std::int64_t{header.height})
            .with("memory_budget_mb", static_cast<std::int64_t>(settings_.decoding.memory_budget_bytes >> 20)));
  }
  const auto metadata = media::read_photo_metadata(media::exif_block(bytes, header.type));
  Result<media::Renditions> pictures = tl::unexpected(Error{});
  UG_TRY(decoder_.run(
      memory, [&] { pictures = media::make_renditions(bytes, header, metadata.orientation, settings_.renditions); }));
  if (!pictures) return tl::unexpected(pictures.error());

  storage::AttachmentRecord record;
  record.id = random_code(20);
  record.sha256 = storage::sha256_hex(bytes);
  record.media_type = std::string(media::media_type(header.type));
  record.public_media_type = std::string(media::media_type(pictures->public_type));
  record.size_bytes = static_cast<std::int64_t>(bytes.size());
  record.width = header.width;
  record.height = header.height;
  if (metadata.gps) {
    if (const auto nano = geo::to_nano({metadata.gps->lon, metadata.gps->lat})) {
      record.gps_lon_nano = nano->x;
      record.gps_lat_nano = nano->y;
    }
  }
  if (is_public_uploader(caller)) {
    record.uploader = std::string(kPublicUploader);
  } else {
    record.uploaded_by_user_id = caller.user_id;
    record.uploader = caller.username;
  }
  record.created_at_ms = settings_.clock();

  // Files first: a crash in between leaves an unreferenced file, never a row without its file.
  for (const auto& [variant, content] : {std::pair<std::string_view, std::string_view>{"orig", bytes},
                                         {"thumb", pictures->thumbnail},
                                         {"public", pictures->public_copy}}) {
    UG_TRY(blobs_.put(record.sha256, variant, content));
  }
  UG_TRY(db_.write([&](storage::Transaction& tx) { return tx.attachments().insert(record); }));
  return record;
}

Result<storage::AttachmentRecord> AttachmentService::describe(const access::Principal& caller, const std::string& id) {
  UG_TRY_ASSIGN(auto found, db_.read([&](storage::Transaction& tx) { return tx.attachments().find(id); }));
  if (!found) return tl::unexpected(Error(ErrorCode::not_found, {}));
  const auto& record = *found;
  if (record.case_id.empty()) {
    if (!uploaded_by(record, caller)) return tl::unexpected(Error(ErrorCode::not_found, {}));
    return record;
  }
  UG_TRY_ASSIGN(auto visible, cases_.can_see(caller, record.case_id));
  if (!visible) return tl::unexpected(Error(ErrorCode::not_found, {}));
  return record;
}

Result<AttachmentContent> AttachmentService::content(const access::Principal& caller, const std::string& id,
                                                     AttachmentVariant variant) {
  UG_TRY_ASSIGN(auto record, describe(caller, id));
  return read(record, variant);
}

Result<AttachmentContent> AttachmentService::public_content(const std::string& tracking_code, const std::string& id,
                                                            AttachmentVariant variant) {
  if (variant == AttachmentVariant::original) {
    return tl::unexpected(invalid("variant", "attachment.public_variant_only"));
  }
  UG_TRY_ASSIGN(auto case_id, cases_.id_by_tracking_code(tracking_code));
  UG_TRY_ASSIGN(auto found, db_.read([&](storage::Transaction& tx) { return tx.attachments().find(id); }));
  if (!found || found->case_id != case_id) return tl::unexpected(Error(ErrorCode::not_found, {}));
  return read(*found, variant);
}

Result<AttachmentContent> AttachmentService::read(const storage::AttachmentRecord& record,
                                                  AttachmentVariant variant) const {
  const auto name = variant_name(variant);
  auto bytes = blobs_.get(record.sha256, name);
  if (!bytes) {
    // The row names a file that is gone: the var/ folder was not restored with the database.
    if (bytes.error().code == ErrorCode::not_found) {
      return tl::unexpected(Error(ErrorCode::internal, {}, "attachment file missing: " + record.sha256));
    }
    return tl::unexpected(bytes.error());
  }
  AttachmentContent out;
  out.bytes = std::move(*bytes);
  switch (variant) {
    case AttachmentVariant::original:
      out.media_type = record.media_type;
      break;
    case AttachmentVariant::thumbnail:
      out.media_type = "image/jpeg";
      break;
    case AttachmentVariant::public_copy:
      out.media_type = record.public_media_type;
      break;
  }
  out.etag = fmt::format("\"{}.{}\"", record.sha256.substr(0, 32), name);
  return out;
}

}  // namespace ug::service
