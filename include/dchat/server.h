// Server: hosts dchat services with health, reflection, logging, limits
// and graceful shutdown.
//
//   auto rooms = std::make_shared<MyRoomService>();
//   dchat::ServerOptions options;
//   options.address = "127.0.0.1:50053";
//   auto server = dchat::Server::Start(options, {rooms});
//   if (!server.ok()) return Fail(server.status());
//   (*server)->ShutdownOnSignals();  // SIGINT and SIGTERM
//   (*server)->Wait();
//
// Every server also serves grpc.health.v1.Health (SERVING for each hosted
// service while running, NOT_SERVING once shutdown starts) and gRPC server
// reflection, so grpcurl and health probes work.
//
// Shutdown, whether by Shutdown() or a signal: health turns NOT_SERVING,
// each service's OnShutdown() runs, open streams end with UNAVAILABLE
// "server is shutting down", calls in flight get up to
// ServerOptions::shutdown_grace to finish, then the rest are cancelled.
//
// Thread safety: all methods are thread-safe. The server keeps the services
// alive until it is destroyed.
#ifndef DCHAT_SERVER_H_
#define DCHAT_SERVER_H_

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <spdlog/logger.h>

#include "dchat/service.h"
#include "dchat/status.h"

namespace dchat {

// Transport security of a server. Off by default, which suits loopback and
// private networks only.
struct ServerTlsOptions {
  bool enabled = false;
  // PEM certificate chain and private key of the server.
  std::string cert_file;
  std::string key_file;
  // When set, clients must present a certificate signed by this CA.
  std::string client_ca_file;
};

struct ServerOptions {
  // "host:port" to listen on; port 0 picks a free port (see Server::port()).
  // The default listens on loopback only.
  std::string address = "127.0.0.1:0";
  ServerTlsOptions tls;
  // Threads that run handlers. Handlers may block, so this bounds the
  // number of calls served at once.
  int worker_threads = 16;
  // Largest request accepted, in bytes; larger ones fail with
  // RESOURCE_EXHAUSTED before any handler runs.
  int max_receive_bytes = 1024 * 1024;
  // Messages each server stream may queue for a slow client.
  size_t stream_queue_limit = 1024;
  // How long calls in flight may take to finish at shutdown.
  std::chrono::milliseconds shutdown_grace{5000};
  // When not empty, every call must carry it as "x-dchat-internal-token"
  // metadata, or fails with UNAUTHENTICATED. Health checks are exempt.
  std::string internal_token;
  // Where logs go; the spdlog default logger when null.
  std::shared_ptr<spdlog::logger> logger;
};

class Server {
 public:
  // Starts serving `services`. INVALID_ARGUMENT for inconsistent options,
  // NOT_FOUND for an unreadable TLS file, UNAVAILABLE when the address
  // cannot be bound. On failure nothing keeps running.
  static Result<std::unique_ptr<Server>> Start(
      ServerOptions options, std::vector<std::shared_ptr<Service>> services);

  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;
  // Shuts down if still running.
  ~Server();

  // The port actually bound.
  int port() const;
  // "host:port" with the port actually bound.
  std::string address() const;

  // Shuts down as described above and blocks until done. Later calls
  // return at once.
  void Shutdown();
  // Blocks until the server has shut down.
  void Wait();
  // Makes the first SIGINT or SIGTERM shut this server down. Handlers stay
  // installed for the life of the process.
  void ShutdownOnSignals();

 private:
  class Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace dchat

#endif  // DCHAT_SERVER_H_
