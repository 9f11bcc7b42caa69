// BaselineChain: the bare gRPC chain that a gateway send travels, with no
// work at any stage, as the limit a dchat run is compared with.
//
//   client --> pass-through proxy --> echo server
//
// Both servers run in this process on loopback ports of their own
// choosing, with gRPC's callback API and generic (byte buffer) services.
// The proxy forwards each call unchanged over one channel, as the gateway
// does to the message service. The echo server returns the request bytes.
// The client sends a serialized SendMessageRequest of the same size as a
// real send, over one connection per load client.
#ifndef DCHAT_BENCH_LOAD_BASELINE_CHAIN_H_
#define DCHAT_BENCH_LOAD_BASELINE_CHAIN_H_

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/generic/async_generic_service.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/server.h>

#include "dchat/status.h"
#include "load/call_driver.h"

namespace dchat::load {

class BaselineChain {
 public:
  // Starts the echo server and the proxy, and opens `connections` client
  // connections to the proxy. UNAVAILABLE when a server cannot listen.
  static Result<std::unique_ptr<BaselineChain>> Start(int connections);
  // Shuts both servers down; calls still in flight are cancelled.
  ~BaselineChain();

  BaselineChain(const BaselineChain&) = delete;
  BaselineChain& operator=(const BaselineChain&) = delete;

  // Call i goes over connection i % connections and carries a message
  // text of `message_bytes`.
  AsyncCall Call(size_t message_bytes, std::chrono::milliseconds timeout);

  const std::string& proxy_address() const { return proxy_address_; }

 private:
  class EchoService;
  class ProxyService;

  BaselineChain();

  std::unique_ptr<EchoService> echo_;
  std::unique_ptr<ProxyService> proxy_;
  std::unique_ptr<grpc::Server> echo_server_;
  std::unique_ptr<grpc::Server> proxy_server_;
  std::string proxy_address_;
  std::vector<std::unique_ptr<grpc::GenericStub>> clients_;
};

}  // namespace dchat::load

#endif  // DCHAT_BENCH_LOAD_BASELINE_CHAIN_H_
