// `urbangrid cases …`: maintenance of the case rows from the command line. The events are the
// source of truth; `cases rebuild` proves the rows are their projection (and repairs them).
#pragma once

#include "app/config.hpp"

namespace ug::app {

// Folds every case's events again and compares with its row and stored deadlines; prints each
// difference. Exit 0 when there is none, 1 otherwise (after writing the rebuilt rows with `repair`).
int cases_rebuild_command(const LoadedConfig& loaded, bool repair);

}  // namespace ug::app
