// HealthClient: typed client of the standard gRPC health service (grpc.health.v1.Health) of any dchat server.
//
// Each unary call has a synchronous form, which blocks until the reply, and
// two Async forms that do not block: one returns a std::future, the other
// calls `done` once, on a gRPC thread, with the result (`done` must not
// block). All apply the ClientOptions deadline (or the CallOptions one),
// attach the session token and metadata, and retry calls that are safe to
// repeat when they fail with UNAVAILABLE.
// Failures come back as a Result holding the gRPC status code and message;
// the codes each call can return are listed beside it and in the .proto.
//
// Thread safety: a client is safe to use from many threads at once. It
// shares the channel it was given; the channel, or the stub, must outlive
// every call and stream the client started.
#ifndef DCHAT_HEALTH_CLIENT_H_
#define DCHAT_HEALTH_CLIENT_H_

#include <functional>
#include <future>
#include <memory>

#include <grpcpp/channel.h>

#include "grpc/health/v1/health.grpc.pb.h"
#include "dchat/options.h"
#include "dchat/status.h"
#include "dchat/stream_reader.h"

namespace dchat {

class HealthClient {
 public:
  using Stub = grpc::health::v1::Health::StubInterface;

  explicit HealthClient(std::shared_ptr<grpc::Channel> channel,
                       ClientOptions options = {});
  // Uses `stub`, for example a mock in tests.
  explicit HealthClient(std::shared_ptr<Stub> stub, ClientOptions options = {});

  const ClientOptions& options() const { return options_; }

  // Returns the serving status of a server or of one of its services.
  // NOT_FOUND for an unknown service.
  Result<grpc::health::v1::HealthCheckResponse> Check(const grpc::health::v1::HealthCheckRequest& request,
      const CallOptions& call = {}) const;
  std::future<Result<grpc::health::v1::HealthCheckResponse>> CheckAsync(const grpc::health::v1::HealthCheckRequest& request,
      const CallOptions& call = {}) const;
  void CheckAsync(const grpc::health::v1::HealthCheckRequest& request, std::function<void(Result<grpc::health::v1::HealthCheckResponse>)> done,
      const CallOptions& call = {}) const;

  // Streams the serving status, then every change. Pull form: call Read() on
  // the result.
  std::unique_ptr<StreamReader<grpc::health::v1::HealthCheckResponse>> Watch(const grpc::health::v1::HealthCheckRequest& request,
      const CallOptions& call = {}) const;
  // Push form: `on_message` runs for each message and `on_done` once at
  // the end, both on a gRPC thread.
  std::unique_ptr<StreamReader<grpc::health::v1::HealthCheckResponse>> Watch(const grpc::health::v1::HealthCheckRequest& request,
      StreamReader<grpc::health::v1::HealthCheckResponse>::MessageCallback on_message,
      StreamReader<grpc::health::v1::HealthCheckResponse>::DoneCallback on_done, const CallOptions& call = {}) const;

 private:
  std::shared_ptr<Stub> stub_;
  ClientOptions options_;
};

}  // namespace dchat

#endif  // DCHAT_HEALTH_CLIENT_H_
