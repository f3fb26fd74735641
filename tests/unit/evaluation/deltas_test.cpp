// The running totals: a case's tally changes, summed for a period at a midnight T, give exactly the
// figures of the fold at T, for every kind, level, period and midnight around the drawn cases; and
// what a new event changes is the difference of the totals with and without it.
#include "evaluation/deltas.hpp"

#include <gtest/gtest.h>

#include "evaluation/catalogue.hpp"
#include "history.hpp"

namespace ug::evaluation {
namespace {

using test::History;
using test::ms;
using workflow::Action;
using workflow::State;

constexpr int kBeijing = 480;

std::int32_t day_of(unsigned m, unsigned d) { return local_day(ms(m, d, 0, 0), kBeijing); }

// What the stored totals answer (EvaluationTotals::counts, in SQL): the changes of days
// [from_day, to_day) that count at the midnight beginning `at_day`, summed.
Counts counts_of(std::span<const TallyDelta> deltas, std::int32_t from_day, std::int32_t to_day, std::int32_t at_day) {
  Counts out;
  for (const auto& d : deltas) {
    if (d.day >= from_day && d.day < to_day && d.effective_day < at_day) out.add(d.scope, d.unit, d.counter, d.n);
  }
  return out;
}

struct Drawn {
  std::vector<History> histories;
  std::map<std::string, ReportOf> reports;
  std::vector<TallyDelta> deltas;  // every case's, concatenated

