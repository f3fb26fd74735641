// Rebuilding process rows from their events (see process_rebuild.hpp).
#include "service/process_rebuild.hpp"

#include "workflow/process.hpp"

namespace ug::service {

Result<RebuildReport> rebuild_processes(storage::Database& db, bool repair) {
  RebuildReport report;
  constexpr int kBatch = 500;
  for (const auto* process : workflow::processes()) {
    if (process == &workflow::case_process()) continue;  // its own tables, CaseService::rebuild
    std::string after;
    bool orphans_read = false;
    while (true) {
      std::vector<workflow::ProcessItem> fixes;
      UG_TRY_ASSIGN(auto ids, db.read([&](storage::Transaction& tx) -> Result<std::vector<std::string>> {
        auto& items = tx.processes();
        UG_TRY_ASSIGN(auto batch,
                      orphans_read ? items.ids_after(process->code, after, kBatch) : items.orphan_ids(process->code));
        for (const auto& id : batch) {
          UG_TRY_ASSIGN(auto stored, items.find(id));
          UG_TRY_ASSIGN(auto events, items.events(id));
          auto folded = workflow::fold(*process, events);
          if (!folded) {
            report.differences.push_back(id + ": " + folded.error().public_message());
            continue;
          }
          if (!stored || !(*stored == *folded)) {
            report.differences.push_back(id + (stored ? ": row differs from its events" : ": row missing"));
            fixes.push_back(std::move(*folded));
          }
        }
        return batch;
      }));
      if (repair && !fixes.empty()) {
        UG_TRY(db.write([&](storage::Transaction& tx) -> Result<void> {
          for (const auto& fix : fixes) UG_TRY(tx.processes().replace(fix));
          return {};
        }));
        report.repaired += static_cast<std::int64_t>(fixes.size());
      }
      if (!orphans_read) {
        report.cases += static_cast<std::int64_t>(ids.size());
        orphans_read = true;
        continue;
      }
      report.cases += static_cast<std::int64_t>(ids.size());
      if (ids.size() < static_cast<std::size_t>(kBatch)) break;
      after = ids.back();
    }
  }
  return report;
}

}  // namespace ug::service
