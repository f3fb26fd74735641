// A new case (DOMAIN.md §4): intake from every channel, written as the steps a report goes through.
#include "service/case_service.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/text.hpp"
#include "service/attachment_service.hpp"
#include "service/case_parts.hpp"
#include "service/secrets.hpp"
#include "service/webhook_service.hpp"

namespace ug::service {
namespace {

constexpr std::size_t kTrackingCodeLength = 10;

// Line breaks and ideographic spaces (U+3000) alone describe nothing either (issue 19).
bool blank(std::string_view text) {
  constexpr std::string_view ideographic_space = "\xE3\x80\x80";
  while (!text.empty()) {
    if (text.starts_with(ideographic_space)) {
      text.remove_prefix(ideographic_space.size());
    } else if (std::isspace(static_cast<unsigned char>(text.front())) != 0) {
      text.remove_prefix(1);
    } else {
      return false;
    }
  }
  return true;
}

// Step 1, before any transaction: the values, each failure naming its field. The description as
// it will be stored.
Result<std::string> checked_values(const IntakeRequest& request) {
  auto description = std::string(trim_blanks(request.description));
  if (blank(description)) return fail(invalid("description", "case.description_blank"));
  UG_TRY(check_text_size("description", description));
  UG_TRY(check_text_size("address", request.address, TextLimits::address));
  UG_TRY(check_text_size("reporter_name", request.reporter_name, TextLimits::name));
  UG_TRY(check_text_size("external_ref", request.external_ref, TextLimits::external_ref));
  UG_TRY(check_text_size("comment", request.comment));
  if (!request.reporter_phone.empty() &&
      (request.reporter_phone.size() > TextLimits::phone ||
       !std::all_of(request.reporter_phone.begin(), request.reporter_phone.end(),
                    [](char c) { return (c >= '0' && c <= '9') || c == '+' || c == '-' || c == ' '; }))) {
    return fail(invalid("reporter_phone", "case.reporter_phone_format"));
  }
  UG_TRY(catalog::urgency_named(request.urgency));
  if (!request.category.empty() && !is_digits(request.category, 5)) {
    return fail(invalid("category", "case.category_code_format"));
  }
  if (request.point && !geo::to_nano(*request.point)) return fail(invalid_point());
  return description;
}

// Step 2: the table's row for a report (or a self-handled one) from this channel with these fields.
Result<const workflow::Transition*> intake_row(const access::Principal& caller, const std::string& channel,
                                               const IntakeRequest& request, const CaseSettings& settings) {
  workflow::ActionInput present;
  if (!trim_blanks(request.comment).empty()) present.present.push_back(Field::comment);
  if (!request.attachments.empty()) present.present.push_back(Field::after_photos);
  return workflow::decide({std::nullopt, channel, 0}, request.self_handled ? Action::self_handle : Action::report,
                          caller, present, settings.extra_required);
}

// Step 3, in the transaction: a channel sends each of its own references once.
Result<void> refuse_resent(storage::Transaction& tx, const std::string& channel, const std::string& external_ref) {
  if (external_ref.empty()) return {};
  UG_TRY_ASSIGN(auto existing, tx.cases().id_by_external_ref(channel, external_ref));
  if (existing) return fail(Error(ErrorCode::conflict, "case.external_ref_reported").with("case", *existing));
  return {};
}

// Step 4: where it is — the point given, or the component's — and the grid there, located once.
struct Placement {
  std::optional<geo::LonLat> point;
  std::optional<GridPlace> place;
};
Result<Placement> placement_of(storage::Transaction& tx, const IntakeRequest& request, const GridService& grids) {
  Placement out{request.point, std::nullopt};
  if (!request.component_id.empty()) {
    UG_TRY_ASSIGN(auto component, tx.components().find(request.component_id));
    if (!component) {
      return fail(invalid("component_id", "case.component_unknown").with("component", request.component_id));
    }
    if (!out.point) out.point = geo::to_degrees({component->lon_nano, component->lat_nano});
  }
  if (!out.point && trim_blanks(request.address).empty()) return fail(invalid("lon", "case.location_required"));
  if (out.point) out.place = grids.locate(*out.point);
  return out;
}

// Step 5: 自处理 acts on the case: anyone may report anywhere, but handle only where they work.
Result<void> check_self_handling(const access::Principal& caller, const IntakeRequest& request,
                                 const Placement& placement) {
  if (!request.self_handled) return {};
  if (!access::sees_region(caller, placement.place ? placement.place->code : std::string())) {
    return fail(
        Error(ErrorCode::forbidden, "case.self_handle_out_of_scope").with("field", std::string("self_handled")));
  }
  return {};
}

// Step 6: a category given must be one in use (looked up once; routing later reads its cache).
Result<void> check_category(storage::Transaction& tx, const std::string& category) {
  if (category.empty()) return {};
  UG_TRY_ASSIGN(auto found, tx.categories().find("matter", category));
  if (!found || !found->enabled) {
    return fail(invalid("category", "case.category_unknown_or_disabled").with("category", category));
  }
  return {};
}

// Step 7: the day's next case number.
Result<std::string> next_case_number(storage::Transaction& tx, const std::string& day) {
  UG_TRY_ASSIGN(auto number, tx.cases().next_numbers(day));
  if (number > 999'999) return fail(ErrorCode::unavailable, "case.numbers_exhausted");
  return day + fmt::format("{:06}", number);
}

}  // namespace

// Step 8: the intake event, with what the report says and where it is.
workflow::CaseEvent CaseService::intake_event(const access::Principal& caller, const IntakeRequest& request,
                                              const workflow::Transition& row, std::string id,
                                              const std::string& description, const std::string& channel,
                                              std::int64_t at_ms, const std::optional<geo::LonLat>& point,
                                              const std::optional<GridPlace>& place) const {
  workflow::CaseEvent event;
  event.case_id = std::move(id);
  event.sequence = 1;
  event.action = row.action;
  event.actor = caller.username;
  if (caller.user_id != 0) event.actor_user_id = caller.user_id;
  event.role = access::acting_role(caller, row.permission);
  event.channel = channel;
  event.at_ms = at_ms;
  event.to = row.to;
  auto& pl = event.payload;
  pl.emplace_back(payload::description, description);
  if (!request.category.empty()) pl.emplace_back(payload::category, request.category);
  if (!request.component_id.empty()) pl.emplace_back(payload::component, request.component_id);
  pl.emplace_back(payload::urgency, request.urgency);
  if (point) append_place_payload(pl, *point, place);
  if (!request.address.empty()) pl.emplace_back(payload::address, std::string(trim_blanks(request.address)));
  if (!request.external_ref.empty()) pl.emplace_back(payload::external_ref, request.external_ref);
  if (workflow::is_public_channel(channel)) pl.emplace_back(payload::tracking_code, random_code(kTrackingCodeLength));
  if (!request.comment.empty()) pl.emplace_back(payload::comment, request.comment);
  append_attachments(pl, request.attachments);
  for (auto& kv : stage_payload(event.to, at_ms)) pl.push_back(std::move(kv));
  return event;
}

Result<CaseOutcome> CaseService::intake(const access::Principal& caller, const IntakeRequest& request,
                                        const IdempotentRequest* idempotency) {
  UG_TRY_ASSIGN(const auto description, checked_values(request));
  const std::string channel = channel_of(caller);
  UG_TRY_ASSIGN(const auto* row, intake_row(caller, channel, request, settings_));
  const auto now_ms = settings_.clock();
  return commit(idempotency, [&](storage::Transaction& tx) -> Result<CaseView> {
    UG_TRY(refuse_resent(tx, channel, request.external_ref));
    UG_TRY_ASSIGN(const auto placement, placement_of(tx, request, grids_));
    UG_TRY(check_self_handling(caller, request, placement));
    UG_TRY(check_category(tx, request.category));
    UG_TRY_ASSIGN(auto id, next_case_number(tx, local_day(now_ms, settings_.utc_offset_minutes)));
    auto event = intake_event(caller, request, *row, std::move(id), description, channel, now_ms, placement.point,
                              placement.place);

    // Step 9: the row, the event and what follows from them, in the same transaction.
    UG_TRY_ASSIGN(auto projection, workflow::apply_event(std::nullopt, event));
    UG_TRY_ASSIGN(auto case_row, finish_row(projection));
    auto& cases = tx.cases();
    UG_TRY(cases.insert(case_row));
    UG_TRY(cases.append_event(event));
    UG_TRY(totals_.record(tx, {}, std::span<const workflow::CaseEvent>(&event, 1)));
    UG_TRY(bind_attachments(tx, caller, request.attachments, event.case_id, workflow::photo_role(*row), event.sequence,
                            settings_.attachments_per_action));
    UG_TRY(WebhookService::enqueue_case_event(tx, case_row.projection, event, settings_.utc_offset_minutes));
    if (!request.reporter_name.empty() || !request.reporter_phone.empty()) {
      UG_TRY(cases.set_reporter(event.case_id, request.reporter_name, request.reporter_phone));
    }

    // Step 10: the answer — the case, the routing suggestion and nearby open cases.
    auto view = view_of(caller, std::move(case_row), now_ms);
    view.events = {event};
    UG_TRY(fill_attachments(tx, view));
    view.reporter = access::contact_for(caller, {request.reporter_name, request.reporter_phone});
    if (!request.category.empty()) {
      // The category was checked above; the table is the routing service's cached one.
      auto routing = routing_.suggest_at(tx, request.category, placement.place,
                                         catalog::parse_urgency(request.urgency).value_or(catalog::Urgency::normal));
      if (routing) view.routing = std::move(*routing);
    }
    // Duplicate suggestions, from what the caller may see, are part of the answer the key stores:
    // a replay answers exactly as the first time.
    if (placement.point) {
      UG_TRY_ASSIGN(auto found, duplicates_in(tx, caller, *placement.point, request.category));
      for (auto& d : found) {
        if (d.id != event.case_id) view.duplicates.push_back(std::move(d));
      }
    }
    return view;
  });
}

}  // namespace ug::service
