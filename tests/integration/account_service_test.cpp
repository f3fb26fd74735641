// The account service on both backends: the first administrator, password changes and resets that
// end sessions, deactivation, expired sessions and tokens, token scopes within the user's, the
// handler's default department, permission checks, and sign-in costing the same work whether the
// name exists or not.
#include "service/account_service.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>

#include "integration/backends.hpp"
#include "service/routing_service.hpp"

namespace ug::service {
namespace {

const access::Principal kCli = access::Principal::command_line();

class AccountServiceTest : public ::testing::TestWithParam<storage::Backend> {
 protected:
  void SetUp() override {
    db_ = test::migrated_database(GetParam(), "account-service", &url_);
    AuthSettings settings;
    settings.account_lockout_after = 1000;  // back-off has its own test
    settings.address_lockout_after = 1000;
    accounts_ = std::make_unique<AccountService>(*db_, settings);
  }
  void raw(const std::string& sql) {
    const auto error = test::execute_raw(GetParam(), url_, sql);
    ASSERT_FALSE(error) << *error;
  }
  std::string url_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<AccountService> accounts_;
};

TEST_P(AccountServiceTest, FirstAdministratorOnce) {
  const auto password = accounts_->bootstrap_admin("admin").value();
  ASSERT_TRUE(password);
  EXPECT_FALSE(accounts_->bootstrap_admin("admin").value());  // users exist now
  const auto in = accounts_->sign_in("admin", *password, "127.0.0.1").value();
  EXPECT_TRUE(in.principal.must_change_password);
  EXPECT_TRUE(access::can(in.principal, access::Permission::manage_users));
  EXPECT_TRUE(access::sees_region(in.principal, "110101"));  // scope "*"
  // Until the one-time password is changed, services refuse it whatever the front end.
  const auto refused = accounts_->users(in.principal);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::forbidden);
  ASSERT_TRUE(accounts_->change_password(in.principal, *password, "now my own 2026"));
  const auto again = accounts_->sign_in("admin", "now my own 2026", "127.0.0.1").value();
  EXPECT_TRUE(accounts_->users(again.principal));
}

TEST_P(AccountServiceTest, PasswordChangesAndResetsEndSessions) {
  ASSERT_TRUE(accounts_->create_user(kCli, {"li", "李", "", {"leader"}, {"370811"}, {}}, "first password"));
  const auto a = accounts_->sign_in("li", "first password", "10.0.0.1").value();
  const auto b = accounts_->sign_in("li", "first password", "10.0.0.2").value();
  ASSERT_TRUE(accounts_->check_session(a.session_secret, "10.0.0.1").value());

  EXPECT_EQ(accounts_->change_password(a.principal, "wrong", "second password").error().code,
            ErrorCode::validation_failed);
  EXPECT_EQ(accounts_->change_password(a.principal, "first password", "short").error().code,
            ErrorCode::validation_failed);
  ASSERT_TRUE(accounts_->change_password(a.principal, "first password", "second password"));
  EXPECT_FALSE(accounts_->check_session(b.session_secret, "10.0.0.2").value());
  EXPECT_EQ(accounts_->sign_in("li", "first password", "10.0.0.1").error().code, ErrorCode::unauthenticated);
  const auto c = accounts_->sign_in("li", "second password", "10.0.0.1").value();

  const auto users = accounts_->users(kCli).value();
  const auto one_time = accounts_->reset_password(kCli, users.at(0).id).value();
  EXPECT_FALSE(accounts_->check_session(c.session_secret, "10.0.0.1").value());
  EXPECT_TRUE(accounts_->sign_in("li", one_time, "10.0.0.1").value().principal.must_change_password);
}

TEST_P(AccountServiceTest, DeactivatedUsersAndExpiredSessionsAndTokens) {
  const auto id = accounts_->create_user(kCli, {"zhao", "", "", {"operator"}, {"370811"}, {}}, "a password 1").value();
  const auto in = accounts_->sign_in("zhao", "a password 1", "10.0.0.1").value();
  const auto token = accounts_->create_token(kCli, {"zhao", "script", {}, "", 30}).value();
  ASSERT_TRUE(accounts_->check_token(token.secret, "10.0.0.1").value());

  raw("UPDATE sessions SET expires_at_ms = 1");
  EXPECT_FALSE(accounts_->check_session(in.session_secret, "10.0.0.1").value());
  raw("UPDATE api_tokens SET expires_at_ms = 1");
  EXPECT_FALSE(accounts_->check_token(token.secret, "10.0.0.1").value());

  const auto again = accounts_->sign_in("zhao", "a password 1", "10.0.0.1").value();
  ASSERT_TRUE(accounts_->update_user(kCli, id, {"zhao", "", "", {"operator"}, {"370811"}, {}}, false));
  EXPECT_FALSE(accounts_->check_session(again.session_secret, "10.0.0.1").value());
  EXPECT_EQ(accounts_->sign_in("zhao", "a password 1", "10.0.0.1").error().code, ErrorCode::unauthenticated);
}

TEST_P(AccountServiceTest, ScopesOfTokensAndHandlers) {
  GridService grids(*db_);
  RoutingService routing(*db_, grids, {2, calendar::Unit::working_days});
  ASSERT_TRUE(routing.save_org_unit(kCli, {"HW", "环卫处", "department", "", "", true}));
  ASSERT_TRUE(accounts_->create_user(kCli, {"crew", "", "HW", {"handler"}, {"370811"}, {}}, "a password 1"));
  const auto crew = accounts_->sign_in("crew", "a password 1", "10.0.0.1").value().principal;
  EXPECT_EQ(crew.department_scopes, (std::vector<std::string>{"HW"}));  // their own unit by default

  // A token may narrow the user's region, never widen it.
  EXPECT_EQ(accounts_->create_token(kCli, {"crew", "wide", {"3708"}, "", std::nullopt}).error().code,
            ErrorCode::validation_failed);
  const auto narrow = accounts_->create_token(kCli, {"crew", "narrow", {"370811002"}, "", std::nullopt}).value();
  const auto by_token = accounts_->check_token(narrow.secret, "10.0.0.9").value();
  ASSERT_TRUE(by_token);
  EXPECT_TRUE(access::sees_region(*by_token, "370811002001"));
  EXPECT_FALSE(access::sees_region(*by_token, "370811003001"));
  EXPECT_EQ(by_token->address, "10.0.0.9");
  // Moved to another street, the user's old token does not keep the old street.
  const auto crew_id = accounts_->users(kCli).value().at(0).id;
  ASSERT_TRUE(accounts_->update_user(kCli, crew_id, {"crew", "", "HW", {"handler"}, {"370811003"}, {"HW"}}, true));
  const auto moved = accounts_->check_token(narrow.secret, "10.0.0.9").value();
  ASSERT_TRUE(moved);
  EXPECT_FALSE(access::sees_region(*moved, "370811002001"));
  EXPECT_FALSE(access::sees_region(*moved, "370811003001"));  // nor gains the new one through this token

  // Only administrators manage users.
  EXPECT_EQ(accounts_->create_user(crew, {"x", "", "", {"admin"}, {"*"}, {}}, "a password 1").error().code,
            ErrorCode::forbidden);
  EXPECT_EQ(accounts_->users(crew).error().code, ErrorCode::forbidden);
  EXPECT_EQ(accounts_->audit(crew, {}).error().code, ErrorCode::forbidden);
  // Bad input changes nothing.
  EXPECT_EQ(accounts_->create_user(kCli, {"bad name!", "", "", {"admin"}, {}, {}}, "a password 1").error().code,
            ErrorCode::validation_failed);
  EXPECT_EQ(accounts_->create_user(kCli, {"y", "", "", {"root"}, {}, {}}, "a password 1").error().code,
            ErrorCode::validation_failed);
  EXPECT_EQ(accounts_->create_user(kCli, {"y", "", "NOPE", {"handler"}, {}, {}}, "a password 1").error().code,
            ErrorCode::validation_failed);
  EXPECT_EQ(accounts_->users(kCli).value().size(), 1u);
}

TEST_P(AccountServiceTest, TheLastAdministratorStays) {
  const auto first = accounts_->create_user(kCli, {"root1", "", "", {"admin"}, {"*"}, {}}, "a password 1").value();
  EXPECT_EQ(accounts_->update_user(kCli, first, {"root1", "", "", {"leader"}, {"*"}, {}}, true).error().code,
            ErrorCode::conflict);
  EXPECT_EQ(accounts_->update_user(kCli, first, {"root1", "", "", {"admin"}, {"*"}, {}}, false).error().code,
            ErrorCode::conflict);
  ASSERT_TRUE(accounts_->create_user(kCli, {"root2", "", "", {"admin"}, {"*"}, {}}, "a password 2"));
  EXPECT_TRUE(accounts_->update_user(kCli, first, {"root1", "", "", {"leader"}, {"*"}, {}}, true));
}

TEST_P(AccountServiceTest, UnknownNamesCostWhatWrongPasswordsCost) {
  ASSERT_TRUE(accounts_->create_user(kCli, {"wang", "", "", {"leader"}, {"370811"}, {}}, "the real one"));
  const auto median_ms = [&](const std::string& name) {
    std::vector<double> ms;
    for (int i = 0; i < 5; ++i) {
      const auto start = std::chrono::steady_clock::now();
      EXPECT_EQ(accounts_->sign_in(name, "not it at all", "10.0.0.1").error().code, ErrorCode::unauthenticated);
      ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    std::sort(ms.begin(), ms.end());
    return ms[2];
  };
  const double known = median_ms("wang"), unknown = median_ms("nobody");
  // Both verify one argon2id hash of the same cost (tens of ms); without the dummy hash the unknown
  // name would answer in well under a millisecond.
  EXPECT_GT(unknown, known / 3) << known << " ms vs " << unknown << " ms";
  EXPECT_LT(unknown, known * 3) << known << " ms vs " << unknown << " ms";
}

INSTANTIATE_TEST_SUITE_P(Backends, AccountServiceTest,
                         ::testing::Values(storage::Backend::sqlite, storage::Backend::postgres), test::backend_name);

}  // namespace
}  // namespace ug::service
