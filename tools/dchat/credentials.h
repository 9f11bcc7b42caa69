// The session a `dchat login` saved, one JSON file per profile:
// $XDG_CONFIG_HOME/dchat/credentials-<profile>.json, or
// ~/.config/dchat/credentials-<profile>.json without XDG_CONFIG_HOME.
//
// The file contains a bearer token, so it is created with mode 0600 in a
// folder of mode 0700 and replaced atomically. It is never readable by
// others, not even while it is being written.
#ifndef DCHAT_TOOLS_DCHAT_CREDENTIALS_H_
#define DCHAT_TOOLS_DCHAT_CREDENTIALS_H_

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "output.h"

namespace dchat::cli {

struct Credentials {
  // "host:port" of the gateway that issued the token.
  std::string gateway;
  std::string username;
  std::string user_id;
  std::string token;
  // Expiry of the token, microseconds since the Unix epoch; stored as an
  // RFC 3339 UTC time.
  int64_t expires_at_us = 0;
};

// True for a profile name usable in a file name: 1 to 64 letters, digits,
// '.', '_' or '-', not starting with '.'.
bool IsValidProfileName(const std::string& profile);

// Returns the credentials file of `profile`. Throws CommandError when
// neither XDG_CONFIG_HOME nor HOME is set.
std::filesystem::path CredentialsPath(const std::string& profile);

// Reads the file at `path`; nullopt when it does not exist. Throws
// CommandError when it cannot be read or parsed. Warns on stderr when the
// file is readable by others.
std::optional<Credentials> LoadCredentials(const std::filesystem::path& path,
                                           const Output& output);

// Writes `credentials` to `path` with mode 0600, through a temporary file in
// the same folder and a rename. Throws CommandError on failure.
void SaveCredentials(const std::filesystem::path& path, const Credentials& credentials);

// Deletes the file at `path`. Returns false when there was none; throws
// CommandError when it cannot be deleted.
bool DeleteCredentials(const std::filesystem::path& path);

}  // namespace dchat::cli

#endif  // DCHAT_TOOLS_DCHAT_CREDENTIALS_H_
