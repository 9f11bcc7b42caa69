// StreamHub<Event>: fans live events out to the server streams of watchers,
// each of which may limit itself to a set of rooms.
//
// A watcher that cannot keep up is not waited for: when its stream's queue
// is full, the hub ends that stream with RESOURCE_EXHAUSTED and drops it, so
// one slow client never delays the others. The watcher is expected to
// reconnect and reload what it missed.
//
// Thread safety: all methods may be called from any thread. Publish() only
// queues (ServerStream::Write never waits), so a caller may hold its own
// lock while publishing to keep its events in order, as long as no stream
// callback takes that lock.
//
// Lifetime: create hubs with std::make_shared. Streams closed after the hub
// is gone are ignored.
#ifndef DCHAT_SERVICES_STREAM_HUB_H_
#define DCHAT_SERVICES_STREAM_HUB_H_

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "dchat/server_stream.h"
#include "dchat/status.h"

namespace dchat::services {

template <class Event>
class StreamHub : public std::enable_shared_from_this<StreamHub<Event>> {
 public:
  using Stream = ServerStream<Event>;

  // `too_slow_message` is the status message of streams ended for falling
  // behind. It should tell the client to reconnect.
  explicit StreamHub(std::string too_slow_message)
      : too_slow_message_(std::move(too_slow_message)) {}

  StreamHub(const StreamHub&) = delete;
  StreamHub& operator=(const StreamHub&) = delete;

  // Registers `stream` until it closes. It receives the events of the rooms
  // in `room_ids`, or of every room when `room_ids` is empty.
  void Add(std::shared_ptr<Stream> stream, std::set<std::string> room_ids) {
    uint64_t id = 0;
    {
      std::lock_guard lock(mutex_);
      id = next_id_++;
      subscribers_.emplace(id, Subscriber{stream, std::move(room_ids)});
    }

    // Runs at once when the stream has already ended, so no entry lingers.
    std::weak_ptr<StreamHub> weak_hub = this->weak_from_this();
    stream->OnClosed([weak_hub, id](const Status&) {
      if (auto hub = weak_hub.lock()) hub->Remove(id);
    });
  }

  // Queues `event` on every stream that watches one of `room_ids`. Streams
  // that watch every room receive all events, even those of no room.
  void Publish(const Event& event, const std::vector<std::string>& room_ids) {
    std::vector<std::pair<uint64_t, std::shared_ptr<Stream>>> targets =
        MatchingStreams(room_ids);

    // Writes happen without the lock: a write may end a stream, and its
    // close callback takes the lock to remove it.
    for (auto& [id, stream] : targets) {
      if (stream->Write(event)) continue;
      stream->Finish(ResourceExhaustedError(too_slow_message_));
      Remove(id);
    }
  }

  // The number of registered streams.
  size_t size() const {
    std::lock_guard lock(mutex_);
    return subscribers_.size();
  }

 private:
  struct Subscriber {
    std::shared_ptr<Stream> stream;
    std::set<std::string> room_ids;  // empty: every room
  };

  std::vector<std::pair<uint64_t, std::shared_ptr<Stream>>> MatchingStreams(
      const std::vector<std::string>& room_ids) const {
    std::vector<std::pair<uint64_t, std::shared_ptr<Stream>>> targets;
    std::lock_guard lock(mutex_);
    targets.reserve(subscribers_.size());
    for (const auto& [id, subscriber] : subscribers_) {
      if (Watches(subscriber, room_ids)) targets.emplace_back(id, subscriber.stream);
    }
    return targets;
  }

  static bool Watches(const Subscriber& subscriber,
                      const std::vector<std::string>& room_ids) {
    if (subscriber.room_ids.empty()) return true;
    for (const std::string& room_id : room_ids) {
      if (subscriber.room_ids.contains(room_id)) return true;
    }
    return false;
  }

  void Remove(uint64_t id) {
    std::lock_guard lock(mutex_);
    subscribers_.erase(id);
  }

  const std::string too_slow_message_;

  mutable std::mutex mutex_;
  uint64_t next_id_ = 0;                       // guarded by mutex_
  std::map<uint64_t, Subscriber> subscribers_;  // guarded by mutex_
};

}  // namespace dchat::services

#endif  // DCHAT_SERVICES_STREAM_HUB_H_
