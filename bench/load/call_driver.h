// The load loops of dchat-load: closed loop (a fixed number of callers,
// each with one call in flight) and open loop (calls started by a ticker at
// a fixed rate, whatever the replies do).
//
// In the open loop, each call's latency runs from the time the ticker
// meant to start it, not from when it actually started, so a server that
// stalls the ticker is charged for the wait (no coordinated omission).
#ifndef DCHAT_BENCH_LOAD_CALL_DRIVER_H_
#define DCHAT_BENCH_LOAD_CALL_DRIVER_H_

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include <grpcpp/support/status.h>

#include "load/latency_histogram.h"

namespace dchat::load {

// Calls or streams counted by their final gRPC status code. Thread-safe.
class StatusCounts {
 public:
  void Add(grpc::StatusCode code);
  int64_t total() const;
  // By code name, such as "UNAVAILABLE"; codes never seen are left out.
  // OK appears only when it was added, as for streams that ended early.
  std::map<std::string, int64_t> ByName() const;

 private:
  static constexpr size_t kCodes = 17;  // OK through UNAUTHENTICATED
  std::array<std::atomic<int64_t>, kCodes> counts_{};
};

// Runs once per call, on any thread, with the call's final status code.
using CallDone = std::function<void(grpc::StatusCode)>;

// Starts call number `index` (counting from 0) and returns without
// waiting; `done` must run exactly once, when it ends. `sent_at_us` is the
// send time to stamp into the call, in wall clock microseconds.
using AsyncCall = std::function<void(int64_t index, int64_t sent_at_us, CallDone done)>;

struct DriveOptions {
  // Closed loop: the number of callers. Open loop: the most calls in
  // flight.
  int concurrency = 1;
  // Calls per second; 0 runs the closed loop.
  double rate = 0;
  // Calls to start at most; 0 means no count bound.
  int64_t max_calls = 0;
  // No call starts after this long.
  std::chrono::nanoseconds duration = std::chrono::seconds(10);
};

struct DriveResult {
  int64_t started = 0;
  int64_t succeeded = 0;
  StatusCounts errors;
  // Microseconds, of succeeded calls only.
  LatencyHistogram latency;
  // From the first start to the end of the last call.
  double elapsed_seconds = 0;

  double succeeded_per_second() const {
    return elapsed_seconds > 0 ? static_cast<double>(succeeded) / elapsed_seconds : 0;
  }
};

// Runs calls until `options.max_calls` have started or `options.duration`
// has passed, then waits for the calls in flight, which their own
// deadlines bound. Blocks the calling thread throughout.
void Drive(const DriveOptions& options, const AsyncCall& call, DriveResult* result);

}  // namespace dchat::load

#endif  // DCHAT_BENCH_LOAD_CALL_DRIVER_H_
