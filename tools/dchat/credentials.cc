#include "credentials.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <system_error>

#include <nlohmann/json.hpp>

#include "errors.h"
#include "output.h"

namespace dchat::cli {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void ThrowFileError(const std::string& action, const fs::path& path,
                                 const std::string& cause) {
  throw CommandError(ExitCode::kFailure, "cannot " + action + " credentials file '" +
                                             path.string() + "': " + cause +
                                             "; check the folder's permissions");
}

// Creates the credentials folder, when missing, readable by its owner
// only. An existing folder keeps the permissions its owner gave it.
void CreateCredentialsFolder(const fs::path& folder) {
  std::error_code error;
  fs::create_directories(folder.parent_path(), error);
  if (error) ThrowFileError("create the folder of the", folder, error.message());
  if (::mkdir(folder.c_str(), 0700) != 0 && errno != EEXIST) {
    ThrowFileError("create the folder of the", folder, std::strerror(errno));
  }
}

void WriteAll(int fd, const std::string& text, const fs::path& path) {
  size_t written = 0;
  while (written < text.size()) {
    ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) ThrowFileError("write", path, std::strerror(errno));
    written += static_cast<size_t>(n);
  }
}

nlohmann::json ToJson(const Credentials& credentials) {
  return {
      {"gateway", credentials.gateway},
      {"username", credentials.username},
      {"user_id", credentials.user_id},
      {"token", credentials.token},
      {"expires_at", FormatRfc3339(credentials.expires_at_us)},
  };
}

Credentials FromJson(const nlohmann::json& document, const fs::path& path) {
  Credentials credentials;
  credentials.gateway = document.value("gateway", "");
  credentials.username = document.value("username", "");
  credentials.user_id = document.value("user_id", "");
  credentials.token = document.value("token", "");
  std::optional<int64_t> expires_at = ParseRfc3339(document.value("expires_at", ""));
  if (credentials.token.empty() || !expires_at) {
    throw CommandError(ExitCode::kNotAuthenticated,
                       "invalid credentials file '" + path.string() +
                           "': token or expires_at missing; run 'dchat login USERNAME' again");
  }
  credentials.expires_at_us = *expires_at;
  return credentials;
}

}  // namespace

bool IsValidProfileName(const std::string& profile) {
  if (profile.empty() || profile.size() > 64 || profile[0] == '.') return false;
  for (char c : profile) {
    bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   c == '.' || c == '_' || c == '-';
    if (!allowed) return false;
  }
  return true;
}

fs::path CredentialsPath(const std::string& profile) {
  // The XDG base directory specification ignores relative paths.
  fs::path config;
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  const char* home = std::getenv("HOME");
  if (xdg != nullptr && fs::path(xdg).is_absolute()) {
    config = xdg;
  } else if (home != nullptr && *home != '\0') {
    config = fs::path(home) / ".config";
  } else {
    throw CommandError(ExitCode::kFailure,
                       "cannot locate the credentials folder: neither XDG_CONFIG_HOME nor HOME "
                       "is set; set one of them");
  }
  return config / "dchat" / ("credentials-" + profile + ".json");
}

std::optional<Credentials> LoadCredentials(const fs::path& path, const Output& output) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    if (errno == ENOENT) return std::nullopt;
    ThrowFileError("read", path, std::strerror(errno));
  }
  if ((info.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    output.Warn("credentials file '" + path.string() +
                "' is accessible by other users; run 'chmod 600 " + path.string() + "'");
  }

  std::ifstream in(path);
  if (!in) ThrowFileError("read", path, std::strerror(errno));
  nlohmann::json document = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (!document.is_object()) {
    throw CommandError(ExitCode::kNotAuthenticated,
                       "invalid credentials file '" + path.string() +
                           "': not a JSON object; run 'dchat login USERNAME' again");
  }
  return FromJson(document, path);
}

void SaveCredentials(const fs::path& path, const Credentials& credentials) {
  CreateCredentialsFolder(path.parent_path());

  // mkstemp creates the file with O_EXCL and mode 0600, so the token is
  // never readable by others. The rename then replaces any old file in one
  // step.
  std::string temp_path = path.string() + ".XXXXXX";
  int fd = ::mkstemp(temp_path.data());
  if (fd < 0) ThrowFileError("create", path, std::strerror(errno));
  try {
    if (::fchmod(fd, 0600) != 0) ThrowFileError("protect", path, std::strerror(errno));
    WriteAll(fd, ToJson(credentials).dump(2) + "\n", path);
    if (::fsync(fd) != 0) ThrowFileError("write", path, std::strerror(errno));
  } catch (...) {
    ::close(fd);
    ::unlink(temp_path.c_str());
    throw;
  }
  ::close(fd);

  if (::rename(temp_path.c_str(), path.c_str()) != 0) {
    int error = errno;
    ::unlink(temp_path.c_str());
    ThrowFileError("replace", path, std::strerror(error));
  }
}

bool DeleteCredentials(const fs::path& path) {
  std::error_code error;
  bool removed = fs::remove(path, error);
  if (error) ThrowFileError("delete", path, error.message());
  return removed;
}

}  // namespace dchat::cli
