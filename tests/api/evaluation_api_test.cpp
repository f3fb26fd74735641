// Evaluation through the binary on a simulated demo city: the JSON of a quarter with rates as
// numerator, denominator and value; CSV with a byte-order mark; an .xlsx workbook of every kind;
// a drill-down that adds up to its figure; exports refused without data.export; the street
// leader's scope; clear 422s for bad parameters; and `urbangrid evaluate` giving the route's bytes.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <set>

#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/test_env.hpp"

namespace ug {
namespace {

namespace json = boost::json;

class EvaluationApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_ = new std::string((test::temp_dir("ug-evaluation-api") / "city.db").string());
    ASSERT_EQ(test::run_urbangrid(
                  {"demo", "create", "--db", *db_, "--data", (test::source_dir() / "data").string(), "--without-staff"})
                  .exit_code,
              0);
    const auto run = test::run_urbangrid({"demo", "simulate", "--db", *db_, "--cases", "1200", "--from", "2026-07-01",
                                          "--to", "2026-09-30", "--seed", "7"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    // The calendar changes while no server runs: the running totals no longer hold, and the server
    // recomputes them as it starts.
    const auto override = test::run_urbangrid(
        {"calendar", "override", "--db", *db_, "--date", "2026-08-03", "--offday", "--reason", "防汛停工"});
    ASSERT_EQ(override.exit_code, 0) << override.err;
    const auto stale = test::run_urbangrid({"evaluate", "--db", *db_, "--kind", "department", "--from", "2026-07-01",
                                            "--to", "2026-09-30", "--format", "json"});
    ASSERT_NE(stale.out.find(R"("source":"events")"), std::string::npos) << stale.out.substr(0, 300);
    leader_ = new std::pair(test::bearer_for(*db_, "bureau", {"leader"}));
    street_ = new std::pair(test::bearer_for(*db_, "street", {"leader"}, {"370811002"}));
    shift_ = new std::pair(test::bearer_for(*db_, "shift", {"shift_leader"}));
    server_ = new test::ServerProcess(*db_);
    ASSERT_TRUE(server_->ready()) << server_->log();
  }
  static void TearDownTestSuite() {
    delete server_;
    delete leader_;
    delete street_;
    delete shift_;
    delete db_;
  }

  static test::HttpReply get(const std::string& target, const std::pair<std::string, std::string>& who) {
    auto reply = test::http_request(server_->port(), "GET", target, {who});
    EXPECT_TRUE(reply);
    return reply.value_or(test::HttpReply{});
  }

  static inline std::string* db_ = nullptr;
  static inline std::pair<std::string, std::string>* leader_ = nullptr;
  static inline std::pair<std::string, std::string>* street_ = nullptr;
  static inline std::pair<std::string, std::string>* shift_ = nullptr;
  static inline test::ServerProcess* server_ = nullptr;
};

constexpr const char* kQuarter = "from=2026-07-01&to=2026-09-30";

TEST_F(EvaluationApi, TheServerRebuiltTheTotalsTheCalendarChangeLeftStale) {
  const auto r = get(std::string("/api/v1/evaluations?kind=department&") + kQuarter, *leader_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body).as_object().at("source").as_string(), "totals");
  EXPECT_NE(server_->log().find("evaluation totals of 1200 cases recomputed"), std::string::npos) << server_->log();
}

TEST_F(EvaluationApi, AQuarterOfDepartmentsAsJsonWithRatesThatCarryTheirTerms) {
  const auto r = get(std::string("/api/v1/evaluations?kind=department&") + kQuarter, *leader_);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto body = json::parse(r.body).as_object();
  EXPECT_EQ(body.at("from").as_string(), "2026-07-01T00:00:00+08:00");
  EXPECT_EQ(body.at("to").as_string(), "2026-10-01T00:00:00+08:00");
  const auto& units = body.at("units").as_array();
  ASSERT_GE(units.size(), 3u);
  EXPECT_EQ(units[0].at("rank").as_int64(), 1);
  for (const auto& u : units) {
    const auto& rate = u.at("values").at("handle_rate").as_object();
    const auto numerator = rate.at("numerator").as_int64(), denominator = rate.at("denominator").as_int64();
    EXPECT_EQ(denominator, u.at("values").at("due_to_handle").as_int64());
    EXPECT_EQ(numerator, u.at("values").at("handled").as_int64());
    if (denominator == 0) {
      EXPECT_TRUE(rate.at("value").is_null());
    } else {
      EXPECT_DOUBLE_EQ(rate.at("value").to_number<double>(), static_cast<double>(numerator) / denominator);
    }
  }
}

TEST_F(EvaluationApi, ADrillDownListsEveryCaseOfItsFigure) {
  const auto list = json::parse(get(std::string("/api/v1/evaluations?kind=department&") + kQuarter, *leader_).body);
  const auto& hw = list.at("units").as_array()[0];
  const auto unit = std::string(hw.at("unit").as_string());
  const auto due = hw.at("values").at("due_to_handle").as_int64();
  ASSERT_GT(due, 0);
  const auto r = get(std::string("/api/v1/evaluations/cases?kind=department&") + kQuarter + "&unit=" + unit +
                         "&indicator=due_to_handle",
                     *leader_);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto body = json::parse(r.body);
  EXPECT_EQ(static_cast<std::int64_t>(body.at("cases").as_array().size()), due);
  EXPECT_EQ(body.at("value").as_int64(), due);
  const auto csv = get(std::string("/api/v1/evaluations/cases?kind=department&") + kQuarter + "&unit=" + unit +
                           "&indicator=due_to_handle&format=csv",
                       *leader_);
  EXPECT_EQ(std::count(csv.body.begin(), csv.body.end(), '\n'), due + 1);  // header + one line per case
}

TEST_F(EvaluationApi, CsvAndWorkbookExports) {
  const auto csv = get(std::string("/api/v1/evaluations?kind=region&level=street&format=csv&") + kQuarter, *leader_);
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_EQ(csv.header("content-type"), "text/csv; charset=utf-8");
  EXPECT_NE(csv.header("content-disposition").find("evaluation-region-2026-07-01-2026-09-30.csv"), std::string::npos);
  EXPECT_EQ(csv.body.rfind("\xEF\xBB\xBF"
                           "unit,name,rank,composite,grade",
                           0),
            0u);
  EXPECT_NE(csv.body.find(",on_time_close_rate,satisfaction_rate\r\n"), std::string::npos);

  const auto book = get(std::string("/api/v1/evaluations?format=xlsx&") + kQuarter, *leader_);
  ASSERT_EQ(book.status, 200) << book.body;
  EXPECT_EQ(book.header("content-type"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_EQ(book.body.rfind("PK", 0), 0u);

  // A shift leader may read evaluations but not export them.
  EXPECT_EQ(get(std::string("/api/v1/evaluations?kind=department&") + kQuarter, *shift_).status, 200);
  EXPECT_EQ(get(std::string("/api/v1/evaluations?kind=department&format=csv&") + kQuarter, *shift_).status, 403);
  EXPECT_EQ(
      get(std::string("/api/v1/evaluations/cases?kind=department&unit=HW&indicator=handled&format=csv&") + kQuarter,
          *shift_)
          .status,
      403);
}

TEST_F(EvaluationApi, AStreetLeaderSeesTheirStreetOnly) {
  const auto r = get(std::string("/api/v1/evaluations?kind=region&level=street&") + kQuarter, *street_);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto body = json::parse(r.body);
  const auto& units = body.at("units").as_array();
  ASSERT_EQ(units.size(), 1u);
  EXPECT_EQ(units[0].at("unit").as_string(), "370811002");
  // The export obeys the same scope: every community row lies in the street.
  const auto csv = get(std::string("/api/v1/evaluations?kind=region&level=community&format=csv&") + kQuarter, *street_);
  ASSERT_EQ(csv.status, 200) << csv.body;
  std::size_t rows = 0;
  for (auto line = csv.body.find("\r\n"); line != std::string::npos && line + 2 < csv.body.size();
       line = csv.body.find("\r\n", line + 2)) {
    EXPECT_EQ(csv.body.compare(line + 2, 9, "370811002"), 0) << csv.body.substr(line + 2, 40);
    ++rows;
  }
  EXPECT_GT(rows, 0u);
}

TEST_F(EvaluationApi, NegativeListAndRedBlackLists) {
  const auto r = get(std::string("/api/v1/evaluations/negative-list?") + kQuarter, *leader_);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto body = json::parse(r.body);
  const auto& entries = body.at("entries").as_array();
  EXPECT_FALSE(entries.empty());
  std::int64_t counted = 0;
  for (const auto& [department, kinds] : body.at("counts").as_object()) {
    for (const auto& [kind, n] : kinds.as_object()) counted += n.as_int64();
  }
  EXPECT_EQ(counted, static_cast<std::int64_t>(entries.size()));
  const auto unsatisfied =
      json::parse(get(std::string("/api/v1/evaluations/negative-list?type=unsatisfied&") + kQuarter, *leader_).body);
  for (const auto& e : unsatisfied.at("entries").as_array()) EXPECT_EQ(e.at("kind").as_string(), "unsatisfied");
  const auto csv = get(std::string("/api/v1/evaluations/negative-list?format=csv&") + kQuarter, *leader_);
  EXPECT_EQ(csv.body.rfind("\xEF\xBB\xBF"
                           "department,department_name,kind,kind_zh,case_id,at\r\n",
                           0),
            0u);
  EXPECT_NE(csv.header("content-disposition").find("negative-list-2026-07-01-2026-09-30.csv"), std::string::npos);

  const auto lists = get(std::string("/api/v1/evaluations/red-black?kind=department&n=2&") + kQuarter, *leader_);
  ASSERT_EQ(lists.status, 200) << lists.body;
  const auto red_black = json::parse(lists.body);
  ASSERT_EQ(red_black.at("red").as_array().size(), 2u);
  EXPECT_EQ(red_black.at("red").as_array()[0].at("rank").as_int64(), 1);
  ASSERT_EQ(red_black.at("black").as_array().size(), 2u);
  EXPECT_GT(red_black.at("black").as_array()[0].at("rank").as_int64(), 2);
  EXPECT_EQ(get(std::string("/api/v1/evaluations/red-black?kind=department&n=0&") + kQuarter, *leader_).status, 422);
}

TEST_F(EvaluationApi, AnalysisOfTheQuarter) {
  const auto r =
      get(std::string("/api/v1/evaluations/analysis?bucket=month&split=channel&hot_threshold=2&") + kQuarter, *leader_);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto body = json::parse(r.body);
  std::set<std::string> months;
  std::int64_t reported = 0;
  for (const auto& p : body.at("trends").as_array()) {
    months.insert(std::string(p.at("bucket").as_string()));
    reported += p.at("reported").as_int64();
  }
  EXPECT_EQ(months, (std::set<std::string>{"2026-07", "2026-08", "2026-09"}));
  EXPECT_EQ(reported, 1200);  // every simulated report falls in the quarter
  std::int64_t by_category = 0;
  for (const auto& m : body.at("category_mix").as_array()) by_category += m.at("reported").as_int64();
  EXPECT_EQ(by_category, reported);
  std::int64_t by_hour = 0;
  ASSERT_EQ(body.at("busiest_hours").as_array().size(), 7u);
  for (const auto& day : body.at("busiest_hours").as_array()) {
    ASSERT_EQ(day.as_array().size(), 24u);
    for (const auto& n : day.as_array()) by_hour += n.as_int64();
  }
  EXPECT_EQ(by_hour, reported);
  for (const auto& h : body.at("hot_spots").as_array()) {
    EXPECT_EQ(static_cast<std::int64_t>(h.at("cases").as_array().size()), h.at("count").as_int64());
    EXPECT_GE(h.at("count").as_int64(), 2);
  }
  const auto& stages = body.at("stage_durations").as_array();
  ASSERT_EQ(stages.size(), 8u);
  EXPECT_EQ(stages[5].at("stage").as_string(), "handling");
  EXPECT_GT(stages[5].at("count").as_int64(), 0);
  EXPECT_LE(stages[5].at("p50_working_seconds").as_int64(), stages[5].at("p90_working_seconds").as_int64());
  EXPECT_EQ(get(std::string("/api/v1/evaluations/analysis?bucket=hour&") + kQuarter, *leader_).status, 422);
  EXPECT_EQ(get(std::string("/api/v1/evaluations/analysis?hot_threshold=1&") + kQuarter, *leader_).status, 422);
}

TEST_F(EvaluationApi, BadParametersAnswer422NamingTheField) {
  for (const auto& [target, field] : std::vector<std::pair<std::string, std::string>>{
           {std::string("/api/v1/evaluations?") + kQuarter, "kind"},
           {"/api/v1/evaluations?kind=citizen&from=2026-07-01&to=2026-09-30", "kind"},
           {"/api/v1/evaluations?kind=department&from=July&to=2026-09-30", "from"},
           {"/api/v1/evaluations?kind=department&from=2026-07-01", "to"},
           {std::string("/api/v1/evaluations?kind=region&level=province&") + kQuarter, "level"},
           {std::string("/api/v1/evaluations?kind=region&format=pdf&") + kQuarter, "format"},
           {std::string("/api/v1/evaluations/cases?kind=department&unit=HW&") + kQuarter, "indicator"},
           {std::string("/api/v1/evaluations/negative-list?type=late&") + kQuarter, "type"}}) {
    const auto r = get(target, *leader_);
    EXPECT_EQ(r.status, 422) << target << " " << r.body;
    EXPECT_NE(r.body.find("\"" + field + "\""), std::string::npos) << target << " " << r.body;
  }
  EXPECT_EQ(get("/api/v1/evaluations?kind=department&from=2026-09-30&to=2026-07-01", *leader_).status, 422);
  EXPECT_EQ(get("/api/v1/evaluations/settings/citizen", *leader_).status, 404);
}

TEST_F(EvaluationApi, TheCommandLineWritesWhatTheRouteServes) {
  const auto cli = test::run_urbangrid({"evaluate", "--db", *db_, "--kind", "department", "--from", "2026-07-01",
                                        "--to", "2026-09-30", "--format", "csv"});
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  const auto route = get(std::string("/api/v1/evaluations?kind=department&format=csv&") + kQuarter, *leader_);
  EXPECT_EQ(cli.out, route.body);
  const auto out = (test::temp_dir("ug-evaluate-cli") / "all.xlsx").string();
  EXPECT_EQ(test::run_urbangrid({"evaluate", "--db", *db_, "--kind", "all", "--from", "2026-07-01", "--to",
                                 "2026-09-30", "--format", "xlsx", "--out", out})
                .exit_code,
            0);
  EXPECT_EQ(test::run_urbangrid({"evaluate", "--db", *db_, "--kind", "all", "--from", "2026-07-01", "--to",
                                 "2026-09-30", "--format", "csv"})
                .exit_code,
            2);
  EXPECT_EQ(test::run_urbangrid(
                {"evaluate", "--db", *db_, "--kind", "department", "--from", "2026-07-01", "--to", "2026-06-30"})
                .exit_code,
            2);
}

}  // namespace
}  // namespace ug
