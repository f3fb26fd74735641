// Reading cases: one case, queues and counts within the caller's scope, duplicates, ledgers and
// what the public sees.
#include "service/case_service.hpp"

#include <algorithm>

#include "core/text.hpp"
#include "service/audit_log.hpp"
#include "service/case_parts.hpp"
#include "workflow/supervision.hpp"

namespace ug::service {
namespace {

// A search text that looks like a number or code is first looked up as one (indexed equalities:
// case number, tracking code, phone …); only when that finds nothing is it searched as words (a scan
// of the description and address), so "G104" still finds a road number written in an address.
template <class Read, class Empty>
auto as_code_then_words(storage::CaseQuery& query, Read read, Empty empty) -> decltype(read()) {
  query.scope.text_as_code = storage::is_search_code(query.filter.text);
  auto found = read();
  if (!query.scope.text_as_code || !found || !empty(*found)) return found;
  query.scope.text_as_code = false;
  return read();
}

}  // namespace

Result<CaseView> CaseService::get(const access::Principal& caller, const std::string& id) {
  const auto now_ms = settings_.clock();
  return db_.read([&](storage::Transaction& tx) -> Result<CaseView> {
    UG_TRY_ASSIGN(auto found, tx.cases().find(id));
    if (!found || !visible(caller, found->projection)) return fail(ErrorCode::not_found, {});
    UG_TRY_ASSIGN(auto events, tx.cases().events(id));
    UG_TRY_ASSIGN(auto contact, tx.cases().reporter(id));
    UG_TRY_ASSIGN(auto merged, tx.cases().merged_count(id));
    UG_TRY_ASSIGN(auto notices, tx.processes().count_by_case(workflow::supervision::process, {id}));
    auto view = view_of(caller, std::move(*found), now_ms);
    view.events = std::move(events);
    view.supervision_notices = notices[id];
    if (contact) view.reporter = access::contact_for(caller, {contact->first, contact->second});
    view.merged_reports = merged;
    UG_TRY(fill_attachments(tx, view));
    const auto& p = view.row.projection;
    if (p.state == State::pending_dispatch && !p.category_code.empty() &&
        access::can(caller, access::Permission::case_dispatch)) {
      auto routing = routing_.suggest(tx, p.category_code, point_of(p),
                                      catalog::parse_urgency(p.urgency).value_or(catalog::Urgency::normal));
      if (routing) view.routing = std::move(*routing);
    }
    return view;
  });
}

Result<std::vector<workflow::CaseEvent>> CaseService::events(const access::Principal& caller, const std::string& id) {
  return db_.read([&](storage::Transaction& tx) -> Result<std::vector<workflow::CaseEvent>> {
    UG_TRY_ASSIGN(auto found, tx.cases().find(id));
    if (!found || !visible(caller, found->projection)) return fail(ErrorCode::not_found, {});
    return tx.cases().events(id);
  });
}

Result<std::vector<CaseView>> CaseService::list(const access::Principal& caller, storage::CaseFilter filter) {
  auto query = scoped(caller, std::move(filter));
  UG_TRY(audit_contact_search(caller, query));
  return db_.read([&](storage::Transaction& tx) -> Result<std::vector<CaseView>> {
    UG_TRY_ASSIGN(auto rows, as_code_then_words(
                                 query, [&] { return tx.cases().list(query); },
                                 [](const std::vector<storage::CaseRow>& r) { return r.empty(); }));
    std::vector<std::string> ids;
    for (const auto& row : rows) ids.push_back(row.projection.id);
    UG_TRY_ASSIGN(auto notices, tx.processes().count_by_case(workflow::supervision::process, ids));
    std::vector<CaseView> out;
    out.reserve(rows.size());
    for (auto& row : rows) {
      UG_TRY_ASSIGN(auto contact, tx.cases().reporter(row.projection.id));
      const auto notice_count = notices.find(row.projection.id);
      const bool in_scope = visible(caller, row.projection);
      out.push_back(view_of(caller, std::move(row), query.scope.now_ms));
      if (!in_scope) {  // one's own report elsewhere: its status only
        out.back().allowed_actions.clear();
        out.back().action_fields.clear();
      }
      if (contact) out.back().reporter = access::contact_for(caller, {contact->first, contact->second});
      if (notice_count != notices.end()) out.back().supervision_notices = notice_count->second;
    }
    return out;
  });
}

Result<void> CaseService::audit_contact_search(const access::Principal& caller, const storage::CaseQuery& query) {
  if (!query.scope.text_in_contacts) return {};
  const auto digits = storage::phone_search_digits(query.filter.text);
  if (digits.empty()) return {};
  // Looking a person up by their number is recorded: who searched which number (as the log shows
  // numbers, masked), and when.
  const auto shown = digits.size() == 4 ? "****" + digits : access::mask_phone(digits);
  return db_.write(
      [&](storage::Transaction& tx) { return append_audit(tx, caller, "case.search_phone", shown, "ok", "{}"); });
}

Result<std::vector<storage::StateCount>> CaseService::counts(const access::Principal& caller,
                                                             storage::CaseFilter filter) {
  auto query = scoped(caller, std::move(filter));
  return db_.read([&](storage::Transaction& tx) {
    return as_code_then_words(
        query, [&] { return tx.cases().count_by_state(query); },
        [](const std::vector<storage::StateCount>& c) { return c.empty(); });
  });
}

Result<std::vector<storage::GroupCount>> CaseService::counts_by(const access::Principal& caller,
                                                                storage::CaseFilter filter, storage::CaseGroup group) {
  auto query = scoped(caller, std::move(filter));
  return db_.read([&](storage::Transaction& tx) {
    return as_code_then_words(
        query, [&] { return tx.cases().count_by(query, group, settings_.utc_offset_minutes); },
        [](const std::vector<storage::GroupCount>& c) { return c.empty(); });
  });
}

Result<std::vector<DuplicateCandidate>> CaseService::duplicates(const access::Principal& caller, geo::LonLat point,
                                                                const std::string& category) {
  if (!category.empty() && !is_digits(category, 5)) return fail(invalid("category", "case.category_code_format"));
  return db_.read([&](storage::Transaction& tx) { return duplicates_in(tx, caller, point, category); });
}

Result<std::vector<DuplicateCandidate>> CaseService::duplicates_in(storage::Transaction& tx,
                                                                   const access::Principal& caller, geo::LonLat point,
                                                                   const std::string& category) const {
  double radius = settings_.duplicate_radius_m;
  if (const auto r = settings_.duplicate_radius_by_category.find(category);
      r != settings_.duplicate_radius_by_category.end()) {
    radius = r->second;
  }
  const auto box = geo::box_around(point, radius);
  if (!box) return fail(invalid_point());
  const auto since = settings_.clock() - std::int64_t{settings_.duplicate_window_hours} * 3'600'000;
  // Every grid a point of the box can lie in, and "" for cases reported outside all grids.
  std::vector<std::string> grid_codes = {""};
  if (const auto snapshot = grids_.snapshot()) {
    for (const auto i : snapshot->index().meeting(*box)) grid_codes.push_back(snapshot->index().grids()[i].code);
  }
  UG_TRY_ASSIGN(auto rows,
                tx.cases().open_in_box(box->min.x, box->min.y, box->max.x, box->max.y, grid_codes, since, category));
  std::vector<DuplicateCandidate> out;
  for (const auto& row : rows) {
    const auto& p = row.projection;
    if (!visible(caller, p)) continue;
    const double d = geo::distance_metres(point, geo::to_degrees({*p.lon_nano, *p.lat_nano}));
    if (d > radius) continue;
    out.push_back(
        {p.id, std::string(workflow::to_string(p.state)), p.category_code, p.description, d, p.created_at_ms});
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.distance_m != b.distance_m ? a.distance_m < b.distance_m : a.id > b.id;
  });
  return out;
}

