#include "dchat/health_client.h"

#include "dchat/detail/unary_call.h"

namespace dchat {

using detail::Idempotency;
using Async = grpc::health::v1::Health::StubInterface::async_interface;

HealthClient::HealthClient(std::shared_ptr<grpc::Channel> channel, ClientOptions options)
    : stub_(grpc::health::v1::Health::NewStub(std::move(channel))), options_(std::move(options)) {}

HealthClient::HealthClient(std::shared_ptr<Stub> stub, ClientOptions options)
    : stub_(std::move(stub)), options_(std::move(options)) {}

Result<grpc::health::v1::HealthCheckResponse> HealthClient::Check(const grpc::health::v1::HealthCheckRequest& request, const CallOptions& call) const {
  return detail::CallSync(stub_.get(), &Stub::Check, request,
                          Idempotency::kIdempotent, options_, call);
}

std::future<Result<grpc::health::v1::HealthCheckResponse>> HealthClient::CheckAsync(const grpc::health::v1::HealthCheckRequest& request, const CallOptions& call) const {
  return detail::CallFuture(stub_->async(), &Async::Check, request,
                            Idempotency::kIdempotent, options_, call);
}

void HealthClient::CheckAsync(const grpc::health::v1::HealthCheckRequest& request, std::function<void(Result<grpc::health::v1::HealthCheckResponse>)> done,
    const CallOptions& call) const {
  detail::CallAsync(stub_->async(), &Async::Check, request,
                    Idempotency::kIdempotent, options_, call, std::move(done));
}

std::unique_ptr<StreamReader<grpc::health::v1::HealthCheckResponse>> HealthClient::Watch(const grpc::health::v1::HealthCheckRequest& request, const CallOptions& call) const {
  return StreamReader<grpc::health::v1::HealthCheckResponse>::Open(stub_->async(), &Async::Watch, request, options_, call);
}

std::unique_ptr<StreamReader<grpc::health::v1::HealthCheckResponse>> HealthClient::Watch(const grpc::health::v1::HealthCheckRequest& request,
    StreamReader<grpc::health::v1::HealthCheckResponse>::MessageCallback on_message,
    StreamReader<grpc::health::v1::HealthCheckResponse>::DoneCallback on_done, const CallOptions& call) const {
  return StreamReader<grpc::health::v1::HealthCheckResponse>::Open(stub_->async(), &Async::Watch, request, options_, call,
                                 std::move(on_message), std::move(on_done));
}

}  // namespace dchat
