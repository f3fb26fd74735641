// Analysis on the six cases around the 2026 National Day holiday (history.hpp), evaluated for
// 28 Sep – 8 Oct at 18:00 on 8 Oct: 1, 2, 3 and 6 reported on Wednesday 30 Sep, 4 on Thursday
// 8 Oct, 5 on 25 Sep (before the period). Every figure is worked out in the comments.
#include "evaluation/analysis.hpp"

#include <gtest/gtest.h>

#include "history.hpp"

namespace ug::evaluation {
namespace {

using test::History;
using test::kPeriod;
using test::ms;
using workflow::Action;
using workflow::State;

const std::int64_t kAt = ms(10, 8, 18, 0);

std::vector<CaseAt> cases() { return test::cases_at(test::around_national_day(), kAt); }

TEST(Analysis, TrendsByDayWeekAndMonth) {
  // 30 Sep: reported 1, 2, 3, 6; registered the same; closed 2 (14:40) and 6 (11:20).
  // 8 Oct: 4 reported and registered; 1 closed.
  EXPECT_EQ(trends(cases(), kPeriod, kAt, Bucket::day, Split::none, 480),
            (std::vector<TrendPoint>{{"2026-09-30", "", 4, 4, 2}, {"2026-10-08", "", 1, 1, 1}}));
  // Weeks start on Monday: 28 Sep and 5 Oct.
  EXPECT_EQ(trends(cases(), kPeriod, kAt, Bucket::week, Split::none, 480),
            (std::vector<TrendPoint>{{"2026-09-28", "", 4, 4, 2}, {"2026-10-05", "", 1, 1, 1}}));
  EXPECT_EQ(trends(cases(), kPeriod, kAt, Bucket::month, Split::none, 480),
            (std::vector<TrendPoint>{{"2026-09", "", 4, 4, 2}, {"2026-10", "", 1, 1, 1}}));
  // By category: 6 was self-handled without one.
  EXPECT_EQ(trends(cases(), kPeriod, kAt, Bucket::day, Split::category, 480),
            (std::vector<TrendPoint>{{"2026-09-30", "", 1, 1, 1},
                                     {"2026-09-30", "02001", 1, 1, 0},
                                     {"2026-09-30", "06010", 2, 2, 1},
                                     {"2026-10-08", "06010", 1, 1, 1}}));
  // Before 8 Oct 15:45 case 1 was not closed.
  EXPECT_EQ(trends(cases(), kPeriod, ms(10, 8, 15, 0), Bucket::month, Split::none, 480)[1].closed, 0);
}

TEST(Analysis, CategoryMixAndBusiestHours) {
  EXPECT_EQ(category_mix(cases(), kPeriod),
            (std::vector<CategoryShare>{{"06010", 3, {3, 5}}, {"", 1, {1, 5}}, {"02001", 1, {1, 5}}}));
  const auto hours = busiest_hours(cases(), kPeriod, 480);
  // Wednesday (2): 09, 10, 11 and 15 o'clock; Thursday (3): 09.
  EXPECT_EQ(hours[2][9], 1);
  EXPECT_EQ(hours[2][10], 1);
  EXPECT_EQ(hours[2][11], 1);
  EXPECT_EQ(hours[2][15], 1);
  EXPECT_EQ(hours[3][9], 1);
  std::int64_t all = 0;
  for (const auto& day : hours) {
    for (const auto n : day) all += n;
  }
  EXPECT_EQ(all, 5);
}

TEST(Analysis, HotSpotsAreTheDensestRecurrence) {
  // 06010 in the one grid: 30 Sep 09:00 (2) and 15:00 (1), 8 Oct 09:00 (4).
  EXPECT_EQ(
      hot_spots(cases(), kPeriod, 2, 24 * 3'600'000LL),
      (std::vector<HotSpot>{
          {"370811002001001", "06010", 2, {"20260930000002", "20260930000001"}, ms(9, 30, 9, 0), ms(9, 30, 15, 0)}}));
  EXPECT_TRUE(hot_spots(cases(), kPeriod, 3, 24 * 3'600'000LL).empty());
  // Eight days apart exactly: within a nine-day window, not within eight.
  EXPECT_EQ(hot_spots(cases(), kPeriod, 3, 9 * 86'400'000LL).at(0).count, 3);
  EXPECT_TRUE(hot_spots(cases(), kPeriod, 3, 8 * 86'400'000LL).empty());
}

TEST(Analysis, StageDurationsInWorkingTime) {
  auto histories = test::around_national_day();
  // A report accepted five minutes after it came in, inside the morning's work period.
  History accepted("20260930000020", "citizen_web");
  accepted.then(Action::report, State::reported, ms(9, 30, 9, 0), {{"stage_limit", "10 natural_minutes"}})
      .then(Action::request_verify, State::verifying, ms(9, 30, 9, 5), {{"stage_limit", "60 natural_minutes"}});
  histories.push_back(accepted);
  const auto durations = stage_durations(test::cases_at(histories, kAt), kPeriod, calendar::national()).value();
  ASSERT_EQ(durations.size(), 8u);
  EXPECT_EQ(durations[0], (StageDuration{"accept", 1, 300.0, 300, 300, 300}));
  EXPECT_EQ(durations[1].count, 0);  // the verification still runs
  EXPECT_FALSE(durations[1].mean_s);
  // Handling, dispatch to the finish that counts:
  //   2: 30 Sep 09:30–14:00 = 2.5 h + 0.5 h = 10,800 s;
  //   1: 30 Sep 15:30–17:30, the holiday, 8 Oct 08:30–12:00 and 13:30–15:00 = 7 h = 25,200 s;
  //   5: 25 Sep 09:10 (中秋节 until the 27th), 28 Sep 7.5 h, 29 Sep 08:30–09:00 = 8 h = 28,800 s.
  EXPECT_EQ(durations[5], (StageDuration{"handling", 3, 21'600.0, 25'200, 28'800, 28'800}));
}

TEST(Analysis, ParsesItsParameters) {
  EXPECT_EQ(parse_bucket("week"), Bucket::week);
  EXPECT_FALSE(parse_bucket("hour"));
  EXPECT_EQ(parse_split(""), Split::none);
  EXPECT_EQ(parse_split("street"), Split::street);
  EXPECT_FALSE(parse_split("grid"));
}

}  // namespace
}  // namespace ug::evaluation
