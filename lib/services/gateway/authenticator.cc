#include "services/gateway/authenticator.h"

#include <algorithm>

namespace dchat::gateway {

Authenticator::Authenticator(std::shared_ptr<Upstreams> upstreams,
                             std::chrono::milliseconds cache_ttl)
    : upstreams_(std::move(upstreams)), cache_ttl_(cache_ttl) {}

Result<Identity> Authenticator::Authenticate(const CallContext& call) {
  const std::string& token = call.bearer_token();
  if (token.empty()) {
    return UnauthenticatedError(
        "missing session token: log in and send it as 'authorization: Bearer <token>'");
  }

  auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mutex_);
    auto found = cache_.find(token);
    if (found != cache_.end() && found->second.valid_until > now) return found->second.identity;
  }

  v1::VerifyTokenRequest request;
  request.set_token(token);
  Result<v1::VerifyTokenResponse> verified = upstreams_->users->VerifyToken(request);
  if (!verified.ok()) {
    if (verified.status().code() == Code::kUnauthenticated) {
      return UnauthenticatedError("session token is invalid, expired or revoked: log in again");
    }
    return verified.status();
  }

  Identity identity{verified->user().user_id(), verified->user().username()};

  // The cache never outlives the token itself.
  auto token_left = std::chrono::microseconds(verified->expires_at_us()) -
                    std::chrono::system_clock::now().time_since_epoch();
  auto keep = std::min<std::chrono::steady_clock::duration>(cache_ttl_, token_left);
  std::lock_guard lock(mutex_);
  if (cache_.size() >= kMaxEntries) {
    std::erase_if(cache_, [now](const auto& entry) { return entry.second.valid_until <= now; });
    if (cache_.size() >= kMaxEntries) cache_.clear();
  }
  if (keep.count() > 0) cache_[token] = Entry{identity, now + keep};
  return identity;
}

std::optional<Identity> Authenticator::Cached(const CallContext& call) {
  const std::string& token = call.bearer_token();
  if (token.empty()) return std::nullopt;
  auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  auto found = cache_.find(token);
  if (found == cache_.end() || found->second.valid_until <= now) return std::nullopt;
  return found->second.identity;
}

void Authenticator::Forget(const std::string& token) {
  std::lock_guard lock(mutex_);
  cache_.erase(token);
}

}  // namespace dchat::gateway
