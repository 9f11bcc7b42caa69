// dchat::Client: the high-level client for applications.
//
// One Client talks to one gateway for one user at a time:
//
//   auto client = dchat::Client::Connect("localhost:8080");
//   if (!client.ok()) return Fail(client.status());
//   dchat::Client& chat = **client;
//   if (auto login = chat.Login("alice", password); !login.ok()) ...
//   auto joined = chat.JoinRoom("general");
//   auto sent = chat.Send("general", "hello");
//   auto subscription = chat.Subscribe({}, [](const dchat::v1::Event& event) {
//     if (event.has_message()) Show(event.message());
//   });
//
// Every call has a deadline (ClientConfig::client.timeout), and calls that
// are safe to repeat are retried on UNAVAILABLE. Login stores the session
// token, which every later call carries.
//
// Thread safety: all methods may be called from many threads at once.
// Lifetime: a Subscription must be destroyed (or stopped) before the Client
// that made it.
#ifndef DCHAT_CLIENT_H_
#define DCHAT_CLIENT_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "dchat/channel.h"
#include "dchat/gateway_client.h"
#include "dchat/options.h"
#include "dchat/status.h"

namespace dchat {

struct ClientConfig {
  ChannelOptions channel;
  // Deadline and retries of each call. The token field is managed by the
  // Client and ignored here.
  ClientOptions client;
  // Session token to start with, for example one saved by an earlier login.
  std::string token;
};

// Which page of history to read. Pages list the oldest message first.
struct HistoryQuery {
  // Only messages below this sequence; 0 means no upper bound.
  int64_t before_seq = 0;
  // When 0 or more, read forward from right after this sequence (0: from
  // the first message). When negative, read backward: the newest messages
  // below before_seq.
  int64_t after_seq = -1;
  // 1 to 500.
  int limit = 50;
};

struct SubscribeOptions {
  // Last sequence the application has per room; rooms not listed are
  // followed from now on. Updated by the Subscription as messages arrive,
  // so a reconnect resumes after the last message delivered.
  std::map<std::string, int64_t> after_seq;
  // Waits between reconnect attempts after the stream breaks.
  std::chrono::milliseconds initial_backoff{200};
  std::chrono::milliseconds max_backoff{5000};
};

// A live event subscription that reconnects by itself.
//
// After a dropped connection or a gateway restart it reopens the stream
// with the last sequence delivered per room, so the callback sees every
// message once, in order, across the switch. It stops for good on Stop(),
// on destruction, or on an error that a retry cannot fix
// (UNAUTHENTICATED, PERMISSION_DENIED, INVALID_ARGUMENT, NOT_FOUND); the
// done callback then receives that status.
class Subscription {
 public:
  virtual ~Subscription() = default;
  // Ends the subscription and waits until no callback is running. Must not
  // be called from inside a callback.
  virtual void Stop() = 0;
  // True once stopped, by Stop() or by a final error.
  virtual bool IsStopped() const = 0;
  // The last sequence delivered per room.
  virtual std::map<std::string, int64_t> Cursors() const = 0;
};

class Client {
 public:
  using EventCallback = std::function<void(const v1::Event&)>;
  using DoneCallback = std::function<void(const Status&)>;
  // Called with the status that broke the stream, before each reconnect.
  using ReconnectCallback = std::function<void(const Status&)>;

  // Opens a channel to the gateway at `address` ("host:port"). Does not
  // connect yet: the first call does. INVALID_ARGUMENT for an empty
  // address; NOT_FOUND for an unreadable TLS file.
  static Result<std::unique_ptr<Client>> Connect(const std::string& address,
                                                 ClientConfig config = {});

  virtual ~Client() = default;

  // The current session token; empty when not logged in.
  virtual std::string token() const = 0;
  virtual void set_token(std::string token) = 0;

  // Account. Login stores the token; Logout revokes it on the server and
  // forgets it.
  virtual Result<v1::User> Register(const std::string& username,
                                    const std::string& password,
                                    const std::string& display_name = "") = 0;
  virtual Result<v1::LoginResponse> Login(const std::string& username,
                                          const std::string& password) = 0;
  virtual Status Logout() = 0;
  virtual Result<v1::User> WhoAmI() = 0;

  // Rooms. `room` is a room name or id, in any case.
  virtual Result<v1::Room> CreateRoom(
      const std::string& name, const std::string& topic = "",
      v1::RoomVisibility visibility = v1::ROOM_VISIBILITY_PUBLIC) = 0;
  virtual Result<v1::Room> GetRoom(const std::string& room) = 0;
  // Every page, up to `max_rooms`.
  virtual Result<std::vector<v1::Room>> ListRooms(
      v1::RoomScope scope = v1::ROOM_SCOPE_VISIBLE, int max_rooms = 10000) = 0;
  virtual Result<v1::Room> JoinRoom(const std::string& room) = 0;
  virtual Status LeaveRoom(const std::string& room) = 0;
  virtual Status Invite(const std::string& room, const std::string& username) = 0;
  // Every page, up to `max_members`.
  virtual Result<std::vector<v1::Member>> ListMembers(const std::string& room,
                                                      int max_members = 10000) = 0;

  // Messages. Send with an empty key generates a random one, so its own
  // retries can never store the message twice.
  virtual Result<v1::Message> Send(const std::string& room, const std::string& text,
                                   const std::string& idempotency_key = "") = 0;
  virtual Result<v1::ListMessagesResponse> History(const std::string& room,
                                                   const HistoryQuery& query = {}) = 0;

  // Presence.
  virtual Result<v1::Presence> SetPresence(v1::PresenceStatus status) = 0;
  virtual Status SetTyping(const std::string& room) = 0;
  virtual Result<v1::GetRosterResponse> Roster(const std::string& room) = 0;

  // Follows the caller's events with automatic resume (see Subscription).
  // `on_event` and `on_done` run on the subscription's own thread.
  virtual std::unique_ptr<Subscription> Subscribe(
      SubscribeOptions options, EventCallback on_event,
      DoneCallback on_done = nullptr, ReconnectCallback on_reconnect = nullptr) = 0;

  // The typed gateway client underneath, for calls not wrapped here.
  virtual const GatewayClient& gateway() const = 0;
};

}  // namespace dchat

#endif  // DCHAT_CLIENT_H_
