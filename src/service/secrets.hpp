// Secrets through libsodium: random session and API token values, their hashes at rest (BLAKE2b),
// argon2id password hashes, and constant-time comparison. Nothing here logs or keeps a secret.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace ug::service {

struct PasswordCost {
  unsigned long long iterations = 2;   // argon2id t
  std::size_t memory_kib = 19 * 1024;  // argon2id m (OWASP's minimum for argon2id: 19 MiB, t = 2)
};

// 32 random bytes as URL-safe base64 (43 characters), after `prefix`.
std::string random_secret(std::string_view prefix = {});
// The alphabet of codes people read out on the phone: no look-alikes (no 0/O, 1/I/L).
inline constexpr std::string_view kCodeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
// `length` characters drawn uniformly from kCodeAlphabet, such as a case's tracking code.
std::string random_code(std::size_t length);
// Hex BLAKE2b-256 of a secret: what is stored and looked up instead of the secret.
std::string secret_hash(std::string_view secret);
bool equal_in_constant_time(std::string_view a, std::string_view b);

Result<std::string> hash_password(std::string_view password, PasswordCost cost);
// True when `password` matches. For an unknown account, verify against a real dummy hash of the same
// cost so that both answers take the same work.
bool verify_password(std::string_view hash, std::string_view password);

}  // namespace ug::service
