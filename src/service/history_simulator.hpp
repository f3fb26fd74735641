// Realistic case history for demos, evaluation and benchmarks (`urbangrid demo simulate`): cases
// reported over a date range at the hours cities are busy, from the channel mix of a digital city
// management centre, in categories weighted like real workloads, each walked through the closed
// loop of DOMAIN.md §4 with the detours that make evaluation interesting — public reports found
// untrue, returns to the dispatcher, extensions, suspensions, rework, voided cases, 督办 notices on
// late ones (replied, or escalated when the reply is late), satisfaction callbacks — and departments of which some are
// habitually late. Every transition is checked by the workflow table and every row is the fold of its events, so
// `urbangrid cases rebuild` agrees with what is written. The same seed gives the same history.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "service/case_service.hpp"
#include "service/supervision_service.hpp"

namespace ug::service {

struct SimulationRequest {
  std::int64_t cases = 1000;
  std::int64_t from_ms = 0;  // reports fall in [from_ms, to_ms); actions after to_ms are not taken
  std::int64_t to_ms = 0;
  std::uint64_t seed = 1;
  int batch = 5000;  // cases per transaction
};

struct SimulationReport {
  std::int64_t cases = 0;
  std::int64_t events = 0;
  std::map<std::string, std::int64_t> by_state;
  std::map<std::string, std::int64_t> by_channel;
  double preparing_seconds = 0;  // the city, the report instants, the routing table
  double loading_seconds = 0;    // drawing and writing the cases and their events
  double indexing_seconds = 0;   // building the indexes set aside for the load (0 when none were)
};

class HistorySimulator {
 public:
  HistorySimulator(storage::Database& db, GridService& grids, RoutingService& routing, CalendarService& calendar,
                   CaseService& cases, SupervisionService& supervision)
      : db_(db), grids_(grids), routing_(routing), calendar_(calendar), cases_(cases), supervision_(supervision) {}

  // Needs the unit grids, categories and responsibility rules of a city (`urbangrid demo create`).
  Result<SimulationReport> run(const SimulationRequest& request);

 private:
  storage::Database& db_;
  GridService& grids_;
  RoutingService& routing_;
  CalendarService& calendar_;
  CaseService& cases_;
  SupervisionService& supervision_;
};

}  // namespace ug::service
