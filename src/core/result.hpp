// Result<T>: a value or an Error (tl::expected). Expected failures travel as values; exceptions are
// kept for bugs and infrastructure faults, caught once at the top of each front end.
#pragma once

#include <tl/expected.hpp>

#include "core/error.hpp"

namespace ug {

template <typename T>
using Result = tl::expected<T, Error>;

// `return fail(ErrorCode::not_found, "case.not_found");` from any function returning Result<T>;
// the message is a key of core/message_table.inc.
inline tl::unexpected<Error> fail(ErrorCode code, MessageKey message = {}, std::string internal = {}) {
  return tl::unexpected<Error>(Error(code, message, std::move(internal)));
}
inline tl::unexpected<Error> fail(Error error) { return tl::unexpected<Error>(std::move(error)); }

// Propagates the error of a Result<T> expression, like `?` in other languages. Its temporary has
// a name of its own (__COUNTER__), so an expression holding a lambda that uses UG_TRY itself does
// not shadow it.
#define UG_TRY(expr) UG_TRY_IMPL_(UG_TRY_CONCAT_(ug_try_result_, __COUNTER__), expr)
#define UG_TRY_IMPL_(temporary, expr)                                      \
  do {                                                                     \
    auto temporary = (expr);                                               \
    if (!temporary) return ::tl::unexpected(std::move(temporary).error()); \
  } while (false)

// Binds the value of a Result<T> expression or propagates its error:
//   UG_TRY_ASSIGN(auto user, users.find(id));      // user is the T
//   UG_TRY_ASSIGN(existing, load(id));             // assigns to a declared variable
// In a function returning Result<U> (any U). One statement; it declares a hidden temporary, so it
// cannot be the body of an unbraced if.
#define UG_TRY_ASSIGN(lhs, expr) UG_TRY_ASSIGN_IMPL_(UG_TRY_CONCAT_(ug_try_value_, __COUNTER__), lhs, expr)
#define UG_TRY_CONCAT_(a, b) UG_TRY_CONCAT_IMPL_(a, b)
#define UG_TRY_CONCAT_IMPL_(a, b) a##b
#define UG_TRY_ASSIGN_IMPL_(temporary, lhs, expr)                        \
  auto temporary = (expr);                                               \
  if (!temporary) return ::tl::unexpected(std::move(temporary).error()); \
  lhs = std::move(*temporary)

}  // namespace ug
