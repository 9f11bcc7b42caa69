#include "load/load_run.h"

#include <unistd.h>

#include <algorithm>
#include <memory>

#include "load/baseline_chain.h"
#include "load/call_driver.h"
#include "load/fleet.h"
#include "load/gateway_calls.h"
#include "load/process_stats.h"

namespace dchat::load {
namespace {

// How long followers may take to open and report ready.
constexpr std::chrono::seconds kFollowersReadyTimeout{120};

CallStats ToCallStats(const DriveResult& result) {
  CallStats stats;
  stats.started = result.started;
  stats.succeeded = result.succeeded;
  stats.elapsed_seconds = result.elapsed_seconds;
  stats.per_second = result.succeeded_per_second();
  stats.latency = result.latency.Summarize();
  stats.errors = result.errors.ByName();
  return stats;
}

DriveOptions ToDriveOptions(const LoadOptions& options) {
  DriveOptions drive;
  drive.concurrency = options.concurrency;
  drive.rate = options.rate;
  drive.max_calls = options.messages;
  drive.duration = options.duration;
  return drive;
}

Result<CallStats> RunBaseline(const LoadOptions& options) {
  Result<std::unique_ptr<BaselineChain>> chain = BaselineChain::Start(options.clients);
  if (!chain.ok()) return chain.status();

  Result<double> cpu_before = ReadProcessCpuSeconds(getpid());
  Result<int64_t> switches_before = ReadContextSwitches(getpid());
  DriveResult result;
  Drive(ToDriveOptions(options), (*chain)->Call(options.message_bytes, options.call_timeout),
        &result);
  Result<double> cpu_after = ReadProcessCpuSeconds(getpid());
  Result<int64_t> switches_after = ReadContextSwitches(getpid());

  CallStats stats = ToCallStats(result);
  if (cpu_before.ok() && cpu_after.ok()) stats.process_cpu_seconds = *cpu_after - *cpu_before;
  if (switches_before.ok() && switches_after.ok()) {
    stats.process_context_switches = *switches_after - *switches_before;
  }
  return stats;
}

// The servers of --server-pid, then this process.
std::vector<ServerPid> MeasuredProcesses(const LoadOptions& options) {
  std::vector<ServerPid> processes = options.server_pids;
  processes.push_back(ServerPid{"dchat-load", getpid()});
  return processes;
}

// Counters of one process that only grow; -1 where unknown.
struct ProcessCounters {
  double cpu_seconds = -1;
  int64_t context_switches = -1;
};

std::vector<ProcessCounters> ReadCounters(const std::vector<ServerPid>& processes) {
  std::vector<ProcessCounters> counters;
  for (const ServerPid& process : processes) {
    ProcessCounters read;
    Result<double> cpu = ReadProcessCpuSeconds(process.pid);
    if (cpu.ok()) read.cpu_seconds = *cpu;
    Result<int64_t> switches = ReadContextSwitches(process.pid);
    if (switches.ok()) read.context_switches = *switches;
    counters.push_back(read);
  }
  return counters;
}

// The usage of each process, with the growth of its counters from
// `before` to `after` when both are given.
std::vector<ServerUsage> ReadUsage(const std::vector<ServerPid>& processes,
                                   const std::vector<ProcessCounters>& before,
                                   const std::vector<ProcessCounters>& after) {
  std::vector<ServerUsage> usage;
  for (size_t i = 0; i < processes.size(); ++i) {
    ServerUsage entry;
    entry.name = processes[i].name;
    entry.pid = processes[i].pid;
    if (i < before.size() && i < after.size()) {
      if (before[i].cpu_seconds >= 0 && after[i].cpu_seconds >= 0) {
        entry.load_cpu_seconds = after[i].cpu_seconds - before[i].cpu_seconds;
      }
      if (before[i].context_switches >= 0 && after[i].context_switches >= 0) {
        entry.load_context_switches = after[i].context_switches - before[i].context_switches;
      }
    }
    Result<ProcessMemory> read = ReadProcessMemory(processes[i].pid);
    if (read.ok()) {
      entry.rss_kb = read->rss_kb;
      entry.peak_rss_kb = read->peak_rss_kb;
    } else {
      entry.error = read.status().message();
    }
    usage.push_back(std::move(entry));
  }
  return usage;
}

Result<pid_t> GatewayPid(const LoadOptions& options) {
  for (const ServerPid& server : options.server_pids) {
    if (server.name == "gateway") return server.pid;
  }
  return InvalidArgumentError(
      "--idle-streams measures the gateway's memory: give its process id with "
      "--server-pid gateway=PID");
}

// Runs the load loop with followers, when there are any, and fills in the
// report.
Status RunLoadLoop(Fleet& fleet, const LoadOptions& options, LoadReport* report) {
  std::unique_ptr<Followers> followers;
  if (options.followers > 0) {
    followers = std::make_unique<Followers>(&fleet);
    DCHAT_RETURN_IF_ERROR(followers->Open(options.followers, kFollowersReadyTimeout));
  }

  GatewayCalls calls(&fleet, options);
  AsyncCall call;
  if (options.call == LoadCall::kHistory) {
    Result<int64_t> last_seq = ReadLastSeq(fleet.clients().front(), fleet.room_ids().front());
    if (!last_seq.ok()) return last_seq.status();
    report->history_last_seq = *last_seq;
    call = calls.History(*last_seq);
  } else {
    call = calls.Send();
  }

  const std::vector<ServerPid> processes = MeasuredProcesses(options);
  const std::vector<ProcessCounters> before = ReadCounters(processes);
  if (followers) followers->MarkSendStart();
  DriveResult result;
  Drive(ToDriveOptions(options), call, &result);
  report->load = ToCallStats(result);

  if (followers) {
    int64_t expected = 0;
    for (size_t room = 0; room < fleet.room_ids().size(); ++room) {
      expected += calls.acknowledged(static_cast<int>(room)) * options.followers;
    }
    followers->WaitForDeliveries(expected, options.drain_timeout);
    report->deliveries = followers->Stats(expected);
  }
  report->servers = ReadUsage(processes, before, ReadCounters(processes));
  return OkStatus();
}

}  // namespace

Result<LoadReport> RunLoad(LoadOptions options) {
  DCHAT_RETURN_IF_ERROR(ValidateOptions(options));
  if (options.run_id.empty()) options.run_id = NewRunId();
  if (!options.room.empty()) options.rooms = 1;
  RaiseOpenFileLimit();

  LoadReport report;
  report.options = options;
  pid_t gateway_pid = 0;
  if (options.idle_streams > 0) {
    Result<pid_t> found = GatewayPid(options);
    if (!found.ok()) return found.status();
    gateway_pid = *found;
  }

  // The baseline runs first, while the dchat servers are idle.
  if (options.baseline && options.idle_streams == 0) {
    Result<CallStats> baseline = RunBaseline(options);
    if (!baseline.ok()) return baseline.status();
    report.baseline = *baseline;
  }

  Result<std::unique_ptr<Fleet>> fleet = Fleet::SetUp(options, options.run_id);
  if (!fleet.ok()) return fleet.status();

  if (options.idle_streams > 0) {
    Result<IdleStreamsResult> idle = RunIdleStreams(**fleet, options, gateway_pid);
    if (!idle.ok()) return idle.status();
    report.idle_streams = *idle;
    report.servers = ReadUsage(MeasuredProcesses(options), {}, {});
  } else {
    DCHAT_RETURN_IF_ERROR(RunLoadLoop(**fleet, options, &report));
  }
  return report;
}

}  // namespace dchat::load
