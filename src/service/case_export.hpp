// A queue view taken away (issue 22 §5): the cases a filter finds, in the caller's scope, as CSV
// or .xlsx with the columns the queue page shows and their headers in the caller's language.
// Reporter contacts are masked exactly as the queue and the case page mask them for that caller
// (the same CaseView), and every export is written to the audit log with its filters and rows.
#pragma once

#include <mutex>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/message.hpp"
#include "service/case_service.hpp"
#include "service/routing_service.hpp"

namespace ug::service {

struct ExportColumn {
  std::string_view code;
  std::string_view zh;
  std::string_view en;
  bool time = false;  // a local date and time: a date cell in .xlsx
};

// Every column an export may take, in the queue page's order.
std::span<const ExportColumn> case_export_columns();
// The queue table's own columns: what an export takes when it names none.
std::vector<std::string> default_case_export_columns();

enum class ExportFormat { csv, xlsx };

struct CaseExportRequest {
  ExportFormat format = ExportFormat::csv;
  std::vector<std::string> columns;  // codes of case_export_columns(), in the order wanted
  Language language = Language::zh_cn;
  int utc_offset_minutes = 480;
  std::string filters;  // the query as asked, for the audit entry
};

struct ExportFile {
  std::string bytes;
  std::int64_t rows = 0;
};

class CaseExport {
 public:
  // An export stops short of this many cases: the caller is asked to narrow the filter.
  static constexpr std::int64_t kMaxRows = 50'000;

  CaseExport(storage::Database& db, CaseService& cases, RoutingService& routing)
      : db_(db), cases_(cases), routing_(routing) {}

  // At most this many exports run at once, and one per user: each holds a worker and its rows in
  // memory (50,000 rows of xlsx take about 2 s and some 100 MB), and the queues must stay quick.
  static constexpr int kMaxRunning = 2;

  // validation_failed for an unknown column, or (with `limit` and the cases found as `rows`, told
  // from a count before any row is read) when the filter finds more than kMaxRows cases;
  // rate_limited (with `retry_after`) while the caller's other export or kMaxRunning ones run.
  Result<ExportFile> run(const access::Principal& caller, storage::CaseFilter filter, const CaseExportRequest& request);

 private:
  std::mutex running_mutex_;
  std::set<std::int64_t> running_;  // the callers (user, or token) whose export is under way
  storage::Database& db_;
  CaseService& cases_;
  RoutingService& routing_;
};

}  // namespace ug::service
