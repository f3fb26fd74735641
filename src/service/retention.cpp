// RetentionService: two cut-offs from one clock reading, both erasures and their audit entry in
// one write transaction.
#include "service/retention.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "service/audit_log.hpp"

namespace ug::service {
namespace {

constexpr std::int64_t kDayMs = 86'400'000;

// The audit entries name this job as their actor.
access::Principal retention_job() {
  access::Principal p;
  p.username = "retention";
  return p;
}

}  // namespace

Result<RetentionRun> RetentionService::erase_expired() {
  const auto now = settings_.clock();
  RetentionRun run;
  UG_TRY(db_.write([&](storage::Transaction& tx) -> Result<void> {
    run = {};
    UG_TRY_ASSIGN(run.audit_entries_deleted, tx.audit().delete_before(now - settings_.audit_days * kDayMs));
    if (settings_.reporter_phone_days > 0) {
      UG_TRY_ASSIGN(run.reporter_phones_erased,
                    tx.cases().erase_reporter_phones(now - settings_.reporter_phone_days * kDayMs));
    }
    if (!run.erased_anything()) return {};
    return append_audit(
        tx, retention_job(), "retention.erase", "", "ok",
        boost::json::serialize(boost::json::object{{"audit_entries_deleted", run.audit_entries_deleted},
                                                   {"audit_days", settings_.audit_days},
                                                   {"reporter_phones_erased", run.reporter_phones_erased},
                                                   {"reporter_phone_days", settings_.reporter_phone_days}}));
  }));
  return run;
}

}  // namespace ug::service
