// Options shared by the typed clients: deadlines, retries, the session
// token, and per-call overrides.
#ifndef DCHAT_OPTIONS_H_
#define DCHAT_OPTIONS_H_

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

namespace dchat {

// How a client retries a call that failed with UNAVAILABLE. Only calls that
// are safe to repeat are retried: reads, joins, heartbeats, token checks,
// and sends that carry an idempotency key. Retries stop at the call's
// deadline whatever max_attempts says.
struct RetryPolicy {
  // Total attempts, the first included; 1 disables retries.
  int max_attempts = 5;
  // Wait before the second attempt; each later wait is `multiplier` times
  // longer, up to max_backoff, with up to 20% random jitter.
  std::chrono::milliseconds initial_backoff{100};
  std::chrono::milliseconds max_backoff{2000};
  double multiplier = 2.0;
};

// The bearer token a client attaches to every call, shared by all clients
// of one application session so that a login is seen by each of them.
// Thread-safe.
class SessionToken {
 public:
  SessionToken() = default;
  explicit SessionToken(std::string token) : token_(std::move(token)) {}

  void Set(std::string token) {
    std::lock_guard lock(mutex_);
    token_ = std::move(token);
  }
  void Clear() { Set({}); }
  // Empty when no token is set.
  std::string Get() const {
    std::lock_guard lock(mutex_);
    return token_;
  }

 private:
  mutable std::mutex mutex_;
  std::string token_;  // guarded by mutex_
};

// Options of one typed client.
struct ClientOptions {
  // Deadline of each call, retries included.
  std::chrono::milliseconds timeout{5000};
  RetryPolicy retry;
  // Sent as "authorization: Bearer <token>" when set and not empty.
  std::shared_ptr<SessionToken> token;
  // Sent as "x-dchat-internal-token" when not empty. Internal services
  // started with --internal-token reject calls without it.
  std::string internal_token;
};

// Overrides for one call.
struct CallOptions {
  // Replaces ClientOptions::timeout when not zero.
  std::chrono::milliseconds timeout{0};
  // The user an internal service acts for, sent as "x-dchat-actor-id" and
  // "x-dchat-actor-name". Set by the gateway after it has verified the
  // caller's token; clients of the gateway leave them empty.
  std::string actor_id;
  std::string actor_name;
};

}  // namespace dchat

#endif  // DCHAT_OPTIONS_H_
