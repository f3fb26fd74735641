// The evaluation routes (issue 7): figures, scores and ranks per kind as JSON, CSV or .xlsx; the
// cases behind one figure; the indicator catalogue; the composite's weights and bands.
#pragma once

#include "http/router.hpp"
#include "service/evaluation_service.hpp"

namespace ug::http {

void add_evaluation_routes(Router& router, service::EvaluationService& evaluations, int utc_offset_minutes);

}  // namespace ug::http
