// Rebuilding the rows of every process on the engine from their events (the case loop has its own,
// CaseService::rebuild): `urbangrid cases rebuild` runs both and fails on any difference.
#pragma once

#include "service/case_service.hpp"
#include "storage/database.hpp"

namespace ug::service {

// Folds every item's events again and compares with its row; an item with events and no row is a
// difference too. With `repair`, writes the folded rows. `report.cases` counts the items checked.
Result<RebuildReport> rebuild_processes(storage::Database& db, bool repair);

}  // namespace ug::service
