// SessionStore: the signed-in UI sessions by session id, with idle expiry
// and a bound on their number.
//
// Thread-safe.
#ifndef DCHAT_SERVERS_UI_SESSION_STORE_H_
#define DCHAT_SERVERS_UI_SESSION_STORE_H_

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "dchat/status.h"
#include "ui/ui_session.h"

namespace dchat::ui {

class SessionStore {
 public:
  using Clock = UiSession::Clock;

  // Sessions unused for `ttl` expire; at most `max_sessions` exist at once.
  SessionStore(std::chrono::seconds ttl, size_t max_sessions)
      : ttl_(ttl), max_sessions_(max_sessions) {}

  // RESOURCE_EXHAUSTED when the store is full; ALREADY_EXISTS for a
  // duplicate id, which 256 random bits make impossible in practice.
  Status Add(std::shared_ptr<UiSession> session);

  // Returns the live session with `id` and records the use, or nullptr for
  // an unknown or expired id.
  std::shared_ptr<UiSession> Find(std::string_view id, Clock::time_point now);

  // Removes and returns the session, or nullptr when there is none.
  std::shared_ptr<UiSession> Remove(std::string_view id);

  // Removes and returns the sessions unused for longer than the TTL.
  std::vector<std::shared_ptr<UiSession>> RemoveExpired(Clock::time_point now);

  std::vector<std::shared_ptr<UiSession>> All() const;
  std::vector<std::shared_ptr<UiSession>> RemoveAll();
  size_t size() const;

 private:
  // Lets Find() look up a string_view without building a std::string.
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view id) const { return std::hash<std::string_view>()(id); }
  };

  bool Expired(const UiSession& session, Clock::time_point now) const {
    return now - session.last_used() > ttl_;
  }

  const std::chrono::seconds ttl_;
  const size_t max_sessions_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<UiSession>, Hash, std::equal_to<>>
      sessions_;  // guarded by mutex_
};

}  // namespace dchat::ui

#endif  // DCHAT_SERVERS_UI_SESSION_STORE_H_
