// auth/password.hpp — argon2id password hashing (libsodium crypto_pwhash).
//
// The stored string is libsodium's self-describing "$argon2id$v=19$m=…" form,
// so parameters can be raised later and old hashes still verify.
#pragma once

#include <string>
#include <string_view>

#include "core/status.hpp"

namespace wcp::auth {

// Initialises libsodium; call once at start-up (idempotent, thread-safe).
Status InitCrypto();
// Argon2id with libsodium's INTERACTIVE limits (64 MiB, 2 passes).
Result<std::string> HashPassword(std::string_view password);
// Constant-time verification against a stored hash.
bool VerifyPassword(std::string_view stored_hash, std::string_view password);
// A random password of `length` characters from an unambiguous alphabet.
std::string GeneratePassword(size_t length = 20);

}  // namespace wcp::auth
