#include "dchat/call_context.h"

#include <string_view>

#include "dchat/metadata.h"

namespace dchat {
namespace {

std::string FindMetadata(const grpc::CallbackServerContext& context,
                         std::string_view key) {
  const auto& metadata = context.client_metadata();
  auto found = metadata.find(grpc::string_ref(key.data(), key.size()));
  if (found == metadata.end()) return {};
  return std::string(found->second.data(), found->second.size());
}

}  // namespace

CallContext::CallContext(grpc::CallbackServerContext* context)
    : context_(context),
      actor_id_(FindMetadata(*context, kActorIdKey)),
      actor_name_(FindMetadata(*context, kActorNameKey)),
      peer_(context->peer()),
      deadline_(context->deadline()) {
  constexpr std::string_view kBearer = "Bearer ";
  std::string authorization = FindMetadata(*context, kAuthorizationKey);
  if (authorization.size() > kBearer.size() &&
      std::string_view(authorization).substr(0, kBearer.size()) == kBearer) {
    bearer_token_ = authorization.substr(kBearer.size());
  }
}

bool CallContext::IsCancelled() const { return context_->IsCancelled(); }

}  // namespace dchat
