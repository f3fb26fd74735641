// Builds the vocabulary once from the declarations in workflow, catalog and access.
#include "service/vocabulary.hpp"

#include "access/permissions.hpp"
#include "catalog/routing.hpp"
#include "workflow/workflow.hpp"

namespace ug::service {
namespace {

std::optional<std::string_view> stage_code(workflow::Stage stage) {
  if (stage == workflow::Stage::none) return std::nullopt;
  return workflow::to_string(stage);
}

Vocabulary build() {
  Vocabulary v;
  for (const auto& s : workflow::states())
    v.states.push_back({.words = {s.code, s.zh, s.en},
                        .stage = stage_code(s.stage),
                        .listed_under = stage_code(s.listed_under),
                        .open = s.open});
  for (const auto& s : workflow::stages()) v.stages.push_back({s.code, s.zh, s.en});
  for (const auto& c : workflow::channel_infos())
    v.channels.push_back({.words = {c.id, c.zh, c.en}, .is_public = c.is_public});
  for (const auto& u : catalog::urgencies()) v.urgencies.push_back({u.code, u.zh, u.en});
  for (const auto& r : access::roles()) v.roles.push_back({r.code, r.zh, r.en});
  return v;
}

}  // namespace

const Vocabulary& vocabulary() {
  static const Vocabulary words = build();
  return words;
}

}  // namespace ug::service
