// The calls that dchat-load makes against the gateway under load, through
// the callback API of the generated stub, so that thousands can be in
// flight without a thread each.
#ifndef DCHAT_BENCH_LOAD_GATEWAY_CALLS_H_
#define DCHAT_BENCH_LOAD_GATEWAY_CALLS_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <vector>

#include "load/call_driver.h"
#include "load/fleet.h"
#include "load/load_options.h"

namespace dchat::load {

// Thread-safe. The fleet must outlive the calls.
class GatewayCalls {
 public:
  GatewayCalls(Fleet* fleet, const LoadOptions& options);

  // Call i sends a stamped message as client i % clients into that
  // client's room.
  AsyncCall Send();

  // Call i reads, as client i % clients, one page ending at a random
  // sequence of that client's room, which contains `last_seq` messages.
  AsyncCall History(int64_t last_seq);

  // Sends acknowledged so far into room `room`.
  int64_t acknowledged(int room) const { return acknowledged_[room]->load(); }

 private:
  Fleet* const fleet_;
  const size_t message_bytes_;
  const bool idempotency_keys_;
  const int page_size_;
  const std::chrono::milliseconds timeout_;
  std::vector<std::unique_ptr<std::atomic<int64_t>>> acknowledged_;
};

// The newest sequence of `client`'s room, read with a one-message page.
Result<int64_t> ReadLastSeq(const LoadClient& client, const std::string& room_id);

}  // namespace dchat::load

#endif  // DCHAT_BENCH_LOAD_GATEWAY_CALLS_H_
