// RoutingService: rules and units from storage, place from the grid snapshot, decision from catalog.
#include "service/routing_service.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "service/audit_log.hpp"

#include <algorithm>

namespace ug::service {
const std::vector<std::string>& org_unit_kinds() {
  static const std::vector<std::string> kinds = {"supervision_centre", "command_centre", "department", "street_office",
                                                 "other"};
  return kinds;
}

namespace {

catalog::ResponsibilityRule from_record(const storage::RuleRecord& r) {
  return {r.id,
          r.matter_code,
          r.major_code,
          r.area_prefix,
          r.urgency.empty() ? std::nullopt : catalog::parse_urgency(r.urgency),
          r.department_id,
          {r.limit_value, calendar::parse_unit(r.limit_unit).value_or(calendar::Unit::working_hours)}};
}

}  // namespace

Result<RoutingSuggestion> RoutingService::suggest(const access::Principal& caller, const std::string& matter_code,
                                                  geo::LonLat point, catalog::Urgency urgency) {
  if (const auto place = grids_.locate(point); place && !access::sees_region(caller, place->code)) {
    return fail(ErrorCode::not_found, {});
  }
  return db_.read([&](storage::Transaction& tx) { return suggest(tx, matter_code, point, urgency); });
}

Result<RoutingSuggestion> RoutingService::suggest(storage::Transaction& tx, const std::string& matter_code,
                                                  std::optional<geo::LonLat> point, catalog::Urgency urgency) {
  UG_TRY_ASSIGN(const auto category, tx.categories().find("matter", matter_code));
  if (!category.has_value() || !category->enabled) {
    return fail(invalid("category", "routing.unknown_matter").with("code", matter_code));
  }
  UG_TRY_ASSIGN(const auto current, table(tx));
  return suggest_from(*current, matter_code, point, urgency);
}

Result<RoutingSuggestion> RoutingService::suggest_at(storage::Transaction& tx, const std::string& matter_code,
                                                     std::optional<GridPlace> place, catalog::Urgency urgency) const {
  UG_TRY_ASSIGN(const auto current, table(tx));
  return suggest_from(*current, matter_code, std::move(place), urgency);
}

Result<std::shared_ptr<const RoutingTable>> RoutingService::table(storage::Transaction& tx) const {
  const auto now = std::chrono::steady_clock::now();
  std::uint64_t generation = 0;
  {
    std::lock_guard lock(cache_mutex_);
    if (cached_.table && now - cached_.checked < kRecheck) return cached_.table;
    generation = cached_.generation;
  }
  UG_TRY_ASSIGN(const auto marker, tx.rules().change_marker());
  {
    std::lock_guard lock(cache_mutex_);
    if (cached_.table && cached_.marker == marker && cached_.generation == generation) {
      cached_.checked = now;
      return cached_.table;
    }
  }
  UG_TRY_ASSIGN(auto loaded, load_table(tx));
  auto shared = std::make_shared<const RoutingTable>(std::move(loaded));
  std::lock_guard lock(cache_mutex_);
  if (cached_.generation == generation) cached_ = {shared, marker, now, generation};
  return shared;
}

void RoutingService::forget_table() const {
  std::lock_guard lock(cache_mutex_);
  cached_.table.reset();
  ++cached_.generation;
}

Result<RoutingTable> RoutingService::load_table(storage::Transaction& tx) const {
  UG_TRY_ASSIGN(auto records, tx.rules().all());
  UG_TRY_ASSIGN(auto units, tx.org_units().all());
  RoutingTable table;
  table.rules.reserve(records.size());
  for (const auto& r : records) table.rules.push_back(from_record(r));
  table.units = std::move(units);
  return table;
}

RoutingSuggestion RoutingService::suggest_from(const RoutingTable& table, const std::string& matter_code,
                                               std::optional<geo::LonLat> point, catalog::Urgency urgency) const {
  return suggest_from(table, matter_code, point ? grids_.locate(*point) : std::nullopt, urgency);
}

RoutingSuggestion RoutingService::suggest_from(const RoutingTable& table, const std::string& matter_code,
                                               std::optional<GridPlace> place, catalog::Urgency urgency) const {
  RoutingSuggestion suggestion;
  suggestion.place = std::move(place);
  const std::string place_code = suggestion.place ? suggestion.place->code : "";
  std::string street_office;
  if (!place_code.empty()) {
    for (const auto& u : table.units) {
      if (u.kind == "street_office" && u.active && u.street_code == place_code.substr(0, 9)) street_office = u.id;
    }
  }
  suggestion.decision =
      catalog::decide_routing(table.rules, {matter_code, place_code, urgency}, street_office, fallback_limit_);
  for (const auto& u : table.units) {
    if (u.id == suggestion.decision.department_id) suggestion.department = OrgUnitRef{u.id, u.name, u.kind};
  }
  return suggestion;
}

Result<void> RoutingService::save_org_unit(const access::Principal& caller, const storage::OrgUnitRecord& unit) {
  UG_TRY(access::require(caller, access::Permission::manage_rules));
  if (unit.id.empty() || unit.name.empty()) {
    return fail(invalid("id", "routing.unit_id_name_required"));
  }
  if (std::find(org_unit_kinds().begin(), org_unit_kinds().end(), unit.kind) == org_unit_kinds().end()) {
    return fail(invalid("kind", "routing.unit_kind_invalid").with("kind", unit.kind));
  }
  if (unit.kind == "street_office" && unit.street_code.size() != 9) {
    return fail(invalid("street_code", "routing.street_office_code"));
  }
  auto saved = db_.write([&](storage::Transaction& tx) -> Result<void> {
    UG_TRY(tx.org_units().upsert(unit));
    return append_audit(tx, caller, "org_unit.save", unit.id, "ok",
                        boost::json::serialize(boost::json::object{{"kind", unit.kind}, {"active", unit.active}}));
  });
  forget_table();
  return saved;
}

Result<std::int64_t> RoutingService::add_rule(const access::Principal& caller,
                                              const catalog::ResponsibilityRule& rule) {
  UG_TRY(access::require(caller, access::Permission::manage_rules));
  UG_TRY(catalog::validate_rule(rule));
  auto added = db_.write([&](storage::Transaction& tx) -> Result<std::int64_t> {
    UG_TRY_ASSIGN(auto units, tx.org_units().all());
    if (std::none_of(units.begin(), units.end(), [&](const auto& u) { return u.id == rule.department_id; })) {
      return fail(invalid("department_id", "routing.no_such_unit").with("department_id", rule.department_id));
    }
    auto id =
        tx.rules().insert({0, rule.matter_code, rule.major_code, rule.area_prefix,
                           rule.urgency ? std::string(catalog::to_string(*rule.urgency)) : std::string(),
                           rule.department_id, rule.limit.value, std::string(calendar::to_string(rule.limit.unit))});
    if (!id) return id;
    UG_TRY(append_audit(tx, caller, "rule.add", std::to_string(*id), "ok",
                        boost::json::serialize(boost::json::object{{"department", rule.department_id},
                                                                   {"area_prefix", rule.area_prefix}})));
    return id;
  });
  forget_table();
  return added;
}

Result<void> RoutingService::remove_rule(const access::Principal& caller, std::int64_t id) {
  UG_TRY(access::require(caller, access::Permission::manage_rules));
  auto removed = db_.write([&](storage::Transaction& tx) -> Result<void> {
    UG_TRY_ASSIGN(const auto found, tx.rules().remove(id));
    if (!found) return fail(Error(ErrorCode::not_found, "routing.no_such_rule").with("id", id));
    return append_audit(tx, caller, "rule.remove", std::to_string(id), "ok", "{}");
  });
  forget_table();
  return removed;
}

Result<std::vector<catalog::ResponsibilityRule>> RoutingService::rules() {
  UG_TRY_ASSIGN(auto records, db_.read([](storage::Transaction& tx) { return tx.rules().all(); }));
  std::vector<catalog::ResponsibilityRule> out;
  for (const auto& r : records) out.push_back(from_record(r));
  return out;
}

Result<std::vector<storage::OrgUnitRecord>> RoutingService::org_units(bool include_inactive) {
  UG_TRY_ASSIGN(auto units, db_.read([](storage::Transaction& tx) { return tx.org_units().all(); }));
  if (!include_inactive) std::erase_if(units, [](const storage::OrgUnitRecord& u) { return !u.active; });
  return units;
}

}  // namespace ug::service
