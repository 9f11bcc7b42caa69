// CatchUpFeed: delivers the messages of several rooms to one bounded stream,
// in sequence order per room, with no gap and no duplicate.
//
// Two sources feed it: live notifications of committed messages (fast, but
// they may come out of order or be missed while the stream is full) and a
// reader of stored history (slow, but complete). A room whose live path
// breaks (a gap, a full stream, a resubscribe) is marked behind and served
// from the reader until it has caught up with the newest sequence seen, then
// goes back to live delivery. Memory per feed is its cursors plus the
// stream's bounded queue, however slow the reader.
//
// Thread safety: all methods may be called from any thread. Reads run on
// the executor given at construction, one at a time per feed.
#ifndef DCHAT_SERVICES_CATCH_UP_FEED_H_
#define DCHAT_SERVICES_CATCH_UP_FEED_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "dchat/status.h"
#include "dchat/v1/common.pb.h"

namespace dchat::services {

// One page of stored messages after a sequence, ascending.
struct StoredPage {
  std::vector<v1::Message> messages;
  int64_t last_seq = 0;  // the room's newest sequence when read
};

class CatchUpFeed : public std::enable_shared_from_this<CatchUpFeed> {
 public:
  struct Callbacks {
    // Reads up to `limit` messages with seq > after_seq.
    std::function<Result<StoredPage>(const std::string& room_id, int64_t after_seq, int limit)>
        read_after;
    // Queues one message on the stream; false when the stream is full or
    // closed. Called with the feed's lock held, so it must not call back
    // into the feed.
    std::function<bool(const v1::Message&)> emit;
    // Optional: queues the marker that every room's backlog has been sent,
    // once. Same rules as `emit`.
    std::function<bool()> emit_ready;
    // Runs a task on a worker thread.
    std::function<void(std::function<void()>)> execute;
    // A read failed; the feed stops. The owner ends the stream.
    std::function<void(const Status&)> on_error;
  };

  // Reads at most this many messages per stored page.
  static constexpr int kPageSize = 256;

  explicit CatchUpFeed(Callbacks callbacks);

  // Follows `room_id` from `after_seq`: 0 from the first message, a
  // negative value from the newest one at the time of the call. Following a
  // room again keeps its current cursor.
  void Follow(const std::string& room_id, int64_t after_seq);
  void Unfollow(const std::string& room_id);
  bool IsFollowing(const std::string& room_id) const;

  // Starts delivery; call after the initial Follow calls.
  void Start();

  // A message was committed. Ignored for rooms not followed.
  void OnLive(const v1::Message& message);

  // The stream's queue has room again.
  void OnDrained();

  // Live notifications may have been lost (for example the source
  // reconnected): every room catches up from storage.
  void Resync();

  // Stops delivering; later calls do nothing.
  void Stop();

  // The last sequence delivered per room.
  std::map<std::string, int64_t> Cursors() const;

 private:
  struct Cursor {
    int64_t delivered = 0;    // last sequence emitted
    int64_t newest_seen = 0;  // highest sequence seen live
    bool resolved = true;     // false until `delivered` is known
    bool behind = true;       // serve from storage until caught up
  };

  void SchedulePumpLocked();
  void Pump();
  // Returns false when the pump must stop (stream full, error, stopped).
  bool PumpRoom(const std::string& room_id);
  bool AnyBehindLocked() const;
  void MaybeEmitReadyLocked();

  const Callbacks callbacks_;

  mutable std::mutex mutex_;
  std::map<std::string, Cursor> rooms_;  // guarded by mutex_
  bool started_ = false;                 // guarded by mutex_
  bool pumping_ = false;                 // guarded by mutex_
  bool waiting_for_drain_ = false;       // guarded by mutex_
  bool ready_sent_ = false;              // guarded by mutex_
  bool stopped_ = false;                 // guarded by mutex_
};

}  // namespace dchat::services

#endif  // DCHAT_SERVICES_CATCH_UP_FEED_H_
