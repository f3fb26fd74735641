// Keeping case rows true to their events: deadlines recomputed under a changed calendar, rows
// rebuilt from their events.
#include "service/case_service.hpp"

#include "service/case_parts.hpp"

namespace ug::service {
namespace {

std::string describe_difference(const workflow::CaseProjection& stored, const workflow::CaseProjection& folded) {
  std::vector<std::string> fields;
  const auto check = [&](bool same, std::string_view name) {
    if (!same) fields.emplace_back(name);
  };
  check(stored.version == folded.version, "version");
  check(stored.state == folded.state, "state");
  check(stored.channel == folded.channel, "channel");
  check(stored.category_code == folded.category_code, "category");
  check(stored.urgency == folded.urgency, "urgency");
  check(stored.department_id == folded.department_id, "department");
  check(stored.pending == folded.pending, "pending");
  check(stored.rework_count == folded.rework_count && stored.reopen_count == folded.reopen_count &&
            stored.return_count == folded.return_count && stored.dispatch_count == folded.dispatch_count,
        "counts");
  check(stored.stage_clock == folded.stage_clock, "stage_clock");
  check(stored.handling_clock == folded.handling_clock, "handling_clock");
  check(stored.created_at_ms == folded.created_at_ms && stored.updated_at_ms == folded.updated_at_ms &&
            stored.closed_at_ms == folded.closed_at_ms,
        "times");
  if (fields.empty()) fields.emplace_back("other fields");
  std::string out;
  for (const auto& f : fields) out += (out.empty() ? "" : ", ") + f;
  return out;
}

}  // namespace

Result<std::int64_t> CaseService::recompute_open_schedules() {
  UG_TRY_ASSIGN(auto ids, db_.read([](storage::Transaction& tx) { return tx.cases().open_ids(); }));
  std::int64_t changed = 0;
  constexpr std::size_t kBatch = 500;
  for (std::size_t i = 0; i < ids.size(); i += kBatch) {
    UG_TRY_ASSIGN(auto batch, db_.write([&](storage::Transaction& tx) -> Result<std::int64_t> {
      std::int64_t n = 0;
      for (std::size_t j = i; j < std::min(ids.size(), i + kBatch); ++j) {
        UG_TRY_ASSIGN(auto row, tx.cases().find(ids[j]));
        if (!row) continue;
        UG_TRY_ASSIGN(auto schedule,
                      workflow::schedule_of(row->projection, *calendar_.current(), calendar_.thresholds()));
        if (schedule == row->schedule) continue;
        UG_TRY(tx.cases().update_schedule(ids[j], schedule));
        ++n;
      }
      return n;
    }));
    changed += batch;
  }
  return changed;
}

Result<RebuildReport> CaseService::rebuild(bool repair) {
  RebuildReport report;
  std::string after;
  constexpr int kBatch = 500;
  while (true) {
    struct Checked {
      std::vector<std::string> ids;
      std::vector<storage::CaseRow> fixes;
    };
    UG_TRY_ASSIGN(auto checked, db_.read([&](storage::Transaction& tx) -> Result<Checked> {
      Checked out;
      UG_TRY_ASSIGN(auto ids, tx.cases().ids_after(after, kBatch));
      out.ids = std::move(ids);
      for (const auto& id : out.ids) {
        UG_TRY_ASSIGN(auto stored, tx.cases().find(id));
        UG_TRY_ASSIGN(auto events, tx.cases().events(id));
        auto folded = workflow::project(events);
        if (!folded) {
          report.differences.push_back(id + ": " + folded.error().public_message());
          continue;
        }
        UG_TRY_ASSIGN(auto row, finish_row(*folded));
        if (!stored || !(*stored == row)) {
          report.differences.push_back(id + ": " +
                                       (!stored ? std::string("row missing")
                                                : (stored->projection == row.projection
                                                       ? std::string("schedule")
                                                       : describe_difference(stored->projection, row.projection))));
          if (stored) out.fixes.push_back(std::move(row));
        }
      }
      return out;
    }));
    report.cases += static_cast<std::int64_t>(checked.ids.size());
    if (repair && !checked.fixes.empty()) {
      UG_TRY_ASSIGN(auto written, db_.write([&](storage::Transaction& tx) -> Result<std::int64_t> {
        std::int64_t n = 0;
        for (const auto& fix : checked.fixes) {
          UG_TRY_ASSIGN(auto current, tx.cases().find(fix.projection.id));
          if (!current) continue;
          UG_TRY_ASSIGN(auto ok, tx.cases().update(fix, current->projection.version));
          n += ok ? 1 : 0;
        }
        return n;
      }));
      report.repaired += written;
    }
    if (checked.ids.size() < static_cast<std::size_t>(kBatch)) break;
    after = checked.ids.back();
  }
  return report;
}

}  // namespace ug::service
