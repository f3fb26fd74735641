// Every storage test runs against both backends (the /sqlite and /postgres suffixes of the test
// names): migrations, transactions, repositories, online backup and restore. No mocks: SQLite in
// a temp file, PostgreSQL started by the ctest fixture (tests/support/postgres_fixture.sh).
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <thread>

#include "app/database_factory.hpp"
#include "integration/backends.hpp"
#include "storage/database.hpp"
#include "storage/migrations.hpp"
#include "support/test_env.hpp"

namespace ug::storage {
namespace {

class StorageTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::sqlite) {
      dir_ = test::temp_dir("ug-storage");
      url_ = (dir_ / "city.db").string();
    } else {
      dir_ = test::temp_dir("ug-storage");
      url_ = test::create_postgres_database();
      ASSERT_FALSE(url_.empty());
    }
    db_ = open(url_);
    ASSERT_TRUE(db_);
  }

  static std::unique_ptr<Database> open(const std::string& url) {
    app::Config::Database config;
    config.url = url;
    auto db = app::open_database(config);
    EXPECT_TRUE(db) << (db ? "" : db.error().internal);
    return db ? std::move(*db) : nullptr;
  }

  Result<void> put_key(const std::string& key, UnixMillis at = 1000) {
    return db_->write([&](Transaction& tx) {
      return tx.idempotency().insert({"token:hotline", key, "fp-" + key, 201, R"({"id":"20261123000001"})", at});
    });
  }

  std::optional<IdempotencyRecord> get_key(const std::string& key) {
    return db_->read([&](Transaction& tx) { return tx.idempotency().find("token:hotline", key); }).value();
  }

  // Raw SQL outside the repositories, to tamper with a database as another program could.
  void execute_raw(const std::string& sql) {
    const auto error = test::execute_raw(GetParam(), url_, sql);
    EXPECT_FALSE(error) << *error;
  }

  std::filesystem::path dir_;
  std::string url_;
  std::unique_ptr<Database> db_;
};

TEST_P(StorageTest, EmptyDatabaseMigratesToTheLatestVersion) {
  EXPECT_EQ(db_->schema_version().value(), 0);
  const auto report = db_->migrate().value();
  EXPECT_EQ(report.from_version, 0);
  EXPECT_EQ(report.to_version, latest_schema_version(GetParam()));
  EXPECT_EQ(report.applied.front(), "0001_foundation");
  EXPECT_EQ(db_->schema_version().value(), latest_schema_version(GetParam()));
  EXPECT_TRUE(db_->ping());
}

TEST_P(StorageTest, MigrateTwiceAppliesNothingTheSecondTime) {
  ASSERT_TRUE(db_->migrate());
  const auto again = db_->migrate().value();
  EXPECT_TRUE(again.applied.empty());
  EXPECT_EQ(again.from_version, again.to_version);
}

TEST_P(StorageTest, RefusesADatabaseNewerThanTheBinary) {
  ASSERT_TRUE(db_->migrate());
  execute_raw(
      "INSERT INTO schema_migrations (version, name, checksum, applied_at_ms) VALUES (999, '0999_future', 'x', 0)");
  const auto refused = db_->migrate();
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::unavailable);
  EXPECT_NE(refused.error().public_message().find("999"), std::string::npos);
}

TEST_P(StorageTest, RefusesAnEditedShippedMigration) {
  ASSERT_TRUE(db_->migrate());
  execute_raw("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1");
  const auto refused = db_->migrate();
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().public_message().find("0001_foundation"), std::string::npos);
}

TEST_P(StorageTest, InstanceIdIsFixedAtCreation) {
  ASSERT_TRUE(db_->migrate());
  const auto first = db_->read([](Transaction& tx) { return tx.instance().get(); }).value();
  EXPECT_EQ(first.instance_id.size(), 32u);
  EXPECT_GT(first.created_at, 1'700'000'000'000);
  auto reopened = open(url_);
  const auto second = reopened->read([](Transaction& tx) { return tx.instance().get(); }).value();
  EXPECT_EQ(first.instance_id, second.instance_id);
}

