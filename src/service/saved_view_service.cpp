// Saved views: validation, the per-user limit and the audit entry of each change.
#include "service/saved_view_service.hpp"

#include <algorithm>

#include "catalog/address_text.hpp"
#include "core/text.hpp"
#include "service/audit_log.hpp"

namespace ug::service {
namespace {

Result<void> check_caller(const access::Principal& caller) {
  if (caller.user_id == 0) return fail(ErrorCode::forbidden, "saved_view.users_only");
  return {};
}

bool has_control_character(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

// A name a person can read back and type again: UTF-8, not blank, no control characters and no
// marks that turn the text's direction around (U+200E/F, U+202A–E, U+2066–9), which make one
// name look like another.
bool readable_name(std::string_view name) {
  if (name.empty() || name.size() > SavedViewLimits::name_bytes || has_control_character(name)) return false;
  if (!catalog::valid_utf8(name) || trim_blanks(name).empty()) return false;
  for (std::size_t i = 0; i + 2 < name.size(); ++i) {
    const auto a = static_cast<unsigned char>(name[i]), b = static_cast<unsigned char>(name[i + 1]),
               c = static_cast<unsigned char>(name[i + 2]);
    if (a != 0xE2) continue;
    if (b == 0x80 && (c == 0x8E || c == 0x8F || (c >= 0xAA && c <= 0xAE))) return false;
    if (b == 0x81 && c >= 0xA6 && c <= 0xA9) return false;
  }
  return true;
}

}  // namespace

Result<std::vector<storage::SavedViewRecord>> SavedViewService::views(const access::Principal& caller) {
  UG_TRY(check_caller(caller));
  return db_.read([&](storage::Transaction& tx) { return tx.saved_views().of_user(caller.user_id); });
}

Result<bool> SavedViewService::save(const access::Principal& caller, const std::string& name,
                                    const std::string& query) {
  UG_TRY(check_caller(caller));
  if (!readable_name(name)) return fail(invalid("name", "saved_view.name_invalid"));
  if (query.size() > SavedViewLimits::query_bytes || has_control_character(query)) {
    return fail(invalid("query", "saved_view.query_invalid"));
  }
  return db_.write([&](storage::Transaction& tx) -> Result<bool> {
    UG_TRY_ASSIGN(auto existing, tx.saved_views().of_user(caller.user_id));
    const bool known = std::any_of(existing.begin(), existing.end(), [&](const auto& v) { return v.name == name; });
    if (!known && existing.size() >= SavedViewLimits::per_user) {
      return fail(Error(ErrorCode::conflict, "saved_view.too_many")
                      .with("limit", static_cast<std::int64_t>(SavedViewLimits::per_user)));
    }
    const auto now = clock_();
    UG_TRY_ASSIGN(auto created, tx.saved_views().put({caller.user_id, name, query, now, now}));
    UG_TRY(append_audit(tx, caller, "view.save", name));
    return created;
  });
}

Result<void> SavedViewService::remove(const access::Principal& caller, const std::string& name) {
  UG_TRY(check_caller(caller));
  return db_.write([&](storage::Transaction& tx) -> Result<void> {
    UG_TRY_ASSIGN(auto removed, tx.saved_views().remove(caller.user_id, name));
    if (!removed) return fail(ErrorCode::not_found, "saved_view.not_found");
    return append_audit(tx, caller, "view.delete", name);
  });
}

}  // namespace ug::service
