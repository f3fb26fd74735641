// The role × permission table and the scope rules: what each role may do (spot checks a reviewer can
// read against DOMAIN.md §1), that docs/permissions.md is the table's output, region and department
// scopes, and masking of phone numbers and names.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "access/principal.hpp"
#include "support/test_env.hpp"

namespace ug::access {
namespace {

Principal with(std::vector<Role> roles, std::vector<std::string> regions = {"370811"}) {
  Principal p;
  p.username = "u";
  p.roles = std::move(roles);
  p.region_scopes = std::move(regions);
  return p;
}

TEST(Permissions, TheTableIsCompleteAndInEnumOrder) {
  const auto all = permissions();
  ASSERT_EQ(all.size(), static_cast<std::size_t>(Permission::export_data) + 1);
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(static_cast<std::size_t>(all[i].permission), i) << all[i].code;
    EXPECT_FALSE(all[i].holders.empty()) << all[i].code;
    EXPECT_EQ(parse_permission(all[i].code), all[i].permission);
  }
  for (const auto& r : roles()) EXPECT_EQ(parse_role(r.code), r.role);
  EXPECT_EQ(to_string(Role::operator_), "operator");
  EXPECT_FALSE(parse_role("root"));
}

TEST(Permissions, DutiesAreSeparated) {
  // The one who finds a problem is not the one who fixes it; the administrator handles no case.
  EXPECT_TRUE(role_has(Role::dispatcher, Permission::case_dispatch));
  EXPECT_FALSE(role_has(Role::operator_, Permission::case_dispatch));
  EXPECT_FALSE(role_has(Role::handler, Permission::case_check_pass));
  EXPECT_TRUE(role_has(Role::supervisor, Permission::case_check_pass));
  EXPECT_TRUE(role_has(Role::shift_leader, Permission::case_register));
  EXPECT_FALSE(role_has(Role::admin, Permission::case_register));
  EXPECT_TRUE(role_has(Role::admin, Permission::manage_calendar));
  EXPECT_FALSE(role_has(Role::leader, Permission::manage_calendar));
  // A citizen reports (with photos) and rates the result (the satisfaction callback), nothing
  // else; a system reports and reads.
  for (const auto& p : permissions()) {
    EXPECT_EQ(role_has(Role::citizen, p.permission), p.permission == Permission::report_case ||
                                                         p.permission == Permission::upload_attachment ||
                                                         p.permission == Permission::case_callback)
        << p.code;
  }
  // Photos come from those who stand in front of the problem or its result; not from desks that
  // only decide.
  EXPECT_TRUE(role_has(Role::handler, Permission::upload_attachment));
  EXPECT_FALSE(role_has(Role::leader, Permission::upload_attachment));
  EXPECT_FALSE(role_has(Role::dispatcher, Permission::upload_attachment));
  EXPECT_TRUE(role_has(Role::integration, Permission::report_case));
  EXPECT_FALSE(role_has(Role::integration, Permission::view_reporter_contact));
  // Several roles: the union.
  const std::vector<Role> both = {Role::handler, Role::leader};
  EXPECT_TRUE(any_role_has(both, Permission::case_supervise));
  EXPECT_TRUE(any_role_has(both, Permission::case_finish));
}

TEST(Permissions, DocsFileIsTheGeneratedTable) {
  std::ifstream in(test::source_dir() / "docs/permissions.md");
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), permissions_documentation()) << "regenerate: build/urbangrid permissions > docs/permissions.md";
}

TEST(Scopes, RegionPrefixesAndDepartments) {
  const auto street = with({Role::supervisor}, {"370811002", "370811003"});
  EXPECT_TRUE(sees_region(street, "370811002001"));     // a community of the street
  EXPECT_TRUE(sees_region(street, "370811003001007"));  // a grid of the other street
  EXPECT_FALSE(sees_region(street, "370811004001"));
  EXPECT_FALSE(sees_region(street, "3708"));  // the city is larger than the scope
  EXPECT_EQ(require_region(street, "370811004").error().code, ErrorCode::not_found);
  EXPECT_TRUE(sees_region(with({Role::admin}, {"*"}), "110101"));
  EXPECT_FALSE(sees_region(with({Role::leader}, {}), "370811"));  // no scope: nothing

  auto crew = with({Role::handler});
  EXPECT_TRUE(sees_department(crew, "HW"));  // no department scope: no restriction
  crew.department_scopes = {"HW"};
  EXPECT_TRUE(sees_department(crew, "HW"));
  EXPECT_FALSE(sees_department(crew, "SZ"));

  EXPECT_EQ(require(crew, Permission::case_dispatch).error().code, ErrorCode::forbidden);
  EXPECT_TRUE(require(crew, Permission::case_sign));
  EXPECT_TRUE(is_valid_region_scope("370811"));
  EXPECT_TRUE(is_valid_region_scope("*"));
  EXPECT_FALSE(is_valid_region_scope(""));
  EXPECT_FALSE(is_valid_region_scope("3"));
  EXPECT_FALSE(is_valid_region_scope("37%"));
}

TEST(Masking, ContactsPerRole) {
  const ReporterContact stored{"张三", "13812345678"};
  for (const auto& r : roles()) {
    const auto seen = contact_for(with({r.role}), stored);
    const bool full = r.role == Role::operator_ || r.role == Role::shift_leader;  // they call reporters back
    EXPECT_EQ(seen.phone, full ? "13812345678" : "138****5678") << r.code;
    EXPECT_EQ(seen.name, full ? "张三" : "张*") << r.code;
  }
}

TEST(Masking, PhonesAndNames) {
  EXPECT_EQ(mask_phone("13812345678"), "138****5678");
  EXPECT_EQ(mask_phone("0537-2345678"), "053*****5678");
  EXPECT_EQ(mask_phone("12345"), "***45");
  EXPECT_EQ(mask_phone(""), "");
  EXPECT_EQ(mask_name("张三"), "张*");
  EXPECT_EQ(mask_name("欧阳娜娜"), "欧***");
  EXPECT_EQ(mask_name("Li"), "L*");
  EXPECT_EQ(mask_name("王"), "王*");
}

}  // namespace
}  // namespace ug::access