TEST_P(StorageTest, IdempotencyKeyIsStoredOnceAndReplayed) {
  ASSERT_TRUE(db_->migrate());
  ASSERT_TRUE(put_key("k1"));
  const auto found = get_key("k1");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->response_status, 201);
  EXPECT_EQ(found->response_body, R"({"id":"20261123000001"})");
  EXPECT_EQ(found->request_fingerprint, "fp-k1");
  const auto again = put_key("k1");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::conflict);
  EXPECT_FALSE(get_key("other"));
  // Scopes keep two callers' keys apart.
  EXPECT_TRUE(db_->write([](Transaction& tx) {
    return tx.idempotency().insert({"token:video-ai", "k1", "fp", 201, "{}", 1000});
  }));
}

TEST_P(StorageTest, PurgeForgetsOnlyOldKeys) {
  ASSERT_TRUE(db_->migrate());
  ASSERT_TRUE(put_key("old", 1000));
  ASSERT_TRUE(put_key("new", 5000));
  const auto purged = db_->write([](Transaction& tx) { return tx.idempotency().purge_created_before(2000); });
  EXPECT_EQ(purged.value(), 1);
  EXPECT_FALSE(get_key("old"));
  EXPECT_TRUE(get_key("new"));
}

TEST_P(StorageTest, FailedTransactionLeavesNothingBehind) {
  ASSERT_TRUE(db_->migrate());
  const auto failed = db_->write([](Transaction& tx) -> Result<void> {
    UG_TRY(tx.idempotency().insert({"s", "a", "f", 200, "{}", 1}));
    return fail(ErrorCode::validation_failed, {}, "second half invalid");
  });
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, ErrorCode::validation_failed);
  EXPECT_FALSE(db_->read([](Transaction& tx) { return tx.idempotency().find("s", "a"); }).value());
}

TEST_P(StorageTest, ExceptionRollsBackAndTheDatabaseStaysUsable) {
  ASSERT_TRUE(db_->migrate());
  EXPECT_THROW((void)db_->write([](Transaction& tx) -> Result<void> {
    (void)tx.idempotency().insert({"s", "b", "f", 200, "{}", 1});
    throw std::runtime_error("bug");
  }),
               std::runtime_error);
  EXPECT_FALSE(db_->read([](Transaction& tx) { return tx.idempotency().find("s", "b"); }).value());
  EXPECT_TRUE(put_key("after"));
}

TEST_P(StorageTest, DeferredIndexesAreRecordedWithTheDropAndBuiltBackOnce) {
  ASSERT_TRUE(db_->migrate());
  const std::vector<std::string> tables = {"cases", "case_events"};
  const auto sorted = [](std::vector<std::string> names) {
    std::sort(names.begin(), names.end());
    return names;
  };
  const auto defer = [&] {
    return sorted(db_->write([&](Transaction& tx) { return tx.indexes().defer(tables); }).value());
  };
  const auto restore = [&] {
    return sorted(db_->write([](Transaction& tx) { return tx.indexes().restore_deferred(); }).value());
  };
  const std::vector<std::string> plain = {
      "case_events_ledger", "cases_department",  "cases_external_ref", "cases_external_ref_any_channel",
      "cases_grid_recent",  "cases_merged_into", "cases_pending",      "cases_red",
      "cases_state",        "cases_updated",     "cases_yellow"};
  EXPECT_EQ(defer(), plain);                       // keys and UNIQUE (tracking code, case + sequence) stay
  EXPECT_EQ(defer(), std::vector<std::string>{});  // already gone, still recorded once
  // Another connection (the next command to start) finds the record and builds them.
  auto next = open(url_);
  ASSERT_TRUE(next);
  EXPECT_EQ(next->write([](Transaction& tx) { return tx.indexes().restore_deferred(); }).value(), plain);
  EXPECT_EQ(restore(), std::vector<std::string>{});
  EXPECT_EQ(defer(), plain);  // they exist again
  EXPECT_EQ(restore(), plain);
  // A failed defer drops nothing: the transaction takes the drops back with the records.
  const auto failed = db_->write([&](Transaction& tx) -> Result<void> {
    UG_TRY(tx.indexes().defer(tables));
    return fail(ErrorCode::internal, {}, "load failed to start");
  });
  ASSERT_FALSE(failed);
  EXPECT_EQ(defer(), plain);
  EXPECT_EQ(restore(), plain);
}

