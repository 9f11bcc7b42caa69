#include "services/gateway/upstreams.h"

namespace dchat::gateway {
namespace {

Result<std::shared_ptr<grpc::Channel>> OpenChannel(const char* service,
                                                   const std::string& address,
                                                   const ChannelOptions& options) {
  if (address.empty()) {
    return InvalidArgumentError(std::string("address of the ") + service +
                                " service is empty: give HOST:PORT");
  }
  return MakeChannel(address, options);
}

}  // namespace

Result<std::shared_ptr<Upstreams>> Upstreams::Connect(const GatewayOptions& options) {
  ClientOptions client;
  client.timeout = options.upstream_timeout;
  client.internal_token = options.internal_token;

  auto users = OpenChannel("user", options.user_address, options.channel);
  if (!users.ok()) return users.status();
  auto rooms = OpenChannel("room", options.room_address, options.channel);
  if (!rooms.ok()) return rooms.status();
  auto messages = OpenChannel("message", options.message_address, options.channel);
  if (!messages.ok()) return messages.status();
  auto presence = OpenChannel("presence", options.presence_address, options.channel);
  if (!presence.ok()) return presence.status();

  auto upstreams = std::make_shared<Upstreams>();
  upstreams->users = std::make_unique<UserClient>(*users, client);
  upstreams->rooms = std::make_unique<RoomClient>(*rooms, client);
  upstreams->messages = std::make_unique<MessageClient>(*messages, client);
  upstreams->presence = std::make_unique<PresenceClient>(*presence, client);
  return upstreams;
}

CallOptions ActingFor(const Identity& identity) {
  CallOptions call;
  call.actor_id = identity.user_id;
  call.actor_name = identity.username;
  return call;
}

}  // namespace dchat::gateway
