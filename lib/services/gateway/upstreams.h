// The gateway's typed clients of the internal services.
#ifndef DCHAT_SERVICES_GATEWAY_UPSTREAMS_H_
#define DCHAT_SERVICES_GATEWAY_UPSTREAMS_H_

#include <memory>
#include <string>

#include "dchat/message_client.h"
#include "dchat/presence_client.h"
#include "dchat/reference_services.h"
#include "dchat/room_client.h"
#include "dchat/user_client.h"

namespace dchat::gateway {

// The caller of a gateway call, as its verified token says.
struct Identity {
  std::string user_id;
  std::string username;
};

// Thread-safe: the clients are.
struct Upstreams {
  // Opens lazy channels to each address. INVALID_ARGUMENT for an empty
  // address.
  static Result<std::shared_ptr<Upstreams>> Connect(const GatewayOptions& options);

  std::unique_ptr<UserClient> users;
  std::unique_ptr<RoomClient> rooms;
  std::unique_ptr<MessageClient> messages;
  std::unique_ptr<PresenceClient> presence;
};

// Call options that make an internal service act for `identity`.
CallOptions ActingFor(const Identity& identity);

}  // namespace dchat::gateway

#endif  // DCHAT_SERVICES_GATEWAY_UPSTREAMS_H_