  explicit Drawn(std::vector<History> all) : histories(std::move(all)) {
    for (const auto& h : histories) {
      const auto& first = h.events().front();
      reports.emplace(first.case_id, ReportOf{first.channel, first.at_ms});
    }
    for (const auto& h : histories) {
      auto d = tally_deltas(h.events(), calendar::national(), {}, report_of());
      EXPECT_TRUE(d) << d.error().public_message();
      deltas.insert(deltas.end(), d->begin(), d->end());
    }
  }
  std::function<const ReportOf*(const std::string&)> report_of() const {
    return [this](const std::string& id) -> const ReportOf* {
      const auto found = reports.find(id);
      return found == reports.end() ? nullptr : &found->second;
    };
  }
  // The fold: the cases reported by T, at T.
  std::vector<CaseAt> at(std::int64_t t) const {
    std::vector<CaseAt> out;
    for (const auto& h : histories) {
      if (h.events().front().at_ms <= t) out.push_back(h.at(t));
    }
    link_merges(out, report_of());
    return out;
  }
};

std::string text(const std::vector<UnitValues>& rows) {
  std::string out;
  for (const auto& r : rows) {
    out += r.unit + ":";
    for (const auto& v : r.values) {
      if (const auto* n = std::get_if<std::int64_t>(&v)) {
        out += " " + std::to_string(*n);
      } else {
        const auto& rate = std::get<Rate>(v);
        out += " " + std::to_string(rate.numerator) + "/" + std::to_string(rate.denominator);
      }
    }
    out += "\n";
  }
  return out;
}

// Every kind, every region level, supervisors with grids, over several periods at every midnight
// from before the first report to well after the last deadline.
void expect_totals_equal_the_fold(const Drawn& drawn) {
  const std::vector<std::pair<std::int32_t, std::int32_t>> periods = {{day_of(9, 28), day_of(10, 9)},
                                                                      {day_of(9, 30), day_of(10, 1)},
                                                                      {day_of(10, 8), day_of(10, 9)},
                                                                      {day_of(9, 1), day_of(11, 1)},
                                                                      {day_of(10, 1), day_of(10, 2)}};
  std::vector<Context> contexts;
  for (const auto level : {RegionLevel::district, RegionLevel::street, RegionLevel::community, RegionLevel::grid}) {
    Context c;
    c.level = level;
    c.supervisor_grids = {{"zhang", {"370811002"}}, {"zhou", {"1101"}}, {"someone", {"*"}}};
    contexts.push_back(c);
  }
  int compared = 0;
  for (auto t_day = day_of(9, 24); t_day <= day_of(10, 25); ++t_day) {
    const std::int64_t t = (std::int64_t{t_day} * 86'400 - kBeijing * 60) * 1000;
    const auto cases = drawn.at(t);
    for (const auto& [from, to] : periods) {
      const Period period{(std::int64_t{from} * 86'400 - kBeijing * 60) * 1000,
                          (std::int64_t{to} * 86'400 - kBeijing * 60) * 1000};
      const auto counts = counts_of(drawn.deltas, from, to, t_day);
      for (const auto& context : contexts) {
        for (const auto kind : kinds()) {
          ASSERT_EQ(text(evaluate(kind, counts, context)), text(evaluate(kind, cases, period, t, context)))
              << to_string(kind) << " at day " << t_day << " for [" << from << ", " << to << ")";
          ++compared;
        }
      }
      EXPECT_EQ(is_provisional(counts), is_provisional(count(cases, period, t)));
    }
  }
  EXPECT_GT(compared, 1000);
}

TEST(Deltas, LocalDaysFollowTheCalendarsOffset) {
  EXPECT_EQ(local_day(ms(10, 1, 0, 0), kBeijing), local_day(ms(10, 1, 23, 59), kBeijing));
  EXPECT_EQ(local_day(ms(10, 1, 0, 0) - 1, kBeijing) + 1, local_day(ms(10, 1, 0, 0), kBeijing));
  EXPECT_EQ(local_day(0, 0), 0);
  EXPECT_EQ(local_day(-1, 0), -1);
}

TEST(Deltas, SummedAtAMidnightTheyAreTheFiguresOfTheFold) {
  expect_totals_equal_the_fold(Drawn(test::around_national_day()));
}

TEST(Deltas, PeoplesFiguresToo) { expect_totals_equal_the_fold(Drawn(test::people_around_national_day())); }

TEST(Deltas, MergesCallbacksAReportStillOpenAndOneAtMidnight) {
  std::vector<History> all;
  History patrol("20260930000009");  // a supervisor's report, open and past every deadline
  patrol.then(Action::report, State::pending_register, ms(9, 30, 9, 0))
      .by("zhang", "supervisor")
      .then(Action::register_, State::pending_dispatch, ms(9, 30, 9, 10), {{"category", "06010"}})
      .then(Action::dispatch, State::dispatched, ms(9, 30, 9, 30),
            {{"department", "HW"}, {"handling_limit", "1 working_days"}});
  all.push_back(patrol);
  History late("20261002000001", "hotline_12345");  // found after the patrol: merged, not 漏报
  late.then(Action::report, State::reported, ms(10, 2, 9, 0))
      .then(Action::request_verify, State::verifying, ms(10, 2, 9, 5))
      .then(Action::verify_ok, State::pending_register, ms(10, 2, 9, 30))
      .then(Action::merge, State::merged, ms(10, 2, 9, 40), {{"merge_target", "20260930000009"}});
  all.push_back(late);
  History called("20261003000001", "citizen_web");  // 漏报, closed, called back unhappy next day
  called.then(Action::report, State::reported, ms(10, 3, 9, 0))
      .then(Action::request_verify, State::verifying, ms(10, 3, 9, 5))
      .then(Action::verify_ok, State::pending_register, ms(10, 3, 9, 30))
      .then(Action::register_, State::pending_dispatch, ms(10, 3, 9, 40), {{"category", "06010"}})
      .then(Action::dispatch, State::dispatched, ms(10, 3, 9, 50),
            {{"department", "HW"}, {"handling_limit", "2 natural_hours"}})
      .then(Action::sign, State::handling, ms(10, 3, 10, 0))
      .then(Action::finish, State::handled, ms(10, 3, 11, 0))
      .then(Action::request_check, State::checking, ms(10, 3, 11, 5))
      .then(Action::check_pass, State::pending_close, ms(10, 3, 11, 30))
      .then(Action::close, State::closed, ms(10, 3, 11, 40))
      .then(Action::callback, State::closed, ms(10, 4, 10, 0), {{"satisfaction", "不满意"}});
  all.push_back(called);
  History midnight("20261005000001", "hotline_12345");  // reported at the stroke of midnight: by T = 00:00
  midnight.then(Action::report, State::reported, ms(10, 5, 0, 0));
  all.push_back(midnight);
  expect_totals_equal_the_fold(Drawn(all));
}

TEST(Deltas, AnEventStampedBeforeTheReportIsTakenAsTheFoldTakesIt) {
  // Another server's clock was two minutes behind: the registration is stamped before the report.
  History skewed("20261006000001");
  skewed.then(Action::report, State::pending_register, ms(10, 6, 9, 0))
      .then(Action::register_, State::pending_dispatch, ms(10, 6, 8, 58), {{"category", "06010"}})
      .then(Action::dispatch, State::dispatched, ms(10, 6, 9, 30),
            {{"department", "HW"}, {"handling_limit", "1 natural_hours"}});
  expect_totals_equal_the_fold(Drawn({skewed}));
}

TEST(Deltas, ANewEventChangesTheTotalsByTheirDifference) {
  const auto full = test::reworked();
  const auto& events = full.events();
  const auto none = [](const std::string&) -> const ReportOf* { return nullptr; };
  for (std::size_t n = 1; n < events.size(); ++n) {
    const std::span<const workflow::CaseEvent> before(events.data(), n), after(events.data(), n + 1);
    const auto old = tally_deltas(before, calendar::national(), {}, none).value();
    const auto now = tally_deltas(after, calendar::national(), {}, none).value();
    const auto change = difference(now, old);
    // old + change = now, key by key.
    std::map<std::tuple<Scope, std::uint8_t, std::string, std::int32_t, std::int32_t>, std::int64_t> sum;
    for (const auto* list : {&old, &change}) {
      for (const auto& d : *list) sum[{d.scope, d.counter, d.unit, d.day, d.effective_day}] += d.n;
    }
    std::erase_if(sum, [](const auto& kv) { return kv.second == 0; });
    std::vector<TallyDelta> rebuilt;
    for (const auto& [k, v] : sum) {
      rebuilt.push_back({std::get<0>(k), std::get<1>(k), std::get<2>(k), std::get<3>(k), std::get<4>(k), v});
    }
    EXPECT_EQ(rebuilt, now) << "after event " << n + 1;
  }
  // The fresh deadline of 14:30 on 8 Oct passes before the second finish at 15:00: overdue from
  // 14:30, handled late from 15:00, both within 8 Oct, so at no midnight is the case overdue and no
  // such change is stored.
  const auto all = tally_deltas(events, calendar::national(), {}, none).value();
  EXPECT_TRUE(std::none_of(all.begin(), all.end(), [](const TallyDelta& d) {
    return d.scope == Scope::department && d.counter == counter::overdue_unhandled;
  }));
}

TEST(Deltas, AnOpenCasesDeadlinePassingIsAChangeOnItsOwnDay) {
  // Case 3 of around_national_day: SZ's 2 working hours from 10:10 on 30 Sep run out at 13:40;
  // nothing happens after the sign, so 应处置 and 超期未处置 arrive with the deadline, and the
  // overall deadline (16:10) makes it 应结案 the same day.
  const auto three = test::around_national_day()[2];
  const auto none = [](const std::string&) -> const ReportOf* { return nullptr; };
  const auto all = tally_deltas(three.events(), calendar::national(), {}, none).value();
  const auto find = [&](Scope scope, std::uint8_t counter) {
    return std::find_if(all.begin(), all.end(),
                        [&](const TallyDelta& d) { return d.scope == scope && d.counter == counter; });
  };
  const auto overdue = find(Scope::department, counter::overdue_unhandled);
  ASSERT_NE(overdue, all.end());
  EXPECT_EQ(overdue->unit, "SZ");
  EXPECT_EQ(overdue->day, day_of(9, 30));            // counted in the period of its registration
  EXPECT_EQ(overdue->effective_day, day_of(9, 30));  // from the midnight ending 30 Sep
  EXPECT_EQ(overdue->n, 1);
  const auto due = find(Scope::district, counter::due_to_close);
  ASSERT_NE(due, all.end());
  EXPECT_EQ(due->effective_day, day_of(9, 30));
}

}  // namespace
}  // namespace ug::evaluation
