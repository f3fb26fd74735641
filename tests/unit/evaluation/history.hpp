// Hand-drawn case histories for the evaluation tests: events appended in order with their
// instants and payloads, as the case service would have written them, and one such history used
// by several tests.
#pragma once

#include <map>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "../calendar/national_calendar.hpp"
#include "evaluation/indicators.hpp"

namespace ug::evaluation::test {

using workflow::Action;
using workflow::State;

inline std::int64_t ms(unsigned m, unsigned d, int hh, int mm) { return calendar::beijing(2026, m, d, hh, mm) * 1000; }

class History {
 public:
  explicit History(std::string id = "20260930000007", std::string channel = "supervisor")
      : id_(std::move(id)), channel_(std::move(channel)) {}
  History& then(Action action, State to, std::int64_t at_ms,
                std::vector<std::pair<std::string, std::string>> payload = {}) {
    workflow::CaseEvent e;
    e.case_id = id_;
    e.sequence = static_cast<std::int64_t>(events_.size()) + 1;
    e.action = action;
    e.actor = "someone";
    e.role = "operator";
    e.channel = events_.empty() ? channel_ : "staff";
    e.at_ms = at_ms;
    e.from = events_.empty() ? std::nullopt : std::optional<State>(events_.back().to);
    e.to = to;
    e.payload = std::move(payload);
    if (events_.empty()) {  // the place as the service writes it at intake
      for (const auto& kv : std::initializer_list<std::pair<const char*, const char*>>{{"grid", "370811002001001"},
                                                                                       {"community", "370811002001"},
                                                                                       {"street", "370811002"},
                                                                                       {"district", "370811"}}) {
        e.payload.emplace_back(kv.first, kv.second);
      }
    }
    events_.push_back(std::move(e));
    return *this;
  }
  // The last event was recorded by `actor` acting as `role`.
  History& by(std::string actor, std::string role) {
    events_.back().actor = std::move(actor);
    events_.back().role = std::move(role);
    return *this;
  }
  CaseAt at(std::int64_t t) const { return case_at(events_, t, calendar::national()).value(); }
  const std::vector<workflow::CaseEvent>& events() const { return events_; }

