// The caller of a use case (a signed-in user, an API token, the command line) and the one scope
// mechanism every service applies: permissions from the role table, region scopes as code prefixes,
// department scopes for handlers. Out of scope → not_found (existence does not leak); in scope
// without the permission → forbidden; lists leave out what is outside.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "access/permissions.hpp"
#include "core/result.hpp"

namespace ug::access {

inline constexpr std::string_view kEverywhere = "*";  // a region scope covering the whole deployment

struct Principal {
  std::int64_t user_id = 0;  // 0: not a stored user (the command line)
  std::string username;
  std::vector<Role> roles;
  std::string org_unit_id;
  std::vector<std::string> region_scopes;      // division or grid code prefixes, or "*"
  std::vector<std::string> department_scopes;  // org unit ids; empty: no department restriction
  std::optional<std::int64_t> token_id;        // authenticated by this API token
  std::string channel;                         // an integration token's channel
  std::string address;                         // the client's IP address, for the audit log ("" locally)
  bool must_change_password = false;           // a one-time password: `require` refuses until it is changed

  // Whoever runs `urbangrid` against the database: the machine's administrator.
  static Principal command_line();
};

// What the principal's roles allow.
bool can(const Principal& principal, Permission permission);
// forbidden (403) naming the permission when `principal` lacks it, or with the reason
// password_change_required while a one-time password is still to be changed.
Result<void> require(const Principal& principal, Permission permission);

// forbidden with the reason password_change_required: what every use case answers a principal who
// must change a one-time (or expired) password first.
Error password_change_required();

// The role an actor acted in when using `permission`: the first of their roles that holds it (their
// first role when none does), as events record it.
std::string acting_role(const Principal& principal, Permission permission);

// Whether a division or grid code lies within the principal's region scopes.
bool sees_region(const Principal& principal, std::string_view code);
bool sees_department(const Principal& principal, std::string_view org_unit_id);
// A supervision or command centre role (operator, shift leader, dispatcher): who places, registers
// and dispatches the cases that have no region yet.
bool works_in_centre(const Principal& principal);
// not_found when the code is outside the scopes: the same answer as for a code that does not exist.
Result<void> require_region(const Principal& principal, std::string_view code);

// A region scope as stored: "*" or 2–15 digits/letters of a division or grid code.
bool is_valid_region_scope(std::string_view scope);

// A reporter's contact as `viewer` may see it: in full with case.view_contact (the seats that call
// back), masked for everyone else. Stored once, in full; masked on the way out.
struct ReporterContact {
  std::string name;
  std::string phone;
};
ReporterContact contact_for(const Principal& viewer, const ReporterContact& stored);

// "13812345678" → "138****5678": first 3 and last 4 characters kept, the rest starred.
std::string mask_phone(std::string_view phone);
// "张三" → "张*": first character (UTF-8) kept.
std::string mask_name(std::string_view name);

}  // namespace ug::access
