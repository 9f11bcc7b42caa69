// Names of the gRPC metadata keys dchat uses.
#ifndef DCHAT_METADATA_H_
#define DCHAT_METADATA_H_

namespace dchat {

// "Bearer <token>": the caller's session token, for the gateway.
inline constexpr char kAuthorizationKey[] = "authorization";
// The user an internal service acts for, set by the gateway.
inline constexpr char kActorIdKey[] = "x-dchat-actor-id";
inline constexpr char kActorNameKey[] = "x-dchat-actor-name";
// Shared secret between the gateway and the internal services.
inline constexpr char kInternalTokenKey[] = "x-dchat-internal-token";

}  // namespace dchat

#endif  // DCHAT_METADATA_H_