TEST_P(StorageTest, ConcurrentWritersNeverLoseOrDuplicateAWrite) {
  ASSERT_TRUE(db_->migrate());
  constexpr int kThreads = 4, kEach = 25;
  std::atomic<int> conflicts{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        // Every thread also tries one shared key: exactly one insert of it may win.
        if (!put_key("t" + std::to_string(t) + "-" + std::to_string(i))) ADD_FAILURE() << "lost write";
        if (i == 0 && !put_key("shared")) conflicts.fetch_add(1);
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(conflicts.load(), kThreads - 1);
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kEach; ++i) EXPECT_TRUE(get_key("t" + std::to_string(t) + "-" + std::to_string(i)));
  }
}

TEST_P(StorageTest, BackupAndRestoreRoundTrip) {
  ASSERT_TRUE(db_->migrate());
  ASSERT_TRUE(put_key("before-backup"));
  const auto backup = dir_ / "city.backup";
  ASSERT_TRUE(db_->backup_to(backup));
  EXPECT_TRUE(std::filesystem::exists(backup));
  EXPECT_FALSE(std::filesystem::exists(backup.string() + ".partial"));

  ASSERT_TRUE(put_key("after-backup"));
  ASSERT_TRUE(get_key("after-backup"));
  const auto restored = db_->restore_from(backup);
  ASSERT_TRUE(restored) << restored.error().internal;
  EXPECT_TRUE(get_key("before-backup"));
  EXPECT_FALSE(get_key("after-backup"));
  EXPECT_EQ(db_->schema_version().value(), latest_schema_version(GetParam()));
  EXPECT_TRUE(put_key("writable-after-restore"));
}

TEST_P(StorageTest, BackupWhileWritingIsConsistent) {
  ASSERT_TRUE(db_->migrate());
  std::atomic<bool> stop{false};
  std::atomic<int> written{0};
  std::thread writer([&] {
    while (!stop.load()) {
      if (put_key("w" + std::to_string(written.load()))) written.fetch_add(1);
    }
  });
  while (written.load() < 20) std::this_thread::yield();
  const auto backup = dir_ / "live.backup";
  const auto done = db_->backup_to(backup);
  stop = true;
  writer.join();
  ASSERT_TRUE(done) << done.error().internal;
  // Restore the live backup into a fresh database: it must be whole and a prefix of the writes.
  std::string other_url =
      GetParam() == Backend::sqlite ? (dir_ / "copy.db").string() : test::create_postgres_database();
  auto copy = open(other_url);
  const auto restored = copy->restore_from(backup);
  ASSERT_TRUE(restored) << restored.error().internal;
  int present = 0;
  for (int i = 0; i < written.load(); ++i) {
    const bool has =
        copy->read([&](Transaction& tx) { return tx.idempotency().find("token:hotline", "w" + std::to_string(i)); })
            .value()
            .has_value();
    if (has) {
      EXPECT_EQ(present, i) << "backup is not a consistent prefix";
      ++present;
    }
  }
  EXPECT_GE(present, 20);
}

