// Session: one open gateway event stream and what it follows.
#ifndef DCHAT_SERVICES_GATEWAY_SESSION_H_
#define DCHAT_SERVICES_GATEWAY_SESSION_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "dchat/server_stream.h"
#include "dchat/v1/gateway.pb.h"
#include "services/catch_up_feed.h"
#include "services/gateway/upstreams.h"

namespace dchat::gateway {

// Messages go through a CatchUpFeed, which reads missed ones from the
// message service, so they arrive per room in order with no gap and no
// duplicate. Presence, typing and membership events are written as they
// come and dropped when the client's queue is full. Thread-safe.
class Session : public std::enable_shared_from_this<Session> {
 public:
  using Stream = ServerStream<v1::Event>;
  using Executor = std::function<void(std::function<void()>)>;

  static std::shared_ptr<Session> Create(Identity identity, std::shared_ptr<Stream> stream,
                                         std::shared_ptr<Upstreams> upstreams, Executor execute);

  const Identity& identity() const { return identity_; }
  const std::shared_ptr<Stream>& stream() const { return stream_; }

  // Follows `room_id` from `after_seq` (negative: from now on).
  void Follow(const std::string& room_id, int64_t after_seq);
  void Unfollow(const std::string& room_id);
  std::set<std::string> rooms() const;

  // Starts delivering the backlog, then live messages.
  void Start();
  void Stop();

  void OnMessage(const v1::Message& message) { feed_->OnLive(message); }
  void OnDrained() { feed_->OnDrained(); }
  // Live messages may have been missed; catch up from the message service.
  void Resync() { feed_->Resync(); }
  // Writes a non-message event, or drops it when the queue is full.
  void Deliver(const v1::Event& event);

  // Events dropped so far because the client read too slowly.
  int64_t dropped() const { return dropped_.load(); }

 private:
  Session(Identity identity, std::shared_ptr<Stream> stream, std::shared_ptr<Upstreams> upstreams);

  // The feed's callbacks hold the session weakly: a read still queued when
  // the stream ends finds the session gone and stops.
  void CreateFeed(Executor execute);
  bool EmitReady();
  Result<services::StoredPage> ReadAfter(const std::string& room_id, int64_t after_seq, int limit);

  const Identity identity_;
  const std::shared_ptr<Stream> stream_;
  const std::shared_ptr<Upstreams> upstreams_;
  std::shared_ptr<services::CatchUpFeed> feed_;

  mutable std::mutex mutex_;
  std::set<std::string> rooms_;  // guarded by mutex_
  std::atomic<int64_t> dropped_{0};
};

}  // namespace dchat::gateway

#endif  // DCHAT_SERVICES_GATEWAY_SESSION_H_
