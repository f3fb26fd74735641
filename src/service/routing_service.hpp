// Routing as a use case: which department a case at a place should go to, by the responsibility
// matrix (or the street office of the place), and the maintenance of units and rules.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "access/principal.hpp"
#include "catalog/routing.hpp"
#include "geo/geometry.hpp"
#include "service/grid_service.hpp"
#include "storage/database.hpp"

namespace ug::service {

// The kinds an org unit may be: supervision_centre, command_centre, department, street_office, other.
const std::vector<std::string>& org_unit_kinds();

struct OrgUnitRef {
  std::string id;
  std::string name;
  std::string kind;
};

struct RoutingSuggestion {
  catalog::RoutingDecision decision;
  std::optional<GridPlace> place;        // the unit grid at the point, if any
  std::optional<OrgUnitRef> department;  // the unit named by the decision
};

// The rules and units a routing decision reads, loaded once for many decisions (bulk work).
struct RoutingTable {
  std::vector<catalog::ResponsibilityRule> rules;
  std::vector<storage::OrgUnitRecord> units;
};

class RoutingService {
 public:
  RoutingService(storage::Database& db, GridService& grids, calendar::TimeLimit fallback_limit)
      : db_(db), grids_(grids), fallback_limit_(fallback_limit) {}

  // 422 for a category that is not an enabled matter category of the directory.
  // not_found when the point's grid lies outside the caller's scope.
  Result<RoutingSuggestion> suggest(const access::Principal& caller, const std::string& matter_code, geo::LonLat point,
                                    catalog::Urgency urgency);
  // The rules and units, read through `tx`.
  Result<RoutingTable> load_table(storage::Transaction& tx) const;
  // The same, kept in memory: reloaded when the routing change marker moved, which is read at most
  // once per kRecheck, so a change made by another process applies within it; a change made
  // through this service drops the copy at once.
  Result<std::shared_ptr<const RoutingTable>> table(storage::Transaction& tx) const;
  static constexpr std::chrono::milliseconds kRecheck{1000};
  // The decision under a loaded table; the category is not checked (the caller picked a known one).
  RoutingSuggestion suggest_from(const RoutingTable& table, const std::string& matter_code,
                                 std::optional<geo::LonLat> point, catalog::Urgency urgency) const;
  RoutingSuggestion suggest_from(const RoutingTable& table, const std::string& matter_code,
                                 std::optional<GridPlace> place, catalog::Urgency urgency) const;
  // Inside a transaction the caller holds, without a scope check (a case's own place).
  Result<RoutingSuggestion> suggest(storage::Transaction& tx, const std::string& matter_code,
                                    std::optional<geo::LonLat> point, catalog::Urgency urgency);
  // For a category the caller has checked and a place it has located (intake).
  Result<RoutingSuggestion> suggest_at(storage::Transaction& tx, const std::string& matter_code,
                                       std::optional<GridPlace> place, catalog::Urgency urgency) const;

  // Changes need rules.manage and are audited.
  Result<void> save_org_unit(const access::Principal& caller, const storage::OrgUnitRecord& unit);
  // Validates the rule and that its department exists; returns the new rule's id.
  Result<std::int64_t> add_rule(const access::Principal& caller, const catalog::ResponsibilityRule& rule);
  // not_found when no rule has that id. Cases already dispatched keep their department and limit.
  Result<void> remove_rule(const access::Principal& caller, std::int64_t id);
  Result<std::vector<catalog::ResponsibilityRule>> rules();
  // The organisation units by id; without `include_inactive`, what a dispatcher may pick.
  Result<std::vector<storage::OrgUnitRecord>> org_units(bool include_inactive = false);

 private:
  void forget_table() const;

  storage::Database& db_;
  GridService& grids_;
  calendar::TimeLimit fallback_limit_;
  struct Cached {
    std::shared_ptr<const RoutingTable> table;
    std::int64_t marker = -1;
    std::chrono::steady_clock::time_point checked;
    std::uint64_t generation = 0;  // raised by forget_table: a load begun before it is not kept
  };
  mutable std::mutex cache_mutex_;
  mutable Cached cached_;
};

}  // namespace ug::service
