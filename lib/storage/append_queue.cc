#include "storage/append_queue.h"

#include <algorithm>
#include <future>
#include <iterator>
#include <utility>

namespace dchat::internal {

AppendQueue::AppendQueue(CommitFunction commit, ClosingError closing_error)
    : commit_(std::move(commit)), closing_error_(std::move(closing_error)) {
  writer_ = std::thread([this] { RunWriter(); });
}

AppendQueue::~AppendQueue() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_one();
  writer_.join();
}

void AppendQueue::Push(MessageRecord message, AppendDone done) {
  auto pending = std::make_unique<PendingAppend>();
  pending->message = std::move(message);
  pending->done = std::move(done);

  bool queued = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!stopping_) {
      queue_.push_back(std::move(pending));
      queued = true;
    }
  }
  if (!queued) {
    pending->done(closing_error_(), false);
    return;
  }
  changed_.notify_one();
}

void AppendQueue::RunWriter() {
  AppendBatch batch;
  while (true) {
    {
      std::unique_lock<std::mutex> lock(mutex_);
      changed_.wait(lock, [this] { return !queue_.empty() || stopping_; });
      if (queue_.empty()) return;  // stopping, and every append is done

      const size_t count = std::min(queue_.size(), kMaxAppendBatch);
      batch.assign(std::make_move_iterator(queue_.begin()),
                   std::make_move_iterator(queue_.begin() + count));
      queue_.erase(queue_.begin(), queue_.begin() + count);
    }
    commit_(batch);
  }
}

Result<MessageRecord> AppendAndWait(MessageStore& store, const MessageRecord& message,
                                    bool* duplicate) {
  std::promise<AppendOutcome> promise;
  std::future<AppendOutcome> done = promise.get_future();
  store.AppendAsync(message, [&promise](Result<MessageRecord> stored, bool was_duplicate) {
    promise.set_value(AppendOutcome{std::move(stored), was_duplicate});
  });

  AppendOutcome outcome = done.get();
  if (duplicate != nullptr) *duplicate = outcome.duplicate;
  return std::move(outcome.message);
}

}  // namespace dchat::internal