Result<Ledger> CaseService::ledger(const access::Principal& caller, Action action, std::optional<std::int64_t> from_ms,
                                   std::optional<std::int64_t> to_ms, int limit) {
  UG_TRY(access::require(caller, access::Permission::view_case));
  const auto scope = scoped(caller, {});
  const auto now_ms = scope.scope.now_ms;
  constexpr std::int64_t kDefaultDays = 30;
  UG_TRY_ASSIGN(auto entries, db_.read([&](storage::Transaction& tx) {
    return tx.cases().ledger_events(action, from_ms.value_or(now_ms - kDefaultDays * 86'400'000),
                                    to_ms.value_or(now_ms + 1), scope, limit);
  }));
  return Ledger{std::move(entries)};
}

Result<PublicCaseView> CaseService::public_view(const std::string& tracking_code) {
  return db_.read([&](storage::Transaction& tx) -> Result<PublicCaseView> {
    UG_TRY_ASSIGN(auto found, tx.cases().find_by_tracking_code(tracking_code));
    if (!found) return fail(ErrorCode::not_found, "case.tracking_code_unknown");
    UG_TRY_ASSIGN(auto events, tx.cases().events(found->projection.id));
    auto view = public_view_of(found->projection, events);
    UG_TRY_ASSIGN(auto photos, tx.attachments().of_case(found->projection.id));
    for (const auto& a : photos) view.attachments.emplace_back(a.id, a.role);
    return view;
  });
}