TEST_P(StorageTest, DivisionsRoundTripAndReplaceByCode) {
  ASSERT_TRUE(db_->migrate());
  ASSERT_TRUE(db_->write([](Transaction& tx) -> Result<void> {
    UG_TRY(tx.divisions().upsert({"37", "山东省", "province", "", false}));
    UG_TRY(tx.divisions().upsert({"3708", "济宁市", "city", "37", false}));
    UG_TRY(tx.divisions().upsert({"370811", "任城区", "district", "3708", false}));
    return tx.divisions().upsert({"370811001001", "示例社区", "community", "370811", true});
  }));
  const auto all = db_->read([](Transaction& tx) { return tx.divisions().all(); }).value();
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[2].name, "任城区");
  EXPECT_EQ(all[2].parent_code, "3708");
  EXPECT_TRUE(all[3].synthetic);
  EXPECT_EQ(all[0].parent_code, "");
  ASSERT_TRUE(db_->write([](Transaction& tx) {
    return tx.divisions().upsert({"370811", "任城", "district", "3708", false});
  }));
  EXPECT_EQ(db_->read([](Transaction& tx) { return tx.divisions().find("370811"); }).value()->name, "任城");
  // A parent that does not exist is refused (foreign key), and nothing is written.
  const auto orphan = db_->write([](Transaction& tx) {
    return tx.divisions().upsert({"990101", "无", "district", "9901", false});
  });
  ASSERT_FALSE(orphan);
  EXPECT_EQ(orphan.error().code, ErrorCode::conflict);
  EXPECT_EQ(db_->read([](Transaction& tx) { return tx.divisions().count(); }).value(), 4);
}

TEST_P(StorageTest, GridsRoundTripAndLinkToDivisionsLoadedLater) {
  ASSERT_TRUE(db_->migrate());
  const std::string geometry =
      R"({"type":"Polygon","coordinates":[[[116.53,35.45],[116.531,35.45],[116.531,35.451],[116.53,35.45]]]})";
  ASSERT_TRUE(db_->write([&](Transaction& tx) -> Result<void> {
    UG_TRY(tx.grids().upsert({"370811001001002", "二号网格", "", "", "", geometry, 10070.5, 1000}));
    return tx.grids().upsert({"370811001001001", "一号网格", "", "", "", geometry, 10070.25, 1000});
  }));
  auto grids = db_->read([](Transaction& tx) { return tx.grids().all(); }).value();
  ASSERT_EQ(grids.size(), 2u);
  EXPECT_EQ(grids[0].code, "370811001001001");  // ordered by code
  EXPECT_EQ(grids[0].geometry_geojson, geometry);
  EXPECT_DOUBLE_EQ(grids[0].area_m2, 10070.25);
  EXPECT_EQ(grids[0].district_code, "");
  // Divisions arrive after the grids: linking fills what is now known.
  const auto linked = db_->write([](Transaction& tx) -> Result<std::int64_t> {
    UG_TRY(tx.divisions().upsert({"37", "山东省", "province", "", false}));
    UG_TRY(tx.divisions().upsert({"3708", "济宁市", "city", "37", false}));
    UG_TRY(tx.divisions().upsert({"370811", "任城区", "district", "3708", false}));
    UG_TRY(tx.divisions().upsert({"370811001", "古槐街道", "street", "370811", false}));
    return tx.grids().link_divisions();
  });
  EXPECT_EQ(linked.value(), 4);  // district and street of both grids; no community known
  const auto one = db_->read([](Transaction& tx) { return tx.grids().find("370811001001001"); }).value();
  ASSERT_TRUE(one);
  EXPECT_EQ(one->district_code, "370811");
  EXPECT_EQ(one->street_code, "370811001");
  EXPECT_EQ(one->community_code, "");
  EXPECT_EQ(db_->read([](Transaction& tx) { return tx.grids().count(); }).value(), 2);
}

