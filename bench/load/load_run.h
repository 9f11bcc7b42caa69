// RunLoad: one whole dchat-load run, from set-up to the report.
#ifndef DCHAT_BENCH_LOAD_LOAD_RUN_H_
#define DCHAT_BENCH_LOAD_LOAD_RUN_H_

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dchat/status.h"
#include "load/followers.h"
#include "load/idle_streams.h"
#include "load/latency_histogram.h"
#include "load/load_options.h"

namespace dchat::load {

// The outcome of one load loop.
struct CallStats {
  int64_t started = 0;
  int64_t succeeded = 0;
  double elapsed_seconds = 0;
  double per_second = 0;
  // Of succeeded calls, in microseconds.
  LatencySummary latency;
  std::map<std::string, int64_t> errors;
  // CPU time and context switches of this process during the loop, for
  // the baseline, whose every stage runs here; negative when not measured.
  double process_cpu_seconds = -1;
  int64_t process_context_switches = -1;
};

// The memory and CPU use of one process: a server given by --server-pid,
// or dchat-load itself.
struct ServerUsage {
  std::string name;
  pid_t pid = 0;
  int64_t rss_kb = 0;
  int64_t peak_rss_kb = 0;
  // CPU time used and context switches made while the load loop ran,
  // deliveries included; negative when unknown.
  double load_cpu_seconds = -1;
  int64_t load_context_switches = -1;
  // The error from reading the memory; empty when the read succeeded.
  std::string error;
};

struct LoadReport {
  LoadOptions options;  // with run_id filled in
  std::optional<CallStats> baseline;
  std::optional<CallStats> load;
  // The room size the history calls read from.
  int64_t history_last_seq = 0;
  std::optional<DeliveryStats> deliveries;
  std::optional<IdleStreamsResult> idle_streams;
  // The servers, then dchat-load itself.
  std::vector<ServerUsage> servers;
};

// Validates `options`, then runs the baseline (when asked), sets up the
// fleet and followers, and runs the load loop or the idle streams check.
// Returns the first set-up error; failed calls during the loop are counted
// in the report, not returned.
Result<LoadReport> RunLoad(LoadOptions options);

}  // namespace dchat::load

#endif  // DCHAT_BENCH_LOAD_LOAD_RUN_H_
