#include "internal/crypto.h"

#include <sodium.h>

#include <algorithm>
#include <cstdlib>
#include <semaphore>
#include <string>
#include <thread>
#include <vector>

namespace dchat::internal {

static_assert(kPasswordOpsLimitInteractive ==
              crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE);
static_assert(kPasswordMemLimitInteractive ==
              crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE);
static_assert(kPasswordOpsLimitMin == crypto_pwhash_argon2id_OPSLIMIT_MIN);
static_assert(kPasswordMemLimitMin == crypto_pwhash_argon2id_MEMLIMIT_MIN);

namespace {

std::string ToHex(const unsigned char* data, size_t size) {
  std::string hex(size * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), data, size);
  hex.pop_back();  // sodium_bin2hex writes a terminating NUL
  return hex;
}

// Initializes libsodium or aborts. Used where no Status can be returned:
// without secure random bytes no token may be issued at all.
void InitCryptoOrDie() {
  if (!InitCrypto().ok()) std::abort();
}

// Argon2id allocates its whole memory limit (64 MiB by default) for each
// hash and each verification. More of them at once than there are cores
// gain no speed, so a process runs at most that many and the others wait:
// a burst of logins then takes cores x 64 MiB, not threads x 64 MiB.
class PasswordHashSlot {
 public:
  PasswordHashSlot() { Slots().acquire(); }
  ~PasswordHashSlot() { Slots().release(); }
  PasswordHashSlot(const PasswordHashSlot&) = delete;
  PasswordHashSlot& operator=(const PasswordHashSlot&) = delete;

 private:
  static constexpr std::ptrdiff_t kMaxSlots = 64;

  static std::counting_semaphore<kMaxSlots>& Slots() {
    static std::counting_semaphore<kMaxSlots> slots(
        std::clamp<std::ptrdiff_t>(std::thread::hardware_concurrency(), 2, kMaxSlots));
    return slots;
  }
};

}  // namespace

Status InitCrypto() {
  // sodium_init is thread-safe since libsodium 1.0.11 and returns 1 when
  // already done, so the static only saves the repeated call.
  static const int result = sodium_init();
  if (result < 0) {
    return InternalError(
        "libsodium failed to initialize: check that /dev/urandom or the "
        "getrandom system call is available");
  }
  return OkStatus();
}

Result<std::string> HashPassword(std::string_view password,
                                 uint64_t ops_limit, size_t mem_limit) {
  DCHAT_RETURN_IF_ERROR(InitCrypto());

  char hash[crypto_pwhash_STRBYTES];
  PasswordHashSlot slot;
  const int rc = crypto_pwhash_str_alg(
      hash, password.data(), password.size(), ops_limit, mem_limit,
      crypto_pwhash_ALG_ARGON2ID13);
  if (rc != 0) {
    return InternalError(
        "Argon2id password hashing failed with ops limit " +
        std::to_string(ops_limit) + " and memory limit " +
        std::to_string(mem_limit) +
        " bytes: the memory could not be allocated or a limit is out of "
        "range");
  }
  return std::string(hash);
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  if (!InitCrypto().ok()) return false;

  // libsodium reads the hash as a NUL-terminated string.
  if (hash.size() >= crypto_pwhash_STRBYTES) return false;
  const std::string terminated(hash);
  PasswordHashSlot slot;
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(),
                                  password.size()) == 0;
}

std::string RandomHex(size_t bytes) {
  InitCryptoOrDie();

  std::vector<unsigned char> buffer(bytes);
  randombytes_buf(buffer.data(), buffer.size());
  return ToHex(buffer.data(), buffer.size());
}

std::string Sha256Hex(std::string_view data) {
  InitCryptoOrDie();

  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()),
                     data.size());
  return ToHex(digest, sizeof(digest));
}

bool ConstantTimeEqual(std::string_view a, std::string_view b) {
  InitCryptoOrDie();

  // The lengths of tokens and hashes are public, so returning early on a
  // length mismatch leaks nothing secret.
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace dchat::internal
