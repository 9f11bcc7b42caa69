// The reference implementations of the dchat services, ready to host on a
// dchat::Server or to combine with services of your own (for example your
// own RoomServiceBase behind the stock gateway).
//
//   auto store = dchat::OpenSqliteRoomStore("data/room.db");
//   auto rooms = dchat::NewRoomService(std::move(*store), {});
//   auto server = dchat::Server::Start(options, {rooms});
//
// Each service is thread-safe and keeps its store alive.
#ifndef DCHAT_REFERENCE_SERVICES_H_
#define DCHAT_REFERENCE_SERVICES_H_

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "dchat/channel.h"
#include "dchat/skeletons.h"
#include "dchat/storage.h"

namespace dchat {

// Page sizes shared by the services that return lists.
struct PageLimits {
  // Used when a request leaves the page size at 0.
  int default_page_size = 50;
  // Larger requests fail with INVALID_ARGUMENT.
  int max_page_size = 500;
};

struct UserServiceOptions {
  // How long a login token stays valid.
  std::chrono::seconds token_ttl{7 * 24 * 3600};
  // Argon2id cost: libsodium's "interactive" limits by default. Tests lower
  // them to libsodium's minimum to run faster.
  unsigned long long argon2_ops_limit = 2;          // crypto_pwhash_OPSLIMIT_INTERACTIVE
  size_t argon2_memory_limit = 64 * 1024 * 1024;    // crypto_pwhash_MEMLIMIT_INTERACTIVE
};

// Accounts: Argon2id password hashes, random 256-bit tokens stored only as
// SHA-256 hashes.
std::shared_ptr<UserServiceBase> NewUserService(std::shared_ptr<UserStore> store,
                                                UserServiceOptions options = {});

struct RoomServiceOptions {
  PageLimits pages;
  // A public room created at start when missing; empty creates none.
  std::string default_room = "general";
};

std::shared_ptr<RoomServiceBase> NewRoomService(std::shared_ptr<RoomStore> store,
                                                RoomServiceOptions options = {});

struct MessageServiceOptions {
  // Largest message text, in bytes of UTF-8.
  size_t max_message_bytes = 4096;
  PageLimits pages;
};

std::shared_ptr<MessageServiceBase> NewMessageService(std::shared_ptr<MessageStore> store,
                                                      MessageServiceOptions options = {});

struct PresenceServiceOptions {
  // Time to live of a heartbeat that does not give one.
  std::chrono::milliseconds default_ttl{30000};
  // How long a typing notice lasts.
  std::chrono::milliseconds typing_ttl{5000};
  // How often expired statuses and typing notices are swept; bounds how
  // late an expiry event can be.
  std::chrono::milliseconds sweep_interval{250};
};

// Presence state is kept in memory only.
std::shared_ptr<PresenceServiceBase> NewPresenceService(PresenceServiceOptions options = {});

struct GatewayOptions {
  // Addresses ("host:port") of the internal services.
  std::string user_address = "127.0.0.1:50052";
  std::string room_address = "127.0.0.1:50053";
  std::string message_address = "127.0.0.1:50054";
  std::string presence_address = "127.0.0.1:50055";
  ChannelOptions channel;
  // Sent to the internal services as "x-dchat-internal-token".
  std::string internal_token;
  // Deadline of each call to an internal service.
  std::chrono::milliseconds upstream_timeout{5000};
  // Time to live of the presence heartbeats the gateway sends for users
  // with an open event stream; heartbeats go out every third of it.
  std::chrono::milliseconds presence_ttl{30000};
  // How long verified tokens are cached; a revoked token may keep working
  // on other gateways for this long.
  std::chrono::milliseconds token_cache_ttl{5000};
};

// The public gateway. Its upstream channels connect lazily and reconnect by
// themselves, so the gateway keeps working across restarts of the services
// behind it.
Result<std::shared_ptr<GatewayServiceBase>> NewGatewayService(GatewayOptions options);

}  // namespace dchat

#endif  // DCHAT_REFERENCE_SERVICES_H_
