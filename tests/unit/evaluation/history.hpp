// Hand-drawn case histories for the evaluation tests: events appended in order with their
// instants and payloads, as the case service would have written them, and one such history used
// by several tests.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "../calendar/national_calendar.hpp"
#include "evaluation/case_at.hpp"

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

}  // namespace ug::evaluation::test
