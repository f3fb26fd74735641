// UG_INVARIANT: checks what the code itself guarantees (never user input). A violation is a bug:
// it throws InvariantViolation, which the front end logs and answers as a 500 with a request id.
#pragma once

#include <stdexcept>
#include <string>

namespace ug {

class InvariantViolation : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

[[noreturn]] void invariant_failed(const char* expression, const char* file, int line, const std::string& why);

}  // namespace ug

#define UG_INVARIANT(cond, why)                                            \
  do {                                                                     \
    if (!(cond)) ::ug::invariant_failed(#cond, __FILE__, __LINE__, (why)); \
  } while (false)
