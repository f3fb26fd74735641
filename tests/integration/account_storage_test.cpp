// Account storage on both backends: users with roles and scopes (names unique regardless of case),
// sessions and tokens found by hash, throttle records, and an audit log that refuses to be changed.
#include <gtest/gtest.h>

#include "core/clock.hpp"
#include "integration/backends.hpp"

namespace ug::storage {
namespace {

class AccountStorageTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override { db_ = test::migrated_database(GetParam(), "accounts", &url_); }
  std::string url_;
  std::unique_ptr<Database> db_;
};

TEST_P(AccountStorageTest, UsersWithRolesAndScopes) {
  UserRecord u{0, "Wang.Li", "王力", "", "$argon2id$x", true, true, {"dispatcher", "leader"}, {"370811"}, {}, 1, 1};
  const auto id = db_->write([&](Transaction& tx) { return tx.users().insert(u); }).value();
  const auto found = db_->read([](Transaction& tx) { return tx.users().find_by_username("wang.li"); }).value();
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, id);
  EXPECT_EQ(found->username, "Wang.Li");
  EXPECT_EQ(found->roles, (std::vector<std::string>{"dispatcher", "leader"}));
  EXPECT_EQ(found->region_scopes, (std::vector<std::string>{"370811"}));
  EXPECT_TRUE(found->must_change_password);

  auto twin = u;
  twin.username = "WANG.LI";
  EXPECT_EQ(db_->write([&](Transaction& tx) { return tx.users().insert(twin); }).error().code, ErrorCode::conflict);

  auto changed = *found;
  changed.roles = {"handler"};
  changed.region_scopes = {"370811002", "370811003"};
  changed.department_scopes = {};
  changed.updated_at = 2;
  EXPECT_TRUE(db_->write([&](Transaction& tx) { return tx.users().update(changed); }).value());
  const auto again = db_->read([&](Transaction& tx) { return tx.users().find(id); }).value();
  EXPECT_EQ(again->roles, (std::vector<std::string>{"handler"}));
  EXPECT_EQ(again->region_scopes.size(), 2u);
  EXPECT_TRUE(
      db_->write([&](Transaction& tx) { return tx.users().set_password(id, "$argon2id$y", false, 3); }).value());
  EXPECT_EQ(db_->read([&](Transaction& tx) { return tx.users().find(id); }).value()->password_hash, "$argon2id$y");
  EXPECT_EQ(db_->read([](Transaction& tx) { return tx.users().count(); }).value(), 1);
}

TEST_P(AccountStorageTest, SessionsAndTokensByHash) {
  const auto uid = db_->write([](Transaction& tx) {
                        return tx.users().insert({0, "a", "", "", "", false, true, {"admin"}, {"*"}, {}, 1, 1});
                      })
                       .value();
  ASSERT_TRUE(db_->write([&](Transaction& tx) {
    return tx.sessions().insert({"h1", uid, "csrf", "127.0.0.1", 10, 100, 10});
  }));
  EXPECT_EQ(db_->read([](Transaction& tx) { return tx.sessions().find("h1"); }).value()->csrf_token, "csrf");
  EXPECT_EQ(db_->write([](Transaction& tx) { return tx.sessions().purge_expired(100); }).value(), 1);
  EXPECT_FALSE(db_->read([](Transaction& tx) { return tx.sessions().find("h1"); }).value());

  TokenRecord t{0, uid, "12345 平台", "th", {"3708"}, "hotline_12345", 5, std::nullopt, std::nullopt, std::nullopt};
  const auto tid = db_->write([&](Transaction& tx) { return tx.tokens().insert(t); }).value();
  EXPECT_EQ(db_->write([&](Transaction& tx) { return tx.tokens().insert(t); }).error().code, ErrorCode::conflict);
  const auto token = db_->read([](Transaction& tx) { return tx.tokens().find_by_hash("th"); }).value();
  ASSERT_TRUE(token);
  EXPECT_EQ(token->id, tid);
  EXPECT_EQ(token->region_scopes, (std::vector<std::string>{"3708"}));
  EXPECT_FALSE(token->expires_at);
  EXPECT_TRUE(db_->write([&](Transaction& tx) { return tx.tokens().revoke(tid, 7); }).value());
  EXPECT_FALSE(db_->write([&](Transaction& tx) { return tx.tokens().revoke(tid, 8); }).value());
  EXPECT_EQ(db_->read([&](Transaction& tx) { return tx.tokens().find(tid); }).value()->revoked_at, 7);
}

