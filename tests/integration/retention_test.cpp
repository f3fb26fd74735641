// Retention on both databases (issue 19): audit entries older than the retention are deleted and
// younger ones kept, never any younger than 180 days (the schema refuses, 网络安全法 §21);
// reporters' phone numbers are erased once their case has been closed longer than the setting,
// open and recently closed cases keep theirs; each run that erased anything is audited.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json/parse.hpp>

#include "app/commands.hpp"
#include "backends.hpp"
#include "core/clock.hpp"
#include "service/case_service.hpp"
#include "service/retention.hpp"
#include "two_streets.hpp"

namespace ug::service {
namespace {

constexpr std::int64_t kDay = 86'400'000;

class RetentionTest : public ::testing::TestWithParam<storage::Backend> {
 protected:
  void SetUp() override { db_ = test::migrated_database(GetParam(), "retention", &url_); }

  void append_audit_at(std::int64_t at_ms, const std::string& target) {
    ASSERT_TRUE(db_->write([&](storage::Transaction& tx) {
      return tx.audit().append({0, at_ms, std::nullopt, "cli", std::nullopt, "", "user.create", target, "ok", "{}"});
    }));
  }
  std::vector<storage::AuditRecord> audit(const std::string& action_prefix = {}) {
    storage::AuditQuery q;
    q.action_prefix = action_prefix;
    return db_->read([&](storage::Transaction& tx) { return tx.audit().query(q); }).value();
  }

  std::unique_ptr<storage::Database> db_;
  std::string url_;
};

TEST_P(RetentionTest, AuditEntriesLiveAtLeast180DaysThenAsLongAsTheSetting) {
  const auto now = now_unix_millis();
  append_audit_at(now - 400 * kDay, "older-than-a-year");
  append_audit_at(now - 200 * kDay, "seven-months");
  append_audit_at(now - 100 * kDay, "three-months");

  RetentionService one_year(*db_, {365, 0, now_unix_millis});
  EXPECT_EQ(one_year.erase_expired().value().audit_entries_deleted, 1);
  RetentionService minimum(*db_, {kMinimumAuditRetentionDays, 0, now_unix_millis});
  EXPECT_EQ(minimum.erase_expired().value().audit_entries_deleted, 1);
  const auto nothing_left = minimum.erase_expired().value();
  EXPECT_FALSE(nothing_left.erased_anything());

  const auto runs = audit("retention.");
  ASSERT_EQ(runs.size(), 2u);  // one per run that erased something
  EXPECT_EQ(runs[0].actor, "retention");
  const auto summary = boost::json::parse(runs[0].summary);
  EXPECT_EQ(summary.at("audit_entries_deleted").as_int64(), 1);
  EXPECT_EQ(summary.at("audit_days").as_int64(), 180);
  std::vector<std::string> kept;
  for (const auto& e : audit("user.")) kept.push_back(e.target);
  EXPECT_EQ(kept, (std::vector<std::string>{"three-months"}));

  // Shorter than the law allows: the database refuses, and the run changes nothing.
  RetentionService too_short(*db_, {30, 0, now_unix_millis});
  const auto refused = too_short.erase_expired();
  ASSERT_FALSE(refused);
  EXPECT_EQ(audit("user.").size(), 1u);
  db_.reset();  // SQLite: no connection of ours in the way
  const auto raw = test::execute_raw(GetParam(), url_, "DELETE FROM audit_log");
  ASSERT_TRUE(raw);
  EXPECT_NE(raw->find("append-only"), std::string::npos) << *raw;
}

TEST_P(RetentionTest, ReporterPhonesAreErasedAfterTheCaseHasBeenClosedLongEnough) {
  ASSERT_TRUE(app::prepare_schema(*db_));
  std::atomic<std::int64_t> now{test::bj(11, 23, 9, 0)};
  test::TwoStreetServices city;
  test::build_two_streets(
      *db_, [&now] { return now.load(); }, city);
  const auto seat = test::person(1, "受理员", access::Role::operator_, {"370811"});
  const auto leader = test::person(3, "值班长", access::Role::shift_leader, {"370811"});
  const auto cli = access::Principal::command_line();
  const auto report = [&](const std::string& description) {
    IntakeRequest in;
    in.description = description;
    in.category = "06010";
    in.point = test::kInA;
    in.reporter_name = "张三";
    in.reporter_phone = "13812345678";
    return city.cases->intake(seat, in).value().view->row.projection.id;
  };
  const auto close = [&](const std::string& id) {
    for (const auto action : {workflow::Action::request_void, workflow::Action::approve_void}) {
      const bool request = action == workflow::Action::request_void;
      ActionRequest r;
      r.version = city.cases->get(cli, id).value().row.projection.version;
      if (request) {
        r.comment = "误报";
        r.reason = "误报";
      }
      ASSERT_TRUE(city.cases->act(request ? seat : leader, id, action, r));
    }
  };
  const auto closed_first = report("早已结案");
  close(closed_first);
  const auto closed_at = city.cases->get(cli, closed_first).value().row.projection.closed_at_ms.value();
  now = now + 2 * 3'600'000;
  const auto closed_later = report("稍后结案");
  close(closed_later);
  const auto still_open = report("仍在办理");
  const auto phone = [&](const std::string& id) {
    return db_->read([&](storage::Transaction& tx) { return tx.cases().reporter(id); }).value().value().second;
  };

  // A year and an hour after the first closing: only that case's phone number has expired.
  const auto clock = [closed_at] { return closed_at + 365 * kDay + 3'600'000; };
  RetentionService keep_forever(*db_, {36'500, 0, clock});
  EXPECT_FALSE(keep_forever.erase_expired().value().erased_anything());  // 0 keeps them
  RetentionService retention(*db_, {36'500, 365, clock});
  EXPECT_EQ(retention.erase_expired().value().reporter_phones_erased, 1);
  EXPECT_EQ(phone(closed_first), "");
  EXPECT_EQ(phone(closed_later), "13812345678");
  EXPECT_EQ(phone(still_open), "13812345678");
  EXPECT_EQ(retention.erase_expired().value().reporter_phones_erased, 0);  // erased once
  // Nor can the erased number still be found by a search (its indexed digits go with it).
  storage::CaseFilter by_phone;
  by_phone.text = "5678";
  const auto found = city.cases->list(seat, by_phone).value();
  EXPECT_EQ(found.size(), 2u);  // the two cases that keep theirs
  EXPECT_TRUE(
      std::none_of(found.begin(), found.end(), [&](const auto& v) { return v.row.projection.id == closed_first; }));

  const auto runs = audit("retention.");
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(boost::json::parse(runs[0].summary).at("reporter_phones_erased").as_int64(), 1);
  EXPECT_EQ(boost::json::parse(runs[0].summary).at("reporter_phone_days").as_int64(), 365);
}

INSTANTIATE_TEST_SUITE_P(Backends, RetentionTest,
                         ::testing::Values(storage::Backend::sqlite, storage::Backend::postgres), test::backend_name);

}  // namespace
}  // namespace ug::service
