// The walk of each simulated case: a plan of actions drawn from seeded distributions, each checked
// by workflow::decide, recorded as an event with the payload the live service would write, folded
// with workflow::apply_event, then written in batches through the storage layer.
#include "service/history_simulator.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <random>
#include <set>
#include <thread>
#include <unordered_map>

#include "core/text.hpp"
#include "service/secrets.hpp"

namespace ug::service {
namespace {

using workflow::Action;
using workflow::State;
using Payload = std::vector<std::pair<std::string, std::string>>;
constexpr std::int64_t kMinute = 60'000;

// Reports per local hour of the day: the morning and afternoon patrol and office peaks.
constexpr std::array<double, 24> kHourWeights = {0.2, 0.1, 0.1, 0.1, 0.1, 0.3, 1.0, 3.0, 7.0, 9.0, 9.0, 7.0,
                                                 4.0, 4.0, 7.0, 8.0, 7.0, 6.0, 4.0, 3.0, 2.0, 1.0, 0.6, 0.3};
// Where reports come from in a digital city management centre: mostly its own supervisors' patrols.
struct ChannelShare {
  std::string_view channel;
  double weight;
};
constexpr std::array<ChannelShare, 8> kChannels = {{{"supervisor", 45},
                                                    {"hotline_12345", 18},
                                                    {"hotline_12319", 10},
                                                    {"citizen_web", 12},
                                                    {"video_ai", 6},
                                                    {"external_api", 5},
                                                    {"media", 2},
                                                    {"social_supervisor", 2}}};

class Dice {
 public:
  explicit Dice(std::uint64_t seed) : engine_(seed) {}
  double uniform(double lo = 0, double hi = 1) { return std::uniform_real_distribution<double>(lo, hi)(engine_); }
  bool chance(double p) { return uniform() < p; }
  std::int64_t between(std::int64_t lo, std::int64_t hi) {
    return std::uniform_int_distribution<std::int64_t>(lo, hi)(engine_);
  }
  template <typename Weights>
  std::size_t pick(const Weights& weights) {
    return std::discrete_distribution<std::size_t>(weights.begin(), weights.end())(engine_);
  }
  std::mt19937_64& engine() { return engine_; }

 private:
  std::mt19937_64 engine_;
};

access::Principal actor(access::Role role, std::string name) {
  access::Principal p;
  p.username = std::move(name);
  p.roles = {role};
  p.region_scopes = {"*"};
  return p;
}

struct Place {
  geo::LonLat point;
  const GridPlace* grid = nullptr;
};

struct World {
  std::vector<Place> places;  // one sampled point per grid, reused with jitter
  std::vector<std::string> categories;
  std::vector<double> category_weights;
  std::unordered_map<std::string, std::string> category_names;
  std::unordered_map<std::string, double> lateness;  // department → share of the limit it usually takes
};

// Everything one case's walk needs to write its events.
class Walk {
 public:
  Walk(const CaseService& cases, const calendar::WorkCalendar& work, std::int64_t stop_ms, std::string id,
       std::string channel)
      : cases_(cases), work_(work), stop_ms_(stop_ms), id_(std::move(id)), channel_(std::move(channel)) {}

  // Takes `action` at `at_ms` when it is not later than the end of the simulation; false when the
  // walk stops there (the case stays as it is, open or not).
  Result<bool> take(Action action, const access::Principal& who, std::int64_t at_ms, Payload payload = {}) {
    if (at_ms >= stop_ms_) return false;
    const workflow::CaseFacts facts{projection_ ? std::optional<State>(projection_->state) : std::nullopt, channel_,
                                    projection_ ? projection_->pending : std::uint8_t{0}};
    static const workflow::ActionInput everything{
        {workflow::Field::comment, workflow::Field::reason, workflow::Field::category, workflow::Field::urgency,
         workflow::Field::department, workflow::Field::extension, workflow::Field::merge_target,
         workflow::Field::satisfaction, workflow::Field::after_photos, workflow::Field::location}};
    UG_TRY_ASSIGN(const auto row, workflow::decide(facts, action, who, everything));
    workflow::CaseEvent e;
    e.case_id = id_;
    e.sequence = static_cast<std::int64_t>(events_.size()) + 1;
    e.action = action;
    e.actor = who.username;
    e.role = std::string(access::to_string(who.roles.front()));
    e.channel = projection_ ? (action == Action::callback ? channel_ : "staff") : channel_;
    e.at_ms = std::max(at_ms, projection_ ? projection_->updated_at_ms : at_ms);
    e.from = facts.state;
    e.to = row->to;
    e.payload = std::move(payload);
    if (!projection_ || workflow::stage_of(e.to) != workflow::stage_of(projection_->state)) {
      for (auto& kv : cases_.stage_payload(e.to, e.at_ms)) e.payload.push_back(std::move(kv));
    }
    UG_TRY_ASSIGN(projection_, workflow::apply_event(projection_, e));
    events_.push_back(std::move(e));
    return true;
  }

