#include "errors.h"

#include <string_view>

namespace dchat::cli {

ExitCode ExitCodeFor(Code code) {
  switch (code) {
    case Code::kOk:
      return ExitCode::kOk;
    case Code::kUnauthenticated:
      return ExitCode::kNotAuthenticated;
    case Code::kPermissionDenied:
      return ExitCode::kPermissionDenied;
    case Code::kNotFound:
      return ExitCode::kNotFound;
    case Code::kUnavailable:
    case Code::kDeadlineExceeded:
      return ExitCode::kUnavailable;
    default:
      return ExitCode::kFailure;
  }
}

std::string DescribeStatus(const Status& status) {
  const std::string& message = status.message();
  if (message.empty()) return std::string(CodeName(status.code()));

  // gRPC reports a refused connection as "failed to connect to all
  // addresses; last error: UNKNOWN: ipv4:127.0.0.1:8080: Failed to connect
  // to remote host: Connection refused"; only the last cause helps.
  constexpr std::string_view kConnectFailure = "failed to connect to all addresses";
  if (status.code() == Code::kUnavailable && message.starts_with(kConnectFailure)) {
    size_t cause = message.rfind(": ");
    if (cause == std::string::npos) return "connection failed";
    return "connection failed (" + message.substr(cause + 2) + ")";
  }

  // The error must stay on one line.
  std::string line = message;
  for (char& c : line) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return line;
}

}  // namespace dchat::cli
