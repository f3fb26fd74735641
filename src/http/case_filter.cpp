// Reading the queue's filters from a query string (see case_filter.hpp).
#include "http/case_filter.hpp"

#include "core/text.hpp"
#include "http/query_params.hpp"
#include "service/evaluation_service.hpp"

namespace ug::http {

Result<storage::CaseFilter> case_filter(const Request& request, int utc_offset_minutes) {
  storage::CaseFilter q;
  q.states = list_query_param(request, "state");
  for (const auto& s : q.states) {
    if (!workflow::parse_state(s)) {
      return fail(invalid("state", "case_api.unknown_state").with("value", s));
    }
  }
  q.stages = list_query_param(request, "stage");
  q.channels = list_query_param(request, "channel");
  q.categories = list_query_param(request, "category");
  for (const auto& c : q.categories) {
    if (!is_digits(c, 5) && !is_digits(c, 2)) {
      return fail(invalid("category", "case_api.category_filter_invalid"));
    }
  }
  q.departments = list_query_param(request, "department");
  q.urgencies = list_query_param(request, "urgency");
  for (const auto& u : q.urgencies) {
    UG_TRY(catalog::urgency_named(u));
  }
  q.regions = list_query_param(request, "region");
  if (const auto light = request.query_param("light"); light && !light->empty()) {
    if (*light != "green" && *light != "yellow" && *light != "red") {
      return fail(invalid("light", "case_api.light_invalid"));
    }
    q.light = *light;
  }
  for (const auto& [name, target] : std::initializer_list<std::pair<const char*, bool*>>{
           {"overdue", &q.overdue}, {"supervised", &q.supervised}, {"unplaced", &q.unplaced}}) {
    UG_TRY_ASSIGN(auto v, boolean_query_param(request, name, false));
    *target = v;
  }
  // "any" (open and closed alike) and "all" (every case in scope) say what leaving them out says:
  // the queue page's own links use them, and a saved view keeps those links.
  if (request.query_param("open") != "any") {
    UG_TRY_ASSIGN(auto open, optional_boolean_query_param(request, "open"));
    q.open = open;
  }
  if (const auto queue = request.query_param("queue"); queue && !queue->empty() && *queue != "all") {
    if (*queue != "mine") {
      return fail(invalid("queue", "case_api.queue_invalid"));
    }
    q.queue = true;
  }
  // An instant, or a local date: from its start (…_from) or to its end (…_to), so "created_from=
  // created_to=2026-11-24" is that whole day wherever the browser is.
  for (const auto& [name, target, end] :
       {std::tuple{"created_from", &q.created_from_ms, false}, std::tuple{"created_to", &q.created_to_ms, true},
        std::tuple{"updated_from", &q.updated_from_ms, false}, std::tuple{"updated_to", &q.updated_to_ms, true}}) {
    const auto text = request.query_param(name).value_or("");
    if (text.empty()) continue;
    auto at = service::period_bound(text, utc_offset_minutes, end);
    if (!at) return tl::unexpected(std::move(at.error().with("field", std::string(name))));
    *target = *at;
  }
  q.text = request.query_param("q").value_or("");
  if (q.text.size() > 200) {
    return fail(invalid("q", "case_api.text_query_too_long"));
  }
  const auto sort = request.query_param("sort").value_or("number");
  if (sort == "number") {
    q.sort = storage::CaseSort::number;
  } else if (sort == "updated") {
    q.sort = storage::CaseSort::updated;
  } else if (sort == "due") {
    q.sort = storage::CaseSort::due;
  } else {
    return fail(invalid("sort", "case_api.sort_invalid"));
  }
  UG_TRY_ASSIGN(auto limit, integer_query_param(request, "limit", 1, kMaxCasePageSize, 50));
  q.limit = static_cast<int>(limit);
  if (const auto cursor = request.query_param("cursor"); cursor && !cursor->empty()) {
    const auto tilde = cursor->find('~');
    const auto value = tilde == std::string::npos ? std::nullopt : parse_int64(cursor->substr(0, tilde));
    const auto id = tilde == std::string::npos ? std::string() : cursor->substr(tilde + 1);
    if (!value || !is_digits(id)) {
      return fail(invalid("cursor", "case_api.cursor_invalid"));
    }
    q.after = std::pair{*value, id};
  }
  return q;
}

Result<storage::CaseFilter> case_filter_of_query(std::string_view query, int utc_offset_minutes) {
  Request request;
  request.query = std::string(query);
  request.target = "/?" + request.query;
  return case_filter(request, utc_offset_minutes);
}

}  // namespace ug::http
