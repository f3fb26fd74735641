// Evaluation over stored events on both databases: cases driven through the case service at
// Beijing wall-clock instants, then evaluated, drilled into, scoped to a street leader, exported,
// and scored with weights an administrator stored.
#include <gtest/gtest.h>

#include "../unit/calendar/national_calendar.hpp"
#include "app/commands.hpp"
#include "backends.hpp"
#include "service/case_service.hpp"
#include "service/evaluation_export.hpp"
#include "service/evaluation_service.hpp"
#include "service/history_simulator.hpp"
#include "two_streets.hpp"

namespace ug::storage {
// A stored total as gtest prints it when a comparison fails.
inline void PrintTo(const EvaluationTotalRecord& r, std::ostream* os) {
  *os << "{day " << r.day << ", scope " << r.scope << ", " << r.unit << ", counter " << r.counter << ", from "
      << r.effective_day << ": " << r.n << "}";
}
}  // namespace ug::storage

namespace ug::service {
namespace {

using workflow::Action;
namespace ev = evaluation;

const access::Principal kCli = access::Principal::command_line();

using test::bj;
using test::kInA;
using test::kInB;
using test::person;

class EvaluationServiceTest : public ::testing::TestWithParam<storage::Backend> {
 protected:
  void SetUp() override {
    db_ = test::migrated_database(GetParam(), "evaluation");
    ASSERT_TRUE(app::prepare_schema(*db_));
    ASSERT_TRUE(db_->write([](storage::Transaction& tx) -> Result<void> {
      for (const storage::DivisionRecord& d : {storage::DivisionRecord{"370000", "山东省", "province", ""},
                                               storage::DivisionRecord{"370800", "济宁市", "city", "370000"},
                                               storage::DivisionRecord{"370811", "任城区", "district", "370800"},
                                               storage::DivisionRecord{"370811002", "越河街道", "street", "370811"},
                                               storage::DivisionRecord{"370811003", "仙营街道", "street", "370811"}}) {
        UG_TRY(tx.divisions().upsert(d));
      }
      return {};
    }));
    test::build_two_streets(
        *db_, [this] { return now_; }, city_);
    cases_ = city_.cases.get();
    EvaluationSettings evaluation;
    evaluation.clock = [this] { return now_; };
    evaluations_ = std::make_unique<EvaluationService>(*db_, *city_.calendar, evaluation);
    history();
  }

  std::string act(const access::Principal& who, const std::string& id, Action action, ActionRequest request = {}) {
    request.version = cases_->get(kCli, id).value().row.projection.version;
    if (request.comment.empty()) request.comment = "已办理";
    auto done = cases_->act(who, id, action, request);
    EXPECT_TRUE(done) << workflow::to_string(action) << ": " << done.error().public_message();
    return id;
  }

  // Monday 23 Nov 2026. A: HW handles a case in street 002 on time and it is closed. B: SZ leaves
  // a case in street 003 unhandled past its 2 natural hours (due 11:20).
  void history() {
    now_ = bj(11, 23, 9, 0);
    IntakeRequest in;
    in.description = "垃圾堆积";
    in.category = "06010";
    in.point = kInA;
    a_ = cases_->intake(patrol_, in).value().view->row.projection.id;
    in.category = "01001";
    in.description = "井盖缺失";
    in.point = kInB;
    b_ = cases_->intake(patrol_, in).value().view->row.projection.id;
    now_ = bj(11, 23, 9, 10);
    for (const auto& [id, category] : {std::pair{a_, "06010"}, std::pair{b_, "01001"}}) {
      ActionRequest reg;
      reg.category = category;
      reg.urgency = "normal";
      act(shift_, id, Action::register_, reg);
    }
    now_ = bj(11, 23, 9, 20);
    for (const auto& [id, department] : {std::pair{a_, "HW"}, std::pair{b_, "SZ"}}) {
      ActionRequest send;
      send.department = department;
      act(dispatcher_, id, Action::dispatch, send);
    }
    now_ = bj(11, 23, 9, 30);
    act(handler_, a_, Action::sign);
    now_ = bj(11, 23, 10, 0);
    const auto photo = test::photo_record("P0001", handler_, now_);  // the after-photo a finish requires
    ASSERT_TRUE(db_->write([&](storage::Transaction& tx) { return tx.attachments().insert(photo); }));
    ActionRequest finish;
    finish.attachments = {photo.id};
    act(handler_, a_, Action::finish, finish);
    act(operator_, a_, Action::request_check);
    now_ = bj(11, 23, 10, 30);
    act(patrol_, a_, Action::check_pass);
    now_ = bj(11, 23, 10, 40);
    act(shift_, a_, Action::close);
    now_ = bj(11, 23, 18, 0);
  }

