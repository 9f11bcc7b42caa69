#include "load/process_stats.h"

#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace dchat::load {

Result<ProcessMemory> ReadProcessMemory(pid_t pid) {
  const std::string path = "/proc/" + std::to_string(pid) + "/status";
  std::ifstream status(path);
  if (!status) {
    return NotFoundError("cannot read " + path + ": process " + std::to_string(pid) +
                         " does not exist or is not visible");
  }

  // Lines read "VmRSS:     12345 kB".
  ProcessMemory memory;
  bool found_rss = false;
  bool found_peak = false;
  std::string line;
  while (std::getline(status, line)) {
    std::istringstream fields(line);
    std::string key;
    int64_t kb = 0;
    fields >> key >> kb;
    if (key == "VmRSS:") {
      memory.rss_kb = kb;
      found_rss = true;
    } else if (key == "VmHWM:") {
      memory.peak_rss_kb = kb;
      found_peak = true;
    }
  }
  if (!found_rss || !found_peak) {
    return InternalError(path + " has no VmRSS or VmHWM line: is process " +
                         std::to_string(pid) + " a zombie?");
  }
  return memory;
}

Result<double> ReadProcessCpuSeconds(pid_t pid) {
  const std::string path = "/proc/" + std::to_string(pid) + "/stat";
  std::ifstream stat(path);
  std::string line;
  if (!stat || !std::getline(stat, line)) {
    return NotFoundError("cannot read " + path + ": process " + std::to_string(pid) +
                         " does not exist or is not visible");
  }

  // The command name in parentheses may contain spaces, so fields count
  // from the last ')'. After it come field 3 (state) onwards; utime and
  // stime are fields 14 and 15, in clock ticks.
  std::istringstream fields(line.substr(line.rfind(')') + 1));
  std::string skipped;
  for (int field = 3; field < 14; ++field) fields >> skipped;
  int64_t user_ticks = 0;
  int64_t system_ticks = 0;
  if (!(fields >> user_ticks >> system_ticks)) {
    return InternalError(path + " has no CPU time fields");
  }
  return static_cast<double>(user_ticks + system_ticks) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

Result<int64_t> ReadContextSwitches(pid_t pid) {
  const std::filesystem::path tasks = "/proc/" + std::to_string(pid) + "/task";
  std::error_code error;
  std::filesystem::directory_iterator threads(tasks, error);
  if (error) {
    return NotFoundError("cannot list " + tasks.string() + ": process " + std::to_string(pid) +
                         " does not exist or is not visible");
  }

  int64_t switches = 0;
  for (const auto& thread : threads) {
    // Lines read "voluntary_ctxt_switches:\t123".
    std::ifstream status(thread.path() / "status");
    std::string line;
    while (std::getline(status, line)) {
      if (line.find("ctxt_switches:") == std::string::npos) continue;
      std::istringstream fields(line);
      std::string key;
      int64_t count = 0;
      fields >> key >> count;
      switches += count;
    }
  }
  return switches;
}

int64_t RaiseOpenFileLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return -1;
  if (limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
    getrlimit(RLIMIT_NOFILE, &limit);
  }
  return static_cast<int64_t>(limit.rlim_cur);
}

}  // namespace dchat::load
