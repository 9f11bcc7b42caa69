#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "dchat/storage.h"
#include "internal/validation.h"

namespace dchat {
namespace {

class MemoryMessageStore final : public MessageStore {
 public:
  Result<MessageRecord> Append(const MessageRecord& message,
                               bool* duplicate) override {
    std::lock_guard<std::mutex> lock(mutex_);
    RoomLog& log = rooms_[message.room_id];

    const bool has_key = !message.idempotency_key.empty();
    const std::pair<std::string, std::string> key(message.sender_id,
                                                  message.idempotency_key);
    if (has_key) {
      auto it = log.seq_by_key.find(key);
      if (it != log.seq_by_key.end()) {
        if (duplicate != nullptr) *duplicate = true;
        return log.messages[static_cast<size_t>(it->second - 1)];
      }
    }

    MessageRecord stored = message;
    stored.seq = static_cast<int64_t>(log.messages.size()) + 1;
    stored.created_at_us = internal::NowMicros();
    log.messages.push_back(stored);
    if (has_key) log.seq_by_key.emplace(key, stored.seq);
    if (duplicate != nullptr) *duplicate = false;

    // Under the lock, so listeners see the commit order.
    if (listener_) listener_(stored);
    return stored;
  }

  void SetCommitListener(CommitListener listener) override {
    std::lock_guard<std::mutex> lock(mutex_);
    listener_ = std::move(listener);
  }

  Result<MessagePage> Read(const std::string& room_id, int64_t before_seq,
                           int64_t after_seq, int limit) override {
    if (limit < 1) {
      return InvalidArgumentError("page limit " + std::to_string(limit) +
                                  " is invalid: use a limit of at least 1");
    }
    std::lock_guard<std::mutex> lock(mutex_);
    MessagePage page;
    auto it = rooms_.find(room_id);
    if (it == rooms_.end()) return page;
    const std::vector<MessageRecord>& messages = it->second.messages;
    page.last_seq = static_cast<int64_t>(messages.size());

    // Sequences run 1..last_seq without gaps, so the message with sequence
    // s is messages[s - 1]. The open range (after_seq, before_seq) becomes
    // the closed range [first, last].
    const int64_t first = std::max<int64_t>(after_seq, 0) + 1;
    const int64_t last = before_seq > 0
                             ? std::min(before_seq - 1, page.last_seq)
                             : page.last_seq;
    if (first > last) return page;

    const int64_t count = std::min<int64_t>(last - first + 1, limit);
    page.has_more = count < last - first + 1;
    // With after_seq the page starts right after it, otherwise it ends at
    // the newest message in range.
    const int64_t start = after_seq > 0 ? first : last - count + 1;
    page.messages.assign(messages.begin() + (start - 1),
                         messages.begin() + (start - 1 + count));
    return page;
  }

  Result<int64_t> LastSeq(const std::string& room_id) override {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = rooms_.find(room_id);
    if (it == rooms_.end()) return int64_t{0};
    return static_cast<int64_t>(it->second.messages.size());
  }

 private:
  struct RoomLog {
    std::vector<MessageRecord> messages;  // messages[i] has seq i + 1
    // Sequence of each message that has an idempotency key, by
    // (sender_id, idempotency_key).
    std::map<std::pair<std::string, std::string>, int64_t> seq_by_key;
  };

  std::mutex mutex_;
  std::map<std::string, RoomLog> rooms_;  // guarded by mutex_; by room_id
  CommitListener listener_;               // guarded by mutex_
};

}  // namespace

std::unique_ptr<MessageStore> NewMemoryMessageStore() {
  return std::make_unique<MemoryMessageStore>();
}

}  // namespace dchat
