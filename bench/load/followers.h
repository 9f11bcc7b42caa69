// Followers: event streams that receive the messages of a load run and
// measure how long each took from send to delivery.
#ifndef DCHAT_BENCH_LOAD_FOLLOWERS_H_
#define DCHAT_BENCH_LOAD_FOLLOWERS_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "dchat/stream_reader.h"
#include "load/call_driver.h"
#include "load/fleet.h"
#include "load/latency_histogram.h"

namespace dchat::load {

struct DeliveryStats {
  int followers = 0;
  int64_t expected = 0;
  int64_t delivered = 0;
  // Messages received twice, and jumps past a sequence on one stream.
  int64_t duplicates = 0;
  int64_t gaps = 0;
  // Streams that ended before the run closed them, by status code.
  std::map<std::string, int64_t> stream_ends;
  // Send stamp to arrival, in microseconds.
  LatencySummary latency;
  // Deliveries per second, from the first send to the last delivery.
  double per_second = 0;
};

// Thread-safe. Stream callbacks run on gRPC threads; the streams close in
// the destructor.
class Followers {
 public:
  explicit Followers(Fleet* fleet);
  ~Followers();

  Followers(const Followers&) = delete;
  Followers& operator=(const Followers&) = delete;

  // Opens `per_room` streams in every room, each as one of the room's
  // members in turn, and waits until each has reported it is ready (its
  // backlog sent). DEADLINE_EXCEEDED when that takes longer than `timeout`;
  // the first stream error otherwise.
  Status Open(int per_room, std::chrono::milliseconds timeout);

  // Marks the time the sends start, the start of the delivery rate.
  void MarkSendStart();

  // Waits until `expected` messages in all have arrived, or `timeout`.
  void WaitForDeliveries(int64_t expected, std::chrono::milliseconds timeout);

  DeliveryStats Stats(int64_t expected) const;

 private:
  struct Follower {
    int room = 0;
    int64_t last_seq = 0;  // used only by the stream's callbacks
    std::unique_ptr<StreamReader<v1::Event>> stream;
  };

  void OnEvent(Follower& follower, const v1::Event& event);
  void OnDone(const Status& status);

  Fleet* const fleet_;
  std::vector<std::unique_ptr<Follower>> followers_;
  LatencyHistogram latency_;
  std::atomic<int64_t> delivered_{0};
  std::atomic<int64_t> duplicates_{0};
  std::atomic<int64_t> gaps_{0};
  std::atomic<int64_t> last_delivery_ns_{0};
  std::atomic<int64_t> send_start_ns_{0};
  std::atomic<bool> closing_{false};
  StatusCounts stream_ends_;

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  int ready_ = 0;  // guarded by mutex_
  int ended_ = 0;  // guarded by mutex_
  Status first_error_;  // guarded by mutex_
};

}  // namespace dchat::load

#endif  // DCHAT_BENCH_LOAD_FOLLOWERS_H_
