// Opening a gRPC channel to a dchat server.
//
//   dchat::Result<std::shared_ptr<grpc::Channel>> channel =
//       dchat::MakeChannel("localhost:8080", {});
//
// A channel is thread-safe, connects lazily, and reconnects by itself after
// the server restarts; share one per server address.
#ifndef DCHAT_CHANNEL_H_
#define DCHAT_CHANNEL_H_

#include <memory>
#include <string>

#include <grpcpp/channel.h>

#include "dchat/status.h"

namespace dchat {

// Transport security of a client channel. Off by default, which suits
// loopback and private networks only.
struct ClientTlsOptions {
  bool enabled = false;
  // PEM file of the certificate authority to trust; empty uses the system
  // roots.
  std::string ca_file;
  // PEM certificate and key for mutual TLS; both or neither.
  std::string cert_file;
  std::string key_file;
};

struct ChannelOptions {
  ClientTlsOptions tls;
  // Largest message the client accepts, in bytes.
  int max_receive_bytes = 16 * 1024 * 1024;
  // Interval of HTTP/2 keepalive pings on idle connections, so that a dead
  // peer is noticed on long-lived streams; 0 disables them.
  int keepalive_ms = 20000;
};

// Creates a channel to `target` ("host:port", or any gRPC target URI).
// INVALID_ARGUMENT for an empty target; NOT_FOUND when a TLS file cannot
// be read.
Result<std::shared_ptr<grpc::Channel>> MakeChannel(const std::string& target,
                                                   const ChannelOptions& options);

}  // namespace dchat

#endif  // DCHAT_CHANNEL_H_
