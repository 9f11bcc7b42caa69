// PresenceKeeper: keeps users with an open event stream online.
#ifndef DCHAT_SERVICES_GATEWAY_PRESENCE_KEEPER_H_
#define DCHAT_SERVICES_GATEWAY_PRESENCE_KEEPER_H_

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "services/gateway/upstreams.h"

namespace dchat::gateway {

// While a user has at least one open event stream on this gateway, the
// keeper sends the presence service a heartbeat every third of the time to
// live, with the user's chosen status (online unless set to away) and
// rooms. When the last stream closes the heartbeats stop, and the presence
// service turns the user offline once the time to live has passed.
// Thread-safe.
class PresenceKeeper {
 public:
  PresenceKeeper(std::shared_ptr<Upstreams> upstreams, std::chrono::milliseconds ttl);
  ~PresenceKeeper();

  // Counts one more open stream for `identity` and sends a heartbeat now.
  void Attach(const Identity& identity, const std::set<std::string>& rooms);
  // Counts one stream less.
  void Detach(const std::string& user_id);
  // Replaces the rooms sent for a user with open streams.
  void UpdateRooms(const std::string& user_id, const std::set<std::string>& rooms);
  // Remembers the status a user chose, for later heartbeats.
  void SetStatus(const std::string& user_id, v1::PresenceStatus status);

  std::chrono::milliseconds ttl() const { return ttl_; }

  // Stops the heartbeat thread; later calls do nothing.
  void Stop();

 private:
  struct Tracked {
    Identity identity;
    int streams = 0;
    std::set<std::string> rooms;
    v1::PresenceStatus status = v1::PRESENCE_STATUS_ONLINE;
  };

  void Run();
  void SendHeartbeats();
  v1::HeartbeatRequest MakeRequest(const Tracked& tracked) const;

  std::shared_ptr<Upstreams> upstreams_;
  const std::chrono::milliseconds ttl_;

  std::mutex mutex_;
  std::condition_variable wake_;
  std::map<std::string, Tracked> users_;               // guarded by mutex_
  std::map<std::string, v1::PresenceStatus> chosen_;   // guarded by mutex_
  bool stopping_ = false;                              // guarded by mutex_
  std::thread thread_;
};

}  // namespace dchat::gateway

#endif  // DCHAT_SERVICES_GATEWAY_PRESENCE_KEEPER_H_
