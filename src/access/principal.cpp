// Permission and scope checks, and masking of personal data.
#include "access/principal.hpp"

#include <algorithm>

namespace ug::access {

Principal Principal::command_line() {
  Principal p;
  p.username = "cli";
  p.roles = {Role::admin};
  p.region_scopes = {std::string(kEverywhere)};
  return p;
}

bool can(const Principal& principal, Permission permission) { return any_role_has(principal.roles, permission); }

Error password_change_required() {
  return Error(ErrorCode::forbidden, "principal.password_change_required")
      .with("reason", std::string("password_change_required"));
}

Result<void> require(const Principal& principal, Permission permission) {
  if (can(principal, permission) && !principal.must_change_password) return {};
  if (principal.must_change_password) return fail(password_change_required());
  return fail(Error(ErrorCode::forbidden, {}).with("permission", std::string(to_string(permission))));
}

bool sees_region(const Principal& principal, std::string_view code) {
  return std::any_of(principal.region_scopes.begin(), principal.region_scopes.end(), [&](const std::string& scope) {
    return scope == kEverywhere || (!scope.empty() && code.starts_with(scope));
  });
}

bool works_in_centre(const Principal& principal) {
  return std::any_of(principal.roles.begin(), principal.roles.end(),
                     [](Role r) { return r == Role::operator_ || r == Role::shift_leader || r == Role::dispatcher; });
}

bool sees_department(const Principal& principal, std::string_view org_unit_id) {
  if (principal.department_scopes.empty()) return true;
  return std::find(principal.department_scopes.begin(), principal.department_scopes.end(), org_unit_id) !=
         principal.department_scopes.end();
}

Result<void> require_region(const Principal& principal, std::string_view code) {
  if (sees_region(principal, code)) return {};
  return fail(ErrorCode::not_found, {});
}

bool is_valid_region_scope(std::string_view scope) {
  if (scope == kEverywhere) return true;
  if (scope.size() < 2 || scope.size() > 15) return false;
  return std::all_of(scope.begin(), scope.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'); });
}

ReporterContact contact_for(const Principal& viewer, const ReporterContact& stored) {
  if (can(viewer, Permission::view_reporter_contact)) return stored;
  return {mask_name(stored.name), mask_phone(stored.phone)};
}

std::string mask_phone(std::string_view phone) {
  if (phone.size() <= 7)
    return std::string(phone.size() > 2 ? phone.size() - 2 : phone.size(), '*') +
           std::string(phone.size() > 2 ? phone.substr(phone.size() - 2) : "");
  return std::string(phone.substr(0, 3)) + std::string(phone.size() - 7, '*') +
         std::string(phone.substr(phone.size() - 4));
}

std::string mask_name(std::string_view name) {
  if (name.empty()) return {};
  std::size_t first = 1;  // the first UTF-8 character: a lead byte and its continuation bytes
  while (first < name.size() && (static_cast<unsigned char>(name[first]) & 0xC0) == 0x80) ++first;
  std::size_t rest = 0;
  for (std::size_t i = first; i < name.size(); ++i) rest += (static_cast<unsigned char>(name[i]) & 0xC0) != 0x80;
  return std::string(name.substr(0, first)) + std::string(std::max<std::size_t>(rest, 1), '*');
}

std::string acting_role(const Principal& principal, Permission permission) {
  for (const auto role : principal.roles) {
    if (any_role_has(std::span<const Role>(&role, 1), permission)) return std::string(to_string(role));
  }
  return principal.roles.empty() ? std::string() : std::string(to_string(principal.roles.front()));
}

}  // namespace ug::access
