// The storage interface the service layer sees: transactions over repositories, plus the
// operations a deployment needs (health, migrations, online backup, restore). Only src/app picks
// a concrete backend (SQLite or PostgreSQL); everything else holds a Database&.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <type_traits>
#include <vector>

#include "core/result.hpp"
#include "storage/account_repositories.hpp"
#include "storage/attachment_repository.hpp"
#include "storage/case_repositories.hpp"
#include "storage/gazetteer_repository.hpp"
#include "storage/process_repository.hpp"
#include "storage/repositories.hpp"
#include "storage/sql.hpp"
#include "storage/webhook_repository.hpp"

namespace ug::storage {

// The repositories of one transaction. Valid only inside the callback that received it.
class Transaction {
 public:
  virtual ~Transaction() = default;
  virtual IdempotencyRepository& idempotency() = 0;
  virtual InstanceRepository& instance() = 0;
  virtual DivisionRepository& divisions() = 0;
  virtual GridRepository& grids() = 0;
  virtual CategoryRepository& categories() = 0;
  virtual OrgUnitRepository& org_units() = 0;
  virtual RuleRepository& rules() = 0;
  virtual ResponsibilityGridRepository& responsibility_grids() = 0;
  virtual ComponentRepository& components() = 0;
  virtual CalendarRepository& calendar() = 0;
  virtual UserRepository& users() = 0;
  virtual SessionRepository& sessions() = 0;
  virtual TokenRepository& tokens() = 0;
  virtual LoginFailureRepository& login_failures() = 0;
  virtual AuditRepository& audit() = 0;
  virtual SavedViewRepository& saved_views() = 0;
  virtual CaseRepository& cases() = 0;
  virtual AttachmentRepository& attachments() = 0;
  virtual WebhookRepository& webhooks() = 0;
  virtual ProcessRepository& processes() = 0;
  virtual GazetteerRepository& gazetteer() = 0;
  virtual IndexRepository& indexes() = 0;
  virtual EvaluationSettingsRepository& evaluation_settings() = 0;
  virtual EvaluationTotalsRepository& evaluation_totals() = 0;
};

struct MigrationReport {
  int from_version = 0;
  int to_version = 0;
  std::vector<std::string> applied;  // "0001_foundation", …
};

enum class TransactionMode { read, write };

class Database {
 public:
  virtual ~Database() = default;

  virtual Backend backend() const = 0;
  // Where the data lives, safe to log (no password).
  virtual std::string describe() const = 0;

  // A round trip to the database (GET /healthz).
  virtual Result<void> ping() = 0;
  // The highest applied migration, 0 on an empty database.
  virtual Result<int> schema_version() = 0;
  // Applies pending migrations in one transaction; refuses a database newer than this binary or
  // one whose applied migrations were edited.
  virtual Result<MigrationReport> migrate() = 0;
  // A consistent copy taken while the server keeps serving.
  virtual Result<void> backup_to(const std::filesystem::path& out) = 0;
  // Replaces the content of this database by a backup made by backup_to. Nothing else may be
  // using the database meanwhile (stop the server first).
  virtual Result<void> restore_from(const std::filesystem::path& backup) = 0;

  // Runs `work` in a transaction and commits when it returns a value; an error or an exception
  // rolls everything back. Write transactions are serialised on SQLite.
  template <typename F>
  auto write(F&& work) {
    return run<F>(TransactionMode::write, std::forward<F>(work));
  }
  template <typename F>
  auto read(F&& work) {
    return run<F>(TransactionMode::read, std::forward<F>(work));
  }

 protected:
  virtual Result<void> run_transaction(TransactionMode mode, const std::function<Result<void>(Transaction&)>& work) = 0;

 private:
  template <typename F>
  auto run(TransactionMode mode, F&& work) -> std::invoke_result_t<F, Transaction&> {
    using R = std::invoke_result_t<F, Transaction&>;
    using T = typename R::value_type;
    if constexpr (std::is_void_v<T>) {
      return run_transaction(mode, [&](Transaction& tx) { return work(tx); });
    } else {
      std::optional<T> out;
      auto status = run_transaction(mode, [&](Transaction& tx) -> Result<void> {
        auto r = work(tx);
        if (!r) return tl::unexpected(std::move(r).error());
        out.emplace(std::move(*r));
        return {};
      });
      if (!status) return R(tl::unexpected(std::move(status).error()));
      return R(std::move(*out));
    }
  }
};

}  // namespace ug::storage