TEST_P(AccountStorageTest, TheAuditLogOnlyGrows) {
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(db_->write([&](Transaction& tx) {
      return tx.audit().append({0, 100 + i, std::nullopt, i == 1 ? "admin" : "cli", std::nullopt, "",
                                i == 2 ? "session.login" : "user.create", "u" + std::to_string(i), "ok", "{}"});
    }));
  }
  const auto newest_first = db_->read([](Transaction& tx) { return tx.audit().query({}); }).value();
  ASSERT_EQ(newest_first.size(), 3u);
  EXPECT_EQ(newest_first.front().target, "u2");
  AuditQuery by_action;
  by_action.action_prefix = "user.";
  EXPECT_EQ(db_->read([&](Transaction& tx) { return tx.audit().query(by_action); }).value().size(), 2u);
  AuditQuery by_actor;
  by_actor.actor = "admin";
  by_actor.since = 100;
  by_actor.until = 102;
  EXPECT_EQ(db_->read([&](Transaction& tx) { return tx.audit().query(by_actor); }).value().size(), 1u);
  AuditQuery page;
  page.before_id = newest_first.front().id;
  page.limit = 1;
  EXPECT_EQ(db_->read([&](Transaction& tx) { return tx.audit().query(page); }).value().at(0).target, "u1");

  // Neither an update nor a delete gets through, whatever program asks (entries as old as these
  // may expire: a delete that touches any entry younger than 180 days is refused whole).
  ASSERT_TRUE(db_->write([&](Transaction& tx) {
    return tx.audit().append(
        {0, now_unix_millis(), std::nullopt, "cli", std::nullopt, "", "user.create", "recent", "ok", "{}"});
  }));
  db_.reset();  // SQLite: no connection of ours in the way
  const auto update = test::execute_raw(GetParam(), url_, "UPDATE audit_log SET outcome = 'failed'");
  ASSERT_TRUE(update);
  EXPECT_NE(update->find("append-only"), std::string::npos) << *update;
  const auto remove = test::execute_raw(GetParam(), url_, "DELETE FROM audit_log");
  ASSERT_TRUE(remove);
  EXPECT_NE(remove->find("append-only"), std::string::npos) << *remove;
}

TEST_P(AccountStorageTest, SavedViewsPerUserReplacedByName) {
  const auto make = [&](const char* name) {
    return db_
        ->write([&](Transaction& tx) {
          return tx.users().insert({0, name, "", "", "", false, true, {"operator"}, {"*"}, {}, 1, 1});
        })
        .value();
  };
  const auto seat = make("seat"), other = make("other");
  EXPECT_TRUE(db_->write([&](Transaction& tx) {
                   return tx.saved_views().put({seat, "热线急件", "urgency=urgent", 10, 10});
                 })
                  .value());
  EXPECT_TRUE(db_->write([&](Transaction& tx) {
                   return tx.saved_views().put({seat, "超时", "overdue=true", 20, 20});
                 })
                  .value());
  EXPECT_TRUE(db_->write([&](Transaction& tx) {
                   return tx.saved_views().put({other, "超时", "q=x", 15, 15});
                 })
                  .value());
  // The same name again replaces the query and keeps when it was first saved (and its place).
  EXPECT_FALSE(db_->write([&](Transaction& tx) {
                    return tx.saved_views().put({seat, "热线急件", "urgency=critical", 30, 30});
                  })
                   .value());
  const auto views = db_->read([&](Transaction& tx) { return tx.saved_views().of_user(seat); }).value();
  ASSERT_EQ(views.size(), 2u);
  EXPECT_EQ(views[0].name, "热线急件");
  EXPECT_EQ(views[0].query, "urgency=critical");
  EXPECT_EQ(views[0].created_at, 10);
  EXPECT_EQ(views[0].updated_at, 30);
  EXPECT_EQ(views[1].name, "超时");
  EXPECT_TRUE(db_->write([&](Transaction& tx) { return tx.saved_views().remove(seat, "超时"); }).value());
  EXPECT_FALSE(db_->write([&](Transaction& tx) { return tx.saved_views().remove(seat, "超时"); }).value());
  EXPECT_EQ(db_->read([&](Transaction& tx) { return tx.saved_views().of_user(other); }).value().at(0).query, "q=x");
}

INSTANTIATE_TEST_SUITE_P(Backends, AccountStorageTest, ::testing::Values(Backend::sqlite, Backend::postgres),
                         test::backend_name);

}  // namespace
}  // namespace ug::storage
