// `urbangrid evaluate`: a period's evaluation from the command line, as CSV, JSON or an .xlsx
// workbook, written by the same exporters as the HTTP routes (the machine's administrator sees
// everything).
#pragma once

#include <string>

#include "app/config.hpp"

namespace ug::app {

struct EvaluateArgs {
  std::string kind;  // region | department | supervisor | operator | shift_leader | dispatcher | all (xlsx)
  std::string from, to, at;
  std::string level = "district";
  std::string format = "csv";
  std::string out;           // "" writes to standard output
  bool recompute = false;    // rebuild the running totals first
  bool from_events = false;  // fold the events, not the totals
};
int evaluate_command(const LoadedConfig& loaded, const EvaluateArgs& args);

}  // namespace ug::app
