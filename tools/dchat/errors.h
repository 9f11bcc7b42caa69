// Exit codes of the dchat CLI and the error that carries one to main().
#ifndef DCHAT_TOOLS_DCHAT_ERRORS_H_
#define DCHAT_TOOLS_DCHAT_ERRORS_H_

#include <stdexcept>
#include <string>

#include "dchat/status.h"

namespace dchat::cli {

// The process exit codes, documented in `dchat --help` and docs/cli.md.
enum class ExitCode : int {
  kOk = 0,
  kFailure = 1,
  kUsage = 2,
  kNotAuthenticated = 3,
  kPermissionDenied = 4,
  kNotFound = 5,
  kUnavailable = 6,
};

// Returns the exit code for a call that failed with `code`.
ExitCode ExitCodeFor(Code code);

// A failed command. main() prints "dchat: <message>" on stderr and exits
// with code().
class CommandError : public std::runtime_error {
 public:
  CommandError(ExitCode code, const std::string& message)
      : std::runtime_error(message), code_(code) {}

  ExitCode code() const { return code_; }

 private:
  ExitCode code_;
};

// Returns the server's message of a failed call in a form fit for one
// line: gRPC's long connection errors shrink to their cause, and an empty
// message becomes the code's name.
std::string DescribeStatus(const Status& status);

}  // namespace dchat::cli

#endif  // DCHAT_TOOLS_DCHAT_ERRORS_H_
