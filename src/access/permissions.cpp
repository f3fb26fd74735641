// The role and permission tables (DOMAIN.md §1, §4). Separation of duties follows the two axes:
// the supervision centre (operator, supervisor, shift leader) finds and judges; the command centre
// (dispatcher) and departments (handler) fix; the administrator configures but handles no case.
#include "access/permissions.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace ug::access {
namespace {

using enum Role;

constexpr std::array<RoleInfo, kRoleCount> kRoles = {{
    {.role = citizen, .code = "citizen", .zh = "公众", .en = "Citizen"},
    {.role = supervisor, .code = "supervisor", .zh = "监督员", .en = "Supervisor"},
    {.role = operator_, .code = "operator", .zh = "受理员", .en = "Operator"},
    {.role = shift_leader, .code = "shift_leader", .zh = "值班长", .en = "Shift leader"},
    {.role = dispatcher, .code = "dispatcher", .zh = "派遣员", .en = "Dispatcher"},
    {.role = handler, .code = "handler", .zh = "处置人员", .en = "Handler"},
    {.role = leader, .code = "leader", .zh = "领导", .en = "Leader"},
    {.role = admin, .code = "admin", .zh = "管理员", .en = "Administrator"},
    {.role = integration, .code = "integration", .zh = "外部系统", .en = "External system"},
}};

const std::vector<Role> kStaff = {supervisor, operator_, shift_leader, dispatcher, handler, leader, admin, integration};

const std::vector<PermissionInfo>& table() {
  using enum Permission;
  static const std::vector<PermissionInfo> rows = {
      {view_base_data, "base.view", "查看网格、部件、类别、权责清单和工作日历", kStaff},
      {manage_grids, "grids.manage", "管理网格和行政区划", {admin}},
      {manage_categories, "categories.manage", "管理问题类别", {admin}},
      {manage_rules, "rules.manage", "管理组织单位和权责清单", {admin}},
      {manage_components, "components.manage", "管理部件台账", {admin}},
      {manage_calendar, "calendar.manage", "管理工作日历（本地调整、导入年度安排）", {admin}},
      {manage_users, "users.manage", "管理用户和令牌", {admin}},
      {manage_webhooks, "webhooks.manage", "管理外部系统的 Webhook 订阅，查看投递状态", {admin}},
      {view_audit, "audit.view", "查看审计日志", {admin}},
      {view_case, "case.view", "查看案件", kStaff},
      {report_case, "case.report", "上报问题", {citizen, supervisor, operator_, integration}},
      {upload_attachment,
       "attachment.upload",
       "上传照片（上报、核实、处置、核查的现场照片）",
       {citizen, supervisor, operator_, handler, integration}},
      {view_reporter_contact, "case.view_contact", "查看举报人姓名和完整电话", {operator_, shift_leader}},
      {case_accept, "case.accept", "受理", {operator_}},
      {case_request_verify, "case.request_verify", "派发核实", {operator_}},
      {case_verify_ok, "case.verify_ok", "核实属实", {supervisor}},
      {case_verify_not_found, "case.verify_not_found", "核实不属实", {supervisor}},
      {case_reject, "case.reject", "不予受理", {operator_}},
      {case_merge, "case.merge", "合并", {operator_}},
      {case_place, "case.place", "定位：把只有地址的案件标到地图上", {operator_, shift_leader}},
      {case_register, "case.register", "立案", {shift_leader}},
      {case_decline_register, "case.decline_register", "不予立案", {shift_leader}},
      {case_dispatch, "case.dispatch", "派遣", {dispatcher}},
      {case_sign, "case.sign", "签收", {handler}},
      {case_request_return, "case.request_return", "申请回退", {handler}},
      {case_approve_return, "case.approve_return", "批准回退", {dispatcher}},
      {case_deny_return, "case.deny_return", "驳回回退", {dispatcher}},
      {case_request_extension, "case.request_extension", "申请延期", {handler}},
      {case_approve_extension, "case.approve_extension", "批准延期", {dispatcher}},
      {case_deny_extension, "case.deny_extension", "驳回延期", {dispatcher}},
      {case_request_suspend, "case.request_suspend", "申请挂账", {handler}},
      {case_approve_suspend, "case.approve_suspend", "批准挂账", {dispatcher}},
      {case_deny_suspend, "case.deny_suspend", "驳回挂账", {dispatcher}},
      {case_resume, "case.resume", "恢复处置", {dispatcher}},
      {case_finish, "case.finish", "处置完毕", {handler}},
      {case_request_check, "case.request_check", "派发核查", {operator_}},
      {case_check_pass, "case.check_pass", "核查通过", {supervisor}},
      {case_check_fail, "case.check_fail", "核查不通过（返工）", {supervisor}},
      {case_close, "case.close", "结案", {shift_leader}},
      {case_request_void, "case.request_void", "申请作废", {operator_, shift_leader}},
      {case_approve_void, "case.approve_void", "批准作废", {shift_leader}},
      {case_deny_void, "case.deny_void", "驳回作废", {shift_leader}},
      {case_reopen, "case.reopen", "重办", {shift_leader}},
      {case_supervise, "case.supervise", "督办（发出、撤销督办）", {shift_leader, leader}},
      {case_callback, "case.callback", "回访（公众对自己的案件评价）", {citizen, operator_}},
      {case_self_handle, "case.self_handle", "自处理", {supervisor}},
      {supervision_reply, "supervision.reply", "回复督办", {shift_leader, handler}},
      {view_evaluation, "evaluation.view", "查看考核评价", {shift_leader, dispatcher, leader, admin}},
      {manage_evaluation, "evaluation.manage", "设置考评权重与计分档", {admin}},
      {export_data, "data.export", "导出数据", {leader, admin}},
  };
  return rows;
}

}  // namespace

