// UiSession: one signed-in browser session, shared by all of its tabs.
//
// It owns the dchat::Client that stores the user's gateway token (the
// token never leaves the server), the session's CSRF token, and at most one
// gateway event stream. The stream opens when the first WebSocket of the
// session attaches and closes once the last one has been gone for a grace
// period, so the user counts as online exactly while a page is open and a
// reload does not flicker their presence. Each event is serialized once
// and fanned out to every attached socket.
//
// Thread safety: all methods may be called from any thread. Event sinks
// are called without the session's lock held.
//
// Lifetime: the session store calls End() before it drops a session, so
// the stream is never destroyed on its own callback thread.
#ifndef DCHAT_SERVERS_UI_UI_SESSION_H_
#define DCHAT_SERVERS_UI_UI_SESSION_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "dchat/client.h"
#include "ui/outbound_event.h"

namespace dchat::ui {

// The receiving side of a session's events: a WebSocket. Every method may
// be called from any thread and must return without blocking.
class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual void OnEvent(OutboundEvent event) = 0;
  // The gateway stream is (again) open and has delivered its backlog:
  // whatever was sent before it may be missing, so catch up from History.
  virtual void OnStreamReady() = 0;
  // The gateway stream broke and is reconnecting; OnStreamReady() follows
  // once it is back. Until then a History catch-up could miss messages that
  // the new stream then treats as already sent, so none should start.
  virtual void OnStreamLost() = 0;
  // The stream ended for good. `signed_out` when the gateway no longer
  // accepts the session's token.
  virtual void OnStreamEnded(bool signed_out) = 0;
};

class UiSession : public std::enable_shared_from_this<UiSession> {
 public:
  using Clock = std::chrono::steady_clock;

  UiSession(std::string id, std::string csrf_token, v1::User user,
            std::unique_ptr<Client> client, Clock::time_point now);
  ~UiSession();

  UiSession(const UiSession&) = delete;
  UiSession& operator=(const UiSession&) = delete;

  const std::string& id() const { return id_; }
  const std::string& csrf_token() const { return csrf_token_; }
  const v1::User& user() const { return user_; }
  Client& client() { return *client_; }

  // Whether the user is known to be a member of "general", which the form
  // endpoints post to; saves a JoinRoom per request.
  bool general_joined() const { return general_joined_.load(); }
  void set_general_joined(bool joined) { general_joined_.store(joined); }

  // Records a use, which restarts the idle expiry.
  void Touch(Clock::time_point now);
  Clock::time_point last_used() const;

  // Counts a WebSocket of this session, from the upgrade request until the
  // socket is destroyed; false when `max` are open already.
  bool TryAddSocket(size_t max);
  void RemoveSocket();

  // Adds a socket and opens the gateway stream when it is not open.
  // Returns true when the stream is ready already, so the socket should
  // catch up now instead of waiting for OnStreamReady().
  bool Attach(const std::shared_ptr<EventSink>& sink);
  void Detach(const EventSink* sink);

  // What the periodic sweep should do with this session.
  enum class Health { kFine, kSignedOut, kStreamBroken };
  Health health() const;

  // Takes the stream out when it has had no socket for `grace`, or has
  // ended by itself. The caller stops it off the I/O threads.
  std::unique_ptr<Subscription> TakeUnusedStream(Clock::time_point now,
                                                 std::chrono::seconds grace);

  // Ends the session: tells the sockets and returns the stream, if any, for
  // the caller to stop off the I/O threads. Idempotent.
  std::unique_ptr<Subscription> End(bool signed_out);
  bool ended() const;

 private:
  void StartStream();
  void OnGatewayEvent(uint64_t generation, const v1::Event& event);
  void OnGatewayReconnect(uint64_t generation, const Status& status);
  void OnGatewayDone(uint64_t generation, const Status& status);
  std::vector<std::shared_ptr<EventSink>> LiveSinks();

  const std::string id_;
  const std::string csrf_token_;
  const v1::User user_;
  const std::unique_ptr<Client> client_;
  std::atomic<bool> general_joined_{false};
  std::atomic<Clock::rep> last_used_;
  std::atomic<size_t> open_sockets_{0};

  mutable std::mutex mutex_;
  std::vector<std::weak_ptr<EventSink>> sinks_;         // guarded by mutex_
  std::unique_ptr<Subscription> stream_;                // guarded by mutex_
  bool stream_starting_ = false;                        // guarded by mutex_
  bool stream_ready_ = false;                           // guarded by mutex_
  // Set when the stream stopped by itself; the sweep then ends the session
  // (signed out) or drops the stream so the next socket opens a new one.
  std::optional<Status> stream_failure_;                // guarded by mutex_
  Clock::time_point unused_since_;                      // guarded by mutex_
  bool ended_ = false;                                  // guarded by mutex_
  // Counts the streams opened; callbacks of a stream that has been taken
  // out carry an older number and are ignored.
  uint64_t generation_ = 0;                             // guarded by mutex_
};

}  // namespace dchat::ui

#endif  // DCHAT_SERVERS_UI_UI_SESSION_H_