Result<PublicCaseView> CaseService::report_status(const access::Principal& caller, const std::string& id) {
  return db_.read([&](storage::Transaction& tx) -> Result<PublicCaseView> {
    UG_TRY_ASSIGN(auto found, tx.cases().find(id));
    if (!found || !(visible(caller, found->projection) || reported_by(caller, found->projection))) {
      return fail(ErrorCode::not_found, {});
    }
    UG_TRY_ASSIGN(auto events, tx.cases().events(id));
    auto view = public_view_of(found->projection, events);
    view.can_rate = false;              // rating is the tracking page's, by its code
    if (!view.tracking_code.empty()) {  // the public copies are reached through the tracking code
      UG_TRY_ASSIGN(auto photos, tx.attachments().of_case(id));
      for (const auto& a : photos) view.attachments.emplace_back(a.id, a.role);
    }
    return view;
  });
}

Result<std::string> CaseService::id_by_tracking_code(const std::string& tracking_code) {
  UG_TRY_ASSIGN(auto found,
                db_.read([&](storage::Transaction& tx) { return tx.cases().find_by_tracking_code(tracking_code); }));
  if (!found) return fail(ErrorCode::not_found, "case.tracking_code_unknown");
  return found->projection.id;
}

Result<bool> CaseService::can_see(const access::Principal& caller, const std::string& id) {
  UG_TRY_ASSIGN(auto found, db_.read([&](storage::Transaction& tx) { return tx.cases().find(id); }));
  return found && visible(caller, found->projection);
}

Result<void> CaseService::fill_attachments(storage::Transaction& tx, CaseView& view) const {
  UG_TRY_ASSIGN(auto photos, tx.attachments().of_case(view.row.projection.id));
  view.attachments = std::move(photos);
  return {};
}

PublicCaseView CaseService::public_view_of(const workflow::CaseProjection& p,
                                           const std::vector<workflow::CaseEvent>& events) {
  PublicCaseView view;
  view.tracking_code = p.tracking_code;
  view.state = std::string(workflow::to_string(p.state));
  view.category_code = p.category_code;
  view.created_at_ms = p.created_at_ms;
  view.updated_at_ms = p.updated_at_ms;
  view.satisfaction = p.satisfaction;
  for (const auto& e : events) {
    if (e.from != std::optional<State>(e.to) || e.action == Action::callback) {
      view.steps.emplace_back(workflow::to_string(e.action), e.at_ms);
    }
  }
  // The table decides, as for a callback by staff: closed, a public channel, not yet rated.
  const auto allowed =
      workflow::allowed_actions({p.state, p.channel, p.pending, !p.satisfaction.empty()}, public_reporter({}));
  view.can_rate = std::find(allowed.begin(), allowed.end(), Action::callback) != allowed.end();
  return view;
}

}  // namespace ug::service
