// The connections check of dchat-load: opens many idle event streams on
// one gateway and measures what each costs the gateway in memory.
#ifndef DCHAT_BENCH_LOAD_IDLE_STREAMS_H_
#define DCHAT_BENCH_LOAD_IDLE_STREAMS_H_

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <string>

#include "dchat/status.h"
#include "load/fleet.h"
#include "load/load_options.h"

namespace dchat::load {

struct IdleStreamsResult {
  int requested = 0;
  int opened = 0;  // streams that reported ready
  int connections = 0;
  double open_seconds = 0;
  // The gateway's resident memory before the streams and with all open.
  int64_t rss_before_kb = 0;
  int64_t rss_after_kb = 0;
  int64_t peak_rss_kb = 0;
  // Streams that ended while open, by status code.
  std::map<std::string, int64_t> stream_ends;

  double kb_per_stream() const {
    return opened > 0 ? static_cast<double>(rss_after_kb - rss_before_kb) / opened : 0;
  }
};

// Opens options.idle_streams event streams, spread over connections of
// options.streams_per_connection streams each and over the fleet's users,
// waits until they are ready (within options.duration), lets the gateway
// settle, and reads its memory. The streams close before returning.
Result<IdleStreamsResult> RunIdleStreams(Fleet& fleet, const LoadOptions& options,
                                         pid_t gateway_pid);

}  // namespace dchat::load

#endif  // DCHAT_BENCH_LOAD_IDLE_STREAMS_H_
