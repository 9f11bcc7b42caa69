// EventHub: the gateway's live event source. Follows the internal
// services' event streams and routes each event to the sessions it
// concerns.
#ifndef DCHAT_SERVICES_GATEWAY_EVENT_HUB_H_
#define DCHAT_SERVICES_GATEWAY_EVENT_HUB_H_

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "services/gateway/membership_cache.h"
#include "services/gateway/presence_keeper.h"
#include "services/gateway/session.h"
#include "services/gateway/upstreams.h"

namespace dchat::gateway {

// One upstream stream per internal service, whatever the number of
// sessions: every new message, every presence and typing event, and every
// membership change. Each is watched by its own thread, which reopens it
// after a failure, waiting longer each time, up to 2 s. Messages are routed
// on the gRPC thread that reads them, the other events on the watching
// thread. Messages may have been committed while the message stream was
// down, so every session catches up from history when it reopens, and
// again when its first message shows that the message service has
// registered it. Thread-safe.
class EventHub {
 public:
  EventHub(std::shared_ptr<Upstreams> upstreams, MembershipCache* memberships,
           PresenceKeeper* presence);
  ~EventHub();

  void Start();
  // Cancels the upstream streams and joins their threads.
  void Stop();

  void Add(const std::shared_ptr<Session>& session);
  void Remove(const Session* session);

 private:
  using SessionList = std::vector<std::shared_ptr<Session>>;

  void RouteMessage(const v1::Message& message);
  void RoutePresence(const v1::PresenceWatchEvent& watch_event);
  void RouteMembership(const v1::MembershipEvent& membership);
  void FollowJoinedRoom(const std::shared_ptr<Session>& session, const std::string& room_id);
  void UnfollowLeftRoom(const std::shared_ptr<Session>& session, const std::string& room_id);

  // Makes every session catch up from history.
  void ResyncAll();

  SessionList SessionsInRoom(const std::string& room_id);
  SessionList SessionsOfUser(const std::string& user_id);
  SessionList AllSessions();

  // Reads `reader` until it ends, passing each item to `handle`, and
  // returns the stream's final status. Stop() can cancel the read.
  template <class T>
  Status Drain(const std::string& name, std::unique_ptr<StreamReader<T>> reader,
               const std::function<void(const T&)>& handle);
  // Waits until `reader`, a stream in push form, ends and returns its
  // final status. Stop() can cancel it.
  template <class T>
  Status AwaitEnd(const std::string& name, std::unique_ptr<StreamReader<T>> reader);

  // Runs `run_once` until Stop(), waiting longer after each failure.
  void Watch(const char* name, std::function<Status()> run_once);

  std::shared_ptr<Upstreams> upstreams_;
  MembershipCache* memberships_;
  PresenceKeeper* presence_;

  std::mutex mutex_;
  std::map<std::string, std::map<const Session*, std::weak_ptr<Session>>>
      by_room_;  // guarded by mutex_
  std::map<std::string, std::map<const Session*, std::weak_ptr<Session>>>
      by_user_;  // guarded by mutex_
  // Cancels the upstream streams open now, by name.
  std::map<std::string, std::function<void()>> cancels_;  // guarded by mutex_
  std::atomic<bool> stopping_{false};
  std::vector<std::thread> threads_;
};

}  // namespace dchat::gateway

#endif  // DCHAT_SERVICES_GATEWAY_EVENT_HUB_H_
