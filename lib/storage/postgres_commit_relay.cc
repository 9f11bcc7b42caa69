#include "storage/postgres_commit_relay.h"

#include <spdlog/spdlog.h>

#include <utility>

namespace dchat::internal {

void CommitRelay::SetListener(CommitListener listener) {
  std::lock_guard<std::mutex> lock(mutex_);
  listener_ = std::move(listener);
}

void CommitRelay::PassCommitted(const std::vector<MessageRecord>& messages,
                                const RangeReader& read) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const MessageRecord& message : messages) {
    int64_t& passed = passed_seq_[message.room_id];
    // The notification of this commit may have arrived first.
    if (message.seq <= passed) continue;

    if (listener_ && message.seq > passed + 1) {
      const Status caught_up = CatchUpLocked(message.room_id, message.seq - 1, read);
      if (!caught_up.ok()) {
        spdlog::warn(
            "message store skips room {} sequences {} to {} in live "
            "delivery, because reading them failed: {}",
            message.room_id, passed + 1, message.seq - 1, caught_up.ToString());
      }
    }
    if (listener_) listener_(message);
    passed = message.seq;
  }
}

Status CommitRelay::PassUpTo(const std::string& room_id, int64_t last_seq,
                             const RangeReader& read) {
  std::lock_guard<std::mutex> lock(mutex_);
  return CatchUpLocked(room_id, last_seq, read);
}

Status CommitRelay::CatchUpLocked(const std::string& room_id, int64_t last_seq,
                                  const RangeReader& read) {
  int64_t& passed = passed_seq_[room_id];
  if (last_seq <= passed) return OkStatus();
  if (!listener_) {
    passed = last_seq;
    return OkStatus();
  }

  while (passed < last_seq) {
    Result<std::vector<MessageRecord>> messages = read(room_id, passed, last_seq);
    if (!messages.ok()) return messages.status();
    if (messages->empty()) {
      return InternalError("room " + room_id + " has no message after sequence " +
                           std::to_string(passed) + " although its last sequence is " +
                           std::to_string(last_seq));
    }
    for (const MessageRecord& message : *messages) {
      listener_(message);
      passed = message.seq;
    }
  }
  return OkStatus();
}

}  // namespace dchat::internal
