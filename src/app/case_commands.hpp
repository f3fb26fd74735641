// `urbangrid cases …`: maintenance of the case rows from the command line. The events are the
// source of truth; `cases rebuild` proves the rows are their projection (and repairs them).
#pragma once

#include <cstdint>
#include <string>

#include "app/config.hpp"

namespace ug::app {

// Folds every case's events again and compares with its row and stored deadlines; prints each
// difference. Exit 0 when there is none, 1 otherwise (after writing the rebuilt rows with `repair`).
int cases_rebuild_command(const LoadedConfig& loaded, bool repair);

struct SimulateArgs {
  std::int64_t cases = 1000;
  std::string from, to;  // YYYY-MM-DD, local dates, both included
  std::uint64_t seed = 1;
};
// `urbangrid demo simulate`: writes a realistic case history into the demo city (history_simulator)
// and prints how many cases and events, per state and channel, and the rate.
int demo_simulate_command(const LoadedConfig& loaded, const SimulateArgs& args);

}  // namespace ug::app