 private:
  std::string id_;
  std::string channel_;
  std::vector<workflow::CaseEvent> events_;
};

// A supervisor's report handled by HW: finished on time, failed at the check, finished again late.
inline History reworked(std::string id = "20260930000007") {
  History h(std::move(id));
  h.then(Action::report, State::pending_register, ms(9, 30, 15, 0), {{"description", "垃圾堆积"}})
      .then(Action::register_, State::pending_dispatch, ms(9, 30, 15, 10), {{"category", "06010"}})
      // 4 working hours from 15:30: 2 on 30 Sep, the holiday, 2 on 8 Oct → 10:30.
      .then(Action::dispatch, State::dispatched, ms(9, 30, 15, 30),
            {{"department", "HW"}, {"handling_limit", "4 working_hours"}})
      .then(Action::sign, State::handling, ms(9, 30, 15, 40))
      .then(Action::finish, State::handled, ms(10, 8, 10, 0))
      .then(Action::request_check, State::checking, ms(10, 8, 10, 10))
      // A fresh 2 working hours from 11:00: 1 before noon, 1 from 13:30 → 14:30.
      .then(Action::check_fail, State::handling, ms(10, 8, 11, 0), {{"handling_limit", "2 working_hours"}})
      .then(Action::finish, State::handled, ms(10, 8, 15, 0))
      .then(Action::request_check, State::checking, ms(10, 8, 15, 5))
      .then(Action::check_pass, State::pending_close, ms(10, 8, 15, 30))
      .then(Action::close, State::closed, ms(10, 8, 15, 45));
  return h;
}

// link_merges with the targets among `cases`.
inline void link_merges(std::span<CaseAt> cases) {
  std::map<std::string, ReportOf> reports;
  for (const auto& c : cases) reports.emplace(c.id, ReportOf{c.channel, c.reported_at_ms});
  evaluation::link_merges(cases, [&](const std::string& id) -> const ReportOf* {
    const auto found = reports.find(id);
    return found == reports.end() ? nullptr : &found->second;
  });
}

inline const Period kPeriod{ms(9, 28, 0, 0), ms(10, 9, 0, 0)};

// Six cases around the 2026 National Day holiday, evaluated for kPeriod at 18:00 on 8 Oct
// (indicators_test.cpp works out every figure).
inline std::vector<History> around_national_day() {
  std::vector<History> all;
  // 1. HW, finished on time (8 Oct 10:00 against 10:30), failed at the check, finished again at
  //    15:00 against a fresh 14:30 deadline (late); closed 15:45, within the overall 14:30 + 2 h +
  //    30 min = 17:00 (test::reworked).
  all.push_back(test::reworked("20260930000001"));
  // 2. HW on time: 4 working hours from 09:30 on 30 Sep → 15:00; finished 14:00; closed 14:40.
  History two("20260930000002");
  two.then(Action::report, State::pending_register, ms(9, 30, 9, 0))
      .then(Action::register_, State::pending_dispatch, ms(9, 30, 9, 10), {{"category", "06010"}})
      .then(Action::dispatch, State::dispatched, ms(9, 30, 9, 30),
            {{"department", "HW"}, {"handling_limit", "4 working_hours"}})
      .then(Action::sign, State::handling, ms(9, 30, 9, 40))
      .then(Action::finish, State::handled, ms(9, 30, 14, 0))
      .then(Action::request_check, State::checking, ms(9, 30, 14, 10))
      .then(Action::check_pass, State::pending_close, ms(9, 30, 14, 30))
      .then(Action::close, State::closed, ms(9, 30, 14, 40));
  all.push_back(two);
  // 3. SZ never finished: 2 working hours from 10:10 on 30 Sep → 13:40; overall 16:10. Overdue.
  History three("20260930000003");
  three.then(Action::report, State::pending_register, ms(9, 30, 10, 0))
      .then(Action::register_, State::pending_dispatch, ms(9, 30, 10, 5), {{"category", "02001"}})
      .then(Action::dispatch, State::dispatched, ms(9, 30, 10, 10),
            {{"department", "SZ"}, {"handling_limit", "2 working_hours"}})
      .then(Action::sign, State::handling, ms(9, 30, 10, 20));
  all.push_back(three);
  // 4. Returned by SZ, sent to HW on 8 Oct with 2 working days: not due by 18:00.
  History four("20261008000001");
  four.then(Action::report, State::pending_register, ms(10, 8, 9, 0))
      .then(Action::register_, State::pending_dispatch, ms(10, 8, 9, 5), {{"category", "06010"}})
      .then(Action::dispatch, State::dispatched, ms(10, 8, 9, 10),
            {{"department", "SZ"}, {"handling_limit", "4 working_hours"}})
      .then(Action::request_return, State::dispatched, ms(10, 8, 9, 20), {{"reason", "不属于本单位"}})
      .then(Action::approve_return, State::pending_dispatch, ms(10, 8, 9, 30))
      .then(Action::dispatch, State::dispatched, ms(10, 8, 9, 40),
            {{"department", "HW"}, {"handling_limit", "2 working_days"}});
  all.push_back(four);
  // 5. Registered before the period (25 Sep): in no figure, though HW finished it late.
  History five("20260925000001");
  five.then(Action::report, State::pending_register, ms(9, 25, 9, 0))
      .then(Action::register_, State::pending_dispatch, ms(9, 25, 9, 5), {{"category", "06010"}})
      .then(Action::dispatch, State::dispatched, ms(9, 25, 9, 10),
            {{"department", "HW"}, {"handling_limit", "1 working_hours"}})
      .then(Action::sign, State::handling, ms(9, 25, 9, 20))
      .then(Action::finish, State::handled, ms(9, 29, 9, 0));
  all.push_back(five);
  // 6. Self-handled on 30 Sep and closed: registered, closed, no department, no deadline.
  History six("20260930000004");
  six.then(Action::self_handle, State::pending_close, ms(9, 30, 11, 0), {{"comment", "已当场清除"}})
      .then(Action::close, State::closed, ms(9, 30, 11, 20));
  all.push_back(six);
  return all;
}

// Four cases around the 2026 National Day holiday, each event recorded by a named person in their
// role and each stage entered with its limit (people_test.cpp works out every figure).
using Payload = std::vector<std::pair<std::string, std::string>>;
inline Payload limit(const char* minutes) { return {{"stage_limit", std::string(minutes) + " natural_minutes"}}; }
inline Payload with(Payload a, const Payload& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

inline std::vector<History> people_around_national_day() {
  std::vector<History> all;
  // A. A hotline report of 30 Sep.
  History a("20260930000001", "hotline_12345");
  a.then(Action::report, State::reported, ms(9, 30, 9, 0), limit("10"))  // accept due 09:10
      .by("hotline", "integration")
      .then(Action::request_verify, State::verifying, ms(9, 30, 9, 5), limit("60"))  // accepted on time; due 10:05
      .by("li", "operator")
      .then(Action::verify_ok, State::pending_register, ms(9, 30, 10, 20), limit("30"))  // verified late; due 10:50
      .by("zhang", "supervisor")
      .then(Action::register_, State::pending_dispatch, ms(9, 30, 10, 40),
            with({{"category", "06010"}}, limit("30")))  // registered on time; dispatch due 11:10
      .by("wang", "shift_leader")
      .then(Action::dispatch, State::dispatched, ms(9, 30, 11, 30),  // dispatched late, to the wrong department
            with({{"department", "SZ"}, {"handling_limit", "4 working_hours"}}, limit("30")))
      .by("zhao", "dispatcher")
      .then(Action::request_return, State::dispatched, ms(9, 30, 11, 40), {{"reason", "不属于本单位"}})
      .by("sz", "handler")
      .then(Action::approve_return, State::pending_dispatch, ms(9, 30, 11, 50), limit("30"))  // due 12:20
      .by("zhao", "dispatcher")
      .then(Action::dispatch, State::dispatched, ms(9, 30, 12, 0),  // on time
            with({{"department", "HW"}, {"handling_limit", "4 working_hours"}}, limit("30")))
      .by("zhao", "dispatcher")
      .then(Action::sign, State::handling, ms(9, 30, 12, 10))
      .by("hw", "handler")
      .then(Action::finish, State::handled, ms(9, 30, 14, 0), limit("120"))  // check due 16:00
      .by("hw", "handler")
      .then(Action::request_check, State::checking, ms(9, 30, 14, 5))
      .by("li", "operator")
      .then(Action::check_pass, State::pending_close, ms(9, 30, 15, 0), limit("30"))  // checked on time; due 15:30
      .by("zhang", "supervisor")
      .then(Action::close, State::closed, ms(9, 30, 15, 40))  // closed late
      .by("wang", "shift_leader");
  all.push_back(a);
  // B. zhang's own report, registered on time, then voided.
  History b("20260930000002");
  b.then(Action::report, State::pending_register, ms(9, 30, 10, 0), limit("30"))  // due 10:30
      .by("zhang", "supervisor")
      .then(Action::register_, State::pending_dispatch, ms(9, 30, 10, 20), with({{"category", "02001"}}, limit("30")))
      .by("wang", "shift_leader")
      .then(Action::request_void, State::pending_dispatch, ms(9, 30, 10, 30), {{"reason", "重复立案"}})
      .by("li", "operator")
      .then(Action::approve_void, State::void_, ms(9, 30, 10, 35))
      .by("wang", "shift_leader");
  all.push_back(b);
  // C. zhang's report of 8 Oct, not registered by 18:00: reported, not valid.
  History c("20261008000001");
  c.then(Action::report, State::pending_register, ms(10, 8, 17, 0), limit("30")).by("zhang", "supervisor");
  all.push_back(c);
  // D. A citizen's report on the holiday (natural minutes run on), accepted late, verified on time by
  //    zhang, registered by qian: in zhang's grids, not found by the patrol first.
  History d("20261001000001", "citizen_web");
  d.then(Action::report, State::reported, ms(10, 1, 9, 0), limit("10"))  // due 09:10
      .by("", "")
      .then(Action::request_verify, State::verifying, ms(10, 1, 9, 30), limit("60"))  // late; due 10:30
      .by("li", "operator")
      .then(Action::verify_ok, State::pending_register, ms(10, 1, 10, 0), limit("30"))  // on time
      .by("zhang", "supervisor")
      .then(Action::register_, State::pending_dispatch, ms(10, 1, 10, 50),
            with({{"category", "06010"}}, limit("30")))  // due 10:30: late
      .by("qian", "shift_leader");
  all.push_back(d);

  return all;
}

// The histories at `t`, merges linked.
inline std::vector<CaseAt> cases_at(const std::vector<History>& histories, std::int64_t t) {
  std::vector<CaseAt> out;
  for (const auto& h : histories) out.push_back(h.at(t));
  link_merges(out);
  return out;
}

}  // namespace ug::evaluation::test
