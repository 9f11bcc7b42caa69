// Per-attempt client contexts and retry timing for the typed clients.
#include <algorithm>
#include <random>

#include "dchat/detail/unary_call.h"
#include "dchat/metadata.h"

namespace dchat::detail {

Clock::time_point CallDeadline(const ClientOptions& options,
                               const CallOptions& call) {
  auto timeout = call.timeout.count() > 0 ? call.timeout : options.timeout;
  return Clock::now() + timeout;
}

std::unique_ptr<grpc::ClientContext> NewClientContext(
    const ClientOptions& options, const CallOptions& call,
    Clock::time_point deadline) {
  auto context = std::make_unique<grpc::ClientContext>();
  if (deadline != Clock::time_point::max()) context->set_deadline(deadline);

  if (options.token) {
    std::string token = options.token->Get();
    if (!token.empty()) context->AddMetadata(kAuthorizationKey, "Bearer " + token);
  }
  if (!options.internal_token.empty()) {
    context->AddMetadata(kInternalTokenKey, options.internal_token);
  }
  if (!call.actor_id.empty()) context->AddMetadata(kActorIdKey, call.actor_id);
  if (!call.actor_name.empty()) context->AddMetadata(kActorNameKey, call.actor_name);
  return context;
}

std::chrono::milliseconds RetryBackoff(const RetryPolicy& policy, int attempt) {
  double backoff_ms = static_cast<double>(policy.initial_backoff.count());
  for (int i = 2; i < attempt; ++i) backoff_ms *= policy.multiplier;
  backoff_ms = std::min(backoff_ms, static_cast<double>(policy.max_backoff.count()));

  // Jitter spreads the retries of many clients that failed together.
  thread_local std::minstd_rand random(std::random_device{}());
  std::uniform_real_distribution<double> jitter(0.8, 1.0);
  return std::chrono::milliseconds(static_cast<int64_t>(backoff_ms * jitter(random)));
}

}  // namespace dchat::detail
