// EventCollector<T>: gathers the messages of a server stream opened in push
// form, so a test can wait for the one it expects.
//
//   dchat::testing::EventCollector<dchat::v1::MembershipEvent> events;
//   auto stream = rooms.WatchMembership(request, events.OnMessage(), events.OnDone());
//   auto joined = events.WaitFor([](const auto& e) { return e.user_id() == "u1"; });
//
// Declare the collector before the stream, so that the stream, whose
// destructor waits for its callbacks, is destroyed first.
#ifndef DCHAT_TESTS_SUPPORT_EVENT_COLLECTOR_H_
#define DCHAT_TESTS_SUPPORT_EVENT_COLLECTOR_H_

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <vector>

#include "dchat/status.h"

namespace dchat::testing {

template <class T>
class EventCollector {
 public:
  using Predicate = std::function<bool(const T&)>;

  // The callbacks to pass to a typed client's push-form stream call.
  std::function<void(const T&)> OnMessage() {
    return [this](const T& event) {
      std::lock_guard lock(mutex_);
      events_.push_back(event);
      changed_.notify_all();
    };
  }
  std::function<void(const Status&)> OnDone() {
    return [this](const Status& status) {
      std::lock_guard lock(mutex_);
      end_status_ = status;
      changed_.notify_all();
    };
  }

  // Waits until a collected event matches `predicate` and returns the first
  // that does, or nullopt when none has arrived within `timeout`.
  std::optional<T> WaitFor(const Predicate& predicate,
                           std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    std::unique_lock lock(mutex_);
    std::optional<T> found;
    changed_.wait_for(lock, timeout, [&] {
      for (const T& event : events_) {
        if (predicate(event)) {
          found = event;
          return true;
        }
      }
      return false;
    });
    return found;
  }

  // Waits until the stream has ended and returns its final status, or
  // nullopt when it is still open after `timeout`.
  std::optional<Status> WaitForEnd(std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, timeout, [&] { return end_status_.has_value(); });
    return end_status_;
  }

  // The events that match `predicate`, in arrival order.
  std::vector<T> Matching(const Predicate& predicate) const {
    std::lock_guard lock(mutex_);
    std::vector<T> matching;
    for (const T& event : events_) {
      if (predicate(event)) matching.push_back(event);
    }
    return matching;
  }

  // Removes the events collected so far.
  void Clear() {
    std::lock_guard lock(mutex_);
    events_.clear();
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<T> events_;             // guarded by mutex_
  std::optional<Status> end_status_;  // guarded by mutex_
};

}  // namespace dchat::testing

#endif  // DCHAT_TESTS_SUPPORT_EVENT_COLLECTOR_H_
