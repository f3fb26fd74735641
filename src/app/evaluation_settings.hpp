// The evaluation settings of a deployment: the check and close limits the overall deadline adds,
// and the composite's weights and bands read from `evaluation.weights_file`, each kind validated
// (weights summing to 100 …) before the server starts.
#pragma once

#include <filesystem>
#include <map>

#include "app/config.hpp"
#include "core/result.hpp"
#include "service/evaluation_service.hpp"

namespace ug::app {

// A weights file: [<kind>.weights] id = weight …, [<kind>.bands] id = [[at_least, score], …].
Result<std::map<evaluation::Kind, evaluation::Weighting>> read_weights_file(const std::filesystem::path& path);

Result<service::EvaluationSettings> evaluation_settings(const Config& config);

}  // namespace ug::app
