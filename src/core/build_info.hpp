// What this binary is: version and commit, baked in at configure time.
#pragma once

#include <string_view>

namespace ug {

struct BuildInfo {
  std::string_view version;     // semantic version of the project
  std::string_view commit;      // `git describe` at configure time, or "unknown"
  std::string_view build_type;  // CMAKE_BUILD_TYPE
  std::string_view compiler;
};

const BuildInfo& build_info();

}  // namespace ug
