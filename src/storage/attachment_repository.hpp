// What the attachment service may ask of storage about uploads: record one, find it, and bind it to
// the case and event that used it (once only: a photo belongs to one case).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace ug::storage {

struct AttachmentRecord {
  std::string id;
  std::string sha256;             // hex; names the files under the blob store
  std::string media_type;         // of the original
  std::string public_media_type;  // of the metadata-free public copy
  std::int64_t size_bytes = 0;
  std::int64_t width = 0;
  std::int64_t height = 0;
  std::optional<std::int64_t> gps_lon_nano, gps_lat_nano;
  std::optional<std::int64_t> uploaded_by_user_id;  // nullopt: a public upload
  std::string uploader;                             // username, or "public"
  std::int64_t created_at_ms = 0;
  std::string case_id;  // "" until a report or an action uses it
  std::string role;     // before | after, with case_id
  std::optional<std::int64_t> event_sequence;
  bool operator==(const AttachmentRecord&) const = default;
};

class AttachmentRepository {
 public:
  virtual ~AttachmentRepository() = default;
  virtual Result<void> insert(const AttachmentRecord& record) = 0;
  virtual Result<std::optional<AttachmentRecord>> find(std::string_view id) = 0;
  // Binds a free attachment to the case; false when it was already bound (to any case).
  virtual Result<bool> bind(std::string_view id, std::string_view case_id, std::string_view role,
                            std::int64_t event_sequence) = 0;
  // The case's attachments in the order the events used them.
  virtual Result<std::vector<AttachmentRecord>> of_case(std::string_view case_id) = 0;
};

}  // namespace ug::storage
