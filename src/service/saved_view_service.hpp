// A user's saved views (issue 22 §4): named queue filters kept per user in the database, so the
// views a seat made on one desk open on any other. The query is the queue page's query string; the
// HTTP layer checks it reads as a queue filter before it reaches here.
#pragma once

#include <string>
#include <vector>

#include "access/principal.hpp"
#include "core/clock.hpp"
#include "storage/database.hpp"

namespace ug::service {

struct SavedViewLimits {
  static constexpr std::size_t name_bytes = 80;  // about 26 Chinese characters
  static constexpr std::size_t query_bytes = 2000;
  static constexpr std::size_t per_user = 30;
};

class SavedViewService {
 public:
  explicit SavedViewService(storage::Database& db, std::function<UnixMillis()> clock = now_unix_millis)
      : db_(db), clock_(std::move(clock)) {}

  // The caller's own views, oldest first. forbidden for callers that are no user (the command line).
  Result<std::vector<storage::SavedViewRecord>> views(const access::Principal& caller);
  // Saves (or replaces) the caller's view `name`; true when it is new. validation_failed for an
  // empty or overlong name or query, or a name with control characters; conflict beyond
  // SavedViewLimits::per_user views.
  Result<bool> save(const access::Principal& caller, const std::string& name, const std::string& query);
  // not_found when the caller has no view of that name.
  Result<void> remove(const access::Principal& caller, const std::string& name);

 private:
  storage::Database& db_;
  std::function<UnixMillis()> clock_;
};

}  // namespace ug::service
