// Saved views: validation, the per-user limit and the audit entry of each change.
#include "service/saved_view_service.hpp"

#include <algorithm>

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

}  // namespace

Result<std::vector<storage::SavedViewRecord>> SavedViewService::views(const access::Principal& caller) {
  UG_TRY(check_caller(caller));
  return db_.read([&](storage::Transaction& tx) { return tx.saved_views().of_user(caller.user_id); });
}

Result<bool> SavedViewService::save(const access::Principal& caller, const std::string& name,
                                    const std::string& query) {
  UG_TRY(check_caller(caller));
  if (name.empty() || name.size() > SavedViewLimits::name_bytes || has_control_character(name)) {
    return fail(invalid("name", "saved_view.name_invalid"));
  }
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
