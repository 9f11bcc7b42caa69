// CommitRelay: passes committed messages to a MessageStore's commit
// listener in each room's sequence order with no gap. The messages come
// from two sources at once: this store's writer thread, and notifications
// of commits made by other stores on the same database.
#ifndef DCHAT_STORAGE_POSTGRES_COMMIT_RELAY_H_
#define DCHAT_STORAGE_POSTGRES_COMMIT_RELAY_H_

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "dchat/status.h"
#include "dchat/storage.h"

namespace dchat::internal {

// Reads a room's committed messages with after_seq < seq <= last_seq, in
// sequence order.
using RangeReader = std::function<Result<std::vector<MessageRecord>>(
    const std::string& room_id, int64_t after_seq, int64_t last_seq)>;

class CommitRelay {
 public:
  // Waits for a call of the current listener to return, then replaces it.
  void SetListener(CommitListener listener);

  // Passes messages that this store committed, in commit order. A room's
  // messages that were committed elsewhere before them and not passed yet
  // are read through `read` and passed first. When that read fails, the
  // relay logs it and skips them, because the caller's messages must not
  // wait.
  void PassCommitted(const std::vector<MessageRecord>& messages,
                     const RangeReader& read);

  // Passes a room's messages up to `last_seq` that have not been passed
  // yet, read through `read`. Without a listener it only marks them
  // passed. On a failed read the messages not passed stay unmarked, so a
  // later call passes them.
  Status PassUpTo(const std::string& room_id, int64_t last_seq,
                  const RangeReader& read);

 private:
  // Passes the room's messages from the one after the last passed up to
  // `last_seq`. Requires mutex_.
  Status CatchUpLocked(const std::string& room_id, int64_t last_seq,
                       const RangeReader& read);

  // Held while the listener runs, so that once SetListener returns, the
  // listener it replaced is never called again.
  std::mutex mutex_;
  CommitListener listener_;  // guarded by mutex_
  // The newest sequence of each room that the listener has received, or
  // that existed when the store opened. Rooms absent here are at 0.
  // Guarded by mutex_.
  std::unordered_map<std::string, int64_t> passed_seq_;
};

}  // namespace dchat::internal

#endif  // DCHAT_STORAGE_POSTGRES_COMMIT_RELAY_H_
