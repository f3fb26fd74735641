// Builds the message of an InvariantViolation so call sites stay one line.
#include "core/invariant.hpp"

namespace ug {

void invariant_failed(const char* expression, const char* file, int line, const std::string& why) {
  throw InvariantViolation(std::string("invariant violated: ") + expression + " (" + why + ") at " + file + ":" +
                           std::to_string(line));
}

}  // namespace ug
