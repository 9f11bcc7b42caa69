// Authenticator: turns a call's bearer token into the caller's identity.
#ifndef DCHAT_SERVICES_GATEWAY_AUTHENTICATOR_H_
#define DCHAT_SERVICES_GATEWAY_AUTHENTICATOR_H_

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "dchat/call_context.h"
#include "services/gateway/upstreams.h"

namespace dchat::gateway {

// Verifies tokens with the user service and caches the answer for a short
// time, so that a busy client costs one verification per cache period, not
// one per call. Thread-safe.
class Authenticator {
 public:
  Authenticator(std::shared_ptr<Upstreams> upstreams, std::chrono::milliseconds cache_ttl);

  // UNAUTHENTICATED when the call has no bearer token or the token is
  // unknown, expired or revoked; UNAVAILABLE when the user service is down.
  Result<Identity> Authenticate(const CallContext& call);

  // The identity cached for the call's token; nullopt when the token is
  // missing, not cached or expired from the cache. Never blocks.
  std::optional<Identity> Cached(const CallContext& call);

  // Forgets a token at once, after a logout through this gateway.
  void Forget(const std::string& token);

 private:
  struct Entry {
    Identity identity;
    std::chrono::steady_clock::time_point valid_until;
  };

  // Tokens cached at once; the cache is emptied of expired entries, or
  // cleared, when it reaches this size.
  static constexpr size_t kMaxEntries = 100000;

  std::shared_ptr<Upstreams> upstreams_;
  const std::chrono::milliseconds cache_ttl_;

  std::mutex mutex_;
  std::unordered_map<std::string, Entry> cache_;  // guarded by mutex_
};

}  // namespace dchat::gateway

#endif  // DCHAT_SERVICES_GATEWAY_AUTHENTICATOR_H_
