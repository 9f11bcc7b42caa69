// UiServer: the whole ui server: I/O threads, the listener, the periodic
// session sweep, and shutdown on SIGINT or SIGTERM.
//
//   auto server = dchat::ui::UiServer::Start(options);
//   if (!server.ok()) return Fail(server.status());
//   (*server)->ServeUntilSignal();
//
// Start() returns a running server or an error, never a half-started one.
#ifndef DCHAT_SERVERS_UI_UI_SERVER_H_
#define DCHAT_SERVERS_UI_UI_SERVER_H_

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "dchat/status.h"
#include "ui/http_types.h"
#include "ui/listener.h"
#include "ui/shared_state.h"
#include "ui/ui_options.h"

namespace dchat::ui {

class UiServer {
 public:
  // INVALID_ARGUMENT for a bad --listen or --allowed-origin; UNAVAILABLE
  // when the address cannot be bound.
  static Result<std::unique_ptr<UiServer>> Start(const UiOptions& options);
  ~UiServer();

  // The bound address as HOST:PORT.
  std::string address() const;

  // Blocks until SIGINT or SIGTERM, then shuts down: stops accepting, ends
  // the sessions (closing their sockets and streams) and joins the threads.
  void ServeUntilSignal();

 private:
  UiServer(std::shared_ptr<SharedState> state, int io_threads);
  void ScheduleSweep();
  void Shutdown();

  std::shared_ptr<SharedState> state_;
  net::io_context io_;
  net::steady_timer sweep_timer_;
  std::shared_ptr<Listener> listener_;
  std::vector<std::thread> threads_;
  int io_threads_;
};

// Splits "HOST:PORT" (or "[IPV6]:PORT") and resolves it to one endpoint.
// INVALID_ARGUMENT when malformed or unresolvable.
Result<tcp::endpoint> ResolveListenAddress(const std::string& address);

}  // namespace dchat::ui

#endif  // DCHAT_SERVERS_UI_UI_SERVER_H_
