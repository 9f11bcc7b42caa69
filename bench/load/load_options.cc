#include "load/load_options.h"

#include <arpa/inet.h>

#include <charconv>
#include <cstdio>
#include <optional>
#include <random>

#include "load/message_stamp.h"

namespace dchat::load {
namespace {

// Upper bounds that keep a typo from exhausting the machine.
constexpr int kMaxClients = 100000;
constexpr int kMaxConcurrency = 100000;
constexpr int kMaxStreams = 1000000;
constexpr double kMaxRate = 1e6;
constexpr size_t kMaxMessageBytes = 1024 * 1024;

Status OutOfRange(const std::string& flag, const std::string& value, const std::string& rule) {
  return InvalidArgumentError(flag + " " + value + " is out of range: " + rule);
}

// The host part of "host:port", "[v6]:port", or a gRPC "ipv4:" or "ipv6:"
// URI; nullopt for unix sockets, which are always local.
std::optional<std::string> TargetHost(std::string target) {
  if (target.starts_with("unix:") || target.starts_with("unix-abstract:")) return std::nullopt;
  for (const char* scheme : {"dns:///", "ipv4:", "ipv6:"}) {
    if (target.starts_with(scheme)) target = target.substr(std::string_view(scheme).size());
  }
  if (target.starts_with("[")) {
    size_t close = target.find(']');
    return close == std::string::npos ? target : target.substr(1, close - 1);
  }
  size_t colon = target.rfind(':');
  if (colon != std::string::npos && target.find(':') == colon) return target.substr(0, colon);
  return target;
}

}  // namespace

bool IsLoopbackTarget(const std::string& target) {
  std::optional<std::string> host = TargetHost(target);
  if (!host) return true;
  if (*host == "localhost" || *host == "ip6-localhost") return true;

  in_addr v4{};
  if (inet_pton(AF_INET, host->c_str(), &v4) == 1) {
    // 127.0.0.0/8: the first byte of the address, which s_addr keeps in
    // network byte order, is 127.
    return (ntohl(v4.s_addr) >> 24) == 127;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, host->c_str(), &v6) == 1) {
    return IN6_IS_ADDR_LOOPBACK(&v6) ||
           (IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127);
  }
  return false;
}

namespace {

Status ValidateTarget(const LoadOptions& options) {
  if (options.gateway.empty()) {
    return InvalidArgumentError("--gateway is empty: give HOST:PORT, such as 127.0.0.1:8080");
  }
  if (!options.allow_remote && !IsLoopbackTarget(options.gateway)) {
    return InvalidArgumentError("--gateway " + options.gateway +
                                " is not a loopback address: load tests run against this "
                                "machine only unless --allow-remote is given");
  }
  return OkStatus();
}

// The number of users, rooms, callers and followers.
Status ValidateShape(const LoadOptions& options) {
  if (options.clients < 1 || options.clients > kMaxClients) {
    return OutOfRange("--clients", std::to_string(options.clients),
                      "use 1 to " + std::to_string(kMaxClients));
  }
  const int rooms = options.room.empty() ? options.rooms : 1;
  if (rooms < 1 || rooms > options.clients) {
    return OutOfRange("--rooms", std::to_string(options.rooms),
                      "use 1 to --clients (" + std::to_string(options.clients) +
                          "), since every room needs a member to send");
  }
  if (options.concurrency < 1 || options.concurrency > kMaxConcurrency) {
    return OutOfRange("--concurrency", std::to_string(options.concurrency),
                      "use 1 to " + std::to_string(kMaxConcurrency));
  }
  if (options.rate < 0 || options.rate > kMaxRate) {
    return OutOfRange("--rate", std::to_string(options.rate),
                      "use 0 (closed loop) up to 1000000 calls per second");
  }
  if (options.followers < 0 || static_cast<int64_t>(options.followers) * rooms > kMaxStreams) {
    return OutOfRange("--followers", std::to_string(options.followers),
                      "use 0 or more, at most " + std::to_string(kMaxStreams) + " in all rooms");
  }
  if (options.idle_streams < 0 || options.idle_streams > kMaxStreams) {
    return OutOfRange("--idle-streams", std::to_string(options.idle_streams),
                      "use 0 to " + std::to_string(kMaxStreams));
  }
  if (options.streams_per_connection < 1) {
    return InvalidArgumentError("--streams-per-connection must be at least 1");
  }
  return OkStatus();
}

// The size of each call.
Status ValidateCalls(const LoadOptions& options) {
  if (options.message_bytes < kStampBytes || options.message_bytes > kMaxMessageBytes) {
    return OutOfRange("--message-bytes", std::to_string(options.message_bytes),
                      "use " + std::to_string(kStampBytes) + " (the send time stamp) to " +
                          std::to_string(kMaxMessageBytes));
  }
  if (options.page_size < 1 || options.page_size > 10000) {
    return OutOfRange("--page-size", std::to_string(options.page_size), "use 1 to 10000");
  }
  return OkStatus();
}

// The count and time bounds of the run.
Status ValidateBounds(const LoadOptions& options) {
  if (options.messages < 0) {
    return OutOfRange("--messages", std::to_string(options.messages),
                      "use 0 (bounded by --duration only) or more");
  }
  if (options.duration.count() <= 0 || options.duration > options.hard_cap) {
    char seconds[32];
    std::snprintf(seconds, sizeof(seconds), "%g s", options.duration.count() / 1000.0);
    return OutOfRange("--duration", seconds,
                      "use more than 0 and at most " +
                          std::to_string(options.hard_cap.count() / 1000) + " s");
  }
  if (options.call_timeout.count() <= 0) {
    return OutOfRange("--call-timeout-ms", std::to_string(options.call_timeout.count()),
                      "use more than 0");
  }
  return OkStatus();
}

}  // namespace

Status ValidateOptions(const LoadOptions& options) {
  DCHAT_RETURN_IF_ERROR(ValidateTarget(options));
  DCHAT_RETURN_IF_ERROR(ValidateShape(options));
  DCHAT_RETURN_IF_ERROR(ValidateCalls(options));
  return ValidateBounds(options);
}

Result<ServerPid> ParseServerPid(const std::string& text) {
  size_t equals = text.find('=');
  if (equals == std::string::npos || equals == 0) {
    return InvalidArgumentError("--server-pid '" + text +
                                "' is not NAME=PID: give it as gateway=1234");
  }
  ServerPid server;
  server.name = text.substr(0, equals);
  std::string_view digits = std::string_view(text).substr(equals + 1);
  int pid = 0;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), pid);
  if (error != std::errc() || end != digits.data() + digits.size() || pid <= 0) {
    return InvalidArgumentError("--server-pid '" + text + "' has no valid process id after '='");
  }
  server.pid = pid;
  return server;
}

std::string NewRunId() {
  std::random_device random;
  std::uniform_int_distribution<uint32_t> digits;
  char id[9];
  std::snprintf(id, sizeof(id), "%08x", digits(random));
  return id;
}

}  // namespace dchat::load
