// Reading a process's memory and CPU use from /proc (Linux).
#ifndef DCHAT_BENCH_LOAD_PROCESS_STATS_H_
#define DCHAT_BENCH_LOAD_PROCESS_STATS_H_

#include <sys/types.h>

#include <cstdint>

#include "dchat/status.h"

namespace dchat::load {

struct ProcessMemory {
  int64_t rss_kb = 0;       // VmRSS: resident now
  int64_t peak_rss_kb = 0;  // VmHWM: the highest resident size so far
};

// NOT_FOUND when the process does not exist; INTERNAL when its status
// file lacks the fields.
Result<ProcessMemory> ReadProcessMemory(pid_t pid);

// User plus system CPU time the process has used so far, in seconds, from
// /proc/PID/stat. NOT_FOUND when the process does not exist.
Result<double> ReadProcessCpuSeconds(pid_t pid);

// Context switches of all the process's threads so far, voluntary (a
// thread waited) and involuntary (it was preempted), from
// /proc/PID/task/*/status. Threads that have exited are not counted.
// NOT_FOUND when the process does not exist.
Result<int64_t> ReadContextSwitches(pid_t pid);

// Raises this process's limit of open files to its hard limit, so that
// thousands of connections fit. Returns the new soft limit.
int64_t RaiseOpenFileLimit();

}  // namespace dchat::load

#endif  // DCHAT_BENCH_LOAD_PROCESS_STATS_H_