std::span<const RoleInfo> roles() { return kRoles; }

std::string_view to_string(Role role) { return kRoles[static_cast<std::size_t>(role)].code; }

std::optional<Role> parse_role(std::string_view code) {
  for (const auto& r : kRoles) {
    if (r.code == code) return r.role;
  }
  return std::nullopt;
}

std::span<const PermissionInfo> permissions() { return table(); }

const PermissionInfo& info(Permission permission) { return table()[static_cast<std::size_t>(permission)]; }

std::string_view to_string(Permission permission) { return info(permission).code; }

std::optional<Permission> parse_permission(std::string_view code) {
  for (const auto& p : table()) {
    if (p.code == code) return p.permission;
  }
  return std::nullopt;
}

bool role_has(Role role, Permission permission) {
  const auto& holders = info(permission).holders;
  return std::find(holders.begin(), holders.end(), role) != holders.end();
}

bool any_role_has(std::span<const Role> held, Permission permission) {
  return std::any_of(held.begin(), held.end(), [&](Role r) { return role_has(r, permission); });
}

std::string permissions_documentation() {
  std::string out =
      "# Permissions\n\n"
      "<!-- Generated by `urbangrid permissions` from src/access/permissions.cpp; a test keeps this file equal "
      "to that output. -->\n\n"
      "Each role (DOMAIN.md §1) holds the permissions marked ✓. A user may hold several roles and has the\n"
      "union of their permissions. Permissions decide what a user may do; data scopes (region code prefixes,\n"
      "and departments for handlers) decide which cases, grids and figures they see: a resource outside\n"
      "the scope answers 404, one inside it without the permission 403, and lists leave out what is\n"
      "outside. Reporting a case does not put it in one's scope: its reporter follows its status\n"
      "(`GET /api/v1/cases/{id}/status`, read-only) but acts on it only within their scope. A case not yet\n"
      "placed on a unit grid (an address-only report, a point outside every grid) has no region: the\n"
      "centre roles (operator, shift_leader, dispatcher) see it whatever their region scopes.\n\n| permission | 说明 |";
  for (const auto& r : kRoles) out += fmt::format(" {} |", r.code);
  out += "\n|---|---|";
  for (std::size_t i = 0; i < kRoles.size(); ++i) out += "---|";
  out += "\n";
  for (const auto& p : table()) {
    out += fmt::format("| `{}` | {} |", p.code, p.zh);
    for (const auto& r : kRoles) out += role_has(r.role, p.permission) ? " ✓ |" : "  |";
    out += "\n";
  }
  out += "\nRoles: ";
  for (std::size_t i = 0; i < kRoles.size(); ++i) {
    out += fmt::format("{}`{}` {}", i ? ", " : "", kRoles[i].code, kRoles[i].zh);
  }
  out += ".\n";
  return out;
}

}  // namespace ug::access
