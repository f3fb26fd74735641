// Evaluations as people take them away: JSON for programs and the web UI, CSV for spreadsheets
// (UTF-8 with a byte-order mark so Excel reads the Chinese; header = indicator ids) and an .xlsx
// workbook (libxlsxwriter; Chinese headers, one sheet per kind and a sheet of definitions). The
// HTTP routes and `urbangrid evaluate` both write through here, so the two give the same bytes.
#pragma once

#include <span>
#include <string>

#include "core/result.hpp"
#include "service/evaluation_service.hpp"

namespace ug::service {

// A rate with an empty denominator is null; rates also carry numerator and denominator.
std::string evaluation_json(const Evaluation& evaluation);
// Every kind with its indicators (GET /api/v1/evaluations/indicators), described as in evaluation_json.
std::string indicator_catalogue_json();
std::string evaluation_csv(const Evaluation& evaluation);
// One sheet per evaluation (kind) and a sheet defining every indicator shown.
Result<std::string> evaluation_xlsx(std::span<const Evaluation> evaluations);

// The red and black lists of an evaluation: its best and worst `n` ranked units.
std::string red_black_json(const Evaluation& evaluation, std::size_t n);

std::string negative_list_json(const NegativeList& list);
std::string negative_list_csv(const NegativeList& list);

std::string analysis_json(const Analysis& analysis);

std::string drill_down_json(const DrillDown& drill);
std::string drill_down_csv(const DrillDown& drill);

}  // namespace ug::service
