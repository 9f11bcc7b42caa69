// MembershipCache: answers "is this user a member of this room?" for the
// checks before send, history, typing and subscribe.
#ifndef DCHAT_SERVICES_GATEWAY_MEMBERSHIP_CACHE_H_
#define DCHAT_SERVICES_GATEWAY_MEMBERSHIP_CACHE_H_

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "services/gateway/upstreams.h"

namespace dchat::gateway {

// Caches positive answers of the room service for `ttl`. Leaves reported by
// the room service's membership events, and those made through this
// gateway, drop the entry at once; the time limit bounds how long a missed
// event can keep a former member in. Thread-safe.
class MembershipCache {
 public:
  MembershipCache(std::shared_ptr<Upstreams> upstreams, std::chrono::milliseconds ttl);

  // OK for a member; NOT_FOUND for an unknown room; PERMISSION_DENIED for
  // anyone else; UNAVAILABLE when the room service is down.
  Status RequireMember(const Identity& caller, const std::string& room_id);

  // True when the cache contains an unexpired positive result of the room
  // service; never blocks.
  bool IsCachedMember(const std::string& room_id, const std::string& user_id);

  void Remember(const std::string& room_id, const std::string& user_id);
  void Forget(const std::string& room_id, const std::string& user_id);
  void Apply(const v1::MembershipEvent& event);

 private:
  static constexpr size_t kMaxEntries = 200000;

  std::shared_ptr<Upstreams> upstreams_;
  const std::chrono::milliseconds ttl_;

  std::mutex mutex_;
  std::map<std::pair<std::string, std::string>, std::chrono::steady_clock::time_point>
      members_;  // (room_id, user_id) -> valid until; guarded by mutex_
};

}  // namespace dchat::gateway

#endif  // DCHAT_SERVICES_GATEWAY_MEMBERSHIP_CACHE_H_
