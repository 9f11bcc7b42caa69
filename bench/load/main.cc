// dchat-load: drives a running dchat gateway with authenticated clients and
// reports throughput, latency percentiles, delivery latency to followers,
// errors by status code, and the servers' memory.
//
//   dchat-load --gateway 127.0.0.1:8080 --concurrency 32 --duration 10 --baseline
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <thread>

#include <CLI/CLI.hpp>
#include <absl/synchronization/mutex.h>

#include "load/load_options.h"
#include "load/load_report.h"
#include "load/load_run.h"

namespace {

using dchat::load::LoadOptions;

// Set-up (registration with password hashing, thousands of streams) comes
// on top of the measured duration, so the watchdog allows this much more.
constexpr std::chrono::minutes kSetUpAllowance{5};

// Ends the process if a run somehow outlives every bound it has, so that
// the tool always stops by itself.
void StartWatchdog() {
  std::thread([] {
    std::this_thread::sleep_for(dchat::load::kHardCap + kSetUpAllowance);
    std::fputs("dchat-load: the run exceeded its hard time limit and was stopped\n", stderr);
    std::_Exit(3);
  }).detach();
}

void AddFlags(CLI::App& app, LoadOptions& options, double& duration_s, double& drain_s,
              int64_t& call_timeout_ms, std::string& call, std::vector<std::string>& pids,
              bool& json) {
  app.add_option("--gateway", options.gateway, "Gateway address, HOST:PORT")
      ->envname("DCHAT_GATEWAY")
      ->capture_default_str();
  app.add_flag("--allow-remote", options.allow_remote,
               "Allow a gateway that is not on this machine (loopback only by default)");
  app.add_option("--run-id", options.run_id,
                 "Names users load-<id>-<i> and rooms load-<id>-r<i>; random by default");
  app.add_option("--clients", options.clients,
                 "Users to register and log in, each with its own connection")
      ->capture_default_str();
  app.add_option("--rooms", options.rooms, "Rooms to spread the clients over")
      ->capture_default_str();
  app.add_option("--room", options.room,
                 "Use this one room (created when missing) instead of fresh ones");
  app.add_option("--concurrency", options.concurrency,
                 "Closed loop: callers, each with one call in flight. With --rate: the maximum "
                 "number of calls in flight")
      ->capture_default_str();
  app.add_option("--rate", options.rate,
                 "Calls per second, started by a ticker (open loop); 0 runs the closed loop")
      ->capture_default_str();
  app.add_option("--followers", options.followers,
                 "Event streams per room that receive the messages and time their delivery")
      ->capture_default_str();
  app.add_option("--message-bytes", options.message_bytes,
                 "Bytes of each message text, the 19-byte send time stamp included")
      ->capture_default_str();
  app.add_flag("--idempotency-keys", options.idempotency_keys,
               "Give each send a unique idempotency key");
  app.add_option("--call", call, "Call to load the gateway with: send or history")
      ->check(CLI::IsMember({"send", "history"}))
      ->capture_default_str();
  app.add_option("--page-size", options.page_size, "Messages per page for --call history")
      ->capture_default_str();
  app.add_option("--messages", options.messages,
                 "Stop after this many calls; 0 stops by --duration only")
      ->capture_default_str();
  app.add_option("--duration", duration_s,
                 "Stop starting calls after this many seconds (at most 600)")
      ->capture_default_str();
  app.add_option("--call-timeout-ms", call_timeout_ms, "Deadline of each call, in milliseconds")
      ->capture_default_str();
  app.add_option("--drain-timeout", drain_s,
                 "Seconds to wait after the last send for followers to receive it")
      ->capture_default_str();
  app.add_flag("--baseline", options.baseline,
               "Also measure a bare gRPC client -> proxy -> echo chain of the same shape in "
               "this process, and report ratios to it");
  app.add_option("--idle-streams", options.idle_streams,
                 "Open this many idle event streams and report the gateway's memory per "
                 "stream (needs --server-pid gateway=PID)")
      ->capture_default_str();
  app.add_option("--streams-per-connection", options.streams_per_connection,
                 "Event streams per connection for --idle-streams")
      ->capture_default_str();
  app.add_option("--server-pid", pids,
                 "NAME=PID of a server whose memory, CPU time and context switches to report; "
                 "repeat it or separate with commas")
      ->delimiter(',');
  app.add_flag("--json", json, "Print the report as JSON");
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app(
      "dchat-load: load generator for a running dchat gateway. Registers its own users, "
      "creates and joins rooms, then sends (or reads history) in a closed loop or at a "
      "fixed rate, and reports throughput, latency percentiles, delivery latency to "
      "followers, errors by status code and the servers' memory.");
  LoadOptions options;
  double duration_s = 10;
  double drain_s = 10;
  int64_t call_timeout_ms = 5000;
  std::string call = "send";
  std::vector<std::string> pids;
  bool json = false;
  AddFlags(app, options, duration_s, drain_s, call_timeout_ms, call, pids, json);
  CLI11_PARSE(app, argc, argv);

  options.duration = std::chrono::milliseconds(static_cast<int64_t>(duration_s * 1000));
  options.drain_timeout = std::chrono::milliseconds(static_cast<int64_t>(drain_s * 1000));
  options.call_timeout = std::chrono::milliseconds(call_timeout_ms);
  options.call = call == "history" ? dchat::load::LoadCall::kHistory : dchat::load::LoadCall::kSend;
  for (const std::string& text : pids) {
    auto server = dchat::load::ParseServerPid(text);
    if (!server.ok()) {
      std::cerr << "dchat-load: " << server.status().message() << "\n";
      return 2;
    }
    options.server_pids.push_back(*server);
  }
  if (dchat::Status valid = dchat::load::ValidateOptions(options); !valid.ok()) {
    std::cerr << "dchat-load: " << valid.message() << "\n";
    return 2;
  }

  // As in the servers (see servers/common/server_main.cc): Debian's
  // Abseil checks every gRPC lock for deadlocks unless that check is
  // turned off. The baseline runs in this process, so it must not pay a
  // cost that the servers do not.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);

  StartWatchdog();
  auto report = dchat::load::RunLoad(options);
  if (!report.ok()) {
    std::cerr << "dchat-load: the run failed: " << report.status().ToString() << "\n";
    return 1;
  }
  if (json) {
    std::cout << dchat::load::ToJson(*report).dump(2) << "\n";
  } else {
    dchat::load::PrintText(*report, std::cout);
  }
  return 0;
}
