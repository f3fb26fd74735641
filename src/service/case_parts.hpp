// What the case service's parts (case_service.cpp, case_intake.cpp, case_actions.cpp,
// case_queries.cpp, case_maintenance.cpp) share and nothing else includes.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "geo/geometry.hpp"
#include "workflow/case_record.hpp"

namespace ug::service {

// The words of the case table the parts use unqualified.
using workflow::Action;
using workflow::Field;
using workflow::State;
namespace payload = workflow::payload;

// A point outside the world's coordinates.
inline Error invalid_point() { return invalid("lon", "case.point_out_of_range"); }

// Attachment ids as the payload records them: "id,id,…".
inline void append_attachments(std::vector<std::pair<std::string, std::string>>& pl,
                               const std::vector<std::string>& ids) {
  if (ids.empty()) return;
  std::string joined;
  for (const auto& id : ids) joined += (joined.empty() ? "" : ",") + id;
  pl.emplace_back(workflow::payload::attachments, joined);
}

// The case's point, when it has one.
inline std::optional<geo::LonLat> point_of(const workflow::CaseProjection& p) {
  if (!p.located()) return std::nullopt;
  return geo::to_degrees({*p.lon_nano, *p.lat_nano});
}

}  // namespace ug::service
