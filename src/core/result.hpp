// Result<T>: a value or an Error (tl::expected). Expected failures travel as values; exceptions are
// kept for bugs and infrastructure faults, caught once at the top of each front end.
#pragma once

#include <tl/expected.hpp>

#include "core/error.hpp"

namespace ug {

template <typename T>
using Result = tl::expected<T, Error>;

// `return fail(ErrorCode::not_found, "…");` from any function returning Result<T>.
inline tl::unexpected<Error> fail(ErrorCode code, std::string message, std::string internal = {}) {
  return tl::unexpected<Error>(Error(code, std::move(message), std::move(internal)));
}
inline tl::unexpected<Error> fail(Error error) { return tl::unexpected<Error>(std::move(error)); }

// Propagates the error of a Result<T> expression, like `?` in other languages.
#define UG_TRY(expr)                                                                 \
  do {                                                                               \
    auto ug_try_result_ = (expr);                                                    \
    if (!ug_try_result_) return ::tl::unexpected(std::move(ug_try_result_).error()); \
  } while (false)

}  // namespace ug
