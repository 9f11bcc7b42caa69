// Service: the base of every service a dchat Server hosts.
//
// The skeletons in skeletons.h derive from it; an application derives from
// a skeleton and overrides the typed handlers it implements. Handlers run
// on the server's worker pool, never on gRPC's own threads, so they may
// block on storage or on calls to other services.
#ifndef DCHAT_SERVICE_H_
#define DCHAT_SERVICE_H_

#include <string_view>

#include <grpcpp/impl/service_type.h>

#include "dchat/detail/server_runtime.h"

namespace dchat {

class Server;

class Service {
 public:
  Service() = default;
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;
  virtual ~Service() = default;

  // The full gRPC name, such as "dchat.v1.RoomService"; health checks use
  // it too.
  virtual std::string_view service_name() const = 0;

  // Called once after the server has started, before the first call.
  virtual void OnStart() {}
  // Called once when the server begins to shut down, before open streams
  // are ended: stop background work here.
  virtual void OnShutdown() {}

 protected:
  // The hosting server's runtime; null until the service is added to a
  // running server.
  detail::ServerRuntime* runtime() const { return runtime_; }

 private:
  friend class Server;

  // The generated gRPC service that forwards to the typed handlers.
  virtual grpc::Service* grpc_service() = 0;

  detail::ServerRuntime* runtime_ = nullptr;
};

}  // namespace dchat

#endif  // DCHAT_SERVICE_H_
