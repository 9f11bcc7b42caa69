#include "load/call_driver.h"

#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "dchat/status.h"
#include "load/message_stamp.h"

namespace dchat::load {
namespace {

using Clock = std::chrono::steady_clock;

int64_t MicrosSince(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count();
}

// The state that the callers of one Drive() call share: the bounds, the
// results, and the number of calls in flight.
class DriveState {
 public:
  DriveState(const DriveOptions& options, const AsyncCall& call, DriveResult* result)
      : options_(options),
        call_(call),
        result_(result),
        start_(Clock::now()),
        wall_start_us_(WallMicros()),
        stop_at_(start_ + options.duration) {}

  Clock::time_point start() const { return start_; }
  Clock::time_point stop_at() const { return stop_at_; }

  // The wall clock time of `at`, in microseconds.
  int64_t WallMicrosAt(Clock::time_point at) const {
    return wall_start_us_ +
           std::chrono::duration_cast<std::chrono::microseconds>(at - start_).count();
  }

  bool CountBoundReached(int64_t index) const {
    return options_.max_calls > 0 && index >= options_.max_calls;
  }

  // Starts call `index`, whose latency counts from `counted_from`.
  void Start(int64_t index, Clock::time_point counted_from, std::function<void()> after) {
    {
      std::lock_guard lock(mutex_);
      ++in_flight_;
      ++result_->started;
    }
    call_(index, WallMicrosAt(counted_from),
          [this, counted_from, after = std::move(after)](grpc::StatusCode code) {
            Finish(code, counted_from);
            if (after) after();
          });
  }

  // Blocks while `limit` calls are in flight, until `deadline`. Returns
  // false when the deadline passed first.
  bool WaitForRoom(int limit, Clock::time_point deadline) {
    std::unique_lock lock(mutex_);
    return changed_.wait_until(lock, deadline, [&] { return in_flight_ < limit; });
  }

  // Blocks until no call is in flight and `callers_left` is 0.
  void WaitUntilIdle() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return in_flight_ == 0 && callers_left_ == 0; });
    const Clock::time_point end = last_end_ > start_ ? last_end_ : Clock::now();
    result_->elapsed_seconds = std::chrono::duration<double>(end - start_).count();
  }

  void SetCallers(int callers) {
    std::lock_guard lock(mutex_);
    callers_left_ = callers;
  }

  void CallerDone() {
    std::lock_guard lock(mutex_);
    --callers_left_;
    changed_.notify_all();
  }

  std::atomic<int64_t> next_index{0};

 private:
  void Finish(grpc::StatusCode code, Clock::time_point counted_from) {
    const int64_t latency_us = MicrosSince(counted_from);
    if (code == grpc::StatusCode::OK) {
      result_->latency.Record(latency_us);
    } else {
      result_->errors.Add(code);
    }

    std::lock_guard lock(mutex_);
    if (code == grpc::StatusCode::OK) ++result_->succeeded;
    last_end_ = Clock::now();
    --in_flight_;
    changed_.notify_all();
  }

  const DriveOptions& options_;
  const AsyncCall& call_;
  DriveResult* const result_;
  const Clock::time_point start_;
  const int64_t wall_start_us_;
  const Clock::time_point stop_at_;

  std::mutex mutex_;
  std::condition_variable changed_;
  int in_flight_ = 0;           // guarded by mutex_
  int callers_left_ = 0;        // guarded by mutex_
  Clock::time_point last_end_;  // guarded by mutex_
};

// One closed-loop caller: starts a call, and the next when it ends. A call
// that ends inside Start() (a failure before the call left the process)
// does not recurse: `pending_` turns the recursion into a loop.
class Caller {
 public:
  explicit Caller(DriveState* state) : state_(state) {}

  void Pump() {
    if (pending_.fetch_add(1) != 0) return;  // a Pump further up the stack loops
    do {
      if (!StartOne()) return;
    } while (pending_.fetch_sub(1) != 1);
  }

 private:
  bool StartOne() {
    const int64_t index = state_->next_index.fetch_add(1);
    if (state_->CountBoundReached(index) || Clock::now() >= state_->stop_at()) {
      state_->CallerDone();
      return false;
    }
    state_->Start(index, Clock::now(), [this] { Pump(); });
    return true;
  }

  DriveState* const state_;
  std::atomic<int> pending_{0};
};

void DriveClosedLoop(const DriveOptions& options, DriveState& state) {
  std::vector<std::unique_ptr<Caller>> callers;
  callers.reserve(options.concurrency);
  for (int i = 0; i < options.concurrency; ++i) {
    callers.push_back(std::make_unique<Caller>(&state));
  }
  state.SetCallers(options.concurrency);
  for (auto& caller : callers) caller->Pump();
  state.WaitUntilIdle();
}

void DriveOpenLoop(const DriveOptions& options, DriveState& state) {
  const std::chrono::duration<double> period(1.0 / options.rate);
  for (int64_t index = 0;; ++index) {
    if (state.CountBoundReached(index)) break;
    const auto intended =
        state.start() + std::chrono::duration_cast<Clock::duration>(period * index);
    if (intended >= state.stop_at()) break;

    std::this_thread::sleep_until(intended);
    if (!state.WaitForRoom(options.concurrency, state.stop_at())) break;
    state.Start(index, intended, nullptr);
  }
  state.WaitUntilIdle();
}

}  // namespace

void StatusCounts::Add(grpc::StatusCode code) {
  size_t index = static_cast<size_t>(code);
  if (index >= kCodes) index = static_cast<size_t>(grpc::StatusCode::UNKNOWN);
  counts_[index].fetch_add(1, std::memory_order_relaxed);
}

int64_t StatusCounts::total() const {
  int64_t total = 0;
  for (size_t i = 1; i < kCodes; ++i) total += counts_[i].load(std::memory_order_relaxed);
  return total;
}

std::map<std::string, int64_t> StatusCounts::ByName() const {
  std::map<std::string, int64_t> by_name;
  for (size_t i = 0; i < kCodes; ++i) {
    const int64_t count = counts_[i].load(std::memory_order_relaxed);
    if (count > 0) by_name[std::string(CodeName(static_cast<Code>(i)))] = count;
  }
  return by_name;
}

void Drive(const DriveOptions& options, const AsyncCall& call, DriveResult* result) {
  DriveState state(options, call, result);
  if (options.rate > 0) {
    DriveOpenLoop(options, state);
  } else {
    DriveClosedLoop(options, state);
  }
}

}  // namespace dchat::load
