// The loop's words as the domain declares them (workflow states and stages, channels, catalog
// urgencies, access roles), gathered in one place so the HTTP layer can publish them to the web UI
// without reaching into the domain modules itself. The UI names things with these and keeps no copy.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace ug::service {

struct Term {
  std::string_view code;
  std::string_view zh;
  std::string_view en;
};

struct StateTerm {
  Term words;
  std::optional<std::string_view> stage;         // the timed stage; none when paused or ended
  std::optional<std::string_view> listed_under;  // the queue stage it shows under; none when not open
  bool open = false;
};

struct ChannelTerm {
  Term words;
  bool is_public = false;
};

struct Vocabulary {
  std::vector<StateTerm> states;
  std::vector<Term> stages;  // in loop order
  std::vector<ChannelTerm> channels;
  std::vector<Term> urgencies;
  std::vector<Term> roles;
};

const Vocabulary& vocabulary();

}  // namespace ug::service