// The gazetteer's tables on both databases (issue 22): bulk writes raise the change marker once,
// rows replace by their key, aliases and Chinese text come back as written, a clear empties.
TEST_P(StorageTest, GazetteerRoadsAndAddressesRoundTripAndMarkTheirChanges) {
  ASSERT_TRUE(db_->migrate());
  const auto marker = [&] { return db_->read([](Transaction& tx) { return tx.gazetteer().change_marker(); }).value(); };
  const auto before = marker();
  const std::vector<RoadRecord> roads{
      {"育才路",
       {"育才大道", "育才东路"},
       "370811",
       R"({"type":"MultiLineString","coordinates":[[[116.5,35.4],[116.6,35.4]]]})",
       true},
      {"建设街", {}, "", R"({"type":"MultiLineString","coordinates":[[[116.55,35.3],[116.55,35.5]]]})", false}};
  const std::vector<AddressRecord> addresses{
      {"育才路", "12", "", "370811002001", 116'590'000'000, 35'400'000'000, true},
      {"育才路", "12", "育才小区", "370811002001", 116'590'100'000, 35'400'000'000, true},
      {"", "", "济宁市第一中学", "", 116'585'000'000, 35'405'000'000, false}};
  ASSERT_TRUE(db_->write([&](Transaction& tx) -> Result<void> {
    UG_TRY(tx.gazetteer().upsert_roads(roads));
    return tx.gazetteer().upsert_addresses(addresses);
  }));
  EXPECT_EQ(marker(), before + 2);
  const auto stored_roads = db_->read([](Transaction& tx) { return tx.gazetteer().roads(); }).value();
  ASSERT_EQ(stored_roads.size(), 2u);
  EXPECT_EQ(stored_roads[1].name, "育才路");  // by name
  EXPECT_EQ(stored_roads[1].aliases, (std::vector<std::string>{"育才大道", "育才东路"}));
  EXPECT_TRUE(stored_roads[1].synthetic);
  EXPECT_TRUE(stored_roads[0].aliases.empty());

  // The same key again replaces: 育才路12号 moves, nothing is added.
  const std::vector<AddressRecord> moved{{"育才路", "12", "", "370811002002", 116'591'000'000, 35'401'000'000, false}};
  ASSERT_TRUE(db_->write([&](Transaction& tx) { return tx.gazetteer().upsert_addresses(moved); }));
  const auto stored = db_->read([](Transaction& tx) { return tx.gazetteer().addresses(); }).value();
  ASSERT_EQ(stored.size(), 3u);
  const auto twelve = std::find_if(stored.begin(), stored.end(),
                                   [](const AddressRecord& a) { return a.road == "育才路" && a.building.empty(); });
  ASSERT_NE(twelve, stored.end());
  EXPECT_EQ(twelve->lon_nano, 116'591'000'000);
  EXPECT_EQ(twelve->community_code, "370811002002");
  EXPECT_FALSE(twelve->synthetic);

  ASSERT_TRUE(db_->write([](Transaction& tx) { return tx.gazetteer().clear_addresses(); }));
  EXPECT_EQ(db_->read([](Transaction& tx) { return tx.gazetteer().address_count(); }).value(), 0);
  EXPECT_EQ(db_->read([](Transaction& tx) { return tx.gazetteer().road_count(); }).value(), 2);
  EXPECT_EQ(marker(), before + 4);
}

TEST_P(StorageTest, RestoreRefusesAMissingOrCorruptFile) {
  ASSERT_TRUE(db_->migrate());
  EXPECT_EQ(db_->restore_from(dir_ / "missing").error().code, ErrorCode::not_found);
  const auto junk = dir_ / "junk.backup";
  std::ofstream(junk) << "this is not a backup";
  EXPECT_FALSE(db_->restore_from(junk));
  EXPECT_TRUE(put_key("still-fine"));
}

INSTANTIATE_TEST_SUITE_P(Backends, StorageTest, ::testing::Values(Backend::sqlite, Backend::postgres),
                         test::backend_name);

}  // namespace
}  // namespace ug::storage
