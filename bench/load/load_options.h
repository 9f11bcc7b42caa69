// LoadOptions: what one dchat-load run does, as set by its flags.
#ifndef DCHAT_BENCH_LOAD_LOAD_OPTIONS_H_
#define DCHAT_BENCH_LOAD_LOAD_OPTIONS_H_

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "dchat/status.h"

namespace dchat::load {

// The gateway call that the load loop makes.
enum class LoadCall {
  kSend,     // SendMessage into the caller's room
  kHistory,  // ListMessages: one page ending at a random sequence
};

// A server whose memory the report includes, by the name to print.
struct ServerPid {
  std::string name;
  pid_t pid = 0;
};

struct LoadOptions {
  // Gateway address, "host:port". Only loopback addresses are accepted
  // unless allow_remote is set.
  std::string gateway = "127.0.0.1:8080";
  bool allow_remote = false;

  // Names users "load-<run_id>-<i>" and rooms "load-<run_id>-r<i>"; a
  // random one when empty.
  std::string run_id;
  // Users registered and logged in, each with its own connection. Client i
  // is a member of room i % rooms only, and sends only there.
  int clients = 32;
  int rooms = 1;
  // When set, the one room to use instead of fresh ones: created when
  // missing, joined otherwise. Overrides `rooms`.
  std::string room;

  // Closed loop: callers, each with one call in flight. Open loop (rate >
  // 0): the most calls in flight; the ticker waits when it is reached, and
  // the wait counts in the latency.
  int concurrency = 32;
  // Calls per second started by a ticker; 0 runs the closed loop.
  double rate = 0;
  // Event streams per room that count deliveries.
  int followers = 0;
  // Size of each message text, the send time stamp included.
  size_t message_bytes = 40;
  // Gives each send a unique idempotency key, as retrying clients do.
  bool idempotency_keys = false;
  LoadCall call = LoadCall::kSend;
  // Messages per history page.
  int page_size = 100;

  // The run stops at whichever bound comes first: `messages` calls started
  // (0: no count bound) or `duration`.
  int64_t messages = 0;
  std::chrono::milliseconds duration{10000};
  // The longest `duration` accepted; the run never measures for longer.
  std::chrono::milliseconds hard_cap{600000};
  // Deadline of each call.
  std::chrono::milliseconds call_timeout{5000};
  // How long to wait after the last send for followers to receive it.
  std::chrono::milliseconds drain_timeout{10000};

  // Also measures the bare gRPC chain (client, pass-through proxy, echo
  // server) with the same shape, and reports ratios to it.
  bool baseline = false;
  // Opens this many idle event streams and reports the gateway's memory
  // per stream instead of running the load loop.
  int idle_streams = 0;
  // Streams per connection in the idle streams mode.
  int streams_per_connection = 100;

  // Servers whose VmHWM and VmRSS the report includes.
  std::vector<ServerPid> server_pids;
};

// The maximum duration the tool accepts, so that a run always stops by
// itself.
inline constexpr std::chrono::minutes kHardCap{10};

// INVALID_ARGUMENT, naming the flag, for options that cannot run.
Status ValidateOptions(const LoadOptions& options);

// True when `target` names this machine: 127.0.0.0/8, ::1, localhost, or
// a unix socket. Host names other than localhost are not resolved and
// count as remote.
bool IsLoopbackTarget(const std::string& target);

// Parses "NAME=PID". INVALID_ARGUMENT when malformed.
Result<ServerPid> ParseServerPid(const std::string& text);

// A random run id of 8 hex digits.
std::string NewRunId();

}  // namespace dchat::load

#endif  // DCHAT_BENCH_LOAD_LOAD_OPTIONS_H_
