// AppendQueue: the appends that wait for a message store's writer thread,
// and that thread. Callers queue appends without blocking. The thread takes
// up to kMaxAppendBatch of them at a time and hands them to the store's
// commit function, so appends that arrive together share one transaction
// and one fsync.
#ifndef DCHAT_STORAGE_APPEND_QUEUE_H_
#define DCHAT_STORAGE_APPEND_QUEUE_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "dchat/status.h"
#include "dchat/storage.h"

namespace dchat::internal {

// Maximum number of appends committed in one transaction. Larger batches
// amortize the commit over more messages but make the first caller in a
// batch wait longer.
inline constexpr size_t kMaxAppendBatch = 512;

// The outcome of one append, as the writer thread reports it.
struct AppendOutcome {
  Result<MessageRecord> message;
  bool duplicate = false;
};

// An append waiting for the writer thread. The commit function calls
// `done` once the batch that carries it has committed or failed.
struct PendingAppend {
  MessageRecord message;
  AppendDone done;
};

using AppendBatch = std::vector<std::unique_ptr<PendingAppend>>;

class AppendQueue {
 public:
  // Commits one batch, in queue order, and calls every append's `done`.
  using CommitFunction = std::function<void(const AppendBatch& batch)>;
  // The error for appends queued while the queue is being destroyed, such
  // as UNAVAILABLE "message store ... is closing".
  using ClosingError = std::function<Status()>;

  // Starts the writer thread, which calls `commit`. Declare the queue
  // after every member that `commit` uses, so that the thread starts after
  // them and stops before them.
  AppendQueue(CommitFunction commit, ClosingError closing_error);
  // Commits every queued append, then stops the writer thread.
  ~AppendQueue();

  AppendQueue(const AppendQueue&) = delete;
  AppendQueue& operator=(const AppendQueue&) = delete;

  // Queues an append; once the queue is stopping, calls `done` at once
  // with the closing error instead.
  void Push(MessageRecord message, AppendDone done);

 private:
  void RunWriter();

  CommitFunction commit_;
  ClosingError closing_error_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::unique_ptr<PendingAppend>> queue_;  // guarded by mutex_
  bool stopping_ = false;                              // guarded by mutex_
  std::thread writer_;  // declared last, so started last
};

// Runs store.AppendAsync and waits for its outcome: the blocking Append of
// stores that commit on a writer thread.
Result<MessageRecord> AppendAndWait(MessageStore& store, const MessageRecord& message,
                                    bool* duplicate);

}  // namespace dchat::internal

#endif  // DCHAT_STORAGE_APPEND_QUEUE_H_
