// AttachmentRepository in the portable SQL of sql.hpp.
#include <fmt/format.h>

#include "storage/sql_repositories.hpp"

namespace ug::storage {
namespace {

constexpr std::string_view kColumns =
    "id, sha256, media_type, public_media_type, size_bytes, width, height, gps_lon_nano, gps_lat_nano, "
    "uploaded_by_user_id, uploader, created_at_ms, case_id, role, event_sequence";

AttachmentRecord record_of(const SqlRow& r) {
  AttachmentRecord a;
  a.id = r.text(0);
  a.sha256 = r.text(1);
  a.media_type = r.text(2);
  a.public_media_type = r.text(3);
  a.size_bytes = r.int64(4);
  a.width = r.int64(5);
  a.height = r.int64(6);
  a.gps_lon_nano = r.optional_int64(7);
  a.gps_lat_nano = r.optional_int64(8);
  a.uploaded_by_user_id = r.optional_int64(9);
  a.uploader = r.text(10);
  a.created_at_ms = r.int64(11);
  a.case_id = r.text(12);
  a.role = r.text(13);
  a.event_sequence = r.optional_int64(14);
  return a;
}

}  // namespace

Result<void> SqlAttachmentRepository::insert(const AttachmentRecord& a) {
  UG_TRY(conn_.execute(
      fmt::format("INSERT INTO attachments ({}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
                  "$14, $15)",
                  kColumns),
      {a.id, a.sha256, a.media_type, a.public_media_type, a.size_bytes, a.width, a.height, optional_int(a.gps_lon_nano),
       optional_int(a.gps_lat_nano), optional_int(a.uploaded_by_user_id), a.uploader, a.created_at_ms,
       optional_text(a.case_id), optional_text(a.role), optional_int(a.event_sequence)}));
  return {};
}

Result<std::optional<AttachmentRecord>> SqlAttachmentRepository::find(std::string_view id) {
  UG_TRY_ASSIGN(auto rows,
                conn_.execute(fmt::format("SELECT {} FROM attachments WHERE id = $1", kColumns), {std::string(id)}));
  if (rows.rows.empty()) return std::nullopt;
  return record_of(rows.rows.front());
}

Result<bool> SqlAttachmentRepository::bind(std::string_view id, std::string_view case_id, std::string_view role,
                                           std::int64_t event_sequence) {
  UG_TRY_ASSIGN(
      auto done,
      conn_.execute(
          "UPDATE attachments SET case_id = $2, role = $3, event_sequence = $4 WHERE id = $1 AND case_id IS NULL",
          {std::string(id), std::string(case_id), std::string(role), event_sequence}));
  return done.affected_rows == 1;
}

Result<std::vector<AttachmentRecord>> SqlAttachmentRepository::of_case(std::string_view case_id) {
  UG_TRY_ASSIGN(
      auto rows,
      conn_.execute(
          fmt::format("SELECT {} FROM attachments WHERE case_id = $1 ORDER BY event_sequence, created_at_ms, id",
                      kColumns),
          {std::string(case_id)}));
  std::vector<AttachmentRecord> out;
  out.reserve(rows.rows.size());
  for (const auto& r : rows.rows) out.push_back(record_of(r));
  return out;
}

}  // namespace ug::storage
