// dchat-presence: online, away and offline statuses, typing notices and
// rosters, kept in memory.
#include <chrono>
#include <cstdint>

#include "common/server_main.h"
#include "dchat/reference_services.h"

int main(int argc, char** argv) {
  CLI::App app{"dchat-presence: presence, typing notices and room rosters (in memory)"};
  dchat::servers::CommonFlags flags;
  int64_t default_ttl_ms = 30000;
  dchat::servers::AddCommonFlags(app, "presence", "127.0.0.1:50055", flags);
  app.add_option("--default-ttl-ms", default_ttl_ms,
                 "Milliseconds a status lasts when a heartbeat gives no time to live")
      ->envname("DCHAT_PRESENCE_DEFAULT_TTL_MS")
      ->check(CLI::Range(int64_t{1000}, int64_t{3600000}))
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  if (!dchat::servers::SetUpLogging(flags.log_level)) return 1;

  dchat::PresenceServiceOptions options;
  options.default_ttl = std::chrono::milliseconds(default_ttl_ms);
  auto service = dchat::NewPresenceService(options);
  return dchat::servers::Serve("presence", flags, "state in memory", {service});
}
