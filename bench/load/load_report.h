// The output of dchat-load: a text report for people and JSON for
// scripts.
#ifndef DCHAT_BENCH_LOAD_LOAD_REPORT_H_
#define DCHAT_BENCH_LOAD_LOAD_REPORT_H_

#include <ostream>

#include <nlohmann/json.hpp>

#include "load/load_run.h"

namespace dchat::load {

void PrintText(const LoadReport& report, std::ostream& out);

// Latencies in microseconds, rates per second, memory in KiB. Ratios to
// the baseline appear when it ran.
nlohmann::ordered_json ToJson(const LoadReport& report);

}  // namespace dchat::load

#endif  // DCHAT_BENCH_LOAD_LOAD_REPORT_H_
