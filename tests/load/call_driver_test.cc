#include "load/call_driver.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

namespace dchat::load {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// Completes calls on a thread of its own after a fixed delay, as a server
// replying over the network would.
class DelayedCompleter {
 public:
  explicit DelayedCompleter(std::chrono::milliseconds delay) : delay_(delay) {
    thread_ = std::thread([this] { Run(); });
  }

  ~DelayedCompleter() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    changed_.notify_all();
    thread_.join();
  }

  AsyncCall Call(grpc::StatusCode code = grpc::StatusCode::OK) {
    return [this, code](int64_t, int64_t, CallDone done) {
      std::lock_guard lock(mutex_);
      pending_.push_back({Clock::now() + delay_, [done = std::move(done), code] { done(code); }});
      changed_.notify_all();
    };
  }

 private:
  struct Pending {
    Clock::time_point due;
    std::function<void()> complete;
  };

  // Completes calls in arrival order, which with one fixed delay is also
  // due order.
  void Run() {
    std::unique_lock lock(mutex_);
    while (!stopping_ || !pending_.empty()) {
      if (pending_.empty()) {
        changed_.wait(lock);
        continue;
      }
      if (Clock::now() < pending_.front().due) {
        changed_.wait_until(lock, pending_.front().due);
        continue;
      }
      Pending next = std::move(pending_.front());
      pending_.pop_front();
      lock.unlock();
      next.complete();
      lock.lock();
    }
  }

  const std::chrono::milliseconds delay_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Pending> pending_;
  bool stopping_ = false;
  std::thread thread_;
};

double Seconds(Clock::duration duration) { return std::chrono::duration<double>(duration).count(); }

TEST(DriveTest, ClosedLoopStopsAtCallCount) {
  DelayedCompleter completer(1ms);
  DriveOptions options;
  options.concurrency = 8;
  options.max_calls = 500;
  options.duration = 60s;

  DriveResult result;
  const auto start = Clock::now();
  Drive(options, completer.Call(), &result);

  EXPECT_EQ(result.started, 500);
  EXPECT_EQ(result.succeeded, 500);
  EXPECT_EQ(result.latency.count(), 500);
  EXPECT_EQ(result.errors.total(), 0);
  EXPECT_LT(Seconds(Clock::now() - start), 10.0);
}

TEST(DriveTest, ClosedLoopStopsAtDuration) {
  DelayedCompleter completer(2ms);
  DriveOptions options;
  options.concurrency = 4;
  options.duration = 300ms;

  DriveResult result;
  const auto start = Clock::now();
  Drive(options, completer.Call(), &result);
  const double elapsed = Seconds(Clock::now() - start);

  EXPECT_GE(elapsed, 0.3);
  EXPECT_LT(elapsed, 1.0);
  EXPECT_GT(result.started, 0);
  EXPECT_EQ(result.succeeded, result.started);
  EXPECT_GE(result.elapsed_seconds, 0.3);
}

TEST(DriveTest, CallsThatCompleteInlineDoNotRecurse) {
  // A million calls that end inside the call itself would overflow the
  // stack if each started the next from its completion.
  DriveOptions options;
  options.concurrency = 2;
  options.max_calls = 1000000;
  options.duration = 60s;
  DriveResult result;
  Drive(options, [](int64_t, int64_t, CallDone done) { done(grpc::StatusCode::OK); }, &result);
  EXPECT_EQ(result.started, 1000000);
  EXPECT_EQ(result.succeeded, 1000000);
}

TEST(DriveTest, FailuresAreCountedByCode) {
  DelayedCompleter completer(1ms);
  DriveOptions options;
  options.concurrency = 2;
  options.max_calls = 20;
  DriveResult result;
  Drive(options, completer.Call(grpc::StatusCode::UNAVAILABLE), &result);

  EXPECT_EQ(result.started, 20);
  EXPECT_EQ(result.succeeded, 0);
  EXPECT_EQ(result.errors.total(), 20);
  EXPECT_EQ(result.errors.ByName().at("UNAVAILABLE"), 20);
  EXPECT_EQ(result.latency.count(), 0);
}

TEST(DriveTest, OpenLoopKeepsItsRate) {
  DelayedCompleter completer(1ms);
  DriveOptions options;
  options.rate = 1000;
  options.concurrency = 100;
  options.duration = 500ms;
  DriveResult result;
  Drive(options, completer.Call(), &result);

  // 500 ticks in 0.5 s, give or take the first and the last.
  EXPECT_GE(result.started, 490);
  EXPECT_LE(result.started, 501);
  EXPECT_EQ(result.succeeded, result.started);
}

TEST(DriveTest, OpenLoopStopsAtCallCount) {
  DelayedCompleter completer(1ms);
  DriveOptions options;
  options.rate = 2000;
  options.concurrency = 100;
  options.max_calls = 50;
  options.duration = 60s;
  DriveResult result;
  const auto start = Clock::now();
  Drive(options, completer.Call(), &result);
  EXPECT_EQ(result.started, 50);
  EXPECT_LT(Seconds(Clock::now() - start), 1.0);
}

TEST(DriveTest, OpenLoopChargesWaitsToLatency) {
  // Calls take 50 ms but only 2 may be in flight at 200 per second, so
  // the ticker falls behind; latency counts from when each call was due,
  // so it grows far beyond the 50 ms a call takes once started.
  DelayedCompleter completer(50ms);
  DriveOptions options;
  options.rate = 200;
  options.concurrency = 2;
  options.duration = 500ms;
  DriveResult result;
  Drive(options, completer.Call(), &result);

  EXPECT_GT(result.succeeded, 0);
  EXPECT_GE(result.latency.min(), 50000);
  EXPECT_GT(result.latency.max(), 200000);
}

TEST(DriveTest, SlowCallsEndTheRunByTheirOwnDeadline) {
  // Each call replies after 400 ms, as one that hits its deadline would;
  // the run stops starting calls at 100 ms and ends when they have.
  DelayedCompleter completer(400ms);
  DriveOptions options;
  options.concurrency = 4;
  options.duration = 100ms;
  DriveResult result;
  const auto start = Clock::now();
  Drive(options, completer.Call(grpc::StatusCode::DEADLINE_EXCEEDED), &result);
  const double elapsed = Seconds(Clock::now() - start);

  EXPECT_EQ(result.started, 4);
  EXPECT_EQ(result.errors.ByName().at("DEADLINE_EXCEEDED"), 4);
  EXPECT_GE(elapsed, 0.4);
  EXPECT_LT(elapsed, 1.0);
}

}  // namespace
}  // namespace dchat::load
