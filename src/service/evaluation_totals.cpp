// Keeping the running totals: per event, in bulk, and rebuilt from the events.
#include "service/evaluation_totals.hpp"

#include <fmt/format.h>

#include <chrono>
#include <limits>
#include <map>
#include <optional>

#include "core/text.hpp"
#include "evaluation/deltas.hpp"
#include "service/case_reports.hpp"

namespace ug::service {

namespace ev = evaluation;

namespace {

constexpr int kCasesPerRead = 2000;

// A fingerprint of fields, each ended by a separator so that "ab","c" ≠ "a","bc".
class Fingerprint {
 public:
  void add(std::string_view text) { hash_ = fnv1a("\xff", fnv1a(text, hash_)); }
  void add(std::int64_t n) { add(std::to_string(n)); }
  std::uint64_t value() const { return hash_; }

 private:
  std::uint64_t hash_ = kFnv1aBasis;
};

// What the totals keep: regions by district and street, every other scope, and of the unit grids
// only 漏报 (supervisors' figures need it by grid). Communities and unit grids have about one row
// per case and day, which would double what a load writes; their figures are folded.
bool kept(const ev::TallyDelta& d) {
  switch (d.scope) {
    case ev::Scope::community:
      return false;
    case ev::Scope::grid:
      return d.counter == ev::counter::missed_by_patrol;
    default:
      return true;
  }
}

void append_records(const std::vector<ev::TallyDelta>& deltas, std::vector<storage::EvaluationTotalRecord>& out) {
  for (const auto& d : deltas) {
    if (kept(d)) out.push_back({d.day, static_cast<std::int32_t>(d.scope), d.unit, d.counter, d.effective_day, d.n});
  }
}

}  // namespace

std::string EvaluationTotals::basis() {
  const auto calendar = calendar_.current();
  const std::lock_guard lock(basis_mutex_);
  if (calendar == basis_of_) return basis_;
  Fingerprint f;
  const auto& config = calendar->config();
  f.add(config.utc_offset_minutes);
  f.add(config.makeup_workday_uses);
  f.add(config.standard_day_minutes);
  for (const auto& day : config.periods) {
    for (const auto& p : day) f.add(std::int64_t{p.start_minute} * 10'000 + p.end_minute);
    f.add("/");
  }
  for (int year = 2000; year <= 2099; ++year) {
    const auto days = calendar->year_days(year);
    if (!days) continue;
    for (const auto& [date, status] : *days) {
      f.add(std::int64_t{status.workday} * 100'000 + std::int64_t{status.provisional} * 10'000 +
            status.working_minutes);
    }
  }
  for (const auto& limit : {limits_.check, limits_.close}) {
    f.add(limit.value);
    f.add(static_cast<std::int64_t>(limit.unit));
  }
  basis_of_ = calendar;
  basis_ = fmt::format("v1:{:016x}", f.value());
  return basis_;
}

Result<bool> EvaluationTotals::current(storage::Transaction& tx) {
  UG_TRY_ASSIGN(auto stored, tx.evaluation_totals().basis());
  return stored == basis();
}

Result<EvaluationTotals::Records> EvaluationTotals::deltas_of(
    std::span<const workflow::CaseEvent> events,
    const std::function<const ev::ReportOf*(const std::string&)>& report_of) {
  const auto calendar = calendar_.current();
  Records out;
  for (std::size_t first = 0; first < events.size();) {
    std::size_t last = first + 1;
    while (last < events.size() && events[last].case_id == events[first].case_id) ++last;
    UG_TRY_ASSIGN(auto deltas, ev::tally_deltas(events.subspan(first, last - first), *calendar, limits_, report_of));
    append_records(deltas, out);
    first = last;
  }
  storage::merge_totals(out);  // many cases share a day, unit and counter: added once
  return out;
}

Result<bool> EvaluationTotals::adding(storage::Transaction& tx) {
  UG_TRY_ASSIGN(auto stored, tx.evaluation_totals().basis_for_adding());
  if (stored.empty()) {  // a new database: the first event starts the totals
    UG_TRY(tx.evaluation_totals().set_basis(basis()));
    return true;
  }
  return stored == basis();  // otherwise stale until recomputed: nothing to keep up
}

Result<void> EvaluationTotals::record(storage::Transaction& tx, std::span<const workflow::CaseEvent> before,
                                      std::span<const workflow::CaseEvent> after) {
  UG_TRY_ASSIGN(const bool kept, adding(tx));
  if (!kept) return {};
  const auto calendar = calendar_.current();
  CaseReports reports(tx);
  const auto report_of = [&](const std::string& id) { return reports.find(id); };
  std::vector<ev::TallyDelta> old;
  if (!before.empty()) {
    UG_TRY_ASSIGN(old, ev::tally_deltas(before, *calendar, limits_, report_of));
  }
  UG_TRY_ASSIGN(auto now, ev::tally_deltas(after, *calendar, limits_, report_of));
  UG_TRY(reports.status());
  Records records;
  append_records(ev::difference(now, old), records);
  return tx.evaluation_totals().add(records);
}

Result<void> EvaluationTotals::add(storage::Transaction& tx, const Records& records) {
  UG_TRY_ASSIGN(const bool kept, adding(tx));
  if (!kept) return {};
  return tx.evaluation_totals().add(records);
}

Result<EvaluationTotals::Recomputed> EvaluationTotals::recompute(storage::Database& db) {
  const auto started = std::chrono::steady_clock::now();
  Recomputed out;
  UG_TRY(db.write([&](storage::Transaction& tx) -> Result<void> {
    // Taking the basis first waits for the transactions adding to the totals, and holds new ones off
    // until the rebuilt totals are committed: each event is counted once, by them or by it.
    UG_TRY(tx.evaluation_totals().set_basis("recomputing"));
    UG_TRY(tx.evaluation_totals().clear());
    std::string after;
    for (;;) {
      UG_TRY_ASSIGN(auto page, tx.cases().histories(after, std::numeric_limits<std::int64_t>::max(),
                                                    std::numeric_limits<std::int64_t>::min(), kCasesPerRead));
      if (page.empty()) break;
      CaseReports reports(tx);
      for (std::size_t i = 0; i < page.size(); ++i) {
        if (i == 0 || page[i].case_id != page[i - 1].case_id) reports.note(page[i]);
      }
      UG_TRY_ASSIGN(auto records, deltas_of(page, [&](const std::string& id) { return reports.find(id); }));
      UG_TRY(reports.status());
      UG_TRY(tx.evaluation_totals().add(records));
      std::int64_t cases = 1;
      for (std::size_t i = 1; i < page.size(); ++i) cases += page[i].case_id != page[i - 1].case_id;
      out.cases += cases;
      after = page.back().case_id;
      if (cases < kCasesPerRead) break;
    }
    UG_TRY(tx.evaluation_totals().set_basis(basis()));
    UG_TRY_ASSIGN(out.rows, tx.evaluation_totals().size());
    return {};
  }));
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return out;
}

bool EvaluationTotals::keeps(ev::RegionLevel level) {
  return level == ev::RegionLevel::district || level == ev::RegionLevel::street;
}

Result<ev::Counts> EvaluationTotals::counts(storage::Transaction& tx, std::span<const ev::Kind> kinds,
                                            ev::RegionLevel level, std::int32_t from_day, std::int32_t to_day,
                                            std::int32_t at_day) {
  // What each kind's figures are made of: its scope, and for supervisors the unit grids' 漏报.
  std::map<ev::Scope, std::optional<std::uint8_t>> reads = {{ev::Scope::overall, std::nullopt}};
  for (const auto kind : kinds) {
    switch (kind) {
      case ev::Kind::region:
        reads[ev::region_scope(level)] = std::nullopt;
        break;
      case ev::Kind::department:
        reads[ev::Scope::department] = std::nullopt;
        break;
      case ev::Kind::supervisor:
        reads[ev::Scope::supervisor] = std::nullopt;
        reads.emplace(ev::Scope::grid, ev::counter::missed_by_patrol);  // all of it when regions read grids
        break;
      case ev::Kind::operator_:
        reads[ev::Scope::operator_] = std::nullopt;
        break;
      case ev::Kind::shift_leader:
        reads[ev::Scope::shift_leader] = std::nullopt;
        break;
      case ev::Kind::dispatcher:
        reads[ev::Scope::dispatcher] = std::nullopt;
        break;
    }
  }
  ev::Counts out;
  for (const auto& [scope, only] : reads) {
    for (std::size_t counter = 0; counter < ev::counters_of(scope); ++counter) {
      if (only && counter != *only) continue;
      UG_TRY_ASSIGN(auto sums,
                    tx.evaluation_totals().sum(static_cast<std::int32_t>(scope), static_cast<std::int32_t>(counter),
                                               from_day, to_day, at_day));
      for (const auto& s : sums) out.add(scope, s.unit, static_cast<std::uint8_t>(counter), s.n);
    }
  }
  return out;
}

}  // namespace ug::service