  EvaluationQuery day(ev::Kind kind) {
    EvaluationQuery q;
    q.kind = kind;
    q.from_ms = bj(11, 23, 0, 0);
    q.to_ms = bj(11, 24, 0, 0);
    return q;
  }

  static const EvaluatedUnit& unit(const Evaluation& e, const std::string& id) {
    const auto found = std::find_if(e.units.begin(), e.units.end(), [&](const auto& u) { return u.unit == id; });
    EXPECT_NE(found, e.units.end()) << id;
    return *found;
  }
  static const ev::Value& value(const Evaluation& e, const std::string& id, std::string_view indicator) {
    return unit(e, id).values.at(ev::indicator_index(e.kind, indicator).value());
  }

  std::unique_ptr<storage::Database> db_;
  test::TwoStreetServices city_;
  CaseService* cases_ = nullptr;
  std::unique_ptr<EvaluationService> evaluations_;
  std::int64_t now_ = 0;
  std::string a_, b_;
  const access::Principal patrol_ = person(11, "patrol", access::Role::supervisor, {"*"});
  const access::Principal operator_ = person(12, "seat", access::Role::operator_, {"*"});
  const access::Principal shift_ = person(13, "shift", access::Role::shift_leader, {"*"});
  const access::Principal dispatcher_ = person(14, "dispatch", access::Role::dispatcher, {"*"});
  const access::Principal handler_ = person(15, "hw", access::Role::handler, {"*"});
  const access::Principal bureau_ = person(16, "bureau", access::Role::leader, {"*"});
  const access::Principal street_leader_ = person(17, "street", access::Role::leader, {"370811002"});
  const access::Principal admin_ = person(18, "admin", access::Role::admin, {"*"});
};

TEST_P(EvaluationServiceTest, DepartmentFiguresScoresAndNames) {
  // T defaults to now (18:00), before the period's end.
  const auto e = evaluations_->evaluate(bureau_, day(ev::Kind::department)).value();
  EXPECT_EQ(e.at_ms, bj(11, 23, 18, 0));
  EXPECT_EQ(e.cases_read, 2);
  ASSERT_EQ(e.units.size(), 2u);
  EXPECT_EQ(e.units[0].unit, "HW");  // 100 on every scored indicator
  EXPECT_EQ(e.units[0].name, "环卫处");
  EXPECT_EQ(e.units[0].rank, 1);
  EXPECT_EQ(std::get<ev::Rate>(value(e, "HW", "on_time_handle_rate")), (ev::Rate{1, 1}));
  EXPECT_DOUBLE_EQ(*e.units[0].composite.value, 100.0);
  EXPECT_EQ(std::get<std::int64_t>(value(e, "SZ", "overdue_unhandled")), 1);
  EXPECT_EQ(std::get<ev::Rate>(value(e, "SZ", "handle_rate")), (ev::Rate{0, 1}));
  // SZ: 0 × 40 + 0 × 20 + 90 × 10 (one overdue) over the 70 with a value (返工率 and 满意率 have none).
  EXPECT_NEAR(*unit(e, "SZ").composite.value, 900.0 / 70.0, 1e-9);
  EXPECT_EQ(unit(e, "SZ").composite.grade, ev::Grade::E);

  // At 11:00 SZ's case was not due yet: no figure counts against it.
  auto at_eleven = day(ev::Kind::department);
  at_eleven.at_ms = bj(11, 23, 11, 0);
  const auto early = evaluations_->evaluate(bureau_, at_eleven).value();
  EXPECT_EQ(std::get<std::int64_t>(value(early, "SZ", "due_to_handle")), 0);
}

TEST_P(EvaluationServiceTest, PeopleAreScoredByWhatTheyRecorded) {
  const auto shift = evaluations_->evaluate(bureau_, day(ev::Kind::shift_leader)).value();
  ASSERT_EQ(shift.units.size(), 1u);
  EXPECT_EQ(std::get<std::int64_t>(value(shift, "shift", "registered")), 2);
  EXPECT_EQ(std::get<std::int64_t>(value(shift, "shift", "closes")), 1);
  const auto dispatchers = evaluations_->evaluate(bureau_, day(ev::Kind::dispatcher)).value();
  EXPECT_EQ(std::get<ev::Rate>(value(dispatchers, "dispatch", "accurate_dispatch_rate")), (ev::Rate{2, 2}));
  // Registered at 09:10, dispatched at 09:20: within 30 minutes.
  EXPECT_EQ(std::get<ev::Rate>(value(dispatchers, "dispatch", "on_time_dispatch_rate")), (ev::Rate{2, 2}));
  const auto supervisors = evaluations_->evaluate(bureau_, day(ev::Kind::supervisor)).value();
  EXPECT_EQ(std::get<std::int64_t>(value(supervisors, "patrol", "reported")), 2);
  EXPECT_EQ(std::get<ev::Rate>(value(supervisors, "patrol", "on_time_check_rate")), (ev::Rate{1, 1}));
}

TEST_P(EvaluationServiceTest, ADrillDownListsTheCasesOfAFigure) {
  const auto drill = evaluations_->drill_down(bureau_, day(ev::Kind::department), "SZ", "due_to_handle").value();
  ASSERT_EQ(drill.cases.size(), 1u);
  EXPECT_EQ(drill.cases[0].at.id, b_);
  EXPECT_EQ(drill.cases[0].at.handling_due_ms, bj(11, 23, 11, 20));
  EXPECT_EQ(evaluations_->drill_down(bureau_, day(ev::Kind::department), "SZ", "no_such").error().code,
            ErrorCode::validation_failed);
  const auto json = drill_down_json(drill);
  EXPECT_NE(json.find(b_), std::string::npos);
  EXPECT_EQ(drill_down_csv(drill).rfind("\xEF\xBB\xBF"
                                        "case_id,",
                                        0),
            0u);
}

// Issue 21 §5: the export permission is the service's, so every way in (HTTP, CLI, a future job)
// is held to it: a shift leader may read the figures but not take them away as a file.
TEST_P(EvaluationServiceTest, AFileOfTheFiguresNeedsTheExportPermission) {
  auto as_file = day(ev::Kind::department);
  as_file.as_file = true;
  EXPECT_TRUE(evaluations_->evaluate(shift_, day(ev::Kind::department)));
  const auto refused = evaluations_->evaluate(shift_, as_file);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::forbidden);
  EXPECT_EQ(evaluations_->drill_down(shift_, as_file, "SZ", "due_to_handle").error().code, ErrorCode::forbidden);
  EXPECT_EQ(evaluations_->negative_list(shift_, as_file).error().code, ErrorCode::forbidden);
  EXPECT_TRUE(evaluations_->evaluate(bureau_, as_file));
  EXPECT_TRUE(evaluations_->drill_down(bureau_, as_file, "SZ", "due_to_handle"));
}

TEST_P(EvaluationServiceTest, AStreetLeaderSeesOnlyTheirStreet) {
  const auto departments = evaluations_->evaluate(street_leader_, day(ev::Kind::department)).value();
  ASSERT_EQ(departments.units.size(), 1u);  // SZ's only case lies in street 003
  EXPECT_EQ(departments.units[0].unit, "HW");
  auto streets = day(ev::Kind::region);
  streets.level = ev::RegionLevel::street;
  const auto regions = evaluations_->evaluate(street_leader_, streets).value();
  ASSERT_EQ(regions.units.size(), 1u);
  EXPECT_EQ(regions.units[0].unit, "370811002");
  EXPECT_EQ(regions.units[0].name, "越河街道");
  EXPECT_EQ(evaluations_->evaluate(bureau_, streets).value().units.size(), 2u);
  // The district row would sum cases they may not see: hidden.
  EXPECT_TRUE(evaluations_->evaluate(street_leader_, day(ev::Kind::region)).value().units.empty());
  EXPECT_EQ(evaluations_->drill_down(street_leader_, streets, "370811003", "registered").error().code,
            ErrorCode::not_found);
  // The export holds what the evaluation holds.
  const auto csv = evaluation_csv(regions);
  EXPECT_EQ(csv.find("370811003"), std::string::npos);
  EXPECT_NE(csv.find("370811002"), std::string::npos);
}

TEST_P(EvaluationServiceTest, TheNegativeListWithinTheCallersScope) {
  // B: dispatched to SZ at 09:20, never signed (due 09:50) nor handled (due 11:20).
  const auto list = evaluations_->negative_list(bureau_, day(ev::Kind::department)).value();
  ASSERT_EQ(list.entries.size(), 2u);
  EXPECT_EQ(list.entries[0].entry,
            (ev::NegativeEntry{"SZ", ev::NegativeKind::not_signed_in_time, b_, bj(11, 23, 9, 50)}));
  EXPECT_EQ(list.entries[0].department_name, "市政处");
  EXPECT_EQ(list.entries[1].entry,
            (ev::NegativeEntry{"SZ", ev::NegativeKind::overdue_handling, b_, bj(11, 23, 11, 20)}));
  EXPECT_TRUE(evaluations_->negative_list(street_leader_, day(ev::Kind::department)).value().entries.empty());
  const auto overdue =
      evaluations_->negative_list(bureau_, day(ev::Kind::department), ev::NegativeKind::overdue_handling).value();
  ASSERT_EQ(overdue.entries.size(), 1u);
  EXPECT_EQ(overdue.entries[0].entry.kind, ev::NegativeKind::overdue_handling);
  const auto csv = negative_list_csv(list);
  EXPECT_NE(csv.find("SZ,市政处,not_signed_in_time,应办不办," + b_ + ",2026-11-23T09:50:00+08:00\r\n"),
            std::string::npos)
      << csv;
}

TEST_P(EvaluationServiceTest, ExportsCsvWithBomAndAWorkbook) {
  const auto e = evaluations_->evaluate(bureau_, day(ev::Kind::department)).value();
  const auto csv = evaluation_csv(e);
  ASSERT_EQ(csv.rfind("\xEF\xBB\xBF"
                      "unit,name,rank,composite,grade,previous_rank,previous_composite,due_to_handle,",
                      0),
            0u);
  EXPECT_NE(csv.find("\r\nHW,环卫处,1,100.00,A,,,1,1,1,0,0,0,0,1.0000,1.0000,0.0000,\r\n"), std::string::npos) << csv;
  const auto all = evaluations_->evaluate_all(bureau_, day(ev::Kind::department)).value();
  EXPECT_EQ(all.size(), 6u);
  const auto book = evaluation_xlsx(all).value();
  EXPECT_EQ(book.rfind("PK", 0), 0u);  // a zip container
  EXPECT_GT(book.size(), 4000u);
  const auto json = evaluation_json(e);
  EXPECT_NE(json.find(R"("rework_rate":{"value":0E0,"numerator":0,"denominator":1})"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("satisfaction_rate":{"value":null,"numerator":0,"denominator":0})"), std::string::npos);
}

TEST_P(EvaluationServiceTest, WeightsAnAdministratorStoresScoreTheNextEvaluation) {
  EXPECT_EQ(evaluations_->weighting(bureau_, ev::Kind::department).value().source, "default");
  auto w = ev::default_weighting(ev::Kind::department);
  w.weights["handle_rate"] = 25;  // 105
  EXPECT_EQ(evaluations_->set_weighting(admin_, ev::Kind::department, w).error().code, ErrorCode::validation_failed);
  w.weights["handle_rate"] = 12.5;
  w.weights["on_time_handle_rate"] = 47.5;
  EXPECT_EQ(evaluations_->set_weighting(bureau_, ev::Kind::department, w).error().code, ErrorCode::forbidden);
  const auto stored = evaluations_->set_weighting(admin_, ev::Kind::department, w).value();
  EXPECT_EQ(stored.source, "stored");
  EXPECT_EQ(stored.weighting, w);
  const auto e = evaluations_->evaluate(bureau_, day(ev::Kind::department)).value();
  EXPECT_DOUBLE_EQ(e.weighting.weights.at("handle_rate"), 12.5);
  // SZ: 90 × 10 over 70 still: handle and on-time rates are 0 whatever their weights (0 × 47.5 + 0 × 12.5).
  EXPECT_NEAR(*unit(e, "SZ").composite.value, 900.0 / 70.0, 1e-9);
  const auto audit = db_->read([](storage::Transaction& tx) {
                          storage::AuditQuery q;
                          q.action_prefix = "evaluation.";
                          return tx.audit().query(q);
                        })
                         .value();
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].target, "department");
}

TEST_P(EvaluationServiceTest, RefusesWhatIsNotAnEvaluation) {
  EXPECT_EQ(evaluations_->evaluate(handler_, day(ev::Kind::department)).error().code, ErrorCode::forbidden);
  auto inverted = day(ev::Kind::department);
  std::swap(inverted.from_ms, inverted.to_ms);
  EXPECT_EQ(evaluations_->evaluate(bureau_, inverted).error().code, ErrorCode::validation_failed);
  auto before = day(ev::Kind::department);
  before.at_ms = bj(11, 22, 12, 0);
  EXPECT_EQ(evaluations_->evaluate(bureau_, before).error().code, ErrorCode::validation_failed);
  // An empty period: no unit, no error.
  auto empty = day(ev::Kind::department);
  empty.from_ms = bj(12, 1, 0, 0);
  empty.to_ms = bj(12, 2, 0, 0);
  empty.at_ms = empty.to_ms;
  EXPECT_TRUE(evaluations_->evaluate(bureau_, empty).value().units.empty());
}

TEST(PeriodBound, DatesAreLocalDaysAndInstantsAreTakenAsTheyAre) {
  EXPECT_EQ(period_bound("2026-11-23", 480, false).value(), bj(11, 23, 0, 0));
  EXPECT_EQ(period_bound("2026-11-23", 480, true).value(), bj(11, 24, 0, 0));
  EXPECT_EQ(period_bound("2026-11-23T08:30:00+08:00", 480, true).value(), bj(11, 23, 8, 30));
  EXPECT_EQ(period_bound("2026-02-30", 480, false).error().code, ErrorCode::validation_failed);
  EXPECT_EQ(period_bound("last quarter", 480, false).error().code, ErrorCode::validation_failed);
}

// Deliverable 7: the running totals kept by the case service's events and by the simulator's bulk
// load give the figures of the fold for every kind, at several levels, periods and instants, and a
// recompute from the events stores exactly the same totals.
TEST_P(EvaluationServiceTest, RunningTotalsEqualTheFoldAndARecomputeOverASimulatedYear) {
  HistorySimulator simulator(*db_, *city_.grids, *city_.routing, *city_.calendar, *city_.cases, *city_.supervision);
  SimulationRequest year;
  year.cases = 1200;
  year.from_ms = bj(11, 23, 0, 0, 2025);
  year.to_ms = bj(11, 23, 0, 0);
  year.seed = 7;
  year.batch = 500;
  ASSERT_TRUE(simulator.run(year));
  // One more event on each of the fixture's cases after the bulk load: SZ's overdue case is signed.
  now_ = bj(11, 23, 19, 0);
  act(person(19, "sz", access::Role::handler, {"*"}, {"SZ"}), b_, Action::sign);
  now_ = bj(11, 25, 0, 0);

  const auto stored = [&] {
    return db_->read([](storage::Transaction& tx) { return tx.evaluation_totals().all(); }).value();
  };
  const auto kept = stored();
  EXPECT_GT(kept.size(), 1000u);
  const auto rebuilt = evaluations_->recompute_totals(kCli).value();
  EXPECT_EQ(rebuilt.cases, 1202);
  EXPECT_EQ(stored(), kept);

  EvaluationSettings folding;
  folding.clock = [this] { return now_; };
  folding.use_totals = false;
  EvaluationService fold(*db_, *city_.calendar, folding);
  const auto midnight = [](unsigned y, unsigned m, unsigned d) { return bj(m, d, 0, 0, static_cast<int>(y)); };
  struct Case {
    std::int64_t from, to;
    std::optional<std::int64_t> at;
  };
  std::vector<Case> periods = {
      {midnight(2025, 11, 23), midnight(2026, 11, 23), std::nullopt},            // the year
      {midnight(2026, 7, 1), midnight(2026, 10, 1), std::nullopt},               // a quarter
      {midnight(2026, 7, 1), midnight(2026, 10, 1), midnight(2026, 7, 15)},      // … halfway through
      {midnight(2026, 11, 23), midnight(2026, 11, 24), std::nullopt},            // the fixture's day
      {midnight(2026, 11, 23), midnight(2026, 11, 24), midnight(2026, 11, 25)},  // … two days on
  };
  for (unsigned m = 1; m <= 10; ++m) periods.push_back({midnight(2026, m, 1), midnight(2026, m + 1, 1), std::nullopt});
  int compared = 0;
  for (const auto& p : periods) {
    for (const auto level : {ev::RegionLevel::district, ev::RegionLevel::street, ev::RegionLevel::grid}) {
      EvaluationQuery q;
      q.from_ms = p.from;
      q.to_ms = p.to;
      q.at_ms = p.at;
      q.level = level;
      const auto totals = evaluations_->evaluate_all(bureau_, q).value();
      const auto folded = fold.evaluate_all(bureau_, q).value();
      ASSERT_EQ(totals.size(), folded.size());
      for (std::size_t k = 0; k < totals.size(); ++k) {
        // Communities and unit grids are not kept in the totals: folded.
        EXPECT_EQ(totals[k].source, level == ev::RegionLevel::grid ? "events" : "totals");
        EXPECT_EQ(folded[k].source, "events");
        EXPECT_EQ(evaluation_csv(totals[k]), evaluation_csv(folded[k]))
            << ev::to_string(totals[k].kind) << " " << ev::to_string(level) << " from " << p.from;
        ++compared;
      }
    }
  }
  EXPECT_EQ(compared, 15 * 3 * 6);
  // Something was counted: the quarter's departments handled hundreds of cases.
  EvaluationQuery quarter;
  quarter.kind = ev::Kind::department;
  quarter.from_ms = midnight(2026, 7, 1);
  quarter.to_ms = midnight(2026, 10, 1);
  std::int64_t handled = 0;
  const auto departments = evaluations_->evaluate(bureau_, quarter).value();  // kept: the loop reads its units
  for (const auto& u : departments.units) {
    handled += std::get<std::int64_t>(u.values.at(ev::indicator_index(ev::Kind::department, "handled").value()));
  }
  EXPECT_GT(handled, 100);

  // Not at a midnight, or for a caller who sees one street: folded, and still the same figures.
  quarter.at_ms = midnight(2026, 9, 15) + 3'600'000;
  EXPECT_EQ(evaluations_->evaluate(bureau_, quarter).value().source, "events");
}

// Totals computed under another calendar are not read: the figures are folded until a recompute.
TEST_P(EvaluationServiceTest, AChangedCalendarSetsTheTotalsAsideUntilRecomputed) {
  EvaluationQuery q;
  q.kind = ev::Kind::department;
  q.from_ms = bj(11, 23, 0, 0);
  q.to_ms = bj(11, 24, 0, 0);
  q.at_ms = q.to_ms;  // a midnight (the default, now, is 18:00)
  const auto before = evaluations_->evaluate(bureau_, q).value();
  EXPECT_EQ(before.source, "totals");
  EXPECT_TRUE(evaluations_->totals_current().value());

  ASSERT_TRUE(city_.calendar->set_override(admin_, "2026-11-23", false, "全市停工"));
  EXPECT_FALSE(evaluations_->totals_current().value());
  const auto folded = evaluations_->evaluate(bureau_, q).value();
  EXPECT_EQ(folded.source, "events");

  const auto rebuilt = evaluations_->recompute_totals(admin_).value();
  EXPECT_EQ(rebuilt.cases, 2);
  EXPECT_TRUE(evaluations_->totals_current().value());
  const auto after = evaluations_->evaluate(bureau_, q).value();
  EXPECT_EQ(after.source, "totals");
  EXPECT_EQ(evaluation_csv(after), evaluation_csv(folded));
  EXPECT_EQ(evaluations_->recompute_totals(bureau_).error().code, ErrorCode::forbidden);
}

INSTANTIATE_TEST_SUITE_P(Backends, EvaluationServiceTest,
                         ::testing::Values(storage::Backend::sqlite, storage::Backend::postgres), test::backend_name);

}  // namespace
}  // namespace ug::service
