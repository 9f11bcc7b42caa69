// dchat-ui: serves the chat web page and its HTTP + WebSocket API, and
// talks to the dchat gateway for each signed-in browser session.
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "common/server_main.h"
#include "dchat/version.h"
#include "ui/ui_options.h"
#include "ui/ui_server.h"

namespace {

void AddFlags(CLI::App& app, dchat::ui::UiOptions& options, std::string& log_level,
              int& session_ttl_seconds) {
  app.add_option("--listen", options.listen,
                 "Address to serve HTTP on, HOST:PORT; port 0 picks a free one")
      ->envname("DCHAT_UI_LISTEN")
      ->capture_default_str();
  app.add_option("--gateway", options.gateway, "Address of the dchat gateway, HOST:PORT")
      ->envname("DCHAT_GATEWAY")
      ->capture_default_str();
  app.add_option("--log-level", log_level, "Log level: trace, debug, info, warn, error or off")
      ->envname("DCHAT_LOG_LEVEL")
      ->capture_default_str();
  app.add_option("--threads", options.io_threads,
                 "Threads that run HTTP and WebSocket I/O; 0 means one per core")
      ->envname("DCHAT_UI_THREADS")
      ->check(CLI::Range(0, 256))
      ->capture_default_str();
  app.add_option("--gateway-threads", options.gateway_threads,
                 "Threads that make gateway calls, which bounds the calls in flight")
      ->envname("DCHAT_UI_GATEWAY_THREADS")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  app.add_option("--session-ttl", session_ttl_seconds,
                 "Seconds a signed-in browser session lasts without use")
      ->envname("DCHAT_UI_SESSION_TTL")
      ->check(CLI::Range(60, 30 * 24 * 3600))
      ->capture_default_str();
  app.add_option("--max-connections", options.max_connections,
                 "Open HTTP and WebSocket connections at once; new ones beyond it get 503")
      ->envname("DCHAT_UI_MAX_CONNECTIONS")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  app.add_option("--max-sockets-per-session", options.max_sockets_per_session,
                 "WebSockets one signed-in browser session may have open at once; more are "
                 "rejected with 429")
      ->envname("DCHAT_UI_MAX_SOCKETS_PER_SESSION")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  app.add_flag("--secure-cookies", options.secure_cookies,
               "Mark the session cookie Secure; use it when the page is served over https")
      ->envname("DCHAT_UI_SECURE_COOKIES");
  app.add_option("--allowed-origin", options.allowed_origins,
                 "Origin allowed to use a session, such as https://chat.example.com; "
                 "repeatable; default: the page's own origin from the Host header")
      ->envname("DCHAT_UI_ALLOWED_ORIGINS")
      ->delimiter(',');
  app.set_version_flag("--version", std::string("dchat-ui ") + DCHAT_VERSION);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"dchat-ui: the dchat web page and its HTTP + WebSocket API"};
  dchat::ui::UiOptions options;
  std::string log_level = "info";
  int session_ttl_seconds = static_cast<int>(options.session_ttl.count());
  AddFlags(app, options, log_level, session_ttl_seconds);
  CLI11_PARSE(app, argc, argv);

  if (!dchat::servers::SetUpLogging(log_level)) return 2;
  options.session_ttl = std::chrono::seconds(session_ttl_seconds);
  // NOTE: dchat-ui speaks plain HTTP, so off loopback the session cookie
  // crosses the network in clear text. Put an https proxy in front and pass
  // --secure-cookies.

  auto server = dchat::ui::UiServer::Start(options);
  if (!server.ok()) {
    spdlog::error("dchat-ui failed to start: {}", server.status().ToString());
    return 1;
  }
  spdlog::info("dchat-ui {} started on {} (page http://{}/, gateway {})", DCHAT_VERSION,
               (*server)->address(), (*server)->address(), options.gateway);
  (*server)->ServeUntilSignal();
  spdlog::info("dchat-ui stopped");
  return 0;
}
