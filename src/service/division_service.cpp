// DivisionService::import.
#include "service/division_service.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "service/audit_log.hpp"

namespace ug::service {

Result<DivisionImportReport> DivisionService::import(const access::Principal& caller,
                                                     const catalog::DivisionFiles& files, std::string_view within) {
  UG_TRY(access::require(caller, access::Permission::manage_grids));
  UG_TRY_ASSIGN(auto plan, catalog::plan_division_import(files, within));
  DivisionImportReport report;
  report.plan = std::move(plan);
  UG_TRY_ASSIGN(report.grid_links, db_.write([&](storage::Transaction& tx) -> Result<std::int64_t> {
    for (const auto& d : report.plan.divisions) {
      UG_TRY(tx.divisions().upsert({d.code, d.name, std::string(catalog::to_string(d.level)), d.parent_code, false}));
      ++report.imported_by_level[static_cast<std::size_t>(d.level)];
    }
    UG_TRY(append_audit(tx, caller, "division.import", std::string(within), "ok",
                        boost::json::serialize(boost::json::object{{"divisions", report.plan.divisions.size()}})));
    return tx.grids().link_divisions();
  }));
  return report;
}

}  // namespace ug::service
