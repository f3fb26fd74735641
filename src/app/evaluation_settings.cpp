// Reading the weights file with toml11 and assembling the evaluation settings.
#include "app/evaluation_settings.hpp"

#include "app/commands.hpp"

#include <toml.hpp>

namespace ug::app {

namespace ev = evaluation;

namespace {

// A TOML integer or float as a double (weights and scores may be written either way).
double number(const toml::value& value) {
  return value.is_integer() ? static_cast<double>(value.as_integer()) : toml::get<double>(value);
}

}  // namespace

Result<std::map<ev::Kind, ev::Weighting>> read_weights_file(const std::filesystem::path& path) {
  toml::value root;
  try {
    root = toml::parse(path.string());
  } catch (const std::exception& e) {
    return fail(Error(ErrorCode::validation_failed, "weights_file.unreadable")
                    .with("path", path.string())
                    .with("reason", std::string(e.what())));
  }
  // An error in the file, which the message names.
  const auto invalid_file = [&](MessageKey message) {
    return Error(ErrorCode::validation_failed, message).with("path", path.string());
  };
  std::map<ev::Kind, ev::Weighting> out;
  if (!root.is_table()) return fail(invalid_file("weights_file.not_table"));
  try {
    for (const auto& [name, table] : root.as_table()) {
      const auto kind = ev::parse_kind(name);
      if (!kind || !table.is_table()) return fail(invalid_file("weights_file.unknown_kind").with("kind", name));
      ev::Weighting w;
      for (const auto& [part, entries] : table.as_table()) {
        if (part != "weights" && part != "bands") {
          return fail(invalid_file("weights_file.bad_part").with("kind", name).with("part", part));
        }
        for (const auto& [id, value] : entries.as_table()) {
          if (part == "weights") {
            w.weights[id] = number(value);
            continue;
          }
          for (const auto& pair : value.as_array()) {
            const auto& items = pair.as_array();
            if (items.size() != 2) {
              return fail(invalid_file("weights_file.bad_band").with("kind", name).with("id", id));
            }
            w.bands[id].push_back({items[0].as_integer(), number(items[1])});
          }
        }
      }
      if (auto valid = ev::validate(*kind, w); !valid) {
        return fail(
            invalid_file("weights_file.invalid")
                .with_word("reason", valid.error().public_message(), valid.error().public_message(Language::en)));
      }
      out.emplace(*kind, std::move(w));
    }
  } catch (const std::exception& e) {
    return fail(invalid_file("weights_file.invalid").with("reason", std::string(e.what())));
  }
  return out;
}

Result<service::EvaluationSettings> evaluation_settings(const Config& config) {
  service::EvaluationSettings s;
  // The case service's own: the running totals it keeps must rest on the limits evaluation reads.
  s.limits = service::after_handling_limits(case_settings(config));
  if (!config.evaluation.weights_file.empty()) {
    UG_TRY_ASSIGN(s.weightings, read_weights_file(config.evaluation.weights_file));
  }
  return s;
}

}  // namespace ug::app
