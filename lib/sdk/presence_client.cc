#include "dchat/presence_client.h"

#include "dchat/detail/unary_call.h"

namespace dchat {

using detail::Idempotency;
using Async = dchat::v1::PresenceService::StubInterface::async_interface;

PresenceClient::PresenceClient(std::shared_ptr<grpc::Channel> channel, ClientOptions options)
    : stub_(dchat::v1::PresenceService::NewStub(std::move(channel))), options_(std::move(options)) {}

PresenceClient::PresenceClient(std::shared_ptr<Stub> stub, ClientOptions options)
    : stub_(std::move(stub)), options_(std::move(options)) {}

Result<v1::Presence> PresenceClient::Heartbeat(const v1::HeartbeatRequest& request, const CallOptions& call) const {
  return detail::CallSync(stub_.get(), &Stub::Heartbeat, request,
                          Idempotency::kIdempotent, options_, call);
}

std::future<Result<v1::Presence>> PresenceClient::HeartbeatAsync(const v1::HeartbeatRequest& request, const CallOptions& call) const {
  return detail::CallFuture(stub_->async(), &Async::Heartbeat, request,
                            Idempotency::kIdempotent, options_, call);
}

void PresenceClient::HeartbeatAsync(const v1::HeartbeatRequest& request, std::function<void(Result<v1::Presence>)> done,
    const CallOptions& call) const {
  detail::CallAsync(stub_->async(), &Async::Heartbeat, request,
                    Idempotency::kIdempotent, options_, call, std::move(done));
}

Result<v1::SetTypingResponse> PresenceClient::SetTyping(const v1::SetTypingRequest& request, const CallOptions& call) const {
  return detail::CallSync(stub_.get(), &Stub::SetTyping, request,
                          Idempotency::kIdempotent, options_, call);
}

std::future<Result<v1::SetTypingResponse>> PresenceClient::SetTypingAsync(const v1::SetTypingRequest& request, const CallOptions& call) const {
  return detail::CallFuture(stub_->async(), &Async::SetTyping, request,
                            Idempotency::kIdempotent, options_, call);
}

void PresenceClient::SetTypingAsync(const v1::SetTypingRequest& request, std::function<void(Result<v1::SetTypingResponse>)> done,
    const CallOptions& call) const {
  detail::CallAsync(stub_->async(), &Async::SetTyping, request,
                    Idempotency::kIdempotent, options_, call, std::move(done));
}

Result<v1::GetPresenceResponse> PresenceClient::GetPresence(const v1::GetPresenceRequest& request, const CallOptions& call) const {
  return detail::CallSync(stub_.get(), &Stub::GetPresence, request,
                          Idempotency::kIdempotent, options_, call);
}

std::future<Result<v1::GetPresenceResponse>> PresenceClient::GetPresenceAsync(const v1::GetPresenceRequest& request, const CallOptions& call) const {
  return detail::CallFuture(stub_->async(), &Async::GetPresence, request,
                            Idempotency::kIdempotent, options_, call);
}

void PresenceClient::GetPresenceAsync(const v1::GetPresenceRequest& request, std::function<void(Result<v1::GetPresenceResponse>)> done,
    const CallOptions& call) const {
  detail::CallAsync(stub_->async(), &Async::GetPresence, request,
                    Idempotency::kIdempotent, options_, call, std::move(done));
}

Result<v1::GetRosterResponse> PresenceClient::GetRoster(const v1::GetRosterRequest& request, const CallOptions& call) const {
  return detail::CallSync(stub_.get(), &Stub::GetRoster, request,
                          Idempotency::kIdempotent, options_, call);
}

std::future<Result<v1::GetRosterResponse>> PresenceClient::GetRosterAsync(const v1::GetRosterRequest& request, const CallOptions& call) const {
  return detail::CallFuture(stub_->async(), &Async::GetRoster, request,
                            Idempotency::kIdempotent, options_, call);
}

void PresenceClient::GetRosterAsync(const v1::GetRosterRequest& request, std::function<void(Result<v1::GetRosterResponse>)> done,
    const CallOptions& call) const {
  detail::CallAsync(stub_->async(), &Async::GetRoster, request,
                    Idempotency::kIdempotent, options_, call, std::move(done));
}

std::unique_ptr<StreamReader<v1::PresenceWatchEvent>> PresenceClient::Watch(const v1::WatchPresenceRequest& request, const CallOptions& call) const {
  return StreamReader<v1::PresenceWatchEvent>::Open(stub_->async(), &Async::Watch, request, options_, call);
}

std::unique_ptr<StreamReader<v1::PresenceWatchEvent>> PresenceClient::Watch(const v1::WatchPresenceRequest& request,
    StreamReader<v1::PresenceWatchEvent>::MessageCallback on_message,
    StreamReader<v1::PresenceWatchEvent>::DoneCallback on_done, const CallOptions& call) const {
  return StreamReader<v1::PresenceWatchEvent>::Open(stub_->async(), &Async::Watch, request, options_, call,
                                 std::move(on_message), std::move(on_done));
}

}  // namespace dchat
