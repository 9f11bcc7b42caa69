#include "load/followers.h"

#include "load/message_stamp.h"

namespace dchat::load {
namespace {

int64_t SteadyNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Followers::Followers(Fleet* fleet) : fleet_(fleet) {}

Followers::~Followers() {
  closing_ = true;
  // Cancelling every stream first lets them end together; each destructor
  // then only waits for its own end.
  for (auto& follower : followers_) {
    if (follower->stream) follower->stream->Cancel();
  }
  followers_.clear();
}

Status Followers::Open(int per_room, std::chrono::milliseconds timeout) {
  const int rooms = static_cast<int>(fleet_->room_ids().size());
  for (int room = 0; room < rooms; ++room) {
    const std::vector<int>& members = fleet_->members(room);
    for (int i = 0; i < per_room; ++i) {
      LoadClient& client = fleet_->clients()[members[i % members.size()]];
      auto follower = std::make_unique<Follower>();
      follower->room = room;
      Follower* raw = follower.get();
      followers_.push_back(std::move(follower));

      // An empty request follows every room the user is a member of, which
      // is this one room, from now on.
      raw->stream = client.gateway->Subscribe(
          v1::SubscribeRequest(), [this, raw](const v1::Event& event) { OnEvent(*raw, event); },
          [this](const Status& status) { OnDone(status); });
    }
  }

  const int total = static_cast<int>(followers_.size());
  std::unique_lock lock(mutex_);
  bool settled = changed_.wait_for(lock, timeout, [&] {
    return ready_ == total || !first_error_.ok();
  });
  if (!first_error_.ok()) return first_error_;
  if (!settled) {
    return DeadlineExceededError(std::to_string(ready_) + " of " + std::to_string(total) +
                                 " follower streams were ready after " +
                                 std::to_string(timeout.count()) + " ms");
  }
  return OkStatus();
}

void Followers::MarkSendStart() { send_start_ns_ = SteadyNanos(); }

void Followers::OnEvent(Follower& follower, const v1::Event& event) {
  if (event.has_ready()) {
    std::lock_guard lock(mutex_);
    ++ready_;
    changed_.notify_all();
    return;
  }
  if (!event.has_message()) return;

  // Only stamped messages are this run's.
  const v1::Message& message = event.message();
  std::optional<int64_t> sent_at_us = ReadStamp(message.text());
  if (!sent_at_us) return;

  if (message.seq() <= follower.last_seq) {
    duplicates_.fetch_add(1);
    return;
  }
  if (follower.last_seq != 0 && message.seq() != follower.last_seq + 1) gaps_.fetch_add(1);
  follower.last_seq = message.seq();

  latency_.Record(WallMicros() - *sent_at_us);
  last_delivery_ns_.store(SteadyNanos(), std::memory_order_relaxed);
  delivered_.fetch_add(1);

  // Waking the waiter for every delivery would cost more than the
  // delivery, so only every 1024th does; the waiter also polls.
  if ((delivered_.load(std::memory_order_relaxed) & 1023) == 0) changed_.notify_all();
}

void Followers::OnDone(const Status& status) {
  if (!closing_) stream_ends_.Add(static_cast<grpc::StatusCode>(status.code()));
  std::lock_guard lock(mutex_);
  ++ended_;
  if (!closing_ && first_error_.ok()) {
    first_error_ = status.ok() ? UnavailableError("a follower stream ended early") : status;
  }
  changed_.notify_all();
}

void Followers::WaitForDeliveries(int64_t expected, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::unique_lock lock(mutex_);
  while (delivered_.load() < expected && std::chrono::steady_clock::now() < deadline) {
    changed_.wait_for(lock, std::chrono::milliseconds(10));
  }
}

DeliveryStats Followers::Stats(int64_t expected) const {
  DeliveryStats stats;
  stats.followers = static_cast<int>(followers_.size());
  stats.expected = expected;
  stats.delivered = delivered_.load();
  stats.duplicates = duplicates_.load();
  stats.gaps = gaps_.load();
  stats.stream_ends = stream_ends_.ByName();
  stats.latency = latency_.Summarize();

  const int64_t span_ns = last_delivery_ns_.load() - send_start_ns_.load();
  if (span_ns > 0 && send_start_ns_.load() > 0) {
    stats.per_second = static_cast<double>(stats.delivered) * 1e9 / static_cast<double>(span_ns);
  }
  return stats;
}

}  // namespace dchat::load
