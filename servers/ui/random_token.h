// Random identifiers for UI sessions and CSRF tokens.
#ifndef DCHAT_SERVERS_UI_RANDOM_TOKEN_H_
#define DCHAT_SERVERS_UI_RANDOM_TOKEN_H_

#include <string>

#include "dchat/status.h"

namespace dchat::ui {

// Returns 256 bits from the kernel's cryptographic random source
// (getrandom), as 64 lower-case hex digits. INTERNAL when the source
// fails, which Linux does only before its pool is seeded at boot.
Result<std::string> RandomToken256();

}  // namespace dchat::ui

#endif  // DCHAT_SERVERS_UI_RANDOM_TOKEN_H_
