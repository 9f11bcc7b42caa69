// Password hashing, secure random tokens and digests, built on libsodium.
//
// Call InitCrypto once at start-up and stop when it fails. The other
// functions also initialize libsodium on first use, so tests may skip it.
// All functions are thread-safe.
#ifndef DCHAT_INTERNAL_CRYPTO_H_
#define DCHAT_INTERNAL_CRYPTO_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "dchat/status.h"

namespace dchat::internal {

// Argon2id cost parameters, equal to libsodium's crypto_pwhash_*
// constants for Argon2id (checked against them at compile time).
// INTERACTIVE is libsodium's recommendation for online logins: 2 passes
// over 64 MiB. MIN is fast and weak, for tests only.
inline constexpr uint64_t kPasswordOpsLimitInteractive = 2;
inline constexpr size_t kPasswordMemLimitInteractive = 64 * 1024 * 1024;
inline constexpr uint64_t kPasswordOpsLimitMin = 1;
inline constexpr size_t kPasswordMemLimitMin = 8 * 1024;

// Initializes libsodium. Safe to call many times from many threads.
// INTERNAL when libsodium cannot initialize, for example when no source of
// secure random bytes is available.
Status InitCrypto();

// Hashes a password with Argon2id and returns the hash in libsodium's
// string format ("$argon2id$v=19$m=...,t=...,p=1$salt$hash"), which embeds
// a random salt and the cost parameters. `mem_limit` is in bytes. INTERNAL
// when hashing fails, usually because the memory could not be allocated.
Result<std::string> HashPassword(
    std::string_view password,
    uint64_t ops_limit = kPasswordOpsLimitInteractive,
    size_t mem_limit = kPasswordMemLimitInteractive);

// Returns true when `password` matches a hash made by HashPassword, with
// whatever cost parameters the hash names. Returns false for a wrong
// password and for a malformed hash.
bool VerifyPassword(std::string_view hash, std::string_view password);

// Returns `bytes` random bytes from libsodium's secure generator as
// 2 * `bytes` lower-case hex digits, for example as a session token.
std::string RandomHex(size_t bytes);

// Returns the SHA-256 digest of `data` as 64 lower-case hex digits.
std::string Sha256Hex(std::string_view data);

// Compares two strings in a time that depends only on their lengths, so
// comparing a secret leaks nothing about where the first difference is.
bool ConstantTimeEqual(std::string_view a, std::string_view b);

}  // namespace dchat::internal

#endif  // DCHAT_INTERNAL_CRYPTO_H_
