// Who may do what (DOMAIN.md §1): the roles, the permissions, and the one declarative table that
// says which role holds which permission. Code checks permissions only through this table;
// docs/permissions.md and the access tests are generated from it.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ug::access {

enum class Role : std::uint8_t {
  citizen,
  supervisor,
  operator_,  // "operator" (a keyword in C++)
  shift_leader,
  dispatcher,
  handler,
  leader,
  admin,
  integration,
};
inline constexpr std::size_t kRoleCount = 9;

struct RoleInfo {
  Role role;
  std::string_view code;  // wire name
  std::string_view zh, en;
};
std::span<const RoleInfo> roles();
std::string_view to_string(Role role);
std::optional<Role> parse_role(std::string_view code);

enum class Permission : std::uint8_t {
  // Base data and administration.
  view_base_data,
  manage_grids,
  manage_categories,
  manage_rules,
  manage_components,
  manage_calendar,
  manage_users,
  manage_webhooks,
  view_audit,
  // Cases: seeing, reporting, and one permission per lifecycle action (DOMAIN.md §4).
  view_case,
  report_case,
  upload_attachment,
  view_reporter_contact,
  case_accept,
  case_request_verify,
  case_verify_ok,
  case_verify_not_found,
  case_reject,
  case_merge,
  case_place,
  case_register,
  case_decline_register,
  case_dispatch,
  case_sign,
  case_request_return,
  case_approve_return,
  case_deny_return,
  case_request_extension,
  case_approve_extension,
  case_deny_extension,
  case_request_suspend,
  case_approve_suspend,
  case_deny_suspend,
  case_resume,
  case_finish,
  case_request_check,
  case_check_pass,
  case_check_fail,
  case_close,
  case_request_void,
  case_approve_void,
  case_deny_void,
  case_reopen,
  case_supervise,  // issue and withdraw 督办 notices (the 督办 process, DOMAIN.md §9)
  case_callback,
  case_self_handle,
  supervision_reply,  // the supervised unit answers a 督办 notice
  // Evaluation and data.
  view_evaluation,
  manage_evaluation,
  export_data,
};

struct PermissionInfo {
  Permission permission;
  std::string_view code;  // wire name, e.g. "case.dispatch"
  std::string_view zh;
  std::vector<Role> holders;
};
// The table: every permission once, in enum order.
std::span<const PermissionInfo> permissions();
const PermissionInfo& info(Permission permission);
std::string_view to_string(Permission permission);
std::optional<Permission> parse_permission(std::string_view code);

bool role_has(Role role, Permission permission);
bool any_role_has(std::span<const Role> roles, Permission permission);

// docs/permissions.md: the role × permission matrix in Markdown.
std::string permissions_documentation();

}  // namespace ug::access