  Payload handling(calendar::TimeLimit limit, std::int64_t at_ms) const {
    Payload out = {{std::string(workflow::payload::handling_limit), calendar::format_limit(limit)}};
    if (const auto due = work_.due(at_ms / 1000, limit.value, limit.unit)) {
      out.emplace_back(workflow::payload::handling_due,
                       calendar::format_iso8601(due->at, work_.config().utc_offset_minutes));
    }
    return out;
  }
  // When a department that takes `share` of its limit finishes work started at `start_ms`.
  std::int64_t finish_time(calendar::TimeLimit limit, std::int64_t start_ms, double share) const {
    const auto due = work_.due(start_ms / 1000, limit.value, limit.unit);
    const auto span = due ? (due->at * 1000 - start_ms) : 4 * 60 * kMinute;
    return start_ms + static_cast<std::int64_t>(static_cast<double>(span) * share);
  }

  const std::optional<workflow::CaseProjection>& projection() const { return projection_; }
  std::vector<workflow::CaseEvent>& events() { return events_; }
  State state() const { return projection_->state; }
  std::int64_t last_ms() const { return projection_->updated_at_ms; }

 private:
  const CaseService& cases_;
  const calendar::WorkCalendar& work_;
  std::int64_t stop_ms_;
  std::string id_;
  std::string channel_;
  std::optional<workflow::CaseProjection> projection_;
  std::vector<workflow::CaseEvent> events_;
};

const access::Principal& staff(access::Role role) {
  static const std::map<access::Role, access::Principal> people = {
      {access::Role::supervisor, actor(access::Role::supervisor, "demo-supervisor")},
      {access::Role::operator_, actor(access::Role::operator_, "demo-operator")},
      {access::Role::shift_leader, actor(access::Role::shift_leader, "demo-shift-leader")},
      {access::Role::dispatcher, actor(access::Role::dispatcher, "demo-dispatcher")},
      {access::Role::handler, actor(access::Role::handler, "demo-handler")},
      {access::Role::leader, actor(access::Role::leader, "demo-leader")},
      {access::Role::citizen, actor(access::Role::citizen, "public")},
      {access::Role::integration, actor(access::Role::integration, "demo-integration")},
  };
  return people.at(role);
}

Payload said(std::string comment) { return {{std::string(workflow::payload::comment), std::move(comment)}}; }
Payload because(std::string reason) { return {{std::string(workflow::payload::reason), std::move(reason)}}; }

// The cases of one batch, numbered from 0 per day, with their events and what they add to the report.
// A mobile number ("1" + 10 digits, synthetic like everything simulated) from what tells the case
// apart (its draft id and report time) and the seed: FNV-1a, so that the same seed gives the same numbers on every
// machine.
std::string synthetic_phone(std::string_view key, std::uint64_t seed) {
  std::uint64_t h = 1469598103934665603ULL ^ seed;
  for (const char c : key) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  return fmt::format("1{}{:09}", 3 + h % 7, (h / 7) % 1'000'000'000);
}

// A 督办 notice on a late case: issued while the department handles it; answered a few hours
// later, or — one in five, chosen from the case so the dice stay as they were — not in time, so
// the notice is escalated at its deadline and the next one answered.
struct SimulatedNotice {
  std::string draft_case;
  std::string department;
  workflow::State state_then = workflow::State::handling;
  std::int64_t issued_at_ms = 0;
  std::optional<std::pair<workflow::State, std::int64_t>> ended;  // how and when the case ended
};

struct SimulatedBatch {
  std::vector<storage::CaseRow> rows;
  std::vector<SimulatedNotice> notices;
  std::vector<std::pair<std::string, std::string>> reporters;  // draft case id, the caller's phone
  std::vector<workflow::CaseEvent> events;
  EvaluationTotals::Records totals;             // what the histories add to evaluation's running totals
  std::map<std::string, std::int64_t> per_day;  // "YYYYMMDD" → cases of that day in the batch
  SimulationReport tally;
};

template <typename F>
auto guarded(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const std::exception& e) {
    return fail(ErrorCode::internal, "simulator.interrupted", e.what());
  }
}

// Batches are drawn on a second thread while this one writes the one before: drawing (walks,
// deadlines, payloads) costs about half as much as writing, and SQLite has a single writer. Both
// go in order, so the history is the one a single thread would write.
template <typename Generate, typename Write>
Result<SimulationReport> generate_and_write(std::size_t cases, std::size_t batch_size, const Generate& generate,
                                            const Write& write) {
  constexpr std::size_t kAhead = 2;  // batches drawn but not yet written
  std::mutex mutex;
  std::condition_variable changed;
  std::deque<Result<SimulatedBatch>> ready;
  bool writer_stopped = false;
  bool all_drawn = false;
  std::thread drawer([&] {
    for (std::size_t begin = 0; begin < cases; begin += batch_size) {
      auto batch = guarded([&] { return generate(begin, std::min(cases, begin + batch_size)); });
      const bool failed = !batch;
      std::unique_lock lock(mutex);
      changed.wait(lock, [&] { return writer_stopped || ready.size() < kAhead; });
      if (writer_stopped) return;
      ready.push_back(std::move(batch));
      changed.notify_all();
      if (failed) return;
    }
    std::lock_guard lock(mutex);
    all_drawn = true;
    changed.notify_all();
  });

  SimulationReport report;
  Result<void> outcome;
  for (;;) {
    std::unique_lock lock(mutex);
    changed.wait(lock, [&] { return !ready.empty() || all_drawn; });
    if (ready.empty()) break;
    auto batch = std::move(ready.front());
    ready.pop_front();
    changed.notify_all();
    lock.unlock();
    if (!batch) {
      outcome = tl::unexpected(batch.error());
      break;
    }
    outcome = guarded([&] { return write(*batch); });
    if (!outcome) break;
    report.cases += batch->tally.cases;
    report.events += batch->tally.events;
    for (const auto& [state, n] : batch->tally.by_state) report.by_state[state] += n;
    for (const auto& [channel, n] : batch->tally.by_channel) report.by_channel[channel] += n;
  }
  {
    std::lock_guard lock(mutex);
    writer_stopped = true;
    changed.notify_all();
  }
  drawer.join();
  if (!outcome) return tl::unexpected(outcome.error());
  return report;
}

}  // namespace

Result<SimulationReport> HistorySimulator::run(const SimulationRequest& request) {
  if (request.cases < 0 || request.to_ms <= request.from_ms) {
    return fail(ErrorCode::validation_failed, "simulator.bad_request");
  }
  const auto started = std::chrono::steady_clock::now();
  const auto seconds_since = [](std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
  };
  Dice dice(request.seed);
  const auto snapshot = grids_.snapshot();
  if (!snapshot || snapshot->places().empty()) {
    return fail(ErrorCode::validation_failed, "simulator.no_unit_grids");
  }
  const auto work = calendar_.current();
  const int offset = work->config().utc_offset_minutes;

  // The world: a point in every grid, categories with rules (weighted), each department's habits.
  World world;
  const auto& grids = snapshot->index().grids();
  for (std::size_t i = 0; i < grids.size(); ++i) {
    const auto box = geo::bounding_box(grids[i].shape);
    for (int attempt = 0; attempt < 50; ++attempt) {
      const geo::LonLat p{dice.uniform(box.min.x, box.max.x + 1) / geo::kNanoPerDegree,
                          dice.uniform(box.min.y, box.max.y + 1) / geo::kNanoPerDegree};
      const auto* place = snapshot->locate(p);
      if (place != nullptr && place->code == grids[i].code) {
        world.places.push_back({p, place});
        break;
      }
    }
  }
  UG_TRY_ASSIGN(
      auto base,
      db_.read([&](storage::Transaction& tx)
                   -> Result<std::pair<std::vector<storage::CategoryRecord>, std::vector<storage::RuleRecord>>> {
        UG_TRY_ASSIGN(auto categories, tx.categories().all());
        UG_TRY_ASSIGN(auto rules, tx.rules().all());
        return std::pair{std::move(categories), std::move(rules)};
      }));
  std::set<std::string> ruled_majors, ruled_matters, departments;
  for (const auto& r : base.second) {
    if (!r.matter_code.empty()) ruled_matters.insert(r.matter_code);
    if (!r.major_code.empty()) ruled_majors.insert(r.major_code);
    departments.insert(r.department_id);
  }
  for (const auto& c : base.first) {
    if (c.kind != "matter" || !c.enabled || !(ruled_matters.contains(c.code) || ruled_majors.contains(c.major_code))) {
      continue;
    }
    world.categories.push_back(c.code);
    world.category_names[c.code] = c.name;
  }
  if (world.categories.empty()) return fail(ErrorCode::validation_failed, "simulator.no_categories");
  std::shuffle(world.categories.begin(), world.categories.end(), dice.engine());
  for (std::size_t rank = 0; rank < world.categories.size(); ++rank) {
    // A long tail, with the categories a rule names directly (the city's usual business) in front.
    world.category_weights.push_back((ruled_matters.contains(world.categories[rank]) ? 6.0 : 1.0) /
                                     std::pow(static_cast<double>(rank) + 1, 0.8));
  }
  for (const auto& d : departments)
    world.lateness[d] = dice.chance(0.3) ? dice.uniform(0.9, 1.6) : dice.uniform(0.25, 0.8);

  // Report instants, in order, so case numbers follow time as they do live.
  std::vector<std::int64_t> reported_at(static_cast<std::size_t>(request.cases));
  const std::int64_t day_ms = 86'400'000;
  const auto first_day = (request.from_ms + offset * kMinute) / day_ms;
  const auto last_day = std::max(first_day, (request.to_ms - 1 + offset * kMinute) / day_ms);
  for (auto& at : reported_at) {
    for (int attempt = 0; attempt < 20; ++attempt) {
      const auto day = dice.between(first_day, last_day);
      const auto hour = static_cast<std::int64_t>(dice.pick(kHourWeights));
      at = day * day_ms + hour * 60 * kMinute + dice.between(0, 60 * kMinute - 1) - offset * kMinute;
      if (at >= request.from_ms && at < request.to_ms) break;
      at = std::clamp(at, request.from_ms, request.to_ms - 1);
    }
  }
  std::sort(reported_at.begin(), reported_at.end());

  std::array<double, kChannels.size()> channel_weights{};
  for (std::size_t i = 0; i < kChannels.size(); ++i) channel_weights[i] = kChannels[i].weight;
  UG_TRY_ASSIGN(auto table, db_.read([&](storage::Transaction& tx) { return routing_.load_table(tx); }));

  const auto& supervisor = staff(access::Role::supervisor);
  const auto& seat = staff(access::Role::operator_);
  const auto& shift = staff(access::Role::shift_leader);
  const auto& dispatcher = staff(access::Role::dispatcher);
  const auto& crew = staff(access::Role::handler);
  const auto& bureau = staff(access::Role::leader);

  // One batch of cases, numbered from 0 per day within the batch: the writer turns those into case
  // numbers when it reserves them, in the transaction that writes the batch.
  EvaluationTotals evaluation_totals(calendar_, after_handling_limits(cases_.settings()));
  const auto generate = [&](std::size_t begin, std::size_t end) -> Result<SimulatedBatch> {
    SimulatedBatch batch;
    for (auto i = begin; i < end; ++i) {
      const auto t0 = reported_at[i];
      const auto day = local_day(t0, offset);
      const auto id = day + fmt::format("{:06}", batch.per_day[day]++);
      const std::string channel(kChannels[dice.pick(channel_weights)].channel);
      const bool public_channel = workflow::is_public_channel(channel);
      const auto& place = world.places[static_cast<std::size_t>(dice.between(0, world.places.size() - 1))];
      const geo::LonLat point{place.point.lon + dice.uniform(-2e-5, 2e-5), place.point.lat + dice.uniform(-2e-5, 2e-5)};
      const auto& category = world.categories[dice.pick(world.category_weights)];
      const auto urgency = dice.chance(0.05) ? "urgent" : "normal";

      Walk walk(cases_, *work, request.to_ms, id, channel);
      Payload intake = {{std::string(workflow::payload::description),
                         fmt::format("{}：{}附近", world.category_names[category], place.grid->name)}};
      // Supervisors and machines classify at once; the public often leaves it to the centre.
      if (!public_channel || dice.chance(0.4)) intake.emplace_back(workflow::payload::category, category);
      intake.emplace_back(workflow::payload::urgency, urgency);
      append_place_payload(intake, point, *place.grid);
      if (public_channel) {  // from the seed too, so that the same seed gives the same history
        std::string code(10, ' ');
        for (auto& c : code) c = kCodeAlphabet[static_cast<std::size_t>(dice.between(0, kCodeAlphabet.size() - 1))];
        intake.emplace_back(workflow::payload::tracking_code, code);
      }
      const auto& reporter = channel == "supervisor"                              ? supervisor
                             : channel == "citizen_web"                           ? staff(access::Role::citizen)
                             : channel == "video_ai" || channel == "external_api" ? staff(access::Role::integration)
                                                                                  : seat;
      const bool self_handled = channel == "supervisor" && dice.chance(0.04);
      if (self_handled) intake.emplace_back(workflow::payload::comment, "现场已处理");
      UG_TRY(walk.take(self_handled ? Action::self_handle : Action::report, reporter, t0, std::move(intake)));

      bool supervised = false;
      const auto run_walk = [&]() -> Result<void> {
        const auto after = [&](std::int64_t lo, std::int64_t hi) {
          return walk.last_ms() + dice.between(lo * kMinute, hi * kMinute);
        };
        const auto go = [&](Action a, const access::Principal& who, std::int64_t at, Payload pl = {}) {
          return walk.take(a, who, at, std::move(pl));
        };
#define UG_STEP(call)                          \
  do {                                         \
    UG_TRY_ASSIGN(const bool stepped, (call)); \
    if (!stepped) return {};                   \
  } while (0)
        if (self_handled) {
          UG_STEP(go(Action::close, shift, after(5, 40)));
          return {};
        }
        if (walk.state() == State::reported) {
          if (dice.chance(0.03)) {
            UG_STEP(go(Action::reject, seat, after(2, 15), because("不属于城市管理范围")));
            return {};
          }
          if (public_channel) {
            UG_STEP(go(Action::request_verify, seat, after(1, 12)));
            if (dice.chance(0.06)) {
              UG_STEP(go(Action::verify_not_found, supervisor, after(10, 80), said("现场未发现该问题")));
              return {};
            }
            UG_STEP(go(Action::verify_ok, supervisor, after(10, 80), said("属实")));
          } else {
            UG_STEP(go(Action::accept, seat, after(1, 12)));
          }
        }
        if (dice.chance(0.02)) {
          UG_STEP(go(Action::decline_register, shift, after(5, 40), because("不符合立案条件")));
          return {};
        }
        UG_STEP(go(Action::register_, shift, after(3, 40),
                   {{std::string(workflow::payload::category), category},
                    {std::string(workflow::payload::urgency), urgency}}));
        const auto route = routing_.suggest_from(table, category, point, *catalog::parse_urgency(urgency));
        const auto& department = route.decision.department_id;
        if (department.empty()) return {};  // nobody to send it to: it waits for dispatch
        std::int64_t clock_start = 0;       // when the handling limit last started
        const auto dispatch = [&](const std::string& to) {
          clock_start = after(3, 40);
          auto pl = walk.handling(route.decision.limit, clock_start);
          pl.insert(pl.begin(), {{std::string(workflow::payload::department), to},
                                 {std::string(workflow::payload::suggested_department), department}});
          return go(Action::dispatch, dispatcher, clock_start, std::move(pl));
        };
        // Sometimes sent to the wrong unit first, which asks to return it.
        if (dice.chance(0.04)) {
          UG_STEP(dispatch(department == "SZ" ? "HW" : "SZ"));
          UG_STEP(go(Action::request_return, crew, after(10, 90), because("不属于本单位职责")));
          UG_STEP(go(Action::approve_return, dispatcher, after(5, 60)));
        }
        UG_STEP(dispatch(department));
        const double habit = world.lateness.contains(department) ? world.lateness.at(department) : 0.6;
        UG_STEP(go(Action::sign, crew, after(2, habit > 0.9 ? 90 : 35)));
        for (int round = 0; round < 3; ++round) {
          if (round == 0 && dice.chance(0.05)) {
            auto ask = because("需要协调其他单位");
            ask.emplace_back(workflow::payload::extension, calendar::format_limit(route.decision.limit));
            UG_STEP(go(Action::request_extension, crew, after(30, 240), std::move(ask)));
            UG_STEP(go(Action::approve_extension, dispatcher, after(5, 60)));
          }
          if (round == 0 && dice.chance(0.03)) {
            UG_STEP(go(Action::request_suspend, crew, after(30, 240), because("等待施工条件")));
            UG_STEP(go(Action::approve_suspend, dispatcher, after(5, 60)));
            UG_STEP(go(Action::resume, dispatcher, after(24 * 60, 10 * 24 * 60)));
          }
          const auto finish_at =
              std::max(walk.last_ms() + 10 * kMinute,
                       walk.finish_time(route.decision.limit, clock_start, habit * dice.uniform(0.5, 1.4)));
          // One notice a case (a case has at most one waiting); the dice are drawn as before.
          if (habit > 1.1 && dice.chance(0.3) && !supervised) {
            supervised = true;
            batch.notices.push_back({.draft_case = id,
                                     .department = department,
                                     .state_then = walk.state(),
                                     .issued_at_ms = std::min(finish_at, after(60, 600)),
                                     .ended = std::nullopt});
          }
          UG_STEP(go(Action::finish, crew, finish_at, said("已处置完毕")));
          UG_STEP(go(Action::request_check, seat, after(1, 20)));
          if (dice.chance(habit > 0.9 ? 0.15 : 0.06) && round < 2) {
            const auto failed_at = after(15, 120);
            auto pl = because("处置不到位，返工");
            if (cases_.settings().rework_restarts_handling) {
              for (auto& kv : walk.handling(route.decision.limit, failed_at)) pl.push_back(std::move(kv));
              clock_start = failed_at;
            }
            UG_STEP(go(Action::check_fail, supervisor, failed_at, std::move(pl)));
            continue;
          }
          UG_STEP(go(Action::check_pass, supervisor, after(15, 120), said("已整改")));
          break;
        }
        if (walk.state() != State::pending_close) return {};
        UG_STEP(go(Action::close, shift, after(3, 40)));
        if (public_channel && dice.chance(0.6)) {
          const auto mood = dice.uniform();
          const auto satisfaction = mood < (habit > 0.9 ? 0.55 : 0.75) ? "满意" : mood < 0.92 ? "基本满意" : "不满意";
          UG_STEP(go(Action::callback, public_channel && channel == "citizen_web" ? staff(access::Role::citizen) : seat,
                     after(60, 3 * 24 * 60), {{std::string(workflow::payload::satisfaction), satisfaction}}));
        }
#undef UG_STEP
        return {};
      };
      UG_TRY(run_walk());
      if (supervised && walk.projection()->closed_at_ms) {
        batch.notices.back().ended = std::pair{walk.state(), *walk.projection()->closed_at_ms};
      }

      UG_TRY_ASSIGN(auto row, cases_.finish_row(*walk.projection()));
      // A public report leaves a number to call back; made from the case, not drawn, so that the
      // dice (and every history already simulated with a seed) stay as they were.
      if (public_channel) {
        batch.reporters.emplace_back(
            row.projection.id,
            synthetic_phone(row.projection.id + std::to_string(row.projection.created_at_ms), request.seed));
      }
      batch.rows.push_back(std::move(row));
      batch.events.insert(batch.events.end(), std::make_move_iterator(walk.events().begin()),
                          std::make_move_iterator(walk.events().end()));
      ++batch.tally.by_state[std::string(workflow::to_string(walk.state()))];
      ++batch.tally.by_channel[channel];
    }
    batch.tally.cases = static_cast<std::int64_t>(end - begin);
    batch.tally.events = static_cast<std::int64_t>(batch.events.size());
    // Worked out here, on the drawing thread; simulated histories merge nothing, so no report of
    // another case is ever looked up.
    UG_TRY_ASSIGN(batch.totals, evaluation_totals.deltas_of(batch.events, [](const std::string&) { return nullptr; }));
    return batch;
  };
  const auto write_notice = [&](storage::Transaction& tx, const SimulatedNotice& n,
                                const std::string& case_id) -> Result<void> {
    workflow::CaseProjection then;
    then.id = case_id;
    then.state = n.state_then;
    then.department_id = n.department;
    auto unit_crew = crew;
    unit_crew.org_unit_id = n.department;
    std::uint64_t h = 1469598103934665603ULL ^ request.seed;
    for (const char c : case_id) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    const bool answered_in_time = h % 5 != 0;
    const auto reply_after_ms = static_cast<std::int64_t>(60 + (h >> 8) % 300) * kMinute;
    UG_TRY_ASSIGN(auto notice,
                  supervision_.issue_in(tx, bureau, then,
                                        {.case_id = case_id, .level = "", .comment = "请加快处置", .reply_limit = ""},
                                        n.issued_at_ms));
    if (!answered_in_time && notice.due_at_ms && *notice.due_at_ms < request.to_ms) {
      // The sweep runs a minute after the deadline; a case that ended by then lapses the notice.
      const auto swept_at = *notice.due_at_ms + kMinute;
      if (n.ended && n.ended->second <= swept_at) then.state = n.ended->first;
      UG_TRY_ASSIGN(auto next, supervision_.escalate_in(tx, notice, then, swept_at));
      if (!next) return {};
      notice = std::move(*next);
    }
    const auto reply_at = notice.opened_at_ms + reply_after_ms;
    if (reply_at >= request.to_ms) return {};
    NoticeActionRequest reply{.version = notice.version, .reply = "已加派人手，正在处置", .reason = ""};
    UG_TRY(supervision_.act_in(tx, unit_crew, notice, then, workflow::supervision::reply, reply, reply_at));
    return {};
  };
  const auto write = [&](SimulatedBatch& batch) {
    return db_.write([&](storage::Transaction& tx) -> Result<void> {
      std::map<std::string, std::int64_t> first;  // day → the first case number reserved
      for (const auto& [day, count] : batch.per_day) {
        UG_TRY_ASSIGN(const auto reserved, tx.cases().next_numbers(day, count));
        if (reserved + count - 1 > 999'999) return fail(ErrorCode::unavailable, "simulator.day_full");
        first[day] = reserved;
      }
      // "YYYYMMDD" + 6 digits: the day's ordinal in the batch becomes first + ordinal.
      const auto numbered = [&](const std::string& draft) {
        const auto day = draft.substr(0, 8);
        return day + fmt::format("{:06}", first[day] + std::stoll(draft.substr(8)));
      };
      for (auto& row : batch.rows) {
        row.projection.id = numbered(row.projection.id);
        UG_TRY(tx.cases().insert(row));
      }
      for (auto& e : batch.events) e.case_id = numbered(e.case_id);
      for (const auto& [draft, phone] : batch.reporters) UG_TRY(tx.cases().set_reporter(numbered(draft), "", phone));
      UG_TRY(tx.cases().append_events(batch.events));
      for (const auto& notice : batch.notices) UG_TRY(write_notice(tx, notice, numbered(notice.draft_case)));
      return evaluation_totals.add(tx, batch.totals);
    });
  };

  // A load that at least doubles the case table builds its secondary indexes once at the end
  // instead of row by row (IndexRepository); into a larger table, updating them costs less.
  UG_TRY_ASSIGN(auto stored, db_.read([](storage::Transaction& tx) { return tx.cases().count_by_state({}); }));
  std::int64_t existing = 0;
  for (const auto& s : stored) existing += s.count;
  if (request.cases > 0 && request.cases >= existing) {
    static const std::vector<std::string> kLoadedTables = {"cases", "case_events"};
    UG_TRY(db_.write([](storage::Transaction& tx) { return tx.indexes().defer(kLoadedTables); }));
  }
  const auto preparing_seconds = seconds_since(started);
  const auto loading = std::chrono::steady_clock::now();
  auto loaded = generate_and_write(reported_at.size(), static_cast<std::size_t>(request.batch), generate, write);
  const auto loading_seconds = seconds_since(loading);
  // Also after a failed load: what was written stays and must be indexed.
  const auto indexing = std::chrono::steady_clock::now();
  auto indexed = db_.write([](storage::Transaction& tx) { return tx.indexes().restore_deferred(); });
  if (!loaded) return tl::unexpected(loaded.error());
  if (!indexed) return tl::unexpected(indexed.error());
  loaded->preparing_seconds = preparing_seconds;
  loaded->loading_seconds = loading_seconds;
  loaded->indexing_seconds = indexed->empty() ? 0.0 : seconds_since(indexing);
  return loaded;
}

}  // namespace ug::service
