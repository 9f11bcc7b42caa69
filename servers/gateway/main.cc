// dchat-gateway: the public entry point; authenticates callers and routes
// their calls to the internal services.
#include <chrono>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "common/server_main.h"
#include "dchat/reference_services.h"

int main(int argc, char** argv) {
  CLI::App app("dchat-gateway: the public dchat API. Verifies session tokens, checks "
               "membership, forwards calls to the internal services and streams each "
               "caller's events.");
  dchat::servers::CommonFlags flags;
  dchat::servers::AddCommonFlags(app, "gateway", "127.0.0.1:8080", flags);

  dchat::GatewayOptions options;
  app.add_option("--user", options.user_address, "Address of dchat-user")
      ->envname("DCHAT_USER_ADDRESS")
      ->capture_default_str();
  app.add_option("--room", options.room_address, "Address of dchat-room")
      ->envname("DCHAT_ROOM_ADDRESS")
      ->capture_default_str();
  app.add_option("--message", options.message_address, "Address of dchat-message")
      ->envname("DCHAT_MESSAGE_ADDRESS")
      ->capture_default_str();
  app.add_option("--presence", options.presence_address, "Address of dchat-presence")
      ->envname("DCHAT_PRESENCE_ADDRESS")
      ->capture_default_str();
  int64_t upstream_timeout_ms = options.upstream_timeout.count();
  app.add_option("--upstream-timeout-ms", upstream_timeout_ms,
                 "Deadline of each call to an internal service, in milliseconds")
      ->envname("DCHAT_UPSTREAM_TIMEOUT_MS")
      ->check(CLI::Range(int64_t{10}, int64_t{600000}))
      ->capture_default_str();
  int64_t presence_ttl_ms = options.presence_ttl.count();
  app.add_option("--presence-ttl-ms", presence_ttl_ms,
                 "How long a user with an open event stream stays online after the stream "
                 "closes, in milliseconds")
      ->envname("DCHAT_PRESENCE_TTL_MS")
      ->check(CLI::Range(int64_t{1000}, int64_t{3600000}))
      ->capture_default_str();
  int64_t token_cache_ms = options.token_cache_ttl.count();
  app.add_option("--token-cache-ms", token_cache_ms,
                 "How long a verified token is trusted without asking dchat-user again, in "
                 "milliseconds; a token revoked through another gateway keeps working here "
                 "this long")
      ->envname("DCHAT_TOKEN_CACHE_MS")
      ->check(CLI::Range(int64_t{0}, int64_t{600000}))
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  if (!dchat::servers::SetUpLogging(flags.log_level)) return 2;
  options.upstream_timeout = std::chrono::milliseconds(upstream_timeout_ms);
  options.presence_ttl = std::chrono::milliseconds(presence_ttl_ms);
  options.token_cache_ttl = std::chrono::milliseconds(token_cache_ms);
  options.internal_token = flags.internal_token;
  // NOTE: the channels to the internal services are plaintext; run them on
  // loopback or a private network.

  auto service = dchat::NewGatewayService(options);
  if (!service.ok()) {
    spdlog::error("cannot set up the gateway: {}", service.status().ToString());
    return 2;
  }
  std::string upstreams = "user " + options.user_address + ", room " + options.room_address +
                          ", message " + options.message_address + ", presence " +
                          options.presence_address;
  // The gateway itself is called by anyone; the internal token is only
  // what it sends upstream.
  flags.internal_token.clear();
  return dchat::servers::Serve("gateway", flags, upstreams, {*service});
}
